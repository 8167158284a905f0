"""Invitations: create, e-mail, token, accept, resend, revoke (communes/services.py and tasks.py)."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail, signing
from django.urls import resolve
from django.utils import timezone

from communes import services
from communes.models import Activity, ActivityVerb, Invitation, Membership, Role
from communes.services import ServiceError
from communes.tasks import invitation_email_send
from tests.factories import InvitationFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()

NEW_USER = {"username": "amelie", "first_name": "Amélie", "last_name": "Dupont", "password": "Correct-horse-42"}


def link_in(message) -> str:
    match = re.search(r"https?://\S+", message.body)
    assert match, message.body
    return match.group(0)


def token_of(link: str) -> str:
    path = link.removeprefix(settings.SITE_URL)
    match = resolve(path)
    assert match.view_name == "communes:invitation-accept"
    return match.kwargs["token"]


class TestInvitationCreate:
    def test_creates_and_sends_the_email_after_commit(
        self, territory, commune_a, referent, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            invitation = services.invitation_create(
                territory=territory,
                actor=referent,
                email="  New.Person@Example.ORG ",
                role=Role.STAFF,
                commune=commune_a,
            )
            # Nothing leaves before the transaction commits.
            assert mail.outbox == []
        assert len(callbacks) == 1
        invitation.refresh_from_db()
        assert invitation.email == "new.person@example.org"
        assert (invitation.role, invitation.territory, invitation.commune) == (Role.STAFF, territory, commune_a)
        assert invitation.invited_by == referent
        assert invitation.sent_at is not None
        expected_expiry = timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)
        assert abs(invitation.expires_at - expected_expiry) < timedelta(minutes=1)
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == ["new.person@example.org"]
        assert message.from_email == settings.DEFAULT_FROM_EMAIL
        assert "IGRETEC" in message.subject
        assert token_of(link_in(message))
        assert services.invitation_from_token(token_of(link_in(message))) == invitation
        activity = Activity.objects.get(commune=commune_a)
        assert (activity.verb, activity.subject) == (ActivityVerb.PERSON_INVITED, "new.person@example.org")

    def test_the_email_link_opens_the_accept_page(
        self, territory, commune_a, referent, client, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            services.invitation_create(
                territory=territory, actor=referent, email="x@example.org", role=Role.COLLEGE, commune=commune_a
            )
        response = client.get(link_in(mail.outbox[0]).removeprefix(settings.SITE_URL))
        assert response.status_code == 200
        assert b"x@example.org" in response.content

    def test_referent_invitation_ignores_the_commune(
        self, territory, commune_a, referent, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            invitation = services.invitation_create(
                territory=territory, actor=referent, email="ref@example.org", role=Role.REFERENT, commune=commune_a
            )
        assert invitation.commune is None
        assert len(mail.outbox) == 1
        # French elides before the territory's name: "de IGRETEC" is wrong.
        assert "en tant que «\u00a0Référent\u00a0» d’IGRETEC — Charleroi Métropole." in mail.outbox[0].body
        # A referent's invitation goes to the territory's audit trail, in no commune's feed.
        activity = Activity.objects.get()
        assert (activity.territory, activity.commune, activity.verb) == (territory, None, ActivityVerb.PERSON_INVITED)

    @pytest.mark.parametrize("role", [Role.STAFF, Role.COLLEGE])
    def test_commune_required_for_commune_roles(self, territory, referent, role, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(ServiceError) as excinfo:
            services.invitation_create(
                territory=territory, actor=referent, email="a@example.org", role=role, commune=None
            )
        assert excinfo.value.message == services.ERROR_INVITATION_COMMUNE_REQUIRED
        assert excinfo.value.field == "commune"
        assert not Invitation.objects.exists()
        assert mail.outbox == []

    def test_commune_of_another_territory_refused(self, territory, commune_other, referent):
        with pytest.raises(ServiceError) as excinfo:
            services.invitation_create(
                territory=territory, actor=referent, email="a@example.org", role=Role.STAFF, commune=commune_other
            )
        assert excinfo.value.message == services.ERROR_INVITATION_COMMUNE_OUTSIDE
        assert not Invitation.objects.exists()

    def test_duplicate_pending_refused(self, territory, commune_a, referent, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            services.invitation_create(
                territory=territory, actor=referent, email="a@example.org", role=Role.STAFF, commune=commune_a
            )
        with pytest.raises(ServiceError) as excinfo:
            services.invitation_create(
                territory=territory, actor=referent, email="A@example.org", role=Role.STAFF, commune=commune_a
            )
        assert excinfo.value.message == services.ERROR_INVITATION_PENDING
        assert excinfo.value.field == "email"
        assert Invitation.objects.count() == 1
        assert len(mail.outbox) == 1

    def test_same_person_other_role_or_commune_allowed(self, territory, commune_a, commune_b, referent):
        InvitationFactory(email="a@example.org", commune=commune_a, role=Role.STAFF)
        services.invitation_create(
            territory=territory, actor=referent, email="a@example.org", role=Role.COLLEGE, commune=commune_a
        )
        services.invitation_create(
            territory=territory, actor=referent, email="a@example.org", role=Role.STAFF, commune=commune_b
        )
        assert Invitation.objects.count() == 3

    @pytest.mark.parametrize("trait", ["expired", "revoked", "accepted"])
    def test_past_invitation_does_not_block_a_new_one(self, territory, commune_a, referent, trait):
        InvitationFactory(email="a@example.org", commune=commune_a, **{trait: True})
        invitation = services.invitation_create(
            territory=territory, actor=referent, email="a@example.org", role=Role.STAFF, commune=commune_a
        )
        assert invitation.pk

    def test_already_member_refused(self, territory, commune_a, referent, staff_a):
        with pytest.raises(ServiceError) as excinfo:
            services.invitation_create(
                territory=territory, actor=referent, email=staff_a.email.upper(), role=Role.STAFF, commune=commune_a
            )
        assert excinfo.value.message == services.ERROR_INVITATION_ALREADY_MEMBER
        assert not Invitation.objects.exists()

    def test_already_referent_refused(self, territory, referent):
        with pytest.raises(ServiceError) as excinfo:
            services.invitation_create(
                territory=territory, actor=referent, email=referent.email, role=Role.REFERENT, commune=None
            )
        assert excinfo.value.message == services.ERROR_INVITATION_ALREADY_MEMBER

    def test_member_of_another_commune_may_be_invited(self, territory, commune_b, referent, staff_a):
        invitation = services.invitation_create(
            territory=territory, actor=referent, email=staff_a.email, role=Role.STAFF, commune=commune_b
        )
        assert invitation.commune == commune_b


class TestInvitationEmailSend:
    def test_sends_once(self, commune_a):
        invitation = InvitationFactory(commune=commune_a)
        assert services.invitation_email_send(invitation_id=invitation.pk) is True
        assert services.invitation_email_send(invitation_id=invitation.pk) is False
        assert len(mail.outbox) == 1
        invitation.refresh_from_db()
        assert invitation.sent_at is not None

    def test_task_is_a_plain_call_to_the_service(self, commune_a):
        invitation = InvitationFactory(commune=commune_a)
        assert invitation_email_send(invitation.pk) is True
        assert invitation_email_send(invitation.pk) is False
        assert len(mail.outbox) == 1

    @pytest.mark.parametrize("trait", ["revoked", "accepted"])
    def test_nothing_sent_for_a_closed_invitation(self, commune_a, trait):
        invitation = InvitationFactory(commune=commune_a, **{trait: True})
        assert services.invitation_email_send(invitation_id=invitation.pk) is False
        assert mail.outbox == []

    def test_unknown_invitation(self, db):
        assert services.invitation_email_send(invitation_id=999_999) is False

    def test_failed_sending_can_be_retried(self, commune_a, monkeypatch):
        invitation = InvitationFactory(commune=commune_a)

        def broken(*args, **kwargs):
            raise ConnectionError("SMTP down")

        monkeypatch.setattr("django.core.mail.send_mail", broken)
        with pytest.raises(ConnectionError):
            services.invitation_email_send(invitation_id=invitation.pk)
        invitation.refresh_from_db()
        assert invitation.sent_at is None
        monkeypatch.undo()
        assert services.invitation_email_send(invitation_id=invitation.pk) is True
        assert len(mail.outbox) == 1

    def test_email_names_the_commune_and_the_link(self, commune_a, referent):
        invitation = InvitationFactory(commune=commune_a, invited_by=referent)
        services.invitation_email_send(invitation_id=invitation.pk)
        message = mail.outbox[0]
        assert "Courcelles" in message.body
        assert link_in(message).startswith(settings.SITE_URL + "/invitations/accept/")
        assert services.invitation_from_token(token_of(link_in(message))) == invitation


class TestInvitationFromToken:
    def test_valid(self, commune_a):
        invitation = InvitationFactory(commune=commune_a)
        assert services.invitation_from_token(services.invitation_token(invitation)) == invitation

    @pytest.mark.parametrize(
        "token",
        [
            "garbage",
            "",
            signing.dumps({"i": 1}, salt="another.salt"),
            signing.dumps({"x": 1}, salt=services.INVITATION_SALT),
            signing.dumps({"i": "abc"}, salt=services.INVITATION_SALT),
            signing.dumps([1], salt=services.INVITATION_SALT),
        ],
        # Signed values carry a timestamp: fixed ids keep the collection the same on every xdist worker.
        ids=["garbage", "empty", "other-salt", "no-id", "id-not-a-number", "not-a-dict"],
    )
    def test_bad_token(self, db, token):
        with pytest.raises(ServiceError) as excinfo:
            services.invitation_from_token(token)
        assert excinfo.value.message == services.ERROR_INVITATION_INVALID

    def test_tampered_token(self, commune_a):
        token = services.invitation_token(InvitationFactory(commune=commune_a))
        with pytest.raises(ServiceError) as excinfo:
            services.invitation_from_token(token[:-2] + ("AA" if not token.endswith("AA") else "BB"))
        assert excinfo.value.message == services.ERROR_INVITATION_INVALID

    def test_deleted_invitation(self, commune_a):
        invitation = InvitationFactory(commune=commune_a)
        token = services.invitation_token(invitation)
        invitation.delete()
        with pytest.raises(ServiceError) as excinfo:
            services.invitation_from_token(token)
        assert excinfo.value.message == services.ERROR_INVITATION_INVALID

    @pytest.mark.parametrize(
        ("trait", "error"),
        [
            ("revoked", services.ERROR_INVITATION_REVOKED),
            ("accepted", services.ERROR_INVITATION_USED),
            ("expired", services.ERROR_INVITATION_EXPIRED),
        ],
    )
    def test_closed_invitation(self, commune_a, trait, error):
        invitation = InvitationFactory(commune=commune_a, **{trait: True})
        with pytest.raises(ServiceError) as excinfo:
            services.invitation_from_token(services.invitation_token(invitation))
        assert excinfo.value.message == error


class TestInvitationAccept:
    @pytest.fixture
    def invitation(self, commune_a, referent):
        return InvitationFactory(email="amelie@example.org", commune=commune_a, role=Role.STAFF, invited_by=referent)

    def test_creates_the_user_and_the_membership(self, invitation, commune_a):
        membership = services.invitation_accept(invitation=invitation, new_user=dict(NEW_USER))
        user = membership.user
        assert (user.username, user.email, user.first_name, user.last_name) == (
            "amelie",
            "amelie@example.org",
            "Amélie",
            "Dupont",
        )
        assert user.check_password("Correct-horse-42")
        assert (membership.role, membership.commune, membership.territory) == (
            Role.STAFF,
            commune_a,
            commune_a.territory,
        )
        invitation.refresh_from_db()
        assert invitation.accepted_at is not None
        assert invitation.accepted_by == user
        activity = Activity.objects.get(verb=ActivityVerb.INVITATION_ACCEPTED)
        assert (activity.commune, activity.actor) == (commune_a, user)

    def test_logged_in_user_with_the_same_email(self, invitation):
        user = UserFactory(email="AMELIE@example.org")
        users_before = User.objects.count()
        membership = services.invitation_accept(invitation=invitation, user=user)
        assert membership.user == user
        assert User.objects.count() == users_before
        invitation.refresh_from_db()
        assert invitation.accepted_by == user

    def test_logged_in_user_keeps_other_roles(self, invitation, commune_b):
        user = UserFactory(email="amelie@example.org")
        MembershipFactory(user=user, commune=commune_b)
        services.invitation_accept(invitation=invitation, user=user)
        assert set(Membership.objects.filter(user=user).values_list("commune__slug", flat=True)) == {
            "courcelles",
            "lobbes",
        }

    def test_logged_in_user_with_another_email_refused(self, invitation):
        user = UserFactory(email="someone.else@example.org")
        with pytest.raises(ServiceError) as excinfo:
            services.invitation_accept(invitation=invitation, user=user)
        assert excinfo.value.message == services.ERROR_INVITATION_WRONG_USER
        assert not Membership.objects.filter(user=user).exists()
        invitation.refresh_from_db()
        assert invitation.accepted_at is None

    def test_second_accept_refused(self, invitation):
        services.invitation_accept(invitation=invitation, new_user=dict(NEW_USER))
        with pytest.raises(ServiceError) as excinfo:
            services.invitation_accept(invitation=invitation, new_user={**NEW_USER, "username": "other"})
        assert excinfo.value.message == services.ERROR_INVITATION_USED
        assert not User.objects.filter(username="other").exists()

    def test_revoked_refused(self, invitation, referent):
        services.invitation_revoke(invitation=invitation, actor=referent)
        with pytest.raises(ServiceError) as excinfo:
            services.invitation_accept(invitation=invitation, new_user=dict(NEW_USER))
        assert excinfo.value.message == services.ERROR_INVITATION_REVOKED
        assert not User.objects.filter(username="amelie").exists()

    def test_referent_invitation(self, territory):
        invitation = InvitationFactory(referent=True, territory=territory, email="boss@example.org")
        membership = services.invitation_accept(invitation=invitation, new_user={**NEW_USER, "username": "boss"})
        assert (membership.role, membership.territory, membership.commune) == (Role.REFERENT, territory, None)


class TestInvitationResendRevoke:
    def test_revoke(self, commune_a, referent):
        invitation = InvitationFactory(commune=commune_a)
        services.invitation_revoke(invitation=invitation, actor=referent)
        invitation.refresh_from_db()
        assert invitation.revoked_at is not None
        activity = Activity.objects.get(commune=commune_a)
        assert (activity.verb, activity.subject) == (ActivityVerb.INVITATION_REVOKED, invitation.email)

    def test_revoke_referent_invitation_records_no_commune_activity(self, territory, referent):
        invitation = InvitationFactory(referent=True, territory=territory)
        services.invitation_revoke(invitation=invitation, actor=referent)
        invitation.refresh_from_db()
        assert invitation.revoked_at is not None
        activity = Activity.objects.get()
        assert (activity.territory, activity.commune, activity.verb) == (
            territory,
            None,
            ActivityVerb.INVITATION_REVOKED,
        )

    def test_revoke_accepted_refused(self, commune_a, referent):
        invitation = InvitationFactory(commune=commune_a, accepted=True)
        with pytest.raises(ServiceError) as excinfo:
            services.invitation_revoke(invitation=invitation, actor=referent)
        assert excinfo.value.message == services.ERROR_INVITATION_USED
        invitation.refresh_from_db()
        assert invitation.revoked_at is None

    def test_resend_reopens_and_sends_again(self, commune_a, referent, django_capture_on_commit_callbacks):
        invitation = InvitationFactory(commune=commune_a, expired=True, revoked=True, sent_at=timezone.now())
        with django_capture_on_commit_callbacks(execute=True):
            services.invitation_resend(invitation=invitation, actor=referent)
        invitation.refresh_from_db()
        assert invitation.revoked_at is None
        assert invitation.sent_at is not None
        assert invitation.expires_at > timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS - 1)
        assert len(mail.outbox) == 1
        assert services.invitation_from_token(token_of(link_in(mail.outbox[0]))) == invitation

    def test_resend_accepted_refused(self, commune_a, referent, django_capture_on_commit_callbacks):
        invitation = InvitationFactory(commune=commune_a, accepted=True)
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(ServiceError) as excinfo:
            services.invitation_resend(invitation=invitation, actor=referent)
        assert excinfo.value.message == services.ERROR_INVITATION_USED
        assert mail.outbox == []
