"""Issue 13's hijack: a college member must not take over an invitation sent to someone else."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from communes import services
from communes.models import Invitation, Membership, Role
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

INVITEE = "new-staff@courcelles.example"


def accept_url(invitation):
    return reverse("communes:invitation-accept", args=[services.invitation_token(invitation)])


@pytest.fixture
def invitation(territory, commune_a, referent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.invitation_create(
            territory=territory, actor=referent, email=INVITEE, role=Role.STAFF, commune=commune_a
        )


class TestInviteeAddressHidden:
    def test_college_member_does_not_see_it_in_the_feed_nor_the_people(self, client_for, college_a, invitation):
        page = client_for(college_a).get(reverse("communes:commune-detail", args=[invitation.commune.slug]))
        assert page.status_code == 200
        assert INVITEE not in page.content.decode()

    def test_nor_after_a_revocation(self, client_for, college_a, referent, invitation):
        services.invitation_revoke(invitation=invitation, actor=referent)
        page = client_for(college_a).get(reverse("communes:commune-detail", args=[invitation.commune.slug]))
        assert INVITEE not in page.content.decode()

    def test_the_referent_still_sees_it(self, client_for, referent, invitation):
        page = client_for(referent).get(reverse("communes:commune-detail", args=[invitation.commune.slug]))
        assert INVITEE in page.content.decode()


class TestHijackEndToEnd:
    def test_college_member_cannot_take_the_staff_role(
        self, client_for, college_a, invitation, django_capture_on_commit_callbacks
    ):
        client = client_for(college_a)
        profile = {"first_name": "", "last_name": "", "email": INVITEE.upper(), "language": "fr"}
        # 1. Setting the invitee's address without the password is refused.
        response = client.post("/accounts/profile/", profile)
        assert "current_password" in response.context["form"].errors
        # 2. With the password, only a confirmation link goes to the invitee's mailbox; the address stays.
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            client.post("/accounts/profile/", {**profile, "current_password": PASSWORD})
        college_a.refresh_from_db()
        assert college_a.email == "college-a@courcelles.example"
        assert {m.to[0] for m in mail.outbox} == {INVITEE.upper(), "college-a@courcelles.example"}
        # 3. Accepting with their own account is refused with a clear message.
        response = client.post(accept_url(invitation))
        assert response.status_code == 409
        assert response.context["error"] == services.ERROR_INVITATION_WRONG_USER
        assert not Membership.objects.filter(user=college_a, role=Role.STAFF).exists()
        # 4. The real invitee can still accept, with the invited address.

        invitee = Client()
        data = {
            "first_name": "Nina",
            "last_name": "Roy",
            "username": "nina",
            "password1": "Correct-horse-42",
            "password2": "Correct-horse-42",
            "email": "college-a@courcelles.example",  # not a field: ignored
        }
        response = invitee.post(accept_url(invitation), data)
        assert response.status_code == 302
        membership = Membership.objects.get(role=Role.STAFF, user__username="nina")
        assert membership.user.email == INVITEE


class TestResendIssuesANewLink:
    def test_revoke_then_resend_kills_the_old_link(
        self, client, referent, invitation, django_capture_on_commit_callbacks
    ):
        old_link = re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[-1].body).group(1)
        services.invitation_revoke(invitation=invitation, actor=referent)
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            services.invitation_resend(invitation=invitation, actor=referent)
        new_link = re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[-1].body).group(1)
        assert new_link != old_link
        response = client.get(old_link)
        assert response.status_code == 404
        assert response.context["error"] == services.ERROR_INVITATION_INVALID
        assert client.get(new_link).status_code == 200
        assert Invitation.objects.get(pk=invitation.pk).link_version == 2
