"""The referent's dashboard (commune list) and the home page."""

import html
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from communes.models import AccompanimentStatus, Phase, Province, Role
from communes.views import COMMUNES_PER_PAGE
from tests.factories import (
    AccompanimentFactory,
    ActivityFactory,
    CommuneFactory,
    MembershipFactory,
    MilestoneFactory,
    UserFactory,
)
from tests.helpers import assert_login_redirect, is_full_page

pytestmark = pytest.mark.django_db

LIST_URL = "/communes/"


def names(response) -> list[str]:
    return [c.name for c in response.context["communes"]]


@pytest.fixture
def dashboard(territory, commune_a, commune_b, commune_other, referent):
    """Five communes of IGRETEC in different states, and a late one of BEP that must never show."""
    today = timezone.localdate()
    past, future = today - timedelta(days=10), today + timedelta(days=10)

    # Courcelles: roadmap, in progress, 2 of 4 milestones done, nothing late.
    courcelles = AccompanimentFactory(commune=commune_a, phase=Phase.ROADMAP, status=AccompanimentStatus.IN_PROGRESS)
    MilestoneFactory.create_batch(2, accompaniment=courcelles, due_date=past, completed_on=past)
    MilestoneFactory(accompaniment=courcelles, title="Roadmap validated", due_date=future)
    MilestoneFactory(accompaniment=courcelles, due_date=future + timedelta(days=5))
    # Lobbes (commune_b): not started.
    # Cerfontaine: diagnostic, on hold, one overdue milestone.
    cerfontaine = CommuneFactory(territory=territory, name="Cerfontaine", nis_code="93010", province=Province.NAMUR)
    MilestoneFactory(
        accompaniment=AccompanimentFactory(
            commune=cerfontaine, phase=Phase.DIAGNOSTIC, status=AccompanimentStatus.ON_HOLD
        ),
        title="Interviews done",
        due_date=past,
    )
    # Thuin: report, completed, planned end past but completed, every milestone done.
    thuin = CommuneFactory(territory=territory, name="Thuin", nis_code="56078")
    MilestoneFactory(
        accompaniment=AccompanimentFactory(
            commune=thuin,
            phase=Phase.REPORT,
            status=AccompanimentStatus.COMPLETED,
            start_date=today - timedelta(weeks=12),
            planned_end_date=today - timedelta(weeks=4),
        ),
        due_date=past,
        completed_on=past,
    )
    # Chimay: follow-up, planned end past while still in progress, no milestone.
    chimay = CommuneFactory(territory=territory, name="Chimay", nis_code="56016")
    AccompanimentFactory(
        commune=chimay,
        phase=Phase.FOLLOW_UP,
        start_date=today - timedelta(weeks=12),
        planned_end_date=today - timedelta(weeks=1),
    )
    # BEP's Andenne: late, and must never appear on IGRETEC's dashboard.
    MilestoneFactory(accompaniment=AccompanimentFactory(commune=commune_other), due_date=past)
    ActivityFactory(commune=commune_other)
    return {"courcelles": commune_a, "lobbes": commune_b, "cerfontaine": cerfontaine, "thuin": thuin, "chimay": chimay}


ALL_IGRETEC = ["Cerfontaine", "Chimay", "Courcelles", "Lobbes", "Thuin"]


class TestCommuneListAccess:
    def test_anonymous_goes_to_login(self, client):
        assert_login_redirect(client.get(LIST_URL), LIST_URL)

    @pytest.mark.parametrize("method", ["post", "put", "delete"])
    def test_only_get(self, referent_client, method):
        assert getattr(referent_client, method)(LIST_URL).status_code == 405

    def test_url_name(self):
        assert reverse("communes:commune-list") == LIST_URL

    def test_staff_lists_only_their_commune(self, client_for, staff_b, dashboard):
        response = client_for(staff_b).get(LIST_URL)
        assert response.status_code == 200
        assert names(response) == ["Lobbes"]
        assert response.context["can_manage"] is False

    def test_other_referent_lists_only_their_territory(self, other_referent_client, dashboard):
        assert names(other_referent_client.get(LIST_URL)) == ["Andenne"]

    def test_superuser_lists_everything(self, client_for, superuser, dashboard):
        assert names(client_for(superuser).get(LIST_URL)) == ["Andenne", *ALL_IGRETEC]

    def test_nobody_lists_nothing(self, nobody_client, dashboard):
        response = nobody_client.get(LIST_URL)
        assert response.status_code == 200
        assert names(response) == []


class TestCommuneListFilters:
    def test_referent_lists_their_territory_only(self, referent_client, dashboard, territory):
        response = referent_client.get(LIST_URL)
        assert response.status_code == 200
        assert names(response) == ALL_IGRETEC
        assert response.context["can_manage"] is True
        assert list(response.context["territories"]) == [territory]
        content = response.content.decode()
        assert "Andenne" not in content
        assert reverse("communes:territory-people", args=[territory.slug]) in content
        for commune in dashboard.values():
            assert reverse("communes:commune-detail", args=[commune.slug]) in content

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ({"q": "cour"}, ["Courcelles"]),
            ({"q": "COURC"}, ["Courcelles"]),
            ({"q": "560"}, ["Chimay", "Lobbes", "Thuin"]),
            ({"q": "  thuin "}, ["Thuin"]),
            ({"q": "Andenne"}, []),
            ({"q": ""}, ALL_IGRETEC),
            ({"province": "Namur"}, ["Cerfontaine"]),
            ({"province": "Hainaut"}, ["Chimay", "Courcelles", "Lobbes", "Thuin"]),
            ({"phase": "none"}, ["Lobbes"]),
            ({"phase": "diagnostic"}, ["Cerfontaine"]),
            ({"phase": "roadmap"}, ["Courcelles"]),
            ({"phase": "report"}, ["Thuin"]),
            ({"phase": "follow_up"}, ["Chimay"]),
            ({"status": "on_hold"}, ["Cerfontaine"]),
            ({"status": "completed"}, ["Thuin"]),
            ({"status": "in_progress"}, ["Chimay", "Courcelles"]),
            ({"late": "on"}, ["Cerfontaine", "Chimay"]),
            ({"late": ""}, ALL_IGRETEC),
            ({"province": "Hainaut", "late": "on"}, ["Chimay"]),
            ({"phase": "none", "q": "cour"}, []),
        ],
        ids=repr,
    )
    def test_filters(self, referent_client, dashboard, query, expected):
        response = referent_client.get(LIST_URL, query)
        assert response.status_code == 200
        assert names(response) == expected

    @pytest.mark.parametrize(
        ("ordering", "expected"),
        [
            ("name", ALL_IGRETEC),
            ("-name", ALL_IGRETEC[::-1]),
            ("phase", ["Lobbes", "Cerfontaine", "Courcelles", "Thuin", "Chimay"]),
            ("-phase", ["Chimay", "Thuin", "Courcelles", "Cerfontaine", "Lobbes"]),
        ],
    )
    def test_ordering(self, referent_client, dashboard, ordering, expected):
        assert names(referent_client.get(LIST_URL, {"ordering": ordering})) == expected

    def test_ordering_by_progress(self, referent_client, dashboard):
        ordered = names(referent_client.get(LIST_URL, {"ordering": "-progress"}))
        assert ordered[:2] == ["Thuin", "Courcelles"]
        assert set(ordered[2:]) == {"Cerfontaine", "Chimay", "Lobbes"}

    def test_ordering_by_last_activity(self, referent_client, dashboard):
        ActivityFactory(commune=dashboard["thuin"])
        ActivityFactory(commune=dashboard["lobbes"])
        ordered = names(referent_client.get(LIST_URL, {"ordering": "-last_activity", "q": "b"}))
        assert ordered == ["Lobbes"]
        both = [
            n for n in names(referent_client.get(LIST_URL, {"ordering": "-last_activity"})) if n in {"Thuin", "Lobbes"}
        ]
        assert both == ["Lobbes", "Thuin"]

    @pytest.mark.parametrize("query", [{"province": "Mars"}, {"phase": "moon"}, {"ordering": "population"}])
    def test_invalid_filter_shows_everything(self, referent_client, dashboard, query):
        response = referent_client.get(LIST_URL, query)
        assert response.status_code == 200
        assert names(response) == ALL_IGRETEC

    def test_annotations_shown(self, referent_client, dashboard):
        response = referent_client.get(LIST_URL)
        by_name = {c.name: c for c in response.context["communes"]}
        assert (by_name["Courcelles"].progress, by_name["Courcelles"].is_late) == (50, False)
        assert by_name["Courcelles"].next_milestone_title == "Roadmap validated"
        assert (by_name["Thuin"].progress, by_name["Thuin"].is_late) == (100, False)
        assert (by_name["Cerfontaine"].progress, by_name["Cerfontaine"].is_late) == (0, True)
        assert by_name["Chimay"].is_late is True
        assert by_name["Lobbes"].is_late is False
        content = response.content.decode()
        assert "Roadmap validated" in content
        assert 'value="50"' in content

    def test_pagination(self, referent_client, territory):
        CommuneFactory.create_batch(COMMUNES_PER_PAGE + 1, territory=territory)
        first = referent_client.get(LIST_URL)
        assert len(first.context["communes"]) == COMMUNES_PER_PAGE
        second = referent_client.get(LIST_URL, {"page": 2})
        assert len(second.context["communes"]) == 1
        assert set(names(first)).isdisjoint(names(second))
        href = re.search(r'<a class="page-link" href="([^"]*)">Suivant</a>', first.content.decode()).group(1)
        assert href == "?page=2"  # not "??page=2", read as a parameter named "?page"
        # The same page again (kept: served without running the view) shows the same commune.
        followed = referent_client.get(LIST_URL + html.unescape(href))
        assert followed["X-Kept-Page"] == "hit"
        assert followed.content.decode().count(names(second)[0]) == second.content.decode().count(names(second)[0])


class TestCommuneListHtmx:
    def test_htmx_returns_the_results_only(self, referent_client, dashboard):
        response = referent_client.get(LIST_URL, {"q": "cour"}, headers={"HX-Request": "true"})
        assert response.status_code == 200
        assert not is_full_page(response)
        content = response.content.decode()
        assert content.strip().startswith('<div id="results"')
        assert "Courcelles" in content
        assert "Lobbes" not in content

    def test_boosted_htmx_gets_the_whole_page(self, referent_client, dashboard):
        response = referent_client.get(LIST_URL, headers={"HX-Request": "true", "HX-Boosted": "true"})
        assert is_full_page(response)

    def test_plain_request_gets_the_whole_page(self, referent_client, dashboard):
        response = referent_client.get(LIST_URL)
        assert is_full_page(response)
        assert 'id="results"' in response.content.decode()


def _add_communes(territory, count, referent):
    today = timezone.localdate()
    for _ in range(count):
        accompaniment = AccompanimentFactory(commune=CommuneFactory(territory=territory))
        MilestoneFactory.create_batch(3, accompaniment=accompaniment, due_date=today + timedelta(days=5))
        MilestoneFactory(accompaniment=accompaniment, completed_on=today)
        MilestoneFactory(accompaniment=accompaniment, due_date=today - timedelta(days=5))
        ActivityFactory(commune=accompaniment.commune, actor=referent)


@pytest.mark.parametrize("url", [LIST_URL, "/"], ids=["commune-list", "home"])
def test_dashboard_queries_do_not_grow_with_communes(client_for, referent, territory, url):
    def count_queries() -> tuple[int, int]:
        client = client_for(referent)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries), len(response.context["communes"])

    _add_communes(territory, 1, referent)
    one, listed_one = count_queries()
    _add_communes(territory, 19, referent)
    twenty, listed_twenty = count_queries()
    assert (listed_one, listed_twenty) == (1, 20)
    assert one == twenty, (one, twenty)


class TestHome:
    def test_anonymous_goes_to_login(self, client):
        assert_login_redirect(client.get("/"), "/")

    @pytest.mark.parametrize("method", ["post", "put"])
    def test_only_get(self, referent_client, method):
        assert getattr(referent_client, method)("/").status_code == 405

    def test_referent_gets_the_dashboard(self, referent_client, dashboard):
        response = referent_client.get("/")
        assert response.status_code == 200
        assert "communes/commune_list.html" in [t.name for t in response.templates]
        assert names(response) == ALL_IGRETEC
        assert b"Andenne" not in response.content

    def test_referent_htmx_gets_the_results_only(self, referent_client, dashboard):
        response = referent_client.get("/", {"phase": "none"}, headers={"HX-Request": "true"})
        assert not is_full_page(response)
        content = response.content.decode()
        assert "Lobbes" in content
        assert "Courcelles" not in content

    @pytest.mark.parametrize("who", ["staff_a", "college_a"])
    def test_person_of_one_commune_lands_on_it(self, request, client_for, commune_a, who):
        response = client_for(request.getfixturevalue(who)).get("/")
        assert response.status_code == 302
        assert response.url == reverse("communes:commune-detail", args=[commune_a.slug])

    def test_person_of_two_communes_gets_the_list(self, client_for, commune_a, commune_b):
        user = UserFactory()
        MembershipFactory(user=user, role=Role.STAFF, commune=commune_a)
        MembershipFactory(user=user, role=Role.COLLEGE, commune=commune_b)
        response = client_for(user).get("/")
        assert response.status_code == 200
        assert names(response) == ["Courcelles", "Lobbes"]
        assert response.context["can_manage"] is False

    def test_user_without_role_sees_no_access(self, nobody_client, commune_a):
        response = nobody_client.get("/")
        assert response.status_code == 200
        assert [t.name for t in response.templates][0] == "communes/no_access.html"
        assert b"Courcelles" not in response.content

    def test_superuser_gets_the_dashboard(self, client_for, superuser, dashboard):
        response = client_for(superuser).get("/")
        assert response.status_code == 200
        assert "Andenne" in names(response)
