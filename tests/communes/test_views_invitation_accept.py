"""The page an invitation link opens, through the test client."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from communes import services
from communes.models import Invitation, Membership, Role
from tests.factories import InvitationFactory, UserFactory
from tests.helpers import assert_message_in, is_full_page

pytestmark = pytest.mark.django_db
User = get_user_model()

PASSWORD = "Correct-horse-42"


def accept_url(invitation) -> str:
    return reverse("communes:invitation-accept", args=[services.invitation_token(invitation)])


def form_data(**overrides) -> dict:
    return {
        "first_name": "Amélie",
        "last_name": "Dupont",
        "username": "amelie.d",
        "password1": PASSWORD,
        "password2": PASSWORD,
        **overrides,
    }


@pytest.fixture
def invitation(commune_a, referent):
    return InvitationFactory(email="amelie@courcelles.example", commune=commune_a, role=Role.STAFF, invited_by=referent)


class TestAnonymous:
    def test_get_shows_the_form(self, client, invitation):
        response = client.get(accept_url(invitation))
        assert response.status_code == 200
        assert set(response.context["form"].fields) == {"first_name", "last_name", "username", "password1", "password2"}
        content = response.content.decode()
        assert "amelie@courcelles.example" in content
        assert "Courcelles" in content

    @pytest.mark.parametrize("method", ["put", "delete"])
    def test_wrong_method(self, client, invitation, method):
        assert getattr(client, method)(accept_url(invitation)).status_code == 405

    @pytest.mark.parametrize(("headers", "status"), [({}, 200), ({"HX-Request": "true"}, 422)])
    def test_mismatched_passwords_keep_the_input(self, client, invitation, headers, status):
        response = client.post(accept_url(invitation), form_data(password2="Something-else-42"), headers=headers)
        assert response.status_code == status
        content = response.content.decode()
        assert 'value="Amélie"' in content
        assert 'value="amelie.d"' in content
        assert PASSWORD not in content  # passwords are never sent back
        assert "password2" in response.context["form"].errors
        assert not User.objects.filter(username="amelie.d").exists()
        invitation.refresh_from_db()
        assert invitation.accepted_at is None
        assert "_auth_user_id" not in client.session

    def test_weak_password_refused(self, client, invitation):
        response = client.post(accept_url(invitation), form_data(password1="12345678", password2="12345678"))
        assert response.status_code == 200
        assert "password1" in response.context["form"].errors
        assert not User.objects.filter(username="amelie.d").exists()

    def test_username_taken_refused(self, client, invitation):
        UserFactory(username="Amelie.D")
        response = client.post(accept_url(invitation), form_data())
        assert response.status_code == 200
        assert "username" in response.context["form"].errors
        assert User.objects.filter(username__iexact="amelie.d").count() == 1

    def test_invalid_username_refused(self, client, invitation):
        response = client.post(accept_url(invitation), form_data(username="amélie d"))
        assert response.status_code == 200
        assert "username" in response.context["form"].errors
        assert not Membership.objects.filter(user__email=invitation.email).exists()

    def test_valid_post_creates_the_account_and_logs_in(self, client, invitation, commune_a):
        response = client.post(accept_url(invitation), form_data())
        assert response.status_code == 302
        assert response.url == reverse("home")
        user = User.objects.get(username="amelie.d")
        assert (user.email, user.first_name, user.last_name) == ("amelie@courcelles.example", "Amélie", "Dupont")
        assert user.check_password(PASSWORD)
        assert Membership.objects.filter(user=user, role=Role.STAFF, commune=commune_a).exists()
        invitation.refresh_from_db()
        assert invitation.accepted_by == user
        assert int(client.session["_auth_user_id"]) == user.pk
        # Home sends the new staff member to their commune.
        home = client.get(reverse("home"))
        assert home.status_code == 302
        assert home.url == reverse("communes:commune-detail", args=[commune_a.slug])
        assert client.get(home.url).status_code == 200

    def test_the_new_account_can_log_in_with_its_password(self, client, invitation):
        client.post(accept_url(invitation), form_data())
        client.post(reverse("accounts:logout"))
        response = client.post(reverse("accounts:login"), {"username": "amelie.d", "password": PASSWORD})
        assert response.status_code == 302
        assert response.url == reverse("home")

    def test_link_used_twice(self, client, invitation):
        url = accept_url(invitation)
        client.post(url, form_data())
        client.post(reverse("accounts:logout"))
        response = client.get(url)
        assert response.status_code == 404
        assert_message_in(response, services.ERROR_INVITATION_USED)
        response = client.post(url, form_data(username="intruder"))
        assert response.status_code == 404
        assert not User.objects.filter(username="intruder").exists()


class TestUnusableLinks:
    @pytest.mark.parametrize("token", ["not-a-token", "eyJpIjoxfQ:1abcde:forged"])
    def test_invalid_token(self, client, db, token):
        response = client.get(reverse("communes:invitation-accept", args=[token]))
        assert response.status_code == 404
        assert is_full_page(response)
        assert_message_in(response, services.ERROR_INVITATION_INVALID)

    @pytest.mark.parametrize(
        ("trait", "error"),
        [
            ("expired", services.ERROR_INVITATION_EXPIRED),
            ("revoked", services.ERROR_INVITATION_REVOKED),
            ("accepted", services.ERROR_INVITATION_USED),
        ],
    )
    def test_closed_invitation(self, client, commune_a, trait, error):
        invitation = InvitationFactory(commune=commune_a, **{trait: True})
        response = client.get(accept_url(invitation))
        assert response.status_code == 404
        assert_message_in(response, error)
        response = client.post(accept_url(invitation), form_data())
        assert response.status_code == 404
        assert not User.objects.filter(username="amelie.d").exists()


class TestLoggedIn:
    def test_same_email_gets_the_role_without_a_form(self, client_for, invitation, commune_a):
        user = UserFactory(email="Amelie@Courcelles.example")
        client = client_for(user)
        response = client.get(accept_url(invitation))
        assert response.status_code == 200
        assert response.context["form"] is None
        users_before = User.objects.count()
        response = client.post(accept_url(invitation))
        assert response.status_code == 302
        assert response.url == reverse("home")
        assert User.objects.count() == users_before
        assert Membership.objects.filter(user=user, role=Role.STAFF, commune=commune_a).exists()
        invitation.refresh_from_db()
        assert invitation.accepted_by == user

    def test_other_email_is_refused(self, client_for, invitation):
        user = UserFactory(email="someone@else.example")
        response = client_for(user).post(accept_url(invitation))
        assert response.status_code == 409
        assert_message_in(response, services.ERROR_INVITATION_WRONG_USER)
        assert not Membership.objects.filter(user=user).exists()
        assert Invitation.objects.get(pk=invitation.pk).accepted_at is None
