"""Every HTML page carries the Content-Security-Policy (and friends) set by smartregion.middleware."""

import re
from collections import deque

import pytest
from django.urls import reverse

from communes import services
from smartregion.middleware import CONTENT_SECURITY_POLICY
from tests.factories import AccompanimentFactory, InvitationFactory, MilestoneFactory

pytestmark = pytest.mark.django_db

REQUIRED_DIRECTIVES = ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"]


def assert_secure_headers(response, url):
    csp = response.headers.get("Content-Security-Policy", "")
    directives = {d.strip() for d in csp.split(";")}
    for directive in REQUIRED_DIRECTIVES:
        assert directive in directives, f"{url}: {directive!r} missing from {csp!r}"
    assert "'unsafe-inline'" not in csp, url
    assert response.headers.get("X-Content-Type-Options") == "nosniff", url
    assert response.headers.get("X-Frame-Options") == "DENY", url


def test_policy_forbids_inline_code():
    assert "script-src 'self'" in CONTENT_SECURITY_POLICY
    assert "style-src 'self'" in CONTENT_SECURITY_POLICY
    for directive in REQUIRED_DIRECTIVES:
        assert directive in CONTENT_SECURITY_POLICY


@pytest.fixture
def world(commune_a, commune_b, referent, staff_a, college_a):
    milestone = MilestoneFactory(accompaniment=AccompanimentFactory(commune=commune_a))
    invitation = InvitationFactory(commune=commune_b, invited_by=referent)
    return {"milestone": milestone, "invitation": invitation}


def test_anonymous_pages(client, world):
    token = services.invitation_token(world["invitation"])
    urls = [
        reverse("accounts:login"),
        reverse("accounts:password-reset"),
        reverse("accounts:password-reset-done"),
        reverse("accounts:password-reset-complete"),
        reverse("accounts:password-reset-confirm", args=["MQ", "bad-token"]),
        reverse("communes:invitation-accept", args=[token]),
        reverse("communes:invitation-accept", args=["bad-token"]),
        "/no-such-page/",
    ]
    for url in urls:
        response = client.get(url)
        assert response["Content-Type"].startswith("text/html"), url
        assert_secure_headers(response, url)


def test_error_pages(client_for, staff_a, commune_a, commune_b):
    client = client_for(staff_a)
    forbidden = client.get(reverse("communes:commune-update", args=[commune_a.slug]))
    assert forbidden.status_code == 403
    assert_secure_headers(forbidden, "403")
    missing = client.get(reverse("communes:commune-detail", args=[commune_b.slug]))
    assert missing.status_code == 404
    assert_secure_headers(missing, "404")


def test_htmx_fragments(referent_client, world, commune_a):
    fragment = referent_client.get(reverse("communes:commune-list"), headers={"HX-Request": "true"})
    assert_secure_headers(fragment, "dashboard fragment")
    url = reverse("communes:milestone-complete", args=[commune_a.slug, world["milestone"].pk])
    row = referent_client.post(url, {"completed": "1"}, headers={"HX-Request": "true"})
    assert row.status_code == 200
    assert_secure_headers(row, url)


LINK = re.compile(r'href="(/[^"#]*)"')


@pytest.mark.parametrize(("who", "at_least"), [("referent", 10), ("staff_a", 3), ("college_a", 3)])
def test_every_page_reachable_by_links(request, client_for, world, who, at_least):
    """Follow every link from home (no static files), and check each HTML page met."""
    client = client_for(request.getfixturevalue(who))
    seen, queue, checked = set(), deque(["/"]), 0
    while queue and len(seen) < 80:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        if not response["Content-Type"].startswith("text/html"):
            continue
        assert_secure_headers(response, url)
        checked += 1
        for link in LINK.findall(response.content.decode()):
            link = link.replace("&amp;", "&")
            if not link.startswith(("/static/", "/admin/")) and link not in seen:
                queue.append(link)
    assert checked >= at_least, seen


def test_csrf_is_enforced_on_forms(db, staff_a):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "staff-a", "password": "pw"})
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
    # With the token the page hands out, the same post goes through.
    page = client.get(reverse("accounts:login"))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    response = client.post(
        reverse("accounts:login"), {"username": "staff-a", "password": "pw", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
