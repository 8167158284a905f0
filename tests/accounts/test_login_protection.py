"""Login lockouts (per username+IP and per IP), proxy-aware addresses, reset throttle, idle timeout."""

import time

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.html import escape

from accounts.middleware import SESSION_ACTIVITY_KEY, SESSION_EXPIRED_MESSAGE
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def attempt(client, username, password="wrong", **extra):  # noqa: S107 - a test credential
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


class TestPerUsernameLockout:
    def test_five_failures_lock_that_username_from_that_address(self, client, settings):
        UserFactory(username="anne")
        for _ in range(settings.AXES_FAILURE_LIMIT):
            attempt(client, "anne")
        response = attempt(client, "anne", PASSWORD)
        assert response.status_code == 429
        assert "_auth_user_id" not in client.session

    def test_another_address_is_not_locked(self, client, settings):
        UserFactory(username="anne")
        for _ in range(settings.AXES_FAILURE_LIMIT):
            attempt(client, "anne")
        response = attempt(client, "anne", PASSWORD, REMOTE_ADDR="10.0.0.9")
        assert response.status_code == 302


class TestPasswordSpraying:
    def test_four_tries_on_twelve_users_lock_the_address(self, client, settings):
        settings.AXES_IP_FAILURE_LIMIT = 20
        users = [UserFactory(username=f"user-{n}") for n in range(12)]
        statuses = [attempt(client, user.username).status_code for user in users for _ in range(4)]
        assert statuses[:20] == [200] * 20
        assert set(statuses[20:]) == {429}
        # Even the right password of a user never tried is refused from that address now.
        fresh = UserFactory(username="fresh")
        response = attempt(client, fresh.username, PASSWORD)
        assert response.status_code == 429
        assert "_auth_user_id" not in client.session

    def test_another_address_still_logs_in(self, client, settings):
        settings.AXES_IP_FAILURE_LIMIT = 3
        user = UserFactory(username="anne")
        for n in range(3):
            attempt(client, f"ghost-{n}")
        assert attempt(client, "anne", PASSWORD).status_code == 429
        assert attempt(client, user.username, PASSWORD, REMOTE_ADDR="10.0.0.9").status_code == 302

    def test_get_still_shows_the_form(self, client, settings):
        settings.AXES_IP_FAILURE_LIMIT = 1
        attempt(client, "ghost")
        assert client.get(LOGIN).status_code == 200


class TestBehindProxy:
    def test_each_user_behind_the_proxy_has_their_own_address(self, client, settings):
        settings.BEHIND_PROXY = True
        settings.PROXY_COUNT = 1
        settings.AXES_IP_FAILURE_LIMIT = 3
        UserFactory(username="anne")
        other = UserFactory(username="bob")
        for n in range(3):
            attempt(client, f"ghost-{n}", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5")
        locked = attempt(client, "anne", PASSWORD, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5")
        assert locked.status_code == 429
        response = attempt(
            client, other.username, PASSWORD, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7"
        )
        assert response.status_code == 302

    def test_axes_keys_on_the_forwarded_address(self, client, settings):
        settings.BEHIND_PROXY = True
        settings.PROXY_COUNT = 1
        UserFactory(username="anne")
        for _ in range(settings.AXES_FAILURE_LIMIT):
            attempt(client, "anne", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5")
        assert (
            attempt(client, "anne", PASSWORD, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5").status_code
            == 429
        )
        ok = attempt(client, "anne", PASSWORD, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
        assert ok.status_code == 302

    def test_forged_header_without_proxy_is_ignored(self, client, settings):
        settings.BEHIND_PROXY = False
        settings.AXES_IP_FAILURE_LIMIT = 3
        for n in range(3):
            attempt(client, f"ghost-{n}", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
        assert attempt(client, "anyone", HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 429


class TestPasswordResetThrottle:
    url = "/accounts/password/reset/"

    def test_per_address_limit_sends_nothing_more_but_answers_the_same(self, client, settings):
        settings.PASSWORD_RESET_LIMIT_PER_EMAIL = 2
        UserFactory(email="anne@example.org")
        responses = [client.post(self.url, {"email": "anne@example.org"}, REMOTE_ADDR=f"10.0.0.{n}") for n in range(4)]
        assert [(r.status_code, r.url) for r in responses] == [(302, reverse("accounts:password-reset-done"))] * 4
        assert len(mail.outbox) == 2

    def test_address_case_does_not_escape_the_limit(self, client, settings):
        settings.PASSWORD_RESET_LIMIT_PER_EMAIL = 1
        UserFactory(email="anne@example.org")
        client.post(self.url, {"email": "anne@example.org"})
        client.post(self.url, {"email": "ANNE@example.org"})
        assert len(mail.outbox) == 1

    def test_per_ip_limit(self, client, settings):
        settings.PASSWORD_RESET_LIMIT_PER_IP = 2
        for n in range(4):
            UserFactory(email=f"u{n}@example.org")
        responses = [client.post(self.url, {"email": f"u{n}@example.org"}) for n in range(4)]
        assert {r.status_code for r in responses} == {302}
        assert len(mail.outbox) == 2

    def test_other_ip_still_served(self, client, settings):
        settings.PASSWORD_RESET_LIMIT_PER_IP = 1
        UserFactory(email="a@example.org")
        UserFactory(email="b@example.org")
        client.post(self.url, {"email": "a@example.org"})
        client.post(self.url, {"email": "b@example.org"}, REMOTE_ADDR="10.0.0.9")
        assert len(mail.outbox) == 2


class TestIdleTimeout:
    def test_active_session_is_kept(self, client_for):
        client = client_for(UserFactory())
        assert client.get(reverse("accounts:profile")).status_code == 200
        assert client.get(reverse("accounts:profile")).status_code == 200

    def test_idle_session_is_logged_out_with_a_message(self, client, settings):
        settings.SESSION_IDLE_TIMEOUT_MINUTES = 120
        user = UserFactory()
        client.force_login(user)
        assert client.get(reverse("accounts:profile")).status_code == 200
        session = client.session
        session[SESSION_ACTIVITY_KEY] = int(time.time()) - 121 * 60
        session.save()
        response = client.get(reverse("accounts:profile"))
        assert response.status_code == 302
        assert response.url.startswith(LOGIN)
        assert "_auth_user_id" not in client.session
        page = client.get(response.url)
        assert page.context["session_expired_message"] == SESSION_EXPIRED_MESSAGE
        assert escape(str(SESSION_EXPIRED_MESSAGE)) in page.content.decode()
        # Said once only.
        assert "session_expired_message" not in client.get(LOGIN).context

    def test_message_is_translated(self, client, settings):
        settings.LANGUAGE_CODE = "fr"
        user = UserFactory(language="fr")
        client.force_login(user)
        client.get(reverse("accounts:profile"))
        session = client.session
        session[SESSION_ACTIVITY_KEY] = int(time.time()) - 10 * 3600
        session.save()
        response = client.get(reverse("accounts:profile"), follow=True)
        assert "inactivité" in response.content.decode()

    def test_recent_activity_is_not_logged_out(self, client):
        user = UserFactory()
        client.force_login(user)
        client.get(reverse("accounts:profile"))
        session = client.session
        session[SESSION_ACTIVITY_KEY] = int(time.time()) - 60
        session.save()
        assert client.get(reverse("accounts:profile")).status_code == 200


class TestIdleClockCost:
    def test_login_starts_the_clock_and_pages_do_not_write_the_session_each_time(self, client):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client.force_login(UserFactory())
        assert client.session[SESSION_ACTIVITY_KEY] >= int(time.time()) - 5
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("accounts:profile")).status_code == 200
        assert not [q for q in queries.captured_queries if q["sql"].startswith('UPDATE "django_session"')]

    def test_activity_older_than_a_minute_is_stored_again(self, client):
        client.force_login(UserFactory())
        session = client.session
        session[SESSION_ACTIVITY_KEY] = int(time.time()) - 90
        session.save()
        client.get(reverse("accounts:profile"))
        assert client.session[SESSION_ACTIVITY_KEY] >= int(time.time()) - 5
