"""Links in e-mails follow the address the site was reached at unless SITE_URL is set; greetings use a name,
or a plain "Hello," when only the e-mail address is known (smartregion/emails.py)."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from communes.models import Role
from smartregion.emails import absolute_url, greeting_name
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

HOST = "portail.example.be"


def link_in(message) -> str:
    match = re.search(r"https?://\S+", message.body)
    assert match, message.body
    return match.group(0)


@pytest.fixture
def served_at(settings):
    """The site reached at https://portail.example.be, SITE_URL not set."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, HOST]
    settings.SITE_URL_SET = False
    return {"HTTP_HOST": HOST, "secure": True}


def test_absolute_url_prefers_site_url_when_set(settings):
    settings.SITE_URL, settings.SITE_URL_SET = "https://smartregion.example.org", True
    assert absolute_url("/x/", base_url="http://other.example") == "https://smartregion.example.org/x/"
    settings.SITE_URL_SET = False
    assert absolute_url("/x/", base_url="http://other.example/") == "http://other.example/x/"
    assert absolute_url("/x/") == "https://smartregion.example.org/x/"


@pytest.mark.parametrize(
    ("name", "expected"), [("Cécile Dumont", "Cécile Dumont"), ("cecile@example.org", ""), ("  ", ""), ("", "")]
)
def test_greeting_name(name, expected):
    assert greeting_name(name) == expected


def test_territory_invitation_links_to_the_address_used(
    referent_client, territory, commune_a, served_at, django_capture_on_commit_callbacks
):
    data = {"email": "cecile@example.org", "role": Role.STAFF, "commune": commune_a.slug}
    with django_capture_on_commit_callbacks(execute=True):
        response = referent_client.post(reverse("communes:invitation-create", args=[territory.slug]), data, **served_at)
    assert response.status_code == 302
    (message,) = mail.outbox
    assert link_in(message).startswith(f"https://{HOST}/invitations/accept/")
    assert "cecile@example.org," not in message.body
    assert message.body.startswith("Bonjour,")
    assert "127.0.0.1" not in message.body


def test_invitation_sent_again_links_to_the_address_used(
    referent_client, territory, commune_a, referent, served_at, django_capture_on_commit_callbacks
):
    from tests.factories import InvitationFactory

    invitation = InvitationFactory(commune=commune_a, territory=territory, invited_by=referent)
    with django_capture_on_commit_callbacks(execute=True):
        referent_client.post(reverse("communes:invitation-resend", args=[invitation.pk]), **served_at)
    (message,) = mail.outbox
    assert link_in(message).startswith(f"https://{HOST}/invitations/accept/")


def test_site_url_wins_when_set(referent_client, territory, commune_a, settings, django_capture_on_commit_callbacks):
    settings.SITE_URL, settings.SITE_URL_SET = "https://smartregion.example.org", True
    data = {"email": "cecile@example.org", "role": Role.STAFF, "commune": commune_a.slug}
    with django_capture_on_commit_callbacks(execute=True):
        referent_client.post(reverse("communes:invitation-create", args=[territory.slug]), data)
    assert link_in(mail.outbox[0]).startswith("https://smartregion.example.org/invitations/accept/")


def test_email_change_link_and_greeting(client_for, served_at, django_capture_on_commit_callbacks):
    user = UserFactory(email="anne@example.org", first_name="Anne", last_name="Lejeune", language="fr")
    data = {
        "first_name": "Anne",
        "last_name": "Lejeune",
        "email": "anne.new@example.org",
        "language": "fr",
        "current_password": PASSWORD,
    }
    with django_capture_on_commit_callbacks(execute=True):
        client_for(user).post(reverse("accounts:profile"), data, **served_at)
    confirm = next(m for m in mail.outbox if m.to == ["anne.new@example.org"])
    assert link_in(confirm).startswith(f"https://{HOST}/accounts/")
    assert confirm.body.startswith("Bonjour Anne Lejeune,")
    notice = next(m for m in mail.outbox if m.to == ["anne@example.org"])
    assert notice.body.startswith("Bonjour Anne Lejeune,")


def test_password_reset_link_follows_the_request(client, served_at):
    UserFactory(email="anne@example.org", first_name="", last_name="", language="fr")
    client.post(reverse("accounts:password-reset"), {"email": "anne@example.org"}, **served_at)
    (message,) = mail.outbox
    assert link_in(message).startswith(f"https://{HOST}/accounts/")
    with translation.override("fr"):
        assert message.body.startswith("Bonjour,")


def test_password_reset_link_uses_site_url_when_set(client, settings):
    settings.SITE_URL, settings.SITE_URL_SET = "https://smartregion.example.org", True
    UserFactory(email="anne@example.org")
    client.post(reverse("accounts:password-reset"), {"email": "anne@example.org"})
    assert link_in(mail.outbox[0]).startswith("https://smartregion.example.org/accounts/")
