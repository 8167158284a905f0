"""Commune pages: detail, details form, accompaniment, milestones."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from communes import services
from communes.models import (
    Accompaniment,
    AccompanimentStatus,
    Activity,
    ActivityVerb,
    Commune,
    Milestone,
    Phase,
    Role,
)
from tests.factories import (
    AccompanimentFactory,
    ActivityFactory,
    InvitationFactory,
    MembershipFactory,
    MilestoneFactory,
)
from tests.helpers import assert_login_redirect, is_full_page, messages_of, translated

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def accompaniment_a(commune_a):
    return AccompanimentFactory(commune=commune_a)


@pytest.fixture
def milestone_a(accompaniment_a):
    return MilestoneFactory(accompaniment=accompaniment_a, title="Kick-off")


def state(commune: Commune) -> tuple:
    """Everything a write view could change on a commune."""
    commune.refresh_from_db()
    accompaniment = Accompaniment.objects.filter(commune=commune).values_list("phase", "status", "start_date").first()
    milestones = list(
        Milestone.objects.filter(accompaniment__commune=commune)
        .order_by("pk")
        .values_list("pk", "title", "due_date", "completed_on")
    )
    return (commune.name, commune.population, accompaniment, milestones, Activity.objects.count())


# (URL name, takes a milestone pk, HTTP methods allowed, a valid POST payload)
WRITE_VIEWS = [
    ("communes:commune-update", False, ("GET", "POST"), {"name": "Renamed", "province": "Hainaut"}),
    (
        "communes:accompaniment-update",
        False,
        ("GET", "POST"),
        {
            "kind": "roadmap",
            "phase": "report",
            "status": "completed",
            "start_date": "2030-01-01",
            "planned_end_date": "2030-03-01",
        },
    ),
    (
        "communes:milestone-create",
        False,
        ("GET", "POST"),
        {"title": "New", "phase": "roadmap", "due_date": "2030-01-01"},
    ),
    (
        "communes:milestone-update",
        True,
        ("GET", "POST"),
        {"title": "New", "phase": "roadmap", "due_date": "2030-01-01"},
    ),
    ("communes:milestone-complete", True, ("POST",), {"completed": "1"}),
    ("communes:milestone-delete", True, ("POST",), {}),
]
WRITE_VIEW_IDS = [name.split(":")[1] for name, *_ in WRITE_VIEWS]


def write_url(name, takes_pk, commune, milestone):
    kwargs = {"slug": commune.slug}
    if takes_pk:
        kwargs["pk"] = milestone.pk
    return reverse(name, kwargs=kwargs)


def call(client, method, url, data):
    if method == "GET":
        return client.get(url)
    return client.post(url, data)


@pytest.mark.parametrize(("name", "takes_pk", "methods", "data"), WRITE_VIEWS, ids=WRITE_VIEW_IDS)
class TestWriteViewsAccess:
    def test_anonymous_goes_to_login(self, client, commune_a, milestone_a, name, takes_pk, methods, data):
        url = write_url(name, takes_pk, commune_a, milestone_a)
        before = state(commune_a)
        for method in methods:
            assert_login_redirect(call(client, method, url, data), url)
        assert state(commune_a) == before

    @pytest.mark.parametrize("who", ["staff_b", "other_referent", "nobody"])
    def test_outsider_gets_404(self, request, client_for, commune_a, milestone_a, who, name, takes_pk, methods, data):
        client = client_for(request.getfixturevalue(who))
        url = write_url(name, takes_pk, commune_a, milestone_a)
        before = state(commune_a)
        for method in methods:
            assert call(client, method, url, data).status_code == 404
        assert state(commune_a) == before

    @pytest.mark.parametrize("who", ["staff_a", "college_a"])
    def test_read_only_gets_403(self, request, client_for, commune_a, milestone_a, who, name, takes_pk, methods, data):
        client = client_for(request.getfixturevalue(who))
        url = write_url(name, takes_pk, commune_a, milestone_a)
        before = state(commune_a)
        for method in methods:
            assert call(client, method, url, data).status_code == 403
        assert state(commune_a) == before

    def test_wrong_method_gets_405(self, referent_client, commune_a, milestone_a, name, takes_pk, methods, data):
        url = write_url(name, takes_pk, commune_a, milestone_a)
        before = state(commune_a)
        wrong = ["PUT", "DELETE", "PATCH"] if "GET" in methods else ["GET", "PUT"]
        for method in wrong:
            response = getattr(referent_client, method.lower())(url)
            assert response.status_code == 405, method
        assert state(commune_a) == before

    def test_unknown_commune_gets_404(self, referent_client, milestone_a, name, takes_pk, methods, data):
        kwargs = {"slug": "nowhere", **({"pk": milestone_a.pk} if takes_pk else {})}
        assert call(referent_client, methods[0], reverse(name, kwargs=kwargs), data).status_code == 404

    def test_superuser_may_open_it(self, client_for, superuser, commune_a, milestone_a, name, takes_pk, methods, data):
        url = write_url(name, takes_pk, commune_a, milestone_a)
        response = call(client_for(superuser), methods[0], url, data)
        assert response.status_code in (200, 302)


# Commune detail ----------------------------------------------------------------------------------


class TestCommuneDetail:
    def url(self, commune):
        return reverse("communes:commune-detail", args=[commune.slug])

    def test_anonymous_goes_to_login(self, client, commune_a):
        assert_login_redirect(client.get(self.url(commune_a)), self.url(commune_a))

    @pytest.mark.parametrize("who", ["staff_b", "other_referent", "nobody"])
    def test_outsider_gets_404(self, request, client_for, commune_a, who):
        response = client_for(request.getfixturevalue(who)).get(self.url(commune_a))
        assert response.status_code == 404
        assert b"Courcelles" not in response.content

    def test_unknown_commune_gets_404(self, referent_client):
        assert referent_client.get(reverse("communes:commune-detail", args=["nowhere"])).status_code == 404

    def test_post_is_405(self, referent_client, commune_a):
        assert referent_client.post(self.url(commune_a)).status_code == 405

    def test_referent_may_edit_and_sees_pending_invitations(self, referent_client, commune_a, milestone_a):
        InvitationFactory(commune=commune_a, email="pending@example.org")
        InvitationFactory(commune=commune_a, email="gone@example.org", revoked=True)
        response = referent_client.get(self.url(commune_a))
        assert response.status_code == 200
        rights = response.context["rights"]
        assert rights.can("communes.edit")
        assert rights.can("communes.manage_accompaniment")
        assert rights.can("communes.read_notes")
        assert [i.email for i in response.context["pending_invitations"]] == ["pending@example.org"]
        content = response.content.decode()
        assert "pending@example.org" in content
        assert "gone@example.org" not in content
        assert reverse("communes:commune-update", args=[commune_a.slug]) in content
        assert reverse("communes:milestone-complete", args=[commune_a.slug, milestone_a.pk]) in content
        assert "Kick-off" in content

    def test_staff_reads_without_edit_links(self, staff_a_client, commune_a, milestone_a):
        Commune.objects.filter(pk=commune_a.pk).update(notes="Internal note")
        InvitationFactory(commune=commune_a, email="pending@example.org")
        response = staff_a_client.get(self.url(commune_a))
        assert response.status_code == 200
        rights = response.context["rights"]
        assert not rights.can("communes.edit")
        assert not rights.can("communes.manage_accompaniment")
        assert rights.can("communes.read_notes")
        assert response.context["pending_invitations"] == []
        content = response.content.decode()
        assert "Kick-off" in content
        assert "Internal note" in content
        assert "pending@example.org" not in content
        assert reverse("communes:commune-update", args=[commune_a.slug]) not in content
        assert reverse("communes:milestone-complete", args=[commune_a.slug, milestone_a.pk]) not in content

    def test_college_does_not_see_notes(self, college_a_client, commune_a):
        Commune.objects.filter(pk=commune_a.pk).update(notes="Internal note")
        response = college_a_client.get(self.url(commune_a))
        assert response.status_code == 200
        assert not response.context["rights"].can("communes.read_notes")
        assert b"Internal note" not in response.content

    def test_population_is_grouped_by_thousands(self, staff_a_client, commune_a):
        """“Population 31234” on the staff's landing page: French groups digits (31 234, no-break space)."""
        Commune.objects.filter(pk=commune_a.pk).update(population=31234)
        content = staff_a_client.get(self.url(commune_a)).content.decode()
        assert "<dd>31\u00a0234</dd>" in content

    def test_lists_members_and_activity(self, referent_client, commune_a, staff_a, referent):
        services.activity_record(commune=commune_a, actor=referent, verb=ActivityVerb.COMMUNE_UPDATED, subject="Hi")
        response = referent_client.get(self.url(commune_a))
        assert [m.user for m in response.context["members"]] == [staff_a]
        assert [a.subject for a in response.context["activities"]] == ["Hi"]

    def test_fixed_number_of_queries(self, client_for, referent, commune_a, commune_b):
        """1 or 15 milestones (and members, activities, invitations): the same number of queries."""

        def populate(commune, n):
            accompaniment = AccompanimentFactory(commune=commune)
            MilestoneFactory.create_batch(n, accompaniment=accompaniment)
            MilestoneFactory.create_batch(n, accompaniment=accompaniment, completed_on=TODAY())
            for _ in range(n):
                MembershipFactory(commune=commune, role=Role.STAFF)
                ActivityFactory(commune=commune, actor=referent)
                InvitationFactory(commune=commune, invited_by=referent)

        populate(commune_a, 1)
        populate(commune_b, 15)
        counts = []
        for commune in (commune_a, commune_b):
            client = client_for(referent)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(self.url(commune))
            assert response.status_code == 200
            counts.append(len(queries))
        assert len(response.context["milestones"]) == 30
        assert counts[0] == counts[1], counts


# Commune details form ----------------------------------------------------------------------------


class TestCommuneUpdate:
    def url(self, commune):
        return reverse("communes:commune-update", args=[commune.slug])

    def test_get_shows_the_form(self, referent_client, commune_a):
        response = referent_client.get(self.url(commune_a))
        assert response.status_code == 200
        assert response.context["form"].instance == commune_a
        assert 'value="52015"' in response.content.decode()

    def test_post_saves_and_redirects(self, referent_client, referent, commune_a):
        data = {
            "name": "Courcelles",
            "province": "Hainaut",
            "nis_code": "52015",
            "population": "31500",
            "director_name": "Anne Leroy",
            "director_email": "dg@courcelles.example",
        }
        response = referent_client.post(self.url(commune_a), data)
        assert response.status_code == 302
        assert response.url == reverse("communes:commune-detail", args=[commune_a.slug])
        commune_a.refresh_from_db()
        assert (commune_a.population, commune_a.director_name, commune_a.director_email) == (
            31500,
            "Anne Leroy",
            "dg@courcelles.example",
        )
        activity = Activity.objects.get(commune=commune_a)
        assert (activity.verb, activity.actor) == (ActivityVerb.COMMUNE_UPDATED, referent)
        assert len(messages_of(response)) == 1

    @pytest.mark.parametrize(("headers", "status"), [({}, 200), ({"HX-Request": "true"}, 422)])
    def test_invalid_post_keeps_input_and_saves_nothing(self, referent_client, commune_a, headers, status):
        data = {"name": "Courcelles-Nord", "province": "Hainaut", "nis_code": "12ab", "director_name": "Zoé Marchal"}
        response = referent_client.post(self.url(commune_a), data, headers=headers)
        assert response.status_code == status
        content = response.content.decode()
        assert 'value="12ab"' in content
        assert "Zoé Marchal" in content
        assert "nis_code" in response.context["form"].errors
        commune_a.refresh_from_db()
        assert (commune_a.name, commune_a.nis_code, commune_a.director_name) == ("Courcelles", "52015", "")
        assert not Activity.objects.exists()

    def test_duplicate_name_in_territory_refused(self, referent_client, commune_a, commune_b):
        response = referent_client.post(self.url(commune_a), {"name": "Lobbes", "province": "Hainaut"})
        assert response.status_code == 200
        assert "name" in response.context["form"].errors
        commune_a.refresh_from_db()
        assert commune_a.name == "Courcelles"

    def test_same_name_in_another_territory_allowed(self, referent_client, commune_a, commune_other):
        response = referent_client.post(self.url(commune_a), {"name": "Andenne", "province": "Hainaut"})
        assert response.status_code == 302
        commune_a.refresh_from_db()
        assert commune_a.name == "Andenne"


# Accompaniment -----------------------------------------------------------------------------------


class TestAccompanimentStartView:
    def url(self, commune):
        return reverse("communes:accompaniment-update", args=[commune.slug])

    def test_get_shows_the_start_form(self, referent_client, commune_a):
        response = referent_client.get(self.url(commune_a))
        assert response.status_code == 200
        assert "phase" not in response.context["form"].fields
        assert response.context["accompaniment"] is None

    def test_start_with_defaults(self, referent_client, referent, commune_a):
        start = TODAY()
        response = referent_client.post(self.url(commune_a), {"kind": "roadmap", "start_date": start.isoformat()})
        assert response.status_code == 302
        assert response.url == reverse("communes:commune-detail", args=[commune_a.slug])
        accompaniment = Accompaniment.objects.get(commune=commune_a)
        assert accompaniment.planned_end_date == start + timedelta(weeks=8)
        assert accompaniment.milestones.count() == len(services.DEFAULT_MILESTONES)
        assert Activity.objects.get(commune=commune_a).verb == ActivityVerb.ACCOMPANIMENT_STARTED

    def test_start_with_end_date(self, referent_client, commune_a):
        start = TODAY()
        end = start + timedelta(weeks=6)
        response = referent_client.post(
            self.url(commune_a),
            {"kind": "roadmap", "start_date": start.isoformat(), "planned_end_date": end.isoformat()},
        )
        assert response.status_code == 302
        assert Accompaniment.objects.get(commune=commune_a).planned_end_date == end

    @pytest.mark.parametrize(("headers", "status"), [({}, 200), ({"HX-Request": "true"}, 422)])
    def test_single_project_without_title_keeps_input(self, referent_client, commune_a, headers, status):
        data = {"kind": "single_project", "project_title": "", "start_date": "2031-02-03"}
        response = referent_client.post(self.url(commune_a), data, headers=headers)
        assert response.status_code == status
        assert 'value="2031-02-03"' in response.content.decode()
        assert (
            translated(services.ERROR_PROJECT_TITLE_REQUIRED, response)
            in response.context["form"].errors["project_title"]
        )
        assert not Accompaniment.objects.exists()
        assert not Milestone.objects.exists()

    def test_end_before_start_refused(self, referent_client, commune_a):
        data = {"kind": "roadmap", "start_date": "2031-02-03", "planned_end_date": "2031-01-01"}
        response = referent_client.post(self.url(commune_a), data)
        assert response.status_code == 200
        content = response.content.decode()
        assert 'value="2031-02-03"' in content
        assert 'value="2031-01-01"' in content
        assert response.context["form"].errors
        assert not Accompaniment.objects.exists()

    def test_end_before_start_shows_the_service_message(self, referent_client, commune_a):
        data = {"kind": "roadmap", "start_date": "2031-02-03", "planned_end_date": "2031-01-01"}
        response = referent_client.post(self.url(commune_a), data)
        errors = response.context["form"].errors.get("planned_end_date", [])
        assert translated(services.ERROR_END_BEFORE_START, response) in errors

    def test_missing_start_date(self, referent_client, commune_a):
        response = referent_client.post(self.url(commune_a), {"kind": "single_project", "project_title": "Open data"})
        assert response.status_code == 200
        assert "start_date" in response.context["form"].errors
        assert "Open data" in response.content.decode()
        assert not Accompaniment.objects.exists()


class TestAccompanimentUpdateView:
    def url(self, commune):
        return reverse("communes:accompaniment-update", args=[commune.slug])

    def data(self, accompaniment, **overrides):
        return {
            "kind": accompaniment.kind,
            "project_title": accompaniment.project_title,
            "phase": accompaniment.phase,
            "status": accompaniment.status,
            "start_date": accompaniment.start_date.isoformat(),
            "planned_end_date": accompaniment.planned_end_date.isoformat(),
            **overrides,
        }

    def test_get_shows_the_full_form(self, referent_client, commune_a, accompaniment_a):
        response = referent_client.get(self.url(commune_a))
        assert response.status_code == 200
        assert "phase" in response.context["form"].fields
        assert response.context["accompaniment"] == accompaniment_a

    def test_changes_phase_and_status(self, referent_client, commune_a, accompaniment_a):
        response = referent_client.post(
            self.url(commune_a), self.data(accompaniment_a, phase="roadmap", status="on_hold")
        )
        assert response.status_code == 302
        accompaniment_a.refresh_from_db()
        assert (accompaniment_a.phase, accompaniment_a.status) == (Phase.ROADMAP, AccompanimentStatus.ON_HOLD)
        assert Activity.objects.get(commune=commune_a).verb == ActivityVerb.ACCOMPANIMENT_UPDATED

    @pytest.mark.parametrize(("headers", "status"), [({}, 200), ({"HX-Request": "true"}, 422)])
    def test_single_project_without_title_refused(self, referent_client, commune_a, accompaniment_a, headers, status):
        response = referent_client.post(
            self.url(commune_a), self.data(accompaniment_a, kind="single_project", phase="report"), headers=headers
        )
        assert response.status_code == status
        assert (
            translated(services.ERROR_PROJECT_TITLE_REQUIRED, response)
            in response.context["form"].errors["project_title"]
        )
        accompaniment_a.refresh_from_db()
        assert (accompaniment_a.kind, accompaniment_a.phase) == ("roadmap", Phase.DIAGNOSTIC)
        assert not Activity.objects.exists()

    def test_end_before_start_refused(self, referent_client, commune_a, accompaniment_a):
        end = accompaniment_a.start_date - timedelta(days=1)
        response = referent_client.post(
            self.url(commune_a), self.data(accompaniment_a, planned_end_date=end.isoformat())
        )
        assert response.status_code == 200
        assert f'value="{end.isoformat()}"' in response.content.decode()
        accompaniment_a.refresh_from_db()
        assert accompaniment_a.planned_end_date > accompaniment_a.start_date
        assert not Activity.objects.exists()


# Milestones --------------------------------------------------------------------------------------


class TestMilestoneCreate:
    def url(self, commune):
        return reverse("communes:milestone-create", args=[commune.slug])

    def test_without_accompaniment_redirects_to_start(self, referent_client, commune_a):
        response = referent_client.get(self.url(commune_a))
        assert response.status_code == 302
        assert response.url == reverse("communes:accompaniment-update", args=[commune_a.slug])
        response = referent_client.post(
            self.url(commune_a), {"title": "X", "phase": "roadmap", "due_date": "2030-01-01"}
        )
        assert response.status_code == 302
        assert not Milestone.objects.exists()

    def test_get_proposes_the_current_phase(self, referent_client, commune_a, accompaniment_a):
        accompaniment_a.phase = Phase.ROADMAP
        accompaniment_a.save(update_fields=["phase"])
        response = referent_client.get(self.url(commune_a))
        assert response.status_code == 200
        assert response.context["form"].initial["phase"] == Phase.ROADMAP

    def test_creates(self, referent_client, commune_a, accompaniment_a):
        data = {"title": "Citizen workshop", "phase": "roadmap", "due_date": "2030-05-06"}
        response = referent_client.post(self.url(commune_a), data)
        assert response.status_code == 302
        assert response.url == reverse("communes:commune-detail", args=[commune_a.slug])
        milestone = Milestone.objects.get()
        assert (milestone.title, milestone.phase, milestone.due_date.isoformat(), milestone.accompaniment) == (
            "Citizen workshop",
            "roadmap",
            "2030-05-06",
            accompaniment_a,
        )
        assert Activity.objects.get().verb == ActivityVerb.MILESTONE_ADDED

    @pytest.mark.parametrize(("headers", "status"), [({}, 200), ({"HX-Request": "true"}, 422)])
    def test_invalid_keeps_input(self, referent_client, commune_a, accompaniment_a, headers, status):
        data = {"title": "Citizen workshop", "phase": "roadmap", "due_date": "someday"}
        response = referent_client.post(self.url(commune_a), data, headers=headers)
        assert response.status_code == status
        content = response.content.decode()
        assert 'value="Citizen workshop"' in content
        assert 'value="someday"' in content
        assert not Milestone.objects.exists()


class TestMilestoneUpdate:
    def url(self, commune, milestone):
        return reverse("communes:milestone-update", args=[commune.slug, milestone.pk])

    def test_get(self, referent_client, commune_a, milestone_a):
        response = referent_client.get(self.url(commune_a, milestone_a))
        assert response.status_code == 200
        assert 'value="Kick-off"' in response.content.decode()
        assert reverse("communes:milestone-delete", args=[commune_a.slug, milestone_a.pk]) in response.content.decode()

    def test_updates(self, referent_client, commune_a, milestone_a):
        data = {"title": "Kick-off with the Collège", "phase": "diagnostic", "due_date": "2030-02-03"}
        response = referent_client.post(self.url(commune_a, milestone_a), data)
        assert response.status_code == 302
        milestone_a.refresh_from_db()
        assert (milestone_a.title, milestone_a.due_date.isoformat()) == ("Kick-off with the Collège", "2030-02-03")
        assert Activity.objects.get().verb == ActivityVerb.MILESTONE_UPDATED

    @pytest.mark.parametrize(("headers", "status"), [({}, 200), ({"HX-Request": "true"}, 422)])
    def test_invalid_keeps_input(self, referent_client, commune_a, milestone_a, headers, status):
        data = {"title": "Renamed milestone", "phase": "not-a-phase", "due_date": "2030-02-03"}
        response = referent_client.post(self.url(commune_a, milestone_a), data, headers=headers)
        assert response.status_code == status
        assert 'value="Renamed milestone"' in response.content.decode()
        milestone_a.refresh_from_db()
        assert milestone_a.title == "Kick-off"
        assert not Activity.objects.exists()

    def test_milestone_of_another_commune_is_404(self, referent_client, commune_a, commune_b):
        other = MilestoneFactory(accompaniment=AccompanimentFactory(commune=commune_b))
        url = reverse("communes:milestone-update", args=[commune_a.slug, other.pk])
        assert referent_client.get(url).status_code == 404
        response = referent_client.post(url, {"title": "X", "phase": "roadmap", "due_date": "2030-01-01"})
        assert response.status_code == 404
        other.refresh_from_db()
        assert other.title != "X"

    def test_unknown_milestone_is_404(self, referent_client, commune_a, accompaniment_a):
        url = reverse("communes:milestone-update", args=[commune_a.slug, 999_999])
        assert referent_client.get(url).status_code == 404


class TestMilestoneComplete:
    def url(self, commune, milestone):
        return reverse("communes:milestone-complete", args=[commune.slug, milestone.pk])

    def test_complete_and_uncomplete(self, referent_client, commune_a, milestone_a):
        response = referent_client.post(self.url(commune_a, milestone_a), {"completed": "1"})
        assert response.status_code == 302
        assert response.url == reverse("communes:commune-detail", args=[commune_a.slug])
        milestone_a.refresh_from_db()
        assert milestone_a.completed_on == TODAY()
        referent_client.post(self.url(commune_a, milestone_a), {"completed": "0"})
        milestone_a.refresh_from_db()
        assert milestone_a.completed_on is None
        assert list(Activity.objects.order_by("pk").values_list("verb", flat=True)) == [
            ActivityVerb.MILESTONE_COMPLETED,
            ActivityVerb.MILESTONE_UPDATED,
        ]

    def test_htmx_returns_the_row_only(self, referent_client, commune_a, milestone_a):
        response = referent_client.post(
            self.url(commune_a, milestone_a), {"completed": "1"}, headers={"HX-Request": "true"}
        )
        assert response.status_code == 200
        assert not is_full_page(response)
        content = response.content.decode()
        assert content.strip().startswith(f'<tr id="milestone-{milestone_a.pk}"')
        assert 'name="completed" value="0"' in content
        milestone_a.refresh_from_db()
        assert milestone_a.completed_on == TODAY()

    def test_milestone_of_another_commune_is_404(self, referent_client, commune_a, commune_b):
        other = MilestoneFactory(accompaniment=AccompanimentFactory(commune=commune_b))
        response = referent_client.post(
            reverse("communes:milestone-complete", args=[commune_a.slug, other.pk]), {"completed": "1"}
        )
        assert response.status_code == 404
        other.refresh_from_db()
        assert other.completed_on is None


class TestMilestoneDelete:
    def test_deletes(self, referent_client, commune_a, milestone_a):
        url = reverse("communes:milestone-delete", args=[commune_a.slug, milestone_a.pk])
        response = referent_client.post(url)
        assert response.status_code == 302
        assert response.url == reverse("communes:commune-detail", args=[commune_a.slug])
        assert not Milestone.objects.filter(pk=milestone_a.pk).exists()
        assert Activity.objects.get().verb == ActivityVerb.MILESTONE_DELETED

    def test_milestone_of_another_commune_is_404(self, referent_client, commune_a, commune_b):
        other = MilestoneFactory(accompaniment=AccompanimentFactory(commune=commune_b))
        response = referent_client.post(reverse("communes:milestone-delete", args=[commune_a.slug, other.pk]))
        assert response.status_code == 404
        assert Milestone.objects.filter(pk=other.pk).exists()
