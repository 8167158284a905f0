"""Redis away (the real client refused on a closed port): every queueing POST answers within 2 s with
QUEUE_UNAVAILABLE, leaves no half-made row, and the same action works once Redis is back."""

import time
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from communes.models import Invitation
from diagnostics.models import EmailStatus, Respondent
from diagnostics.services import campaigns
from reports.models import Report, ReportStatus
from roadmaps.models import Criterion, Mark, ProjectSheet, Roadmap
from roadmaps.services import roadmaps as roadmap_services
from smartregion.tasks import QUEUE_UNAVAILABLE
from tests.helpers import assert_message_in, messages_of, translated
from tests.reports.conftest import FAKE_PDF, make_report

# Real commits, so that on_commit callbacks run when the service's transaction ends, as in production.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

FAST = 2.0  # seconds: a dead Redis must not hold a page longer


def timed_post(client, url, data=None, **extra):
    started = time.monotonic()
    response = client.post(url, data or {}, **extra)
    return response, time.monotonic() - started


def warm(client, url):
    client.get(url)  # imports every URLconf and template once: not part of the timing


# Reports ----------------------------------------------------------------------------------------


@pytest.fixture
def fast_pdf(monkeypatch):
    from reports import assembly
    from reports.assembly import Assembly
    from reports.rendering import Rendered

    calls = []

    def fake(doc, **_kwargs):
        calls.append(doc)
        return Rendered(FAKE_PDF, 3, "", 0.0, 0.0), Assembly()

    monkeypatch.setattr(assembly, "render_assembled", fake)
    return calls


def test_report_request_is_undone_and_the_form_comes_back(queue_down, referent_client, commune_a, fast_pdf):
    url = reverse("reports:report-create", args=[commune_a.slug])
    warm(referent_client, url)
    response, elapsed = timed_post(referent_client, url, {"language": "fr", "introduction": "Bonjour à tous."})
    assert elapsed < FAST
    assert response.status_code == 503
    assert_message_in(response, QUEUE_UNAVAILABLE)
    assert "Bonjour à tous." in response.content.decode()  # the input is kept
    assert not Report.objects.exists()  # no pending version left to refuse the next request
    queue_down()  # Redis is back
    response = referent_client.post(url, {"language": "fr", "introduction": "Bonjour à tous."})
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.status == ReportStatus.DONE
    assert len(fast_pdf) == 1


def test_report_retry_goes_back_to_failed(queue_down, referent_client, commune_a, fast_pdf):
    report = make_report(commune_a, status=ReportStatus.FAILED)
    url = reverse("reports:report-retry", args=[commune_a.slug, report.pk])
    warm(referent_client, reverse("reports:report-detail", args=[commune_a.slug, report.pk]))
    response, elapsed = timed_post(referent_client, url)
    assert elapsed < FAST
    assert response.status_code == 302
    assert translated(QUEUE_UNAVAILABLE, response) in messages_of(response)
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED  # not a pending version that blocks a new request
    queue_down()
    referent_client.post(url)
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE


# Territory invitations --------------------------------------------------------------------------


def test_invitation_is_undone_and_the_form_comes_back(queue_down, referent_client, territory, commune_a):
    url = reverse("communes:invitation-create", args=[territory.slug])
    data = {"email": "new@commune.example", "role": "staff", "commune": commune_a.slug}
    warm(referent_client, url)
    response, elapsed = timed_post(referent_client, url, data)
    assert elapsed < FAST
    assert response.status_code == 503
    assert_message_in(response, QUEUE_UNAVAILABLE)
    assert "new@commune.example" in response.content.decode()
    assert not Invitation.objects.exists()  # nothing pending refuses the same invitation made again
    assert not commune_a.activities.filter(subject="new@commune.example").exists()
    queue_down()
    response = referent_client.post(url, data)
    assert response.status_code == 302
    assert Invitation.objects.get().sent_at is not None
    assert [m.to for m in mail.outbox] == [["new@commune.example"]]


def test_invitation_resend_stays_retryable(queue_down, referent_client, territory, commune_a, referent):
    invitation = Invitation.objects.create(
        email="x@commune.example",
        role="staff",
        territory=territory,
        commune=commune_a,
        invited_by=referent,
        expires_at=timezone.now() + timedelta(days=3),
    )
    url = reverse("communes:invitation-resend", args=[invitation.pk])
    warm(referent_client, reverse("communes:territory-people", args=[territory.slug]))
    response, elapsed = timed_post(referent_client, url)
    assert elapsed < FAST
    assert translated(QUEUE_UNAVAILABLE, response) in messages_of(response)
    queue_down()
    referent_client.post(url)
    invitation.refresh_from_db()
    assert invitation.sent_at is not None


# Campaign invitations and reminders -------------------------------------------------------------


@pytest.fixture
def live_campaign(commune_a, referent):
    from tests.diagnostics.conftest import build_small_questionnaire

    small = build_small_questionnaire(commune_a, referent)
    today = timezone.localdate()
    return campaigns.campaign_create(
        commune=commune_a,
        questionnaire=small.questionnaire,
        actor=referent,
        title="t",
        opens_on=today,
        closes_on=today + timedelta(days=5),
    )


def campaign_url(name, campaign):
    return reverse(f"diagnostics:{name}", args=[campaign.commune.slug, campaign.pk])


def test_people_added_are_removed_again_and_the_form_comes_back(queue_down, staff_a_client, live_campaign):
    url = campaign_url("respondent-create", live_campaign)
    data = {"group": live_campaign.groups.first().pk, "people": "anne@example.org", "language": "fr", "send": "on"}
    warm(staff_a_client, url)
    response, elapsed = timed_post(staff_a_client, url, data)
    assert elapsed < FAST
    assert response.status_code == 503
    assert_message_in(response, QUEUE_UNAVAILABLE)
    assert "anne@example.org" in response.content.decode()
    assert not Respondent.objects.exists()  # adding her again is not refused as "already invited"
    queue_down()
    response = staff_a_client.post(url, data)
    assert response.status_code == 302
    assert Respondent.objects.get().email_status == EmailStatus.SENT


def test_invitations_send_marks_them_failed_then_sends(queue_down, staff_a_client, live_campaign, referent):
    campaigns.respondents_add(
        campaign=live_campaign,
        group=live_campaign.groups.first(),
        actor=referent,
        people=[("Anne", "anne@example.org"), ("Paul", "paul@example.org")],
        send=False,
    )
    url = campaign_url("invitations-send", live_campaign)
    warm(staff_a_client, campaign_url("campaign-detail", live_campaign))
    response, elapsed = timed_post(staff_a_client, url)
    assert elapsed < FAST
    assert translated(QUEUE_UNAVAILABLE, response) in messages_of(response)
    assert set(Respondent.objects.values_list("email_status", flat=True)) == {EmailStatus.FAILED}
    queue_down()
    staff_a_client.post(url)
    assert set(Respondent.objects.values_list("email_status", flat=True)) == {EmailStatus.SENT}
    assert len(mail.outbox) == 2


# Roadmap scores ---------------------------------------------------------------------------------


def test_marks_are_saved_and_the_rescore_works_once_redis_is_back(queue_down, staff_a_client, commune_a, referent):
    roadmap = roadmap_services.roadmap_create(commune=commune_a, actor=referent)
    sheet = ProjectSheet.objects.create(roadmap=roadmap, title="Website")
    data = {f"criterion_{c.pk}": "4" for c in Criterion.objects.filter(roadmap=roadmap)}
    warm(staff_a_client, reverse("roadmaps:roadmap-detail", args=[commune_a.slug]))
    response, elapsed = timed_post(
        staff_a_client, reverse("roadmaps:sheet-marks", args=[commune_a.slug, sheet.pk]), data
    )
    assert elapsed < FAST
    assert translated(QUEUE_UNAVAILABLE, response) in messages_of(response)
    assert Mark.objects.filter(sheet=sheet).count() == 6  # the change itself is kept
    roadmap.refresh_from_db()
    assert roadmap.scoring_pending and roadmap.scoring_enqueue_failed_at is not None
    rescore = reverse("roadmaps:roadmap-rescore", args=[commune_a.slug])
    response, elapsed = timed_post(staff_a_client, rescore)
    assert elapsed < FAST
    assert translated(QUEUE_UNAVAILABLE, response) in messages_of(response)
    queue_down()
    staff_a_client.post(rescore)
    roadmap = Roadmap.objects.get(pk=roadmap.pk)
    assert not roadmap.scoring_pending and roadmap.scoring_enqueue_failed_at is None


def test_pages_keep_working(queue_down, referent_client, commune_a):
    assert referent_client.get(reverse("home")).status_code == 200
    assert referent_client.get(reverse("communes:commune-detail", args=[commune_a.slug])).status_code == 200
    assert referent_client.get(reverse("reports:report-list", args=[commune_a.slug])).status_code == 200


# E-mail change ----------------------------------------------------------------------------------


def test_email_change_says_nothing_was_sent_and_works_once_back(queue_down, client_for):
    from tests.factories import PASSWORD, UserFactory

    user = UserFactory(email="anne@example.org")
    client = client_for(user)
    data = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": "new@example.org",
        "language": user.language,
        "current_password": PASSWORD,
    }
    warm(client, "/accounts/profile/")
    response, elapsed = timed_post(client, "/accounts/profile/", data)
    assert elapsed < FAST
    assert response.status_code == 302
    assert translated(QUEUE_UNAVAILABLE, response) in messages_of(response)
    assert mail.outbox == []
    user.refresh_from_db()
    assert user.email == "anne@example.org"
    queue_down()
    client.post("/accounts/profile/", data)
    assert sorted(m.to[0] for m in mail.outbox) == ["anne@example.org", "new@example.org"]


# Open links: the throttles count in Redis --------------------------------------------------------


def test_open_link_start_still_works_when_the_throttle_cache_is_away(settings):
    """Respondents are not turned away with a 500 because the throttle counters cannot be reached."""
    from django.test import RequestFactory

    from diagnostics.guards import throttled
    from tests.conftest import UNREACHABLE_REDIS

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": UNREACHABLE_REDIS,
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }  # Django drops its cache connections when CACHES changes
    request = RequestFactory().post("/q/x/")
    started = time.monotonic()
    assert throttled(request, group="test", rate_setting="OPEN_LINK_START_RATE_PER_IP") is False
    assert time.monotonic() - started < FAST
