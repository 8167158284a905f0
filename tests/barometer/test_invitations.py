"""Answer links: invitations, the binôme's two versions, submission, reminders once a day, link refusals."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from barometer import invitations
from barometer.invitations import Addresses, LinkError
from barometer.models import EmailStatus, Invitee, InviteeRole, Reminder, Response, ResponseSource
from barometer.selectors import ANSWERED, BOUNCED, NOT_INVITED, NOT_OPENED, STARTED, edition_follow_up
from smartregion.errors import ServiceError
from smartregion.tokens import hash_token, looks_like_token
from tests.barometer.conftest import answer

ANSWERS = {"smartness": 7, "themes": ["mobility"], "purchasing": "no", "involved": True, "obstacles": "Budget"}


def _token_in(message) -> str:
    line = next(line for line in message.body.splitlines() if "/barometer/answer/" in line)
    return line.rstrip("/").split("/")[-1]


@pytest.fixture
def invited(edition, commune_a, referent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitations.invitations_send(
            edition=edition,
            actor=referent,
            people={commune_a.pk: Addresses("dg@courcelles.example", "echevin@courcelles.example")},
        )
    admin = Invitee.objects.get(role=InviteeRole.ADMINISTRATION)
    alderman = Invitee.objects.get(role=InviteeRole.ALDERMAN)
    return admin, alderman


def _confirm(invitee, capture):
    with capture(execute=True):
        return invitations.invitee_confirm(invitee=invitee)


class TestSending:
    def test_each_address_gets_its_own_hashed_link(self, invited):
        admin, alderman = invited
        assert len(mail.outbox) == 2
        tokens = {message.to[0]: _token_in(message) for message in mail.outbox}
        assert looks_like_token(tokens["dg@courcelles.example"])
        assert hash_token(tokens["dg@courcelles.example"]) == admin.token_hash
        assert tokens["dg@courcelles.example"] not in admin.token_hash + admin.token_nonce
        assert invitations.invitee_from_token(tokens["echevin@courcelles.example"]) == alderman
        admin.refresh_from_db()
        assert admin.email_status == EmailStatus.SENT and admin.invited_at is not None

    def test_sending_again_writes_only_to_new_addresses(
        self, invited, edition, commune_a, referent, django_capture_on_commit_callbacks
    ):
        admin, alderman = invited
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            invitations.invitations_send(
                edition=edition,
                actor=referent,
                people={commune_a.pk: Addresses("dg@courcelles.example", "autre@courcelles.example")},
            )
        assert [m.to for m in mail.outbox] == [["autre@courcelles.example"]]
        with pytest.raises(LinkError):  # the old address's link is dead
            invitations.invitee_from_token(invitations.invitee_token(alderman))

    def test_refusals(self, edition, closed_edition, commune_a, commune_other, referent):
        with pytest.raises(ServiceError) as error:
            invitations.invitations_send(edition=edition, actor=referent, people={commune_a.pk: Addresses()})
        assert error.value.message == invitations.ERROR_NO_ADDRESS % {"commune": "Courcelles"}
        with pytest.raises(ServiceError) as error:
            invitations.invitations_send(
                edition=edition, actor=referent, people={commune_a.pk: Addresses("a@x.example", "A@x.example")}
            )
        assert error.value.field == f"c{commune_a.pk}_ald"
        with pytest.raises(ServiceError) as error:
            invitations.invitations_send(
                edition=edition, actor=referent, people={commune_other.pk: Addresses("a@x.be")}
            )
        assert error.value.message == invitations.ERROR_COMMUNE_OUTSIDE
        with pytest.raises(ServiceError) as error:
            invitations.invitations_send(
                edition=closed_edition, actor=referent, people={commune_a.pk: Addresses("a@x.be")}
            )
        assert error.value.message == invitations.ERROR_NOT_OPEN
        with pytest.raises(ServiceError) as error:
            invitations.invitations_send(edition=edition, actor=referent, people={})
        assert error.value.message == invitations.ERROR_NO_COMMUNE

    def test_a_bounce_is_recorded(self, edition, commune_a, referent, settings, django_capture_on_commit_callbacks):
        settings.EMAIL_BACKEND = "tests.barometer.test_invitations.FailingBackend"
        with django_capture_on_commit_callbacks(execute=True):
            invitations.invitations_send(edition=edition, actor=referent, people={commune_a.pk: Addresses("x@y.be")})
        invitee = Invitee.objects.get()
        assert invitee.email_status == EmailStatus.FAILED
        assert edition_follow_up(edition).counts[BOUNCED] == 1


class FailingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise OSError("550 mailbox unknown")


class TestBinome:
    def test_both_confirm_the_same_answers_and_the_commune_has_answered(
        self, invited, edition, commune_a, django_capture_on_commit_callbacks
    ):
        admin, alderman = invited
        mail.outbox.clear()
        invitations.invitee_save(invitee=admin, answers=ANSWERS, name="Anne Dupont")
        _confirm(admin, django_capture_on_commit_callbacks)
        assert [m.to for m in mail.outbox] == [["echevin@courcelles.example"]]  # asked to review
        assert not Response.objects.exists()
        alderman.refresh_from_db()
        invitations.invitee_save(invitee=alderman, answers=ANSWERS, name="Marc Lenoir")
        _confirm(alderman, django_capture_on_commit_callbacks)
        response = Response.objects.get(edition=edition, commune=commune_a)
        assert response.source == ResponseSource.ONLINE
        assert (response.respondent_name, response.alderman_name) == ("Anne Dupont", "Marc Lenoir")
        assert response.answers.get(question__code="smartness").number == 7

    def test_an_amendment_keeps_both_versions_until_they_agree(self, invited, django_capture_on_commit_callbacks):
        admin, alderman = invited
        invitations.invitee_save(invitee=admin, answers=ANSWERS)
        _confirm(admin, django_capture_on_commit_callbacks)
        invitations.invitee_save(invitee=alderman, answers={**ANSWERS, "smartness": 5})
        _confirm(alderman, django_capture_on_commit_callbacks)
        admin.refresh_from_db()
        alderman.refresh_from_db()
        assert not Response.objects.exists()
        assert admin.confirmed_at is None  # asked to review the amended version
        assert (admin.answers["smartness"], alderman.answers["smartness"]) == (7, 5)
        invitations.invitee_save(invitee=admin, answers={"smartness": 5})
        _confirm(admin, django_capture_on_commit_callbacks)
        assert Response.objects.get().answers.get(question__code="smartness").number == 5

    def test_alone_a_confirmation_submits(self, edition, commune_a, referent, django_capture_on_commit_callbacks):
        invitations.invitations_send(edition=edition, actor=referent, people={commune_a.pk: Addresses("dg@c.be")})
        invitee = Invitee.objects.get()
        invitations.invitee_save(invitee=invitee, answers=ANSWERS)
        _confirm(invitee, django_capture_on_commit_callbacks)
        assert Response.objects.filter(commune=commune_a).exists()

    def test_the_referent_accepts_one_persons_answers(self, invited, referent, django_capture_on_commit_callbacks):
        admin, alderman = invited
        with pytest.raises(ServiceError) as error:
            invitations.invitation_accept_single(invitation=admin.invitation, invitee=admin, actor=referent)
        assert error.value.message == invitations.ERROR_NOT_CONFIRMED
        invitations.invitee_save(invitee=admin, answers=ANSWERS)
        _confirm(admin, django_capture_on_commit_callbacks)
        invitations.invitation_accept_single(invitation=admin.invitation, invitee=admin, actor=referent)
        invitation = admin.invitation
        invitation.refresh_from_db()
        assert invitation.accepted_single_by == referent and invitation.submitted_at is not None
        assert Response.objects.get().answers.count() == 5

    def test_an_answer_out_of_range_is_refused_and_nothing_of_the_page_saved(self, invited):
        admin, _alderman = invited
        with pytest.raises(ServiceError) as error:
            invitations.invitee_save(invitee=admin, answers={"purchasing": "no", "smartness": 11})
        assert error.value.field == "q_smartness"
        admin.refresh_from_db()
        assert admin.answers == {}

    def test_a_required_question_left_empty_blocks_the_confirmation(self, invited):
        admin, _alderman = invited
        invitations.invitee_save(invitee=admin, answers={"purchasing": "no"})
        with pytest.raises(ServiceError) as error:
            invitations.invitee_confirm(invitee=admin)
        assert error.value.field == "q_smartness"

    def test_a_second_submission_is_refused(self, invited, django_capture_on_commit_callbacks):
        admin, alderman = invited
        invitations.invitee_save(invitee=admin, answers=ANSWERS)
        _confirm(admin, django_capture_on_commit_callbacks)
        invitations.invitee_save(invitee=alderman, answers=ANSWERS)
        _confirm(alderman, django_capture_on_commit_callbacks)
        for invitee in invited:
            with pytest.raises(LinkError) as error:
                invitations.invitee_save(invitee=invitee, answers={"smartness": 1})
            assert error.value.message == invitations.ERROR_ALREADY_SUBMITTED
        assert Response.objects.get().answers.get(question__code="smartness").number == 7


class TestLinks:
    def test_unknown_withdrawn_and_closed_links(self, invited, edition, referent):
        admin, _alderman = invited
        with pytest.raises(LinkError) as error:
            invitations.invitee_from_token("x" * 43)
        assert error.value.status == 404
        edition.closes_on = timezone.localdate() - timedelta(days=1)
        edition.save(update_fields=["closes_on"])
        admin.refresh_from_db()
        with pytest.raises(LinkError) as error:
            invitations.check_accepting(invitations.invitee_from_token(invitations.invitee_token(admin)))
        assert error.value.status == 410
        invitations.invitation_revoke(invitation=admin.invitation, actor=referent)
        with pytest.raises(LinkError) as error:
            invitations.invitee_from_token(invitations.invitee_token(admin))
        assert error.value.message == invitations.ERROR_LINK_REVOKED


class TestReminders:
    def test_twice_in_one_day_one_email_goes_out(
        self, edition, commune_a, referent, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            invitations.invitations_send(edition=edition, actor=referent, people={commune_a.pk: Addresses("dg@c.be")})
        mail.outbox.clear()
        for _time in range(2):
            with django_capture_on_commit_callbacks(execute=True):
                invitations.reminders_send(edition=edition, actor=referent)
        assert len(mail.outbox) == 1
        assert "Rappel" in mail.outbox[0].subject or "Reminder" in mail.outbox[0].subject
        assert Reminder.objects.count() == 1
        # The schedule the same day adds nothing either.
        with django_capture_on_commit_callbacks(execute=True):
            invitations.reminders_process_due(now=timezone.now() + timedelta(days=8))
        assert len(mail.outbox) == 2  # a later day: the scheduled reminder goes out

    def test_the_schedule_reminds_after_the_interval_only(
        self, edition, commune_a, referent, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            invitations.invitations_send(edition=edition, actor=referent, people={commune_a.pk: Addresses("dg@c.be")})
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            assert invitations.reminders_process_due()["reminders"] == 0
            assert invitations.reminders_process_due(now=timezone.now() + timedelta(days=8))["reminders"] == 1
            assert invitations.reminders_process_due(now=timezone.now() + timedelta(days=8, hours=1))["reminders"] == 0
        assert len(mail.outbox) == 1

    def test_communes_that_answered_are_not_reminded(self, edition, commune_a, referent):
        invitations.invitations_send(edition=edition, actor=referent, people={commune_a.pk: Addresses("dg@c.be")})
        answer(edition, commune_a, smartness=3)
        mail.outbox.clear()
        invitations.reminders_send(edition=edition, actor=referent)
        assert mail.outbox == [] and not Reminder.objects.exists()

    def test_refused_when_the_edition_is_closed(self, closed_edition, referent):
        with pytest.raises(ServiceError) as error:
            invitations.reminders_send(edition=closed_edition, actor=referent)
        assert error.value.message == invitations.ERROR_REMINDERS_NOT_OPEN


class TestFollowUp:
    def test_states(self, edition, commune_a, commune_b, referent, territory):
        from tests.factories import CommuneFactory

        third = CommuneFactory(territory=territory, name="Anderlues")
        CommuneFactory(territory=territory, name="Binche")
        invitations.invitations_send(
            edition=edition,
            actor=referent,
            people={
                commune_a.pk: Addresses("a@a.be"),
                commune_b.pk: Addresses("b@b.be"),
                third.pk: Addresses("c@c.be"),
            },
        )
        invitee_b = Invitee.objects.get(invitation__commune=commune_b)
        invitations.invitee_save(invitee=invitee_b, answers={"smartness": 4})
        answer(edition, third, smartness=3)
        follow_up = edition_follow_up(edition)
        assert follow_up.counts == {ANSWERED: 1, STARTED: 1, NOT_OPENED: 1, BOUNCED: 0, NOT_INVITED: 1}
        assert follow_up.provinces == [("Hainaut", follow_up.counts)]
        assert {row.commune.name for row in follow_up.to_answer} == {"Courcelles", "Lobbes", "Binche"}


class TestComparisonOnTheSameCommunes:
    @pytest.fixture
    def two_editions(self, edition, closed_edition, commune_a, commune_b, territory):
        from tests.factories import CommuneFactory

        third = CommuneFactory(territory=territory, name="Anderlues")
        answer(closed_edition, commune_a, smartness=2)
        answer(closed_edition, commune_b, smartness=10)
        answer(edition, commune_a, smartness=4)
        answer(edition, third, smartness=8)
        return edition, closed_edition

    def _smartness(self, page):
        comparison = next(c for c in page.context["compare_groups"] if c.comparison.code == "smartness").comparison
        return {point.year: point.value for point in comparison.series[0].points}

    def test_the_results_warn_and_offer_the_restricted_comparison(self, referent_client, two_editions):
        edition, earlier = two_editions
        from django.urls import reverse

        url = reverse("barometer:edition-results", args=[edition.pk])
        page = referent_client.get(url)
        assert page.context["different_communes"] is True
        assert f"?same={earlier.pk}" in page.text
        assert self._smartness(page) == {2022: 6.0, 2025: 6.0}  # on different communes
        restricted = referent_client.get(url, {"same": earlier.pk})
        assert restricted.context["same_as"].both == 1
        assert self._smartness(restricted) == {2022: 2.0, 2025: 4.0}  # Courcelles alone, in both
        assert restricted.context["results"].edition.respondents == 2  # the edition's own figures stay whole

    def test_no_warning_when_the_same_communes_answered(self, referent_client, edition, closed_edition, commune_a):
        from django.urls import reverse

        answer(closed_edition, commune_a, smartness=2)
        answer(edition, commune_a, smartness=4)
        page = referent_client.get(reverse("barometer:edition-results", args=[edition.pk]))
        assert page.context["different_communes"] is False


def test_the_referent_sets_the_reminder_interval(referent_client, edition):
    from django.urls import reverse

    url = reverse("barometer:edition-update", args=[edition.pk])
    data = {
        "year": edition.year,
        "title": edition.title,
        "opens_on": edition.opens_on.isoformat(),
        "closes_on": edition.closes_on.isoformat(),
        "reminder_every_days": "",
    }
    assert referent_client.post(url, data).status_code == 302
    edition.refresh_from_db()
    assert edition.reminder_every_days is None
    assert referent_client.post(url, {**data, "reminder_every_days": "0"}).status_code == 200  # refused, kept
