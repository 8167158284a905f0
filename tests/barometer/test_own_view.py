"""Each commune's own view once the edition closes: its answers beside the territory and the communes like it,
and the one-page PDF summary for its Collège (the same figures)."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from barometer import selectors
from communes.models import Commune, Province
from tests.barometer.conftest import answer
from tests.factories import CommuneFactory


@pytest.fixture
def closed(closed_edition, territory, commune_a):
    """Courcelles (30,000) and four communes of Hainaut of a similar size, one far smaller, one in Namur."""
    commune_a.population = 30000
    commune_a.save(update_fields=["population"])
    alike = [CommuneFactory(territory=territory, name=f"Pareille {n}", population=20000 + n * 5000) for n in range(4)]
    small = CommuneFactory(territory=territory, name="Petite", population=3000)
    namur = CommuneFactory(territory=territory, name="Ailleurs", population=30000, province=Province.NAMUR)
    answer(closed_edition, commune_a, smartness=9, involved=True)
    for number, commune in enumerate(alike[:3]):
        answer(closed_edition, commune, smartness=4 + number, involved=number == 0)
    answer(closed_edition, small, smartness=1)
    answer(closed_edition, namur, smartness=1)
    return closed_edition, alike


def test_peers_are_same_province_and_similar_population(closed, commune_a):
    _edition, alike = closed
    assert sorted(selectors.peer_commune_ids(commune_a)) == sorted(c.pk for c in alike)


def test_without_a_population_the_peers_are_the_province_and_the_page_says_so(staff_a_client, closed, commune_a):
    edition, _alike = closed
    commune_a.population = None
    commune_a.save(update_fields=["population"])
    peers = set(Commune.objects.filter(pk__in=selectors.peer_commune_ids(commune_a)).values_list("name", flat=True))
    assert "Petite" in peers  # every size in the same province
    assert "Ailleurs" not in peers  # another province
    page = staff_a_client.get(reverse("barometer:response-detail", args=[edition.pk, commune_a.slug]))
    assert page.context["peers"].by_population is False
    assert "population de la commune n’est pas connue" in page.text or "population is not known" in page.text
    assert "population similaire" not in page.text


def test_staff_see_their_answers_beside_the_communes_like_them(staff_a_client, closed, commune_a):
    edition, _alike = closed
    page = staff_a_client.get(reverse("barometer:response-detail", args=[edition.pk, commune_a.slug]))
    peers = page.context["peers"]
    assert peers.respondents == 3
    assert peers.answers["smartness"].territory_mean == 5.0  # (4 + 5 + 6) / 3
    assert "Communes like yours" in page.text or "Communes comme la vôtre" in page.text


def test_a_figure_over_fewer_than_three_peers_is_withheld_but_for_the_referent(
    staff_a_client, referent_client, closed, commune_a
):
    edition, alike = closed
    from barometer.models import Response

    Response.objects.filter(commune=alike[2]).delete()
    url = reverse("barometer:response-detail", args=[edition.pk, commune_a.slug])
    assert staff_a_client.get(url).context["peers"].answers["smartness"].territory_mean is None
    assert referent_client.get(url).context["peers"].answers["smartness"].territory_mean == 4.5


def test_no_peer_figures_while_the_edition_is_open(staff_a_client, edition, commune_a):
    answer(edition, commune_a, smartness=9)
    page = staff_a_client.get(reverse("barometer:response-detail", args=[edition.pk, commune_a.slug]))
    assert page.context["peers"] is None
    pdf = staff_a_client.get(reverse("barometer:response-summary-pdf", args=[edition.pk, commune_a.slug]))
    assert pdf.status_code == 302


def test_the_pdf_is_one_page_with_the_figures_of_the_page(staff_a_client, closed, commune_a):
    edition, _alike = closed
    url = reverse("barometer:response-summary-pdf", args=[edition.pk, commune_a.slug])
    reply = staff_a_client.get(url)
    assert reply.status_code == 200 and reply["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(reply.content))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Courcelles" in text
    assert "5,0 / 10" in text or "5.0 / 10" in text  # the peers' mean, as on the page
    page = staff_a_client.get(reverse("barometer:response-detail", args=[edition.pk, commune_a.slug]))
    assert page.context["peers"].answers["smartness"].territory_mean == 5.0


def test_the_pdf_access(client, staff_b_client, college_a_client, closed, commune_a):
    edition, _alike = closed
    url = reverse("barometer:response-summary-pdf", args=[edition.pk, commune_a.slug])
    assert client.get(url)["Location"].startswith(reverse("accounts:login"))
    assert staff_b_client.get(url).status_code == 404
    assert college_a_client.get(url).status_code == 200
    assert college_a_client.post(url).status_code == 405


def test_the_renderer_reaches_nothing_but_static_files():
    from smartregion.pdf import StaticOnlyFetcher, html_to_pdf

    fetcher = StaticOnlyFetcher()
    html = (
        '<img src="file:///etc/passwd"><img src="https://example.org/x.png">'
        '<link rel="stylesheet" href="static/../../../etc/passwd">'
        '<link rel="stylesheet" href="static/css/smartregion.css">'
    )
    assert html_to_pdf(html, fetcher=fetcher).startswith(b"%PDF")
    assert len(fetcher.refused) == 3  # the summary's own stylesheet is served (test below)
    assert not any("smartregion.css" in url for url in fetcher.refused)


def test_the_summary_reads_its_stylesheet(closed, commune_a):
    from barometer.summary import summary_html
    from smartregion.pdf import StaticOnlyFetcher, html_to_pdf

    edition, _alike = closed
    fetcher = StaticOnlyFetcher()
    html = summary_html(
        selectors.commune_view(edition, commune_a),
        selectors.peer_view(edition, commune_a),
        edition=edition,
        commune=commune_a,
    )
    html_to_pdf(html, fetcher=fetcher)
    assert "barometer-summary-print.css" in html and fetcher.refused == []
