"""Campaigns, respondent groups, invitations and reminders by e-mail, open links."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone
from kombu.exceptions import OperationalError

from communes.models import Activity
from diagnostics.models import Campaign, EmailStatus, GroupKind, Respondent
from diagnostics.services import builder, campaigns
from diagnostics.tasks import questionnaire_emails_process_due, respondent_email_send
from diagnostics.tokens import response_token
from smartregion.errors import ServiceError

TODAY = timezone.localdate


def add_people(campaign, group, actor, people, *, send=True):
    return campaigns.respondents_add(campaign=campaign, group=group, actor=actor, people=people, send=send)


# Campaigns and groups ----------------------------------------------------------------------------


def test_campaign_gets_the_five_usual_groups(campaign):
    assert [g.kind for g in campaign.groups.all()] == [
        GroupKind.COLLEGE,
        GroupKind.ADMINISTRATION,
        GroupKind.COMMISSIONS,
        GroupKind.CITIZENS,
        GroupKind.OTHER,
    ]
    assert campaign.status() == "open"
    assert Activity.objects.filter(verb="campaign_created", commune=campaign.commune).exists()


def test_campaign_checks_questionnaire_and_dates(small, commune_a, commune_b, referent):
    today = TODAY()
    with pytest.raises(ServiceError) as error:
        campaigns.campaign_create(
            commune=commune_b,
            questionnaire=small.questionnaire,
            actor=referent,
            title="x",
            opens_on=today,
            closes_on=today,
        )
    assert error.value.message == campaigns.ERROR_QUESTIONNAIRE_OTHER_COMMUNE
    with pytest.raises(ServiceError) as error:
        campaigns.campaign_create(
            commune=commune_a,
            questionnaire=small.questionnaire,
            actor=referent,
            title="x",
            opens_on=today,
            closes_on=today - timedelta(days=1),
        )
    assert error.value.message == campaigns.ERROR_DATES
    with pytest.raises(ServiceError) as error:
        campaigns.campaign_create(
            commune=commune_a,
            questionnaire=small.questionnaire,
            actor=referent,
            title="x",
            opens_on=today - timedelta(days=9),
            closes_on=today - timedelta(days=1),
        )
    assert error.value.message == campaigns.ERROR_CLOSES_IN_PAST
    empty = builder.questionnaire_create(commune=commune_a, actor=referent, title_fr="Vide")
    with pytest.raises(ServiceError) as error:
        campaigns.campaign_create(
            commune=commune_a, questionnaire=empty, actor=referent, title="x", opens_on=today, closes_on=today
        )
    assert error.value.message == campaigns.ERROR_QUESTIONNAIRE_EMPTY


def test_campaign_status_follows_the_dates(campaign):
    today = TODAY()
    assert campaign.status(today - timedelta(days=4)) == "scheduled"
    assert campaign.status(campaign.closes_on) == "open"
    assert campaign.status(campaign.closes_on + timedelta(days=1)) == "closed"


def test_groups_are_editable_and_used_ones_stay(campaign, groups, respondent, referent):
    group = campaigns.group_create(campaign=campaign, actor=referent, kind=GroupKind.OTHER, name=" CLDR ")
    assert group.display_name == "CLDR"
    campaigns.group_update(group=group, actor=referent, fields={"name": "Commission de rénovation rurale"})
    campaigns.group_delete(group=group, actor=referent)
    with pytest.raises(ServiceError) as error:
        campaigns.group_delete(group=groups[GroupKind.ADMINISTRATION], actor=referent)
    assert error.value.message == campaigns.ERROR_GROUP_IN_USE


# Respondents and e-mails -------------------------------------------------------------------------


def test_invited_people_get_a_personal_link_by_e_mail(campaign, groups, staff_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        people = add_people(
            campaign,
            groups[GroupKind.COLLEGE],
            staff_a,
            [("Anne Lejeune", "Anne@Example.org"), ("", "paul@example.org")],
        )
    assert [p.email for p in people] == ["anne@example.org", "paul@example.org"]
    assert people[1].name == "paul@example.org"
    assert len(mail.outbox) == 2
    message = next(m for m in mail.outbox if m.to == ["anne@example.org"])
    assert response_token(people[0].response) in message.body
    assert campaign.commune.name in message.subject
    anne = Respondent.objects.get(pk=people[0].pk)
    assert anne.email_status == EmailStatus.SENT
    assert anne.invited_at is not None


def test_the_same_person_is_not_invited_twice(campaign, groups, respondent, referent):
    with pytest.raises(ServiceError) as error:
        add_people(campaign, groups[GroupKind.COLLEGE], referent, [("M", "MARIE@courcelles.example")], send=False)
    assert error.value.message == campaigns.ERROR_RESPONDENT_EXISTS % {"emails": "marie@courcelles.example"}


def test_group_of_another_campaign_is_refused(campaign, small, commune_a, referent):
    other = campaigns.campaign_create(
        commune=commune_a,
        questionnaire=small.questionnaire,
        actor=referent,
        title="Autre",
        opens_on=TODAY(),
        closes_on=TODAY(),
    )
    with pytest.raises(ServiceError) as error:
        add_people(campaign, other.groups.first(), referent, [("A", "a@example.org")])
    assert error.value.message == campaigns.ERROR_GROUP_OUTSIDE


def test_sending_twice_sends_one_e_mail(campaign, respondent, referent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert campaigns.invitations_send(campaign=campaign, actor=referent).requested == 1
    assert len(mail.outbox) == 1
    # A task delivered twice, and a second click: nothing more.
    assert respondent_email_send(respondent.pk) is False
    with django_capture_on_commit_callbacks(execute=True):
        assert campaigns.invitations_send(campaign=campaign, actor=referent).requested == 0
    assert len(mail.outbox) == 1


def test_failed_e_mail_is_shown_and_can_be_sent_again(
    campaign, respondent, referent, django_capture_on_commit_callbacks
):
    with (
        mock.patch("diagnostics.services.campaigns.send_mail", side_effect=OSError("SMTP down")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        campaigns.invitations_send(campaign=campaign, actor=referent)
    respondent.refresh_from_db()
    assert respondent.email_status == EmailStatus.FAILED
    assert "SMTP down" in respondent.email_error
    with django_capture_on_commit_callbacks(execute=True):
        assert campaigns.invitations_send(campaign=campaign, actor=referent).requested == 1
    respondent.refresh_from_db()
    assert respondent.email_status == EmailStatus.SENT
    assert len(mail.outbox) == 1


def test_broker_down_leaves_the_e_mails_retryable(campaign, respondent, referent, django_capture_on_commit_callbacks):
    with (
        mock.patch.object(respondent_email_send, "apply_async", side_effect=OperationalError("connection refused")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        queued = campaigns.invitations_send(campaign=campaign, actor=referent)
    assert (queued.ok, queued.requested, queued.count, queued.failed) == (False, 1, 0, [(respondent.pk,)])
    respondent.refresh_from_db()
    assert respondent.email_status == EmailStatus.FAILED
    assert respondent.email_error == campaigns.QUEUE_DOWN_NOTE
    # The broker is back: sending again works.
    with django_capture_on_commit_callbacks(execute=True):
        queued = campaigns.invitations_send(campaign=campaign, actor=referent)
    assert (queued.ok, queued.count) == (True, 1)
    assert len(mail.outbox) == 1


def test_broker_down_removes_the_people_just_added(campaign, groups, referent, django_capture_on_commit_callbacks):
    people = [("Anne", "anne@example.org")]
    with (
        mock.patch.object(respondent_email_send, "apply_async", side_effect=OperationalError("connection refused")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        (person,) = campaigns.respondents_add(campaign=campaign, group=groups["college"], actor=referent, people=people)
    assert person.queued.ok is False
    assert not campaign.respondents.exists()
    assert not campaign.responses.exists()
    # The broker is back: adding the same person again is not refused as "already invited".
    with django_capture_on_commit_callbacks(execute=True):
        (person,) = campaigns.respondents_add(campaign=campaign, group=groups["college"], actor=referent, people=people)
    assert person.queued.ok is True
    assert [m.to for m in mail.outbox] == [["anne@example.org"]]


def test_reminders_go_to_invited_people_who_have_not_submitted(
    campaign, groups, referent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        done, pending, revoked = add_people(
            campaign,
            groups[GroupKind.COLLEGE],
            referent,
            [("A", "a@example.org"), ("B", "b@example.org"), ("C", "c@example.org")],
        )
    done.response.submitted_at = timezone.now()
    done.response.save(update_fields=["submitted_at"])
    campaigns.respondent_revoke(respondent=revoked, actor=referent)
    not_invited = add_people(campaign, groups[GroupKind.COLLEGE], referent, [("D", "d@example.org")], send=False)[0]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert campaigns.reminders_send(campaign=campaign, actor=referent).requested == 1
    assert [m.to for m in mail.outbox] == [["b@example.org"]]
    assert "Reminder" in mail.outbox[0].subject or "Rappel" in mail.outbox[0].subject
    pending.refresh_from_db()
    assert pending.reminders_sent == 1
    assert pending.last_reminded_at is not None
    not_invited.refresh_from_db()
    assert not_invited.reminders_sent == 0


def test_writing_to_one_person_again_invites_or_reminds(campaign, groups, referent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invited = add_people(campaign, groups[GroupKind.COLLEGE], referent, [("A", "a@example.org")])[0]
    not_invited = add_people(campaign, groups[GroupKind.COLLEGE], referent, [("B", "b@example.org")], send=False)[0]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        first = campaigns.respondent_remind(campaign=campaign, actor=referent, respondent_ids=[not_invited.pk])
        second = campaigns.respondent_remind(campaign=campaign, actor=referent, respondent_ids=[invited.pk])
    assert (first.requested, second.requested) == (1, 1)
    invited.refresh_from_db()
    not_invited.refresh_from_db()
    assert [m.to for m in mail.outbox] == [["b@example.org"], ["a@example.org"]]
    assert not_invited.invited_at is not None and not_invited.reminders_sent == 0
    assert invited.reminders_sent == 1


def test_reminders_only_while_open(campaign, referent):
    campaign.opens_on = TODAY() + timedelta(days=1)
    campaign.closes_on = TODAY() + timedelta(days=5)
    campaign.save()
    with pytest.raises(ServiceError) as error:
        campaigns.reminders_send(campaign=campaign, actor=referent)
    assert error.value.message == campaigns.ERROR_REMINDERS_NOT_OPEN


def test_closed_campaign_sends_nothing(campaign, respondent, referent):
    Campaign.objects.filter(pk=campaign.pk).update(
        opens_on=TODAY() - timedelta(days=10), closes_on=TODAY() - timedelta(days=1)
    )
    campaign.refresh_from_db()
    with pytest.raises(ServiceError) as error:
        campaigns.invitations_send(campaign=campaign, actor=referent)
    assert error.value.message == campaigns.ERROR_CAMPAIGN_CLOSED


def test_scheduled_reminders(campaign, groups, referent, django_capture_on_commit_callbacks):
    campaigns.campaign_update(campaign=campaign, actor=referent, fields={"reminder_every_days": 7, "max_reminders": 2})
    with django_capture_on_commit_callbacks(execute=True):
        (person,) = add_people(campaign, groups[GroupKind.COLLEGE], referent, [("A", "a@example.org")])
    mail.outbox.clear()
    # Too early: nothing.
    with django_capture_on_commit_callbacks(execute=True):
        assert questionnaire_emails_process_due() == {"requeued": 0, "reminders": 0}
    Respondent.objects.filter(pk=person.pk).update(invited_at=timezone.now() - timedelta(days=8))
    with django_capture_on_commit_callbacks(execute=True):
        assert questionnaire_emails_process_due()["reminders"] == 1
    assert len(mail.outbox) == 1
    # Reminded just now: not again until another week has passed.
    with django_capture_on_commit_callbacks(execute=True):
        assert questionnaire_emails_process_due()["reminders"] == 0
    later = timezone.now() + timedelta(days=8)
    with (
        mock.patch("django.utils.timezone.now", return_value=later),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert campaigns.questionnaire_emails_process_due(now=later)["reminders"] == 1
    person.refresh_from_db()
    assert person.reminders_sent == 2
    # At most two reminders.
    even_later = later + timedelta(days=8)
    with (
        mock.patch("django.utils.timezone.now", return_value=even_later),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert campaigns.questionnaire_emails_process_due(now=even_later)["reminders"] == 0


def test_stuck_e_mails_are_queued_again(campaign, respondent, django_capture_on_commit_callbacks):
    Respondent.objects.filter(pk=respondent.pk).update(
        email_status=EmailStatus.SENDING, email_requested_at=timezone.now() - timedelta(hours=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert questionnaire_emails_process_due()["requeued"] == 1
    respondent.refresh_from_db()
    assert respondent.email_status == EmailStatus.SENT
    assert len(mail.outbox) == 1


def test_reminder_skipped_when_the_person_submitted_meanwhile(campaign, respondent, referent):
    Respondent.objects.filter(pk=respondent.pk).update(email_status=EmailStatus.QUEUED, invited_at=timezone.now())
    respondent.response.submitted_at = timezone.now()
    respondent.response.save(update_fields=["submitted_at"])
    assert respondent_email_send(respondent.pk) is False
    assert mail.outbox == []
    respondent.refresh_from_db()
    assert respondent.email_status == EmailStatus.SENT


# Open links --------------------------------------------------------------------------------------


def test_open_link_cannot_close_after_the_campaign(campaign, groups, referent):
    with pytest.raises(ServiceError) as error:
        campaigns.open_link_create(
            campaign=campaign,
            group=groups[GroupKind.CITIZENS],
            actor=referent,
            closes_on=campaign.closes_on + timedelta(days=1),
        )
    assert error.value.field == "closes_on"
    link = campaigns.open_link_create(
        campaign=campaign, group=groups[GroupKind.CITIZENS], actor=referent, max_responses=5
    )
    campaigns.open_link_update(link=link, actor=referent, fields={"max_responses": 10, "closes_on": campaign.closes_on})
    link.refresh_from_db()
    assert link.max_responses == 10
    campaigns.open_link_revoke(link=link, actor=referent)
    assert link.revoked_at is not None
