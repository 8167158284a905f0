"""Log in and out, profile, password change and reset, interface language."""

import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory
from tests.helpers import assert_login_redirect

pytestmark = pytest.mark.django_db
User = get_user_model()

LOGIN = "/accounts/login/"


def html_lang(response) -> str:
    match = re.search(r'<html lang="([^"]+)"', response.content.decode())
    assert match, "no <html lang> in the page"
    return match.group(1)


class TestLogin:
    def test_url(self):
        assert reverse("accounts:login") == LOGIN

    def test_get_shows_the_form(self, client):
        response = client.get(LOGIN)
        assert response.status_code == 200
        assert set(response.context["form"].fields) == {"username", "password"}

    def test_valid_credentials_log_in_and_go_home(self, client, staff_a, commune_a):
        response = client.post(LOGIN, {"username": "staff-a", "password": PASSWORD})
        assert response.status_code == 302
        assert response.url == reverse("home")
        assert int(client.session["_auth_user_id"]) == staff_a.pk

    def test_next_is_followed(self, client, staff_a, commune_a):
        detail = reverse("communes:commune-detail", args=[commune_a.slug])
        response = client.post(LOGIN, {"username": "staff-a", "password": PASSWORD, "next": detail})
        assert response.url == detail

    def test_unsafe_next_is_ignored(self, client, staff_a):
        response = client.post(LOGIN, {"username": "staff-a", "password": PASSWORD, "next": "https://evil.example/"})
        assert response.status_code == 302
        assert response.url == reverse("home")

    def test_wrong_password_keeps_the_username(self, client, staff_a):
        response = client.post(LOGIN, {"username": "staff-a", "password": "wrong"})
        assert response.status_code == 200
        assert 'value="staff-a"' in response.content.decode()
        assert response.context["form"].non_field_errors()
        assert "_auth_user_id" not in client.session

    def test_inactive_user_cannot_log_in(self, client):
        UserFactory(username="gone", is_active=False)
        response = client.post(LOGIN, {"username": "gone", "password": PASSWORD})
        assert response.status_code == 200
        assert "_auth_user_id" not in client.session

    def test_logged_in_user_is_sent_home(self, referent_client):
        response = referent_client.get(LOGIN)
        assert response.status_code == 302
        assert response.url == reverse("home")


class TestLogout:
    def test_post_logs_out(self, referent_client):
        response = referent_client.post(reverse("accounts:logout"))
        assert response.status_code == 302
        assert response.url == reverse("accounts:login")
        assert "_auth_user_id" not in referent_client.session
        assert_login_redirect(referent_client.get("/"), "/")

    def test_get_is_405(self, referent_client):
        assert referent_client.get(reverse("accounts:logout")).status_code == 405
        assert "_auth_user_id" in referent_client.session


class TestProfile:
    url = "/accounts/profile/"

    def test_url(self):
        assert reverse("accounts:profile") == self.url

    def test_anonymous_goes_to_login(self, client):
        assert_login_redirect(client.get(self.url), self.url)
        assert_login_redirect(client.post(self.url, {"first_name": "X"}), self.url)

    @pytest.mark.parametrize("method", ["put", "delete"])
    def test_wrong_method(self, client_for, nobody, method):
        assert getattr(client_for(nobody), method)(self.url).status_code == 405

    def test_get_shows_own_data(self, client_for):
        user = UserFactory(first_name="Anne", email="anne@example.org")
        response = client_for(user).get(self.url)
        assert response.status_code == 200
        content = response.content.decode()
        assert 'value="Anne"' in content
        assert 'value="anne@example.org"' in content

    def test_update(self, client_for):
        user = UserFactory(first_name="Anne", email="annie@example.org", language="fr")
        client = client_for(user)
        data = {"first_name": "Annie", "last_name": "Leroy", "email": "annie@example.org", "language": "en"}
        response = client.post(self.url, data)
        assert response.status_code == 302
        assert response.url == self.url
        user.refresh_from_db()
        assert (user.first_name, user.last_name, user.email, user.language) == (
            "Annie",
            "Leroy",
            "annie@example.org",
            "en",
        )
        assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
        assert html_lang(client.get(self.url)) == "en"

    @pytest.mark.parametrize(("headers", "status"), [({}, 200), ({"HX-Request": "true"}, 422)])
    def test_invalid_keeps_input_and_saves_nothing(self, client_for, headers, status):
        user = UserFactory(first_name="Anne", email="anne@example.org", language="fr")
        data = {"first_name": "Annabelle", "last_name": "", "email": "not-an-email", "language": "en"}
        response = client_for(user).post(self.url, data, headers=headers)
        assert response.status_code == status
        content = response.content.decode()
        assert 'value="Annabelle"' in content
        assert 'value="not-an-email"' in content
        assert "email" in response.context["form"].errors
        user.refresh_from_db()
        assert (user.first_name, user.email, user.language) == ("Anne", "anne@example.org", "fr")

    def test_unknown_language_refused(self, client_for):
        user = UserFactory(language="fr")
        response = client_for(user).post(self.url, {"first_name": "A", "last_name": "B", "email": "", "language": "xx"})
        assert response.status_code == 200
        assert "language" in response.context["form"].errors
        user.refresh_from_db()
        assert user.language == "fr"


class TestPasswordChange:
    url = "/accounts/password/change/"

    def test_anonymous_goes_to_login(self, client):
        assert_login_redirect(client.get(self.url), self.url)

    def test_change(self, client_for):
        user = UserFactory()
        client = client_for(user)
        assert client.get(self.url).status_code == 200
        data = {"old_password": PASSWORD, "new_password1": "Another-secret-42", "new_password2": "Another-secret-42"}
        response = client.post(self.url, data)
        assert response.status_code == 302
        assert response.url == reverse("accounts:password-change-done")
        user.refresh_from_db()
        assert user.check_password("Another-secret-42")
        assert client.get(response.url).status_code == 200

    def test_wrong_old_password(self, client_for):
        user = UserFactory()
        data = {"old_password": "wrong", "new_password1": "Another-secret-42", "new_password2": "Another-secret-42"}
        response = client_for(user).post(self.url, data)
        assert response.status_code == 200
        assert "old_password" in response.context["form"].errors
        user.refresh_from_db()
        assert user.check_password(PASSWORD)


class TestPasswordReset:
    def test_full_flow(self, client):
        user = UserFactory(email="anne@example.org")
        response = client.post(reverse("accounts:password-reset"), {"email": "anne@example.org"})
        assert response.status_code == 302
        assert response.url == reverse("accounts:password-reset-done")
        assert client.get(response.url).status_code == 200
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == ["anne@example.org"]
        assert user.username in mail.outbox[0].body
        link = re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[0].body).group(1)
        response = client.get(link)
        assert response.status_code == 302  # to the URL that hides the token
        response = client.get(response.url)
        assert response.status_code == 200
        assert response.context["validlink"] is True
        data = {"new_password1": "Fresh-secret-42", "new_password2": "Fresh-secret-42"}
        response = client.post(response.wsgi_request.path, data)
        assert response.status_code == 302
        assert response.url == reverse("accounts:password-reset-complete")
        assert client.get(response.url).status_code == 200
        user.refresh_from_db()
        assert user.check_password("Fresh-secret-42")

    def test_unknown_email_sends_nothing_but_says_the_same(self, client, db):
        response = client.post(reverse("accounts:password-reset"), {"email": "nobody@example.org"})
        assert response.status_code == 302
        assert mail.outbox == []

    def test_bad_link(self, client, db):
        response = client.get(reverse("accounts:password-reset-confirm", args=["MQ", "bad-token"]))
        assert response.status_code == 200
        assert response.context["validlink"] is False


class TestLanguage:
    url = "/accounts/language/"

    def test_url(self):
        assert reverse("accounts:language") == self.url

    def test_default_is_french(self, client):
        assert html_lang(client.get(LOGIN)) == "fr"

    @pytest.mark.parametrize("method", ["get", "put"])
    def test_only_post(self, client, method):
        assert getattr(client, method)(self.url).status_code == 405

    def test_anonymous_gets_a_cookie_and_english_pages(self, client):
        response = client.post(self.url, {"language": "en", "next": LOGIN})
        assert response.status_code == 302
        assert response.url == LOGIN
        cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
        assert cookie.value == "en"
        assert cookie["samesite"] == "Lax"
        assert html_lang(client.get(response.url)) == "en"
        # And back to French.
        client.post(self.url, {"language": "fr", "next": LOGIN})
        assert html_lang(client.get(LOGIN)) == "fr"

    def test_without_next_goes_home(self, client):
        response = client.post(self.url, {"language": "en"})
        assert response.url == reverse("home")

    def test_logged_in_user_language_is_saved(self, client_for, staff_a, commune_a):
        client = client_for(staff_a)
        detail = reverse("communes:commune-detail", args=[commune_a.slug])
        response = client.post(self.url, {"language": "en", "next": detail})
        assert response.url == detail
        assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
        staff_a.refresh_from_db()
        assert staff_a.language == "en"
        assert html_lang(client.get(detail)) == "en"
        # The profile's language follows the user to a new browser, without the cookie.
        assert html_lang(client_for(staff_a).get(detail)) == "en"

    @pytest.mark.parametrize(
        "next_url", ["https://evil.example", "//evil.example/path", "http://evil.example/", "javascript:alert(1)"]
    )
    def test_unsafe_next_goes_home(self, client, next_url):
        response = client.post(self.url, {"language": "en", "next": next_url})
        assert response.status_code == 302
        assert response.url == reverse("home")
        assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"

    def test_unknown_language_sets_nothing(self, client_for, nobody):
        client = client_for(nobody)
        response = client.post(self.url, {"language": "xx", "next": LOGIN})
        assert response.status_code == 302
        assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
        nobody.refresh_from_db()
        assert nobody.language == "fr"


# Django's form views answer PUT like POST (ProcessFormView.put), so DELETE is the method they refuse.
@pytest.mark.parametrize(
    ("name", "logged_in"),
    [
        ("accounts:login", False),
        ("accounts:password-reset", False),
        ("accounts:password-change", True),
    ],
)
def test_delete_is_405(client, client_for, nobody, name, logged_in):
    http = client_for(nobody) if logged_in else client
    assert http.delete(reverse(name)).status_code == 405
