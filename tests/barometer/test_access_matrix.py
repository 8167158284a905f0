"""Every barometer URL against every role: login, 404 outside reach, 403 read-only, 405 wrong method."""

import pytest
from django.urls import reverse

from barometer import services
from tests.barometer.conftest import answer
from tests.helpers import assert_login_redirect

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(edition, commune_a, commune_b, referent):
    """An open edition answered by commune A, a question, a pending import."""
    answer(edition, commune_a, smartness=5)
    question = edition.questions.get(code="obstacles")
    response_import, _check = services.import_prepare(
        edition=edition, actor=referent, filename="a.csv", data=b"commune,smartness\nLobbes,4\n"
    )
    return {
        "pk": edition.pk,
        "question_pk": question.pk,
        "import_pk": response_import.pk,
        "slug": commune_a.slug,
        "territory": edition.territory.slug,
    }


# (url name, kwargs taken from the setup)
REFERENT_GETS = [
    ("barometer:edition-create", {"slug": "territory"}),
    ("barometer:edition-detail", {"pk": "pk"}),
    ("barometer:edition-update", {"pk": "pk"}),
    ("barometer:edition-results", {"pk": "pk"}),
    ("barometer:edition-export", {"pk": "pk", "fmt": "csv"}),
    ("barometer:edition-export", {"pk": "pk", "fmt": "xlsx"}),
    ("barometer:edition-template", {"pk": "pk", "fmt": "csv"}),
    ("barometer:edition-template", {"pk": "pk", "fmt": "xlsx"}),
    ("barometer:question-create", {"pk": "pk"}),
    ("barometer:question-update", {"pk": "pk", "question_pk": "question_pk"}),
    ("barometer:import-upload", {"pk": "pk"}),
    ("barometer:import-preview", {"pk": "pk", "import_pk": "import_pk"}),
]
REFERENT_POSTS = [
    ("barometer:edition-delete", {"pk": "pk"}),
    ("barometer:edition-publish", {"pk": "pk"}),
    ("barometer:edition-unpublish", {"pk": "pk"}),
    ("barometer:question-delete", {"pk": "pk", "question_pk": "question_pk"}),
    ("barometer:import-confirm", {"pk": "pk", "import_pk": "import_pk"}),
    ("barometer:import-discard", {"pk": "pk", "import_pk": "import_pk"}),
]
COMMUNE_READ_GETS = [
    ("barometer:response-detail", {"pk": "pk", "slug": "slug"}),
    ("barometer:commune-overview", {"slug": "slug"}),
]


def url(name, kwargs, setup):
    return reverse(name, kwargs={key: setup.get(value, value) for key, value in kwargs.items()})


def ids(views):
    return [f"{name}-{'-'.join(str(v) for v in kwargs.values())}" for name, kwargs in views]


@pytest.mark.parametrize("name, kwargs", REFERENT_GETS, ids=ids(REFERENT_GETS))
class TestReferentPages:
    def test_anonymous_goes_to_login(self, client, setup, name, kwargs):
        target = url(name, kwargs, setup)
        assert_login_redirect(client.get(target), target)

    def test_referent_of_another_territory_gets_404(self, other_referent_client, setup, name, kwargs):
        assert other_referent_client.get(url(name, kwargs, setup)).status_code == 404

    @pytest.mark.parametrize("who", ["staff_a_client", "college_a_client", "staff_b_client"])
    def test_people_of_communes_get_403(self, request, setup, name, kwargs, who):
        assert request.getfixturevalue(who).get(url(name, kwargs, setup)).status_code == 403

    def test_user_without_role_gets_404(self, nobody_client, setup, name, kwargs):
        assert nobody_client.get(url(name, kwargs, setup)).status_code == 404

    def test_referent_reads(self, referent_client, setup, name, kwargs):
        assert referent_client.get(url(name, kwargs, setup)).status_code == 200

    def test_superuser_reads(self, client_for, superuser, setup, name, kwargs):
        assert client_for(superuser).get(url(name, kwargs, setup)).status_code == 200

    def test_wrong_method(self, referent_client, setup, name, kwargs):
        assert referent_client.delete(url(name, kwargs, setup)).status_code == 405


@pytest.mark.parametrize("name, kwargs", REFERENT_POSTS, ids=ids(REFERENT_POSTS))
class TestReferentActions:
    def test_anonymous_goes_to_login(self, client, setup, name, kwargs):
        target = url(name, kwargs, setup)
        assert_login_redirect(client.post(target), target)

    def test_referent_of_another_territory_gets_404(self, other_referent_client, setup, name, kwargs):
        assert other_referent_client.post(url(name, kwargs, setup)).status_code == 404

    @pytest.mark.parametrize("who", ["staff_a_client", "college_a_client"])
    def test_people_of_communes_get_403(self, request, setup, name, kwargs, who):
        assert request.getfixturevalue(who).post(url(name, kwargs, setup)).status_code == 403

    def test_get_is_refused(self, referent_client, setup, name, kwargs):
        assert referent_client.get(url(name, kwargs, setup)).status_code == 405

    def test_referent_acts(self, referent_client, setup, name, kwargs):
        assert referent_client.post(url(name, kwargs, setup)).status_code == 302


@pytest.mark.parametrize("name, kwargs", COMMUNE_READ_GETS, ids=ids(COMMUNE_READ_GETS))
class TestCommunePages:
    def test_anonymous_goes_to_login(self, client, setup, name, kwargs):
        target = url(name, kwargs, setup)
        assert_login_redirect(client.get(target), target)

    @pytest.mark.parametrize("who", ["other_referent_client", "staff_b_client", "nobody_client"])
    def test_outsiders_get_404(self, request, setup, name, kwargs, who):
        assert request.getfixturevalue(who).get(url(name, kwargs, setup)).status_code == 404

    @pytest.mark.parametrize("who", ["college_a_client", "staff_a_client", "referent_client"])
    def test_commune_people_and_referent_read(self, request, setup, name, kwargs, who):
        assert request.getfixturevalue(who).get(url(name, kwargs, setup)).status_code == 200

    def test_wrong_method(self, staff_a_client, setup, name, kwargs):
        assert staff_a_client.post(url(name, kwargs, setup)).status_code == 405


class TestResponseEdit:
    def target(self, setup):
        return url("barometer:response-edit", {"pk": "pk", "slug": "slug"}, setup)

    def test_anonymous(self, client, setup):
        assert_login_redirect(client.get(self.target(setup)), self.target(setup))

    @pytest.mark.parametrize("who", ["other_referent_client", "staff_b_client", "nobody_client"])
    def test_outsiders_get_404(self, request, setup, who):
        assert request.getfixturevalue(who).get(self.target(setup)).status_code == 404

    def test_college_reads_only(self, college_a_client, setup):
        assert college_a_client.get(self.target(setup)).status_code == 403
        assert college_a_client.post(self.target(setup), {"q_smartness": "3"}).status_code == 403

    @pytest.mark.parametrize("who", ["staff_a_client", "referent_client"])
    def test_staff_and_referent_fill(self, request, setup, who):
        assert request.getfixturevalue(who).get(self.target(setup)).status_code == 200

    def test_wrong_method(self, staff_a_client, setup):
        assert staff_a_client.put(self.target(setup)).status_code == 405


class TestResponseDelete:
    def target(self, setup):
        return url("barometer:response-delete", {"pk": "pk", "slug": "slug"}, setup)

    def test_anonymous(self, client, setup):
        assert_login_redirect(client.post(self.target(setup)), self.target(setup))

    @pytest.mark.parametrize("who", ["other_referent_client", "staff_b_client"])
    def test_outsiders_get_404(self, request, setup, who):
        assert request.getfixturevalue(who).post(self.target(setup)).status_code == 404

    @pytest.mark.parametrize("who", ["staff_a_client", "college_a_client"])
    def test_commune_people_get_403(self, request, setup, who):
        assert request.getfixturevalue(who).post(self.target(setup)).status_code == 403

    def test_get_is_refused(self, referent_client, setup):
        assert referent_client.get(self.target(setup)).status_code == 405

    def test_referent_deletes(self, referent_client, setup):
        assert referent_client.post(self.target(setup)).status_code == 302


class TestIndex:
    def test_anonymous(self, client):
        target = reverse("barometer:index")
        assert_login_redirect(client.get(target), target)

    @pytest.mark.parametrize("who", ["referent_client", "staff_a_client", "college_a_client", "nobody_client"])
    def test_everyone_logged_in(self, request, setup, who):
        assert request.getfixturevalue(who).get(reverse("barometer:index")).status_code == 200

    def test_wrong_method(self, referent_client):
        assert referent_client.post(reverse("barometer:index")).status_code == 405


class TestPublicSummaryAccess:
    def target(self, setup):
        return reverse("barometer:public-summary", args=[setup["territory"], 2022])

    def test_not_published(self, client, setup):
        assert client.get(self.target(setup)).status_code == 404

    def test_published_needs_no_login(self, client, setup, closed_edition):
        services.edition_publish(edition=closed_edition, actor=None)
        assert client.get(self.target(setup)).status_code == 200

    def test_unknown_year_or_territory(self, client, setup, closed_edition):
        services.edition_publish(edition=closed_edition, actor=None)
        assert client.get(reverse("barometer:public-summary", args=[setup["territory"], 2019])).status_code == 404
        assert client.get(reverse("barometer:public-summary", args=["bep", 2022])).status_code == 404

    def test_an_open_edition_is_never_public(self, client, setup, edition):
        services.edition_unpublish(edition=edition, actor=None)
        assert client.get(reverse("barometer:public-summary", args=[setup["territory"], 2025])).status_code == 404

    def test_wrong_method(self, client, setup, closed_edition):
        services.edition_publish(edition=closed_edition, actor=None)
        assert client.post(self.target(setup)).status_code == 405


def test_unknown_export_format_is_404(referent_client, setup):
    assert referent_client.get(reverse("barometer:edition-export", args=[setup["pk"], "pdf"])).status_code == 404
    assert referent_client.get(reverse("barometer:edition-template", args=[setup["pk"], "xls"])).status_code == 404


def test_an_edition_of_another_territory_is_404_from_a_commune_page(staff_a_client, other_edition, commune_a):
    target = reverse("barometer:response-detail", args=[other_edition.pk, commune_a.slug])
    assert staff_a_client.get(target).status_code == 404
