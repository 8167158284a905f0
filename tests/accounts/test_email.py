"""Unique e-mails (any case) and the confirmed, password-protected e-mail change."""

import re
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.html import escape

from accounts.forms import ERROR_EMAIL_TAKEN, ERROR_PASSWORD_REQUIRED, ERROR_PASSWORD_WRONG
from accounts.services import (
    ERROR_EMAIL_CHANGE_INVALID,
    ERROR_EMAIL_CHANGE_TAKEN,
    email_change_confirm,
    email_change_token,
)
from smartregion.errors import ServiceError
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

PROFILE = "/accounts/profile/"


def profile_data(user, **changes):
    data = {"first_name": user.first_name, "last_name": user.last_name, "email": user.email, "language": user.language}
    data.update(changes)
    return data


def confirm_url(token):
    return reverse("accounts:email-change-confirm", args=[token])


class TestUniqueEmail:
    def test_database_refuses_a_duplicate_in_another_case(self):
        UserFactory(email="anne@example.org")
        with pytest.raises(IntegrityError), transaction.atomic():
            UserFactory(email="Anne@Example.org")

    def test_several_accounts_without_address_are_allowed(self):
        UserFactory(email="")
        UserFactory(email="")

    @pytest.mark.parametrize(("headers", "status"), [({}, 200), ({"HX-Request": "true"}, 422)])
    def test_profile_refuses_a_taken_address(self, client_for, headers, status):
        UserFactory(email="taken@example.org")
        user = UserFactory(email="anne@example.org")
        data = profile_data(user, email="TAKEN@example.org", current_password=PASSWORD)
        response = client_for(user).post(PROFILE, data, headers=headers)
        assert response.status_code == status
        assert response.context["form"].errors["email"] == [str(ERROR_EMAIL_TAKEN)]
        assert 'value="TAKEN@example.org"' in response.content.decode()
        assert mail.outbox == []

    def test_admin_form_refuses_a_taken_address(self, admin_client):
        UserFactory(email="taken@example.org")
        user = UserFactory(email="anne@example.org")
        url = reverse("admin:accounts_user_change", args=[user.pk])
        page = admin_client.get(url)
        form = page.context["adminform"].form
        data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list | tuple)}
        data.update({"email": "Taken@example.org", "date_joined_0": "2026-01-01", "date_joined_1": "10:00:00"})
        response = admin_client.post(url, data)
        assert response.status_code == 200
        assert str(ERROR_EMAIL_TAKEN) in response.content.decode()
        user.refresh_from_db()
        assert user.email == "anne@example.org"


class TestEmailChangeRequest:
    def test_needs_the_current_password(self, client_for):
        user = UserFactory(email="anne@example.org")
        response = client_for(user).post(PROFILE, profile_data(user, email="new@example.org"))
        assert response.context["form"].errors["current_password"] == [str(ERROR_PASSWORD_REQUIRED)]
        assert 'value="new@example.org"' in response.content.decode()
        user.refresh_from_db()
        assert user.email == "anne@example.org"
        assert mail.outbox == []

    def test_wrong_password_refused(self, client_for):
        user = UserFactory(email="anne@example.org")
        data = profile_data(user, email="new@example.org", current_password="wrong")
        response = client_for(user).post(PROFILE, data)
        assert response.context["form"].errors["current_password"] == [str(ERROR_PASSWORD_WRONG)]
        assert mail.outbox == []

    def test_other_fields_need_no_password(self, client_for):
        user = UserFactory(email="anne@example.org", first_name="Anne")
        response = client_for(user).post(PROFILE, profile_data(user, first_name="Annie"))
        assert response.status_code == 302
        user.refresh_from_db()
        assert user.first_name == "Annie"
        assert mail.outbox == []

    def test_change_is_confirmed_from_the_new_address_end_to_end(self, client_for, django_capture_on_commit_callbacks):
        user = UserFactory(email="anne@example.org")
        client = client_for(user)
        data = profile_data(user, email="new@example.org", current_password=PASSWORD)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(PROFILE, data)
        assert response.status_code == 302
        user.refresh_from_db()
        assert user.email == "anne@example.org"  # not yet
        assert sorted(m.to[0] for m in mail.outbox) == ["anne@example.org", "new@example.org"]
        to_new = next(m for m in mail.outbox if m.to == ["new@example.org"])
        to_old = next(m for m in mail.outbox if m.to == ["anne@example.org"])
        assert "new@example.org" in to_old.body
        link = re.search(r"https?://[^/\s]+(/\S+)", to_new.body).group(1)
        assert link not in to_old.body  # the old address cannot confirm
        assert client.get(link).status_code == 200
        user.refresh_from_db()
        assert user.email == "anne@example.org"  # a GET changes nothing
        response = client.post(link)
        assert response.status_code == 302
        user.refresh_from_db()
        assert user.email == "new@example.org"
        # The link is spent: the current address it signed has changed.
        assert client.post(link).status_code == 400


class TestEmailChangeConfirmView:
    def test_anonymous_goes_to_login(self, client):
        user = UserFactory()
        response = client.get(confirm_url(email_change_token(user=user, new_email="x@example.org")))
        assert response.status_code == 302
        assert response.url.startswith("/accounts/login/")

    def test_outsider_cannot_use_another_users_link(self, client_for):
        user = UserFactory(email="anne@example.org")
        other = UserFactory(email="bob@example.org")
        token = email_change_token(user=user, new_email="x@example.org")
        response = client_for(other).post(confirm_url(token))
        assert response.status_code == 400
        assert response.context["error"] == ERROR_EMAIL_CHANGE_INVALID
        user.refresh_from_db()
        other.refresh_from_db()
        assert (user.email, other.email) == ("anne@example.org", "bob@example.org")

    def test_read_only_user_confirms_own_address(self, client_for, college_a):
        token = email_change_token(user=college_a, new_email="college-new@example.org")
        assert client_for(college_a).post(confirm_url(token)).status_code == 302
        college_a.refresh_from_db()
        assert college_a.email == "college-new@example.org"

    @pytest.mark.parametrize("method", ["put", "delete", "patch"])
    def test_wrong_method(self, client_for, method):
        user = UserFactory()
        token = email_change_token(user=user, new_email="x@example.org")
        assert getattr(client_for(user), method)(confirm_url(token)).status_code == 405

    def test_tampered_link(self, client_for):
        user = UserFactory()
        response = client_for(user).post(confirm_url("bad-token"))
        assert response.status_code == 400
        assert escape(str(ERROR_EMAIL_CHANGE_INVALID)) in response.content.decode()

    def test_expired_link(self, client_for, settings, monkeypatch):
        settings.EMAIL_CHANGE_VALID_HOURS = 1
        user = UserFactory(email="anne@example.org")
        token = email_change_token(user=user, new_email="x@example.org")
        real_loads = signing.loads
        future = timedelta(hours=2).total_seconds()
        monkeypatch.setattr(
            "accounts.services.signing.loads",
            lambda value, **kw: real_loads(value, **{**kw, "max_age": kw["max_age"] - future}),
        )
        with pytest.raises(ServiceError) as error:
            email_change_confirm(user=user, token=token)
        assert error.value.message == ERROR_EMAIL_CHANGE_INVALID

    def test_address_taken_meanwhile(self, client_for):
        user = UserFactory(email="anne@example.org")
        token = email_change_token(user=user, new_email="new@example.org")
        UserFactory(email="NEW@example.org")
        response = client_for(user).post(confirm_url(token))
        assert response.context["error"] == ERROR_EMAIL_CHANGE_TAKEN
        user.refresh_from_db()
        assert user.email == "anne@example.org"
