"""Running a campaign through the pages: dates, groups, invitations, reminders, open links."""

from datetime import timedelta

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from diagnostics.models import Campaign, GroupKind, OpenLink, Respondent, RespondentGroup
from diagnostics.services import campaigns
from diagnostics.tokens import open_link_token
from tests.helpers import messages_of, translated


def url(name, *args):
    return reverse(f"diagnostics:{name}", args=args)


def test_staff_create_a_campaign(staff_a_client, small, commune_a):
    today = timezone.localdate()
    response = staff_a_client.post(
        url("campaign-create", commune_a.slug),
        {
            "questionnaire": small.questionnaire.pk,
            "title": "Printemps",
            "opens_on": today.isoformat(),
            "closes_on": (today + timedelta(days=20)).isoformat(),
            "reminder_every_days": "7",
            "max_reminders": "2",
        },
    )
    campaign = Campaign.objects.get(title="Printemps")
    assert response.url == url("campaign-detail", commune_a.slug, campaign.pk)
    assert campaign.groups.count() == 5
    assert campaign.reminder_every_days == 7


def test_campaign_with_wrong_dates_keeps_the_input(staff_a_client, small, commune_a):
    today = timezone.localdate()
    response = staff_a_client.post(
        url("campaign-create", commune_a.slug),
        {
            "questionnaire": small.questionnaire.pk,
            "title": "Titre gardé",
            "opens_on": today.isoformat(),
            "closes_on": (today - timedelta(days=1)).isoformat(),
            "max_reminders": "3",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422
    assert "Titre gardé" in response.content.decode()
    assert not Campaign.objects.exists()


def test_questionnaire_of_another_commune_cannot_be_chosen(staff_b_client, small, commune_b):
    today = timezone.localdate()
    response = staff_b_client.post(
        url("campaign-create", commune_b.slug),
        {
            "questionnaire": small.questionnaire.pk,
            "title": "x",
            "opens_on": today.isoformat(),
            "closes_on": today.isoformat(),
            "max_reminders": "3",
        },
    )
    assert response.status_code == 200
    assert not Campaign.objects.exists()


def test_campaign_page_runs_a_fixed_number_of_queries(staff_a_client, campaign, groups, commune_a, referent):
    campaigns.respondents_add(
        campaign=campaign, group=groups[GroupKind.COLLEGE], actor=referent, people=[("A", "a@example.org")], send=False
    )
    target = url("campaign-detail", commune_a.slug, campaign.pk)
    with CaptureQueriesContext(connection) as one:
        assert staff_a_client.get(target).status_code == 200
    campaigns.respondents_add(
        campaign=campaign,
        group=groups[GroupKind.ADMINISTRATION],
        actor=referent,
        people=[(f"P{i}", f"p{i}@example.org") for i in range(25)],
        send=False,
    )
    campaigns.open_link_create(campaign=campaign, group=groups[GroupKind.CITIZENS], actor=referent)
    with CaptureQueriesContext(connection) as many:
        response = staff_a_client.get(target)
    assert "p24@example.org" in response.content.decode()
    assert len(one) == len(many)


def test_invite_people_by_name(staff_a_client, campaign, groups, commune_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_a_client.post(
            url("respondent-create", commune_a.slug, campaign.pk),
            {
                "group": groups[GroupKind.COLLEGE].pk,
                "people": "Anne Lejeune <anne@example.org>\nPaul Delcourt; paul@example.org\n\nchantal@example.org",
                "language": "fr",
                "send": "on",
            },
        )
    assert response.status_code == 302
    assert Respondent.objects.filter(campaign=campaign).count() == 3
    assert sorted(m.to[0] for m in mail.outbox) == ["anne@example.org", "chantal@example.org", "paul@example.org"]
    page = staff_a_client.get(url("campaign-detail", commune_a.slug, campaign.pk)).content.decode()
    assert "Anne Lejeune" in page


def test_send_and_remind_buttons_say_when_there_is_nothing_to_do(staff_a_client, campaign, groups, commune_a):
    page = staff_a_client.get(url("campaign-detail", commune_a.slug, campaign.pk)).content.decode()
    assert "Aucune invitation à envoyer" in page
    assert "Personne à relancer" in page
    assert "Envoyer 0" not in page
    staff_a_client.post(
        url("respondent-create", commune_a.slug, campaign.pk),
        {"group": groups[GroupKind.COLLEGE].pk, "people": "Anne <anne@example.org>", "language": "fr"},
    )
    page = staff_a_client.get(url("campaign-detail", commune_a.slug, campaign.pk)).content.decode()
    assert "Envoyer 1 invitation" in page
    assert "Aucune invitation à envoyer" not in page


def test_invalid_lines_are_explained_and_nothing_is_saved(staff_a_client, campaign, groups, commune_a):
    response = staff_a_client.post(
        url("respondent-create", commune_a.slug, campaign.pk),
        {
            "group": groups[GroupKind.COLLEGE].pk,
            "people": "Anne <anne@example.org>\nPaul sans adresse",
            "language": "fr",
        },
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Paul sans adresse" in content
    assert "Line 2" in content or "Ligne 2" in content
    assert not Respondent.objects.exists()


def test_invitations_and_reminders_buttons(
    staff_a_client, campaign, respondent, commune_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_a_client.post(url("invitations-send", commune_a.slug, campaign.pk))
    assert len(mail.outbox) == 1
    assert response.url.endswith("#respondents")
    with django_capture_on_commit_callbacks(execute=True):
        staff_a_client.post(url("reminders-send", commune_a.slug, campaign.pk))
    assert len(mail.outbox) == 2
    respondent.refresh_from_db()
    assert respondent.reminders_sent == 1
    with django_capture_on_commit_callbacks(execute=True):
        staff_a_client.post(url("respondent-remind", commune_a.slug, campaign.pk, respondent.pk))
    assert len(mail.outbox) == 3


def test_revoke_a_personal_link(staff_a_client, campaign, respondent, commune_a):
    staff_a_client.post(url("respondent-revoke", commune_a.slug, campaign.pk, respondent.pk))
    respondent.refresh_from_db()
    assert respondent.revoked_at is not None


def test_closed_campaign_refuses_invitations_with_a_message(staff_a_client, campaign, respondent, commune_a):
    Campaign.objects.filter(pk=campaign.pk).update(
        opens_on=timezone.localdate() - timedelta(days=5), closes_on=timezone.localdate() - timedelta(days=1)
    )
    response = staff_a_client.post(url("invitations-send", commune_a.slug, campaign.pk))
    assert translated(campaigns.ERROR_CAMPAIGN_CLOSED, response) in messages_of(response)
    assert mail.outbox == []


def test_groups_pages(staff_a_client, campaign, groups, respondent, commune_a):
    staff_a_client.post(url("group-create", commune_a.slug, campaign.pk), {"kind": "other", "name": "CCATM"})
    group = RespondentGroup.objects.get(campaign=campaign, name="CCATM")
    staff_a_client.post(
        url("group-update", commune_a.slug, campaign.pk, group.pk), {"kind": "commissions", "name": "CCATM"}
    )
    group.refresh_from_db()
    assert group.kind == "commissions"
    staff_a_client.post(url("group-delete", commune_a.slug, campaign.pk, group.pk))
    assert not RespondentGroup.objects.filter(pk=group.pk).exists()
    used = groups[GroupKind.ADMINISTRATION]
    response = staff_a_client.post(url("group-delete", commune_a.slug, campaign.pk, used.pk))
    assert translated(campaigns.ERROR_GROUP_IN_USE, response) in messages_of(response)


def test_open_links_pages(staff_a_client, campaign, groups, commune_a):
    staff_a_client.post(
        url("open-link-create", commune_a.slug, campaign.pk),
        {"group": groups[GroupKind.CITIZENS].pk, "max_responses": "100"},
    )
    link = OpenLink.objects.get(campaign=campaign)
    page = staff_a_client.get(url("campaign-detail", commune_a.slug, campaign.pk)).content.decode()
    assert url("open-link-start", open_link_token(link)) in page
    too_late = (campaign.closes_on + timedelta(days=1)).isoformat()
    response = staff_a_client.post(
        url("open-link-update", commune_a.slug, campaign.pk, link.pk), {"closes_on": too_late}
    )
    assert response.status_code == 200
    link.refresh_from_db()
    assert link.closes_on is None
    staff_a_client.post(url("open-link-revoke", commune_a.slug, campaign.pk, link.pk))
    link.refresh_from_db()
    assert link.revoked_at is not None


def test_campaign_dates_can_change(staff_a_client, campaign, commune_a):
    closes = campaign.closes_on + timedelta(days=7)
    staff_a_client.post(
        url("campaign-update", commune_a.slug, campaign.pk),
        {
            "title": "Nouveau titre",
            "opens_on": campaign.opens_on.isoformat(),
            "closes_on": closes.isoformat(),
            "max_reminders": "3",
        },
    )
    campaign.refresh_from_db()
    assert (campaign.title, campaign.closes_on) == ("Nouveau titre", closes)
