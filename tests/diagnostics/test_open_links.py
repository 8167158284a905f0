"""Open links are anonymous: throttled per IP and per link, one response per browser, bots refused quietly,
and the cap counts submitted responses."""

from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from diagnostics import guards
from diagnostics.models import GroupKind, OpenLink, Response
from diagnostics.services import campaigns, responses
from diagnostics.tokens import open_link_token, response_token
from smartregion.env import env_rate
from tests.helpers import assert_message_in

HTMX = {"HTTP_HX_REQUEST": "true"}


def url(name, *args):
    return reverse(f"diagnostics:{name}", args=args)


@pytest.fixture(autouse=True)
def _fast(settings):
    settings.OPEN_LINK_MIN_FILL_SECONDS = 0


@pytest.fixture
def link(campaign, groups, referent) -> OpenLink:
    return campaigns.open_link_create(campaign=campaign, group=groups[GroupKind.CITIZENS], actor=referent)


@pytest.fixture
def start(link) -> str:
    return url("open-link-start", open_link_token(link))


def form(client, start, **extra) -> dict:
    page = client.get(start, **{k: v for k, v in extra.items() if k.isupper()})
    assert page.status_code == 200
    return {guards.STAMP_FIELD: page.context["stamp"], guards.HONEYPOT_FIELD: ""}


def post_start(client, start, **meta):
    data = form(client, start, **meta)
    return client.post(start, data, **meta)


# Throttles -----------------------------------------------------------------------------------------


def test_100_starts_from_one_ip_are_throttled(settings, link, start):
    settings.OPEN_LINK_START_RATE_PER_IP = "20/h"
    statuses = []
    for _ in range(100):
        visitor = Client(REMOTE_ADDR="203.0.113.7")  # a new browser each time: no cookie to resume
        statuses.append(post_start(visitor, start).status_code)
    assert statuses[:20] == [302] * 20
    assert set(statuses[20:]) == {429}
    assert Response.objects.filter(open_link=link).count() == 20
    refused = Client(REMOTE_ADDR="203.0.113.7")
    reply = post_start(refused, start)
    assert reply.status_code == 429
    assert_message_in(reply, responses.ERROR_THROTTLED)
    # Another address is not affected.
    assert post_start(Client(REMOTE_ADDR="198.51.100.9"), start).status_code == 302


def test_starts_per_link_are_capped_across_addresses(settings, link, start):
    settings.OPEN_LINK_START_RATE_PER_LINK = "3/h"
    codes = [post_start(Client(REMOTE_ADDR=f"198.51.100.{n}"), start).status_code for n in range(1, 6)]
    assert codes == [302, 302, 302, 429, 429]
    assert Response.objects.filter(open_link=link).count() == 3


def test_forwarded_for_is_ignored_without_a_proxy(settings, link, start):
    settings.OPEN_LINK_START_RATE_PER_IP = "2/h"
    settings.BEHIND_PROXY = False
    codes = [
        post_start(Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}"), start).status_code
        for n in range(1, 4)
    ]
    assert codes == [302, 302, 429]  # a forged header does not buy new addresses


def test_forwarded_for_counts_behind_a_proxy(settings, link, start):
    settings.OPEN_LINK_START_RATE_PER_IP = "2/h"
    settings.BEHIND_PROXY = True
    settings.PROXY_COUNT = 1
    codes = [
        post_start(Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}"), start).status_code
        for n in range(1, 4)
    ]
    assert codes == [302, 302, 302]  # three clients behind the same proxy
    same = [
        post_start(Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.5"), start).status_code
        for _ in range(3)
    ]
    assert same == [302, 302, 429]


def test_throttled_autosave_keeps_the_answer_in_the_form(settings, client, small, link, start):
    settings.RESPONSE_SAVE_RATE = "1/m"
    personal = post_start(client, start).url.split("/")[-2]
    single = small.q["single"]
    save = url("respond-autosave", personal, single.pk)
    assert client.post(save, {f"q{single.pk}": str(small.option("single", 0))}, **HTMX).status_code == 200
    reply = client.post(save, {f"q{single.pk}": str(small.option("single", 1))}, **HTMX)
    assert reply.status_code == 429
    assert_message_in(reply, responses.ERROR_THROTTLED)
    assert "<form" not in reply.content.decode()  # only the feedback is swapped: what was typed stays
    response = Response.objects.get(open_link=link)
    assert response.answers.get().choice_key == str(small.option("single", 0))


def test_throttled_submit_is_told_and_nothing_is_lost(settings, client, small, link, start):
    settings.RESPONSE_SUBMIT_RATE = "1/h"
    personal = post_start(client, start).url.split("/")[-2]
    submit = url("respond-submit", personal)
    Response.objects.filter(open_link=link).update(created_at=timezone.now() - timedelta(minutes=5))
    assert client.post(submit, {guards.HONEYPOT_FIELD: ""}).status_code == 422  # a required answer is missing
    single = small.q["single"]
    client.post(url("respond-autosave", personal, single.pk), {f"q{single.pk}": str(small.option("single", 0))})
    reply = client.post(submit, {guards.HONEYPOT_FIELD: ""})
    assert reply.status_code == 429
    assert_message_in(reply, responses.ERROR_THROTTLED)
    response = Response.objects.get(open_link=link)
    assert response.submitted_at is None
    assert response.answers.count() == 1


@pytest.mark.parametrize("raw", ["20", "x/h", "0/h", "20/week", "-1/m"])
def test_env_rate_refuses_bad_values(monkeypatch, raw):
    monkeypatch.setenv("OPEN_LINK_START_RATE_PER_IP", raw)
    with pytest.raises(ImproperlyConfigured, match="OPEN_LINK_START_RATE_PER_IP"):
        env_rate("OPEN_LINK_START_RATE_PER_IP", "20/h")


def test_env_rate_reads_good_values(monkeypatch):
    assert env_rate("OPEN_LINK_UNSET_RATE", "20/h") == "20/h"
    monkeypatch.setenv("OPEN_LINK_START_RATE_PER_IP", " 5/m ")
    assert env_rate("OPEN_LINK_START_RATE_PER_IP", "20/h") == "5/m"


# One response per browser --------------------------------------------------------------------------


def test_a_returning_browser_resumes_its_response(client, link, start):
    first = post_start(client, start)
    assert first.status_code == 302
    again = client.post(start, {guards.STAMP_FIELD: guards.form_stamp(), guards.HONEYPOT_FIELD: ""})
    assert again.url == first.url
    assert Response.objects.filter(open_link=link).count() == 1
    # Another browser starts its own.
    other = post_start(Client(), start)
    assert other.url != first.url
    assert Response.objects.filter(open_link=link).count() == 2


def test_a_forged_cookie_is_ignored(client, link, start):
    client.cookies[f"sr_open_link_{link.pk}"] = "forged"
    assert post_start(client, start).status_code == 302
    assert Response.objects.filter(open_link=link).count() == 1


def test_several_per_browser_starts_a_new_response_each_time(client, link, start):
    link.several_per_browser = True
    link.save(update_fields=["several_per_browser"])
    first = post_start(client, start)
    second = post_start(client, start)
    assert first.url != second.url
    assert Response.objects.filter(open_link=link).count() == 2


def test_staff_may_allow_several_per_browser(staff_a_client, commune_a, campaign, link):
    reply = staff_a_client.post(
        reverse("diagnostics:open-link-update", args=[commune_a.slug, campaign.pk, link.pk]),
        {"several_per_browser": "on"},
    )
    assert reply.status_code == 302
    link.refresh_from_db()
    assert link.several_per_browser is True


# Bots ----------------------------------------------------------------------------------------------


def test_a_filled_honeypot_is_refused_quietly(client, link, start):
    data = form(client, start)
    data[guards.HONEYPOT_FIELD] = "http://spam.example"
    reply = client.post(start, data)
    assert reply.status_code == 200
    assert not Response.objects.filter(open_link=link).exists()


def test_a_start_without_the_stamp_is_refused_quietly(client, link, start):
    assert client.post(start).status_code == 200
    assert not Response.objects.filter(open_link=link).exists()


def test_a_start_faster_than_the_minimum_fill_time_is_refused_quietly(settings, client, link, start):
    settings.OPEN_LINK_MIN_FILL_SECONDS = 60
    data = form(client, start)
    assert client.post(start, data).status_code == 200
    assert not Response.objects.filter(open_link=link).exists()
    settings.OPEN_LINK_MIN_FILL_SECONDS = 0
    assert client.post(start, data).status_code == 302


def test_a_bot_submission_is_refused_quietly(settings, client, small, link, start):
    personal = post_start(client, start).url.split("/")[-2]
    single = small.q["single"]
    client.post(url("respond-autosave", personal, single.pk), {f"q{single.pk}": str(small.option("single", 0))})
    submit = url("respond-submit", personal)
    settings.OPEN_LINK_MIN_FILL_SECONDS = 60  # submitted seconds after starting
    assert client.post(submit, {guards.HONEYPOT_FIELD: ""}).url == submit
    settings.OPEN_LINK_MIN_FILL_SECONDS = 0
    assert client.post(submit, {guards.HONEYPOT_FIELD: "x"}).url == submit
    assert Response.objects.get(open_link=link).submitted_at is None
    assert client.post(submit, {guards.HONEYPOT_FIELD: ""}).url == url("respond", personal)
    assert Response.objects.get(open_link=link).submitted_at is not None


# The cap -------------------------------------------------------------------------------------------


def test_the_cap_counts_submissions_not_starts(client, small, link, start):
    link.max_responses = 1
    link.save(update_fields=["max_responses"])
    starters = [post_start(Client(REMOTE_ADDR=f"198.51.100.{n}"), start) for n in range(1, 6)]
    assert [r.status_code for r in starters] == [302] * 5  # five starts do not fill a cap of one
    assert Client().get(start).status_code == 200
    browser = Client()
    personal = post_start(browser, start).url.split("/")[-2]
    single = small.q["single"]
    browser.post(url("respond-autosave", personal, single.pk), {f"q{single.pk}": str(small.option("single", 0))})
    assert browser.post(url("respond-submit", personal), {guards.HONEYPOT_FIELD: ""}).status_code == 302
    full = Client().get(start)
    assert full.status_code == 410
    assert_message_in(full, responses.ERROR_LINK_FULL)
    # A starter who did not submit in time keeps their answers but cannot submit past the cap.
    late = response_token(Response.objects.filter(open_link=link).order_by("pk").first())
    late_client = Client()
    late_client.post(url("respond-autosave", late, single.pk), {f"q{single.pk}": str(small.option("single", 1))})
    refused = late_client.post(url("respond-submit", late), {guards.HONEYPOT_FIELD: ""})
    assert refused.status_code == 410
    assert_message_in(refused, responses.ERROR_LINK_FULL_AT_SUBMIT)


def test_wrong_method_on_the_start_page(client, start):
    assert client.put(start).status_code == 405
    assert client.delete(start).status_code == 405
