"""Kept pages (smartregion.pagecache) and the table versions they rest on (smartregion.freshness).

Each of the five kept pages is taken on the demo: served a second time without running its view, then, for
EVERY table its view read, a write to that table alone makes the next request run the view again; and a
change made through a service shows on the next request.
"""

import re
from datetime import date

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.messages import constants as message_levels
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import translation

from barometer import services as barometer_services
from barometer.models import Edition
from communes import services as commune_services
from communes.models import Commune
from diagnostics.models import Campaign
from diagnostics.services import builder
from diagnostics.services import campaigns as campaign_services
from roadmaps.models import ProjectSheet
from roadmaps.services import sheets as sheet_services
from smartregion import pagecache
from smartregion.demo import seed_demo

pytestmark = pytest.mark.django_db

HIT = "hit"


@pytest.fixture(autouse=True)
def _fresh_process(monkeypatch):
    """Each test starts as a new process would: no view's tables known yet."""
    monkeypatch.setattr(pagecache, "_known_tables", {})


def kept(response) -> bool:
    return response.get("X-Kept-Page") == HIT


def without_tokens(content: bytes) -> str:
    text = content.decode()
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)
    text = re.sub(r'name="csrf-token" content="[^"]+"', "", text)
    return re.sub(r'name="form_token" value="[^"]+"', "", text)


# Kept pages: the mechanism ---------------------------------------------------------------------------------


def test_the_second_request_is_served_kept_and_reads_the_same(referent_client, commune_a, commune_b):
    url = reverse("communes:commune-list")
    first = referent_client.get(url)
    second = referent_client.get(url)
    third = referent_client.get(url)
    assert not kept(first) and not kept(second)  # the first run learns the tables, the second files the page
    assert kept(third)
    assert without_tokens(third.content) == without_tokens(first.content)


def test_a_kept_page_carries_a_valid_csrf_token_and_fresh_form_tokens(referent, commune_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(referent)
    url = reverse("communes:commune-detail", kwargs={"slug": commune_a.slug})
    for _ in range(3):
        page = client.get(url)
    assert kept(page)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    changed = client.post(reverse("accounts:language"), {"csrfmiddlewaretoken": token, "language": "en", "next": url})
    assert changed.status_code == 302
    assert b"\x00" not in page.content


def test_form_tokens_differ_between_two_servings(referent_client, commune_a):
    url = reverse("communes:commune-list")
    pages = [referent_client.get(url) for _ in range(4)]
    tokens = [re.findall(r'name="form_token" value="([^"]+)"', p.content.decode()) for p in pages[2:]]
    assert kept(pages[2]) and kept(pages[3])
    for first, second in zip(*tokens, strict=True):
        assert first != second


def test_each_reader_has_their_own_copy(client_for, territory, commune_a, referent):
    from tests.factories import MembershipFactory, UserFactory

    url = reverse("communes:commune-list")
    mine = client_for(referent)
    for _ in range(3):
        mine.get(url)
    other_referent = UserFactory()
    MembershipFactory(user=other_referent, referent=True, territory=territory)
    theirs = client_for(other_referent).get(url)
    assert not kept(theirs)
    assert str(other_referent).encode() in theirs.content


def test_a_change_to_the_readers_account_is_a_new_page(referent_client, referent, commune_a):
    url = reverse("communes:commune-list")
    for _ in range(3):
        page = referent_client.get(url)
    assert kept(page)
    get_user_model().objects.filter(pk=referent.pk).update(first_name="Renamed", last_name="Referent")
    page = referent_client.get(url)
    assert not kept(page)
    assert b"Renamed" in page.content


def test_language_query_and_htmx_each_have_their_own_page(referent_client, referent, commune_a):
    url = reverse("communes:commune-list")
    for _ in range(3):
        referent_client.get(url)
    assert not kept(referent_client.get(url, {"q": "x"}))
    assert not kept(referent_client.get(url, headers={"HX-Request": "true"}))
    referent.language = "en"
    referent.save()
    page = referent_client.get(url)
    assert not kept(page)
    assert '<html lang="en">' in page.content.decode()


def test_waiting_messages_are_shown_by_the_view_not_hidden_by_a_kept_copy(rf, referent, commune_a):
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.db import SessionStore

    from communes.views import commune_detail

    def request(message: str | None = None):
        req = rf.get(reverse("communes:commune-detail", kwargs={"slug": commune_a.slug}))
        req.user = referent
        req.session = SessionStore()
        req._messages = FallbackStorage(req)
        if message:
            req._messages.add(message_levels.SUCCESS, message)
        return req

    for _ in range(3):
        commune_detail(request(), slug=commune_a.slug)
    assert kept(commune_detail(request(), slug=commune_a.slug))
    with translation.override("fr"):
        response = commune_detail(request("Enregistré !"), slug=commune_a.slug)
    assert not kept(response)
    assert "Enregistré !" in response.content.decode()
    assert kept(commune_detail(request(), slug=commune_a.slug))  # and the page with the message was not filed


def test_a_refused_or_missing_page_is_never_filed(staff_b_client, commune_a):
    url = reverse("communes:commune-detail", kwargs={"slug": commune_a.slug})
    for _ in range(3):
        assert staff_b_client.get(url).status_code == 404
    assert cache.get(pagecache.page_key("communes.views.commune_detail", _request_for(url))) is None


def _request_for(url):
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    request = RequestFactory().get(url)
    request.user = AnonymousUser()
    return request


def test_the_page_of_another_day_is_another_page(referent_client, commune_a, monkeypatch):
    url = reverse("communes:commune-list")
    for _ in range(3):
        assert referent_client.get(url).status_code == 200
    monkeypatch.setattr(pagecache.timezone, "localdate", lambda: date(2099, 1, 1))
    assert not kept(referent_client.get(url))


def test_turned_off_the_view_runs_every_time(referent_client, commune_a, settings):
    settings.PAGE_CACHE = False
    url = reverse("communes:commune-list")
    assert not any(kept(referent_client.get(url)) for _ in range(3))


def test_a_post_is_never_served_from_a_kept_page(referent_client, commune_a):
    url = reverse("communes:commune-list")
    for _ in range(3):
        referent_client.get(url)
    assert referent_client.post(url).status_code == 405


# The five kept pages on the demo -------------------------------------------------------------------------


@pytest.fixture
def demo():
    seed_demo()
    client = Client()
    client.force_login(get_user_model().objects.get(username="referent"))
    commune = Commune.objects.get(slug="courcelles")
    campaign = Campaign.objects.filter(commune=commune).order_by("pk").first()
    edition = Edition.objects.order_by("-year").first()
    urls = {
        "dashboard": reverse("home"),
        "commune page": reverse("communes:commune-detail", kwargs={"slug": commune.slug}),
        "questionnaire results": reverse(
            "diagnostics:campaign-results", kwargs={"slug": commune.slug, "pk": campaign.pk}
        ),
        "roadmap": reverse("roadmaps:roadmap-detail", kwargs={"slug": commune.slug}),
        "barometer results": reverse("barometer:edition-results", kwargs={"pk": edition.pk}),
    }
    return client, commune, campaign, edition, urls


def served_kept(client, url) -> bytes:
    for _ in range(2):
        assert client.get(url).status_code == 200
    page = client.get(url)
    assert kept(page), url
    return page.content


def tables_of(url_name: str) -> frozenset[str]:
    return pagecache._known_tables[url_name]


VIEWS = {
    "dashboard": "communes.views.home",
    "commune page": "communes.views.commune_detail",
    "questionnaire results": "diagnostics.views.results.campaign_results",
    "roadmap": "roadmaps.views.roadmap_detail",
    "barometer results": "barometer.views.edition_results",
}


@pytest.mark.parametrize("page", list(VIEWS))
def test_a_write_to_any_table_the_page_read_runs_its_view_again(demo, page):
    client, _commune, _campaign, _edition, urls = demo
    served_kept(client, urls[page])
    tables = tables_of(VIEWS[page])
    assert len(tables) >= 3
    primary_keys = {m._meta.db_table: m._meta.pk.column for m in apps.get_models(include_auto_created=True)}
    for table in sorted(tables):
        pk = primary_keys[table]
        with connection.cursor() as cursor:
            cursor.execute(f'UPDATE "{table}" SET "{pk}" = "{pk}" WHERE 1 = 0')  # noqa: S608 (names from models)
        again = client.get(urls[page])
        assert again.status_code == 200
        assert not kept(again), f"{page}: a write to {table} left the page kept"
        client.get(urls[page])
        assert kept(client.get(urls[page])), f"{page} not kept again after {table}"


def test_changes_through_the_services_show_on_the_next_request(demo, django_user_model):
    client, commune, campaign, edition, urls = demo
    referent = django_user_model.objects.get(username="referent")
    pages = {name: served_kept(client, url) for name, url in urls.items()}

    commune_services.commune_update(commune=commune, actor=referent, fields={"name": "Courcelles-Renommée"})
    for name in ("dashboard", "commune page", "roadmap"):
        again = client.get(urls[name])
        assert not kept(again)
        assert "Courcelles-Renommée" in again.content.decode(), name
    assert "Courcelles-Renommée".encode() not in pages["dashboard"]

    campaign_services.campaign_update(campaign=campaign, actor=referent, fields={"title": "Campagne renommée"})
    assert "Campagne renommée" in client.get(urls["questionnaire results"]).content.decode()
    # The questionnaire's structure is also kept per process for its version (kept_structure).
    question = campaign.questionnaire.questions.order_by("pk").first()
    builder.question_update(question=question, actor=referent, fields={"text_fr": "Question renommée ?"})
    assert "Question renommée ?" in client.get(urls["questionnaire results"]).content.decode()

    sheet = ProjectSheet.objects.filter(roadmap__commune=commune).order_by("pk").first()
    sheet_services.sheet_update(
        sheet=sheet, actor=referent, fields={"title": "Fiche renommée"}, expected_version=sheet.version
    )
    assert "Fiche renommée" in client.get(urls["roadmap"]).content.decode()

    barometer_services.edition_update(edition=edition, actor=referent, fields={"title": "Baromètre renommé"})
    assert "Baromètre renommé" in client.get(urls["barometer results"]).content.decode()


def test_an_unreachable_cache_costs_the_page_nothing_but_its_keeping(referent_client, commune_a, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(pagecache.cache, "get", refuse)
    monkeypatch.setattr(pagecache.cache, "set", refuse)
    url = reverse("communes:commune-list")
    pages = [referent_client.get(url) for _ in range(3)]
    assert [p.status_code for p in pages] == [200, 200, 200]
    assert not any(kept(p) for p in pages)
    assert commune_a.name.encode() in pages[-1].content


def test_the_kept_copy_is_compressed(referent_client, commune_a):
    url = reverse("communes:commune-list")
    for _ in range(3):
        served = referent_client.get(url)
    entry = cache.get(pagecache.page_key("communes.views.commune_list", served.wsgi_request))
    assert entry is not None and entry.versions
    assert len(entry.content) < len(served.content) / 2


def test_a_new_membership_shows_on_the_home_dashboard_read_before_the_view(
    referent_client, referent, commune_a, commune_other, other_territory
):
    """The home page asks whether the reader is a referent before the dashboard's view runs: the
    memberships it read count among the page's tables all the same."""
    from tests.factories import MembershipFactory

    for _ in range(3):
        page = referent_client.get(reverse("home"))
    assert kept(page)
    assert commune_other.name.encode() not in page.content
    MembershipFactory(user=referent, referent=True, territory=other_territory)
    page = referent_client.get(reverse("home"))
    assert not kept(page)
    assert commune_other.name.encode() in page.content
