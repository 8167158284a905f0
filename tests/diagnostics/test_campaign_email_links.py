"""Campaign invitations and reminders: links on the address the site was reached at (unless SITE_URL is set),
greetings by name or a plain "Bonjour,", and the invite form's help text showing "<e-mail>"."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.html import escape

from diagnostics.models import GroupKind, Respondent

HOST = "portail.example.be"


def url(name, *args):
    return reverse(f"diagnostics:{name}", args=args)


def link_in(message) -> str:
    match = re.search(r"https?://\S+", message.body)
    assert match, message.body
    return match.group(0)


@pytest.fixture
def served_at(settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, HOST]
    settings.SITE_URL_SET = False
    return {"HTTP_HOST": HOST, "secure": True}


def invite(client, campaign, groups, commune_a, people, served_at, callbacks, send="on"):
    data = {"group": groups[GroupKind.COLLEGE].pk, "people": people, "language": "fr"}
    if send:
        data["send"] = send
    with callbacks(execute=True):
        return client.post(url("respondent-create", commune_a.slug, campaign.pk), data, **served_at)


def test_invitations_link_to_the_address_used_and_greet_by_name(
    staff_a_client, campaign, groups, commune_a, served_at, django_capture_on_commit_callbacks
):
    people = "Cécile Dumont <cecile.dumont@example.org>\ncecile@example.org"
    response = invite(
        staff_a_client, campaign, groups, commune_a, people, served_at, django_capture_on_commit_callbacks
    )
    assert response.status_code == 302
    by_address = {m.to[0]: m for m in mail.outbox}
    for message in by_address.values():
        assert link_in(message).startswith(f"https://{HOST}/")
        assert "127.0.0.1" not in message.body
    assert by_address["cecile.dumont@example.org"].body.startswith("Bonjour Cécile Dumont,")
    assert by_address["cecile@example.org"].body.startswith("Bonjour,")
    assert "Bonjour cecile@" not in by_address["cecile@example.org"].body


@pytest.mark.parametrize("route", ["invitations-send", "respondent-remind"])
def test_sending_later_and_reminding_keep_the_address_used(
    staff_a_client, campaign, groups, commune_a, served_at, django_capture_on_commit_callbacks, route
):
    invite(
        staff_a_client,
        campaign,
        groups,
        commune_a,
        "cecile@example.org",
        served_at,
        django_capture_on_commit_callbacks,
        send="",
    )
    assert mail.outbox == []
    respondent = Respondent.objects.get(campaign=campaign)
    args = (commune_a.slug, campaign.pk) + ((respondent.pk,) if route == "respondent-remind" else ())
    with django_capture_on_commit_callbacks(execute=True):
        staff_a_client.post(url(route, *args), **served_at)
    (message,) = mail.outbox
    assert link_in(message).startswith(f"https://{HOST}/")
    assert message.body.startswith("Bonjour,")
    mail.outbox.clear()
    if route == "respondent-remind":  # now a reminder: same address, same greeting
        with django_capture_on_commit_callbacks(execute=True):
            staff_a_client.post(url(route, *args), **served_at)
        (message,) = mail.outbox
        assert link_in(message).startswith(f"https://{HOST}/")
        assert message.body.startswith("Bonjour,")


def test_the_invite_help_text_shows_the_angle_brackets(staff_a_client, campaign, commune_a):
    content = staff_a_client.get(url("respondent-create", commune_a.slug, campaign.pk)).content.decode()
    assert escape("<e-mail>") in content
    assert "<e-mail>" not in content
