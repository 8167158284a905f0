"""The territory's logo: checked on upload, stored under ids, printed on the cover through the allow-list."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from communes.logos import ERROR_LOGO_DIMENSIONS, ERROR_LOGO_NOT_IMAGE, ERROR_LOGO_TOO_LARGE, LOGO_MAX_BYTES
from communes.services import territory_logo_update
from reports.addresses import media_url
from reports.context import report_context
from reports.fetcher import ReportURLFetcher
from reports.rendering import document_html, html_to_pdf
from smartregion.errors import ServiceError
from tests.helpers import assert_login_redirect, assert_message_in

pytestmark = pytest.mark.django_db


def image(fmt="PNG", size=(120, 40), name="../../etc/my logo.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "#0b5563").save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


class TestService:
    def test_stores_under_the_territory_id_whatever_the_name(self, territory, referent):
        territory_logo_update(territory=territory, actor=referent, logo=image())
        territory.refresh_from_db()
        assert territory.logo.name == f"territories/{territory.pk}/logo.png"

    def test_the_extension_follows_the_content(self, territory, referent):
        territory_logo_update(territory=territory, actor=referent, logo=image("JPEG", name="logo.png"))
        territory.refresh_from_db()
        assert territory.logo.name == f"territories/{territory.pk}/logo.jpg"

    @pytest.mark.parametrize(
        ("upload", "message"),
        [
            (SimpleUploadedFile("logo.png", b"not an image at all"), ERROR_LOGO_NOT_IMAGE),
            (SimpleUploadedFile("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>"), ERROR_LOGO_NOT_IMAGE),
            (image("GIF", name="logo.gif"), ERROR_LOGO_NOT_IMAGE),
            (SimpleUploadedFile("big.png", b"\x89PNG" + b"0" * LOGO_MAX_BYTES), ERROR_LOGO_TOO_LARGE),
            (image(size=(4001, 10)), ERROR_LOGO_DIMENSIONS),
        ],
    )
    def test_refuses_what_is_not_a_small_png_or_jpeg(self, territory, referent, upload, message):
        with pytest.raises(ServiceError) as error:
            territory_logo_update(territory=territory, actor=referent, logo=upload)
        assert error.value.message == message
        assert error.value.field == "logo"
        territory.refresh_from_db()
        assert not territory.logo

    def test_replacing_deletes_the_old_file(self, territory, referent, django_capture_on_commit_callbacks):
        territory_logo_update(territory=territory, actor=referent, logo=image())
        first = territory.logo.name
        with django_capture_on_commit_callbacks(execute=True):
            territory_logo_update(territory=territory, actor=referent, logo=image("JPEG"))
        assert not territory.logo.storage.exists(first)
        with django_capture_on_commit_callbacks(execute=True):
            territory_logo_update(territory=territory, actor=referent, logo=None)
        territory.refresh_from_db()
        assert not territory.logo


class TestViews:
    def target(self, territory, name="territory-logo-update"):
        return reverse(f"reports:{name}", args=[territory.slug])

    def test_anonymous(self, client, territory):
        for name in ("territory-logo-update", "territory-logo"):
            assert_login_redirect(client.get(self.target(territory, name)), self.target(territory, name))
        delete = self.target(territory, "territory-logo-delete")
        assert_login_redirect(client.post(delete), delete)

    @pytest.mark.parametrize("who", ["other_referent_client", "nobody_client"])
    def test_outsiders(self, request, territory, who):
        client = request.getfixturevalue(who)
        assert client.get(self.target(territory)).status_code == 404
        assert client.post(self.target(territory, "territory-logo-delete")).status_code == 404
        assert client.get(self.target(territory, "territory-logo")).status_code == 404

    @pytest.mark.parametrize("who", ["staff_a_client", "college_a_client"])
    def test_commune_people_cannot_change_it(self, request, territory, who):
        client = request.getfixturevalue(who)
        assert client.get(self.target(territory)).status_code == 403
        assert client.post(self.target(territory), {"logo": image()}).status_code == 403
        assert client.post(self.target(territory, "territory-logo-delete")).status_code == 403
        territory.refresh_from_db()
        assert not territory.logo

    def test_wrong_methods(self, referent_client, territory):
        assert referent_client.put(self.target(territory)).status_code == 405
        assert referent_client.get(self.target(territory, "territory-logo-delete")).status_code == 405
        assert referent_client.post(self.target(territory, "territory-logo")).status_code == 405

    def test_upload_then_commune_people_see_it(self, referent_client, college_a_client, territory):
        response = referent_client.post(self.target(territory), {"logo": image()})
        assert response.status_code == 302
        territory.refresh_from_db()
        assert territory.logo.name == f"territories/{territory.pk}/logo.png"
        shown = college_a_client.get(self.target(territory, "territory-logo"))
        assert shown["Content-Type"] == "image/png"
        assert b"".join(shown.streaming_content).startswith(b"\x89PNG")

    def test_no_logo_is_404(self, referent_client, territory):
        assert referent_client.get(self.target(territory, "territory-logo")).status_code == 404

    def test_bad_upload_is_explained(self, referent_client, territory):
        response = referent_client.post(self.target(territory), {"logo": SimpleUploadedFile("x.png", b"nope")})
        assert response.status_code == 200
        assert_message_in(response, ERROR_LOGO_NOT_IMAGE)
        territory.refresh_from_db()
        assert not territory.logo

    def test_delete(self, referent_client, territory, referent):
        territory_logo_update(territory=territory, actor=referent, logo=image())
        referent_client.post(self.target(territory, "territory-logo-delete"))
        territory.refresh_from_db()
        assert not territory.logo


def test_the_cover_prints_the_logo_and_nothing_else_of_media(territory, commune_a, referent, settings):
    territory_logo_update(territory=territory, actor=referent, logo=image())
    commune_a.territory.refresh_from_db()
    other = settings.MEDIA_ROOT / "reports" / "secret.pdf"
    other.parent.mkdir(parents=True)
    other.write_bytes(b"%PDF secret")
    doc = report_context(commune_a, "fr")
    assert doc["territory"]["logo"] == f"territories/{territory.pk}/logo.png"
    fetcher = ReportURLFetcher(media_names=[doc["territory"]["logo"]])
    html = document_html(doc).replace("</body>", f'<img src="{media_url("reports/secret.pdf")}"></body>')
    html_to_pdf(html, fetcher=fetcher)
    assert media_url(doc["territory"]["logo"]) in fetcher.fetched
    assert fetcher.refused == [media_url("reports/secret.pdf")]
