"""Stored HTML and htmx injection: user-written text always comes out escaped.

The permission matrix's world (one object of every kind for commune A) is built once; then every CharField and
TextField of every model of our apps, on every row, is overwritten with markup able to run script or make htmx
fetch a page (`hx-get` + `hx-trigger="load"`). Every page the referent (who reaches everything) and the
respondent (through their links) may read is then fetched: none may carry the markup live, and the markup must
show up escaped, including in form help texts and in the report preview.

Also: the CSRF token is no longer in a body-wide `hx-headers` (any injected `hx-post` would have inherited it)
but in a meta tag that `static/js/csrf.js` reads for same-origin requests only; htmx refuses cross-origin
requests, `<script>` tags in swapped content and eval. And plain-text e-mails are not HTML-escaped.
"""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core import mail
from django.db import models, transaction
from django.test import override_settings
from django.urls import reverse

from tests.test_permission_matrix import EXPECTED, _client, _session_for, _url, build_world

PAYLOAD = (
    '<div hx-get="/accounts/profile/" hx-trigger="load">x</div><script>alert(1)</script><img src=x onerror=alert(1)>'
)
SHORT_PAYLOAD = "<script>alert(1)</script>"
# What must never reach a page unescaped (a quote left as is in a text node is harmless: "<" is what opens a tag).
LIVE = ("<div hx-get=", "<script>alert(1)", "<img src=x onerror")
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"

OUR_APPS = ("accounts", "communes", "diagnostics", "roadmaps", "barometer", "reports")
# Fields that are not text people write: identifiers the code looks up or parses, never printed as prose.
NOT_PROSE = {
    "token_hash",
    "token_nonce",
    "key",
    "template_key",
    "file_format",
    "language",
    "nis_code",
    "slug",
    "password",
    "error",
}


def _text_fields(model) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField)
        and not isinstance(f, models.EmailField | models.SlugField | models.URLField)
        and not f.choices
        and not f.unique
        and f.name not in NOT_PROSE
        and (f.max_length is None or f.max_length >= len(SHORT_PAYLOAD) + 6)
    ]


def _value(field: models.Field, pk) -> str:
    """The payload (the short one where it does not fit), made unique per row for unique-together codes."""
    for payload in (PAYLOAD, SHORT_PAYLOAD):
        value = f"{payload} {pk}"
        if field.max_length is None or len(value) <= field.max_length:
            return value
    raise AssertionError(field)


def inject_everywhere() -> dict[str, list[str]]:
    """Overwrite every prose field of every row of our apps' models; returns model label → fields written."""
    written = {}
    for label in OUR_APPS:
        for model in apps.get_app_config(label).get_models():
            fields = _text_fields(model)
            if not fields:
                continue
            for pk in model._default_manager.values_list("pk", flat=True):
                model._default_manager.filter(pk=pk).update(**{f.attname: _value(f, pk) for f in fields})
            written[model._meta.label] = [f.name for f in fields]
    return written


@pytest.fixture(scope="module")
def injected_world(django_db_setup, django_db_blocker, tmp_path_factory):
    media_root = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media_root):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            world = build_world()
            world.sessions = {role: _session_for(user) for role, user in world.users.items()}
            world.written = inject_everywhere()
            yield world
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _readable_pages():
    """(url name, role) of every GET page the referent or the respondent reads with a 200."""
    cases = []
    for key, (method, *statuses) in sorted(EXPECTED.items()):
        if method != "GET":
            continue
        if statuses[1] == 200 and key.split(":")[0] in ("diagnostics", "communes"):
            cases.append((key, "respondent"))
        if statuses[-1] == 200:
            cases.append((key, "referent"))
    return cases


PAGES = _readable_pages()


def test_every_model_with_prose_is_injected(injected_world):
    # A guard against the injection silently writing nothing (a renamed app, a filter too strict).
    assert {"communes.Commune", "diagnostics.Need", "roadmaps.Criterion", "barometer.Question"} <= set(
        injected_world.written
    )
    assert "description" in injected_world.written["roadmaps.Criterion"]
    assert "help_text" in injected_world.written["barometer.Question"]


@pytest.mark.parametrize(("name", "role"), PAGES, ids=[f"{n}-{r}" for n, r in PAGES])
def test_page_prints_user_text_escaped(injected_world, db, name, role):
    client = _client(injected_world, role)
    with transaction.atomic():
        response = client.get(_url(injected_world, name, role))
        transaction.set_rollback(True)
    assert response.status_code < 500, f"{name}: {response.status_code}"
    if "html" not in response.get("Content-Type", ""):
        return
    page = response.content.decode()
    live = [marker for marker in LIVE if marker in page]
    assert not live, f"{name} as {role} prints user-written markup live: {live}"


# Pages where user-written text is certainly shown (lists, details, forms whose help texts come from user text, the
# report's HTML): the escaped payload must be there, so that the test above is not passing on empty pages.
SHOWN = [
    "communes:commune-list",
    "communes:commune-detail",
    "diagnostics:need-detail",
    "diagnostics:interview-detail",
    "diagnostics:questionnaire-detail",
    "diagnostics:campaign-detail",
    "roadmaps:weights-update",
    "roadmaps:sheet-marks",
    "barometer:edition-detail",
    "barometer:response-edit",
    "reports:report-preview",
]


@pytest.mark.parametrize("name", SHOWN)
def test_page_shows_the_payload_escaped(injected_world, db, name):
    assert name in EXPECTED, name
    client = _client(injected_world, "referent")
    with transaction.atomic():
        response = client.get(_url(injected_world, name, "referent"))
        transaction.set_rollback(True)
    assert response.status_code == 200
    page = response.content.decode()
    assert ESCAPED in page
    assert not [marker for marker in LIVE if marker in page]


def test_weights_form_help_texts_are_escaped(injected_world, db):
    """Criterion descriptions become help texts, which crispy printed with |safe."""
    client = _client(injected_world, "referent")
    with transaction.atomic():
        response = client.get(_url(injected_world, "roadmaps:weights-update", "referent"))
        transaction.set_rollback(True)
    helps = re.findall(r'class="form-text">(.*?)</div>', response.content.decode(), re.S)
    assert any(ESCAPED in h for h in helps), helps
    assert not any("<script>" in h for h in helps)


# CSRF token and htmx configuration ---------------------------------------------------------------


def test_token_is_in_a_meta_tag_not_in_hx_headers(injected_world, db):
    page = _client(injected_world, "referent").get(reverse("communes:commune-list")).content.decode()
    assert "hx-headers" not in page
    assert "X-CSRFToken" not in page
    token = re.search(r'<meta name="csrf-token" content="([^"]+)">', page)
    assert token and len(token.group(1)) >= 32
    assert '<script src="/static/js/csrf.js"></script>' in page


def test_htmx_refuses_other_origins_script_tags_and_eval(client):
    page = client.get(reverse("accounts:login")).content.decode()
    config = re.search(r"<meta name=\"htmx-config\" content='([^']+)'>", page)
    assert config
    assert '"selfRequestsOnly":true' in config.group(1)
    assert '"allowScriptTags":false' in config.group(1)
    assert '"allowEval":false' in config.group(1)


def test_no_template_puts_the_token_in_hx_headers():
    templates = Path(settings.BASE_DIR, "templates")
    offenders = [str(p) for p in templates.rglob("*.html") if "hx-headers" in p.read_text() and "csrf" in p.read_text()]
    assert not offenders


def test_csrf_script_adds_the_token_to_same_origin_unsafe_requests_only():
    script = Path(settings.BASE_DIR, "static", "js", "csrf.js").read_text()
    assert "htmx:configRequest" in script
    assert "url.origin === window.location.origin" in script
    assert 'meta[name="csrf-token"]' in script


def test_htmx_vendored_version_knows_the_options():
    vendored = next(Path(settings.BASE_DIR, "static", "vendor").glob("htmx-*/htmx.min.js")).read_text()
    for option in ("selfRequestsOnly", "allowScriptTags", "allowEval"):
        assert option in vendored


# E-mails -----------------------------------------------------------------------------------------


def test_invitation_email_is_plain_text_not_html_escaped(injected_world, db):
    from communes.models import Invitation, Territory
    from communes.services import invitation_email_send

    with transaction.atomic():
        Territory.objects.filter(slug="igretec").update(intercommunale="Ville & Co <Sud>")
        invitation = Invitation.objects.get(territory__slug="igretec")
        Invitation.objects.filter(pk=invitation.pk).update(sent_at=None, accepted_at=None, revoked_at=None)
        assert invitation_email_send(invitation_id=invitation.pk)
        transaction.set_rollback(True)
    (message,) = mail.outbox
    assert "Ville & Co <Sud>" in message.subject
    assert "Ville & Co <Sud>" in message.body
    assert "&amp;" not in message.body + message.subject
    assert "&lt;" not in message.body + message.subject


def test_password_reset_email_is_plain_text(injected_world, db, client):
    from tests.factories import UserFactory

    with transaction.atomic():
        UserFactory(username="a&b", email="ab@example.org")
        client.post(reverse("accounts:password-reset"), {"email": "ab@example.org"})
        transaction.set_rollback(True)
    (message,) = mail.outbox
    assert "a&b" in message.body
    assert "&amp;" not in message.body


def test_email_templates_turn_autoescape_off():
    """Every plain-text e-mail template: HTML escaping would print “&amp;” in a text e-mail."""
    templates = Path(settings.BASE_DIR, "templates")
    texts = [*templates.glob("*/email/*.txt"), *templates.glob("registration/*.txt")]
    assert texts
    assert not [str(p) for p in texts if "{% autoescape off %}" not in p.read_text()]
