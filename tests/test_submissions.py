"""Idempotent creates: every create view is decorated with @once_per_form_token, and the token purge."""

from datetime import timedelta

import pytest
from django.template import Context, Template
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from smartregion.models import FormSubmission
from smartregion.submissions import TOKEN_PATTERN, _purge_old

CREATE_SUFFIXES = ("-create", "-add", "-new")
# Buttons that create a row without a create-like URL name.
OTHER_CREATES = {"diagnostics:questionnaire-new-version", "diagnostics:finding-to-need"}


def _patterns(resolver, namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry.callback


# The REST API's creates answer scripts, not HTML forms: there is no page to carry a form token (recording an
# indicator value is idempotent per date; a script creating a sheet reads the 201 it gets).
NOT_FORMS = {"api:indicator-value-create", "api:sheet-create"}
CREATE_VIEWS = sorted(
    (name, view)
    for name, view in _patterns(get_resolver())
    if (name.endswith(CREATE_SUFFIXES) or name in OTHER_CREATES) and name not in NOT_FORMS
)


def test_the_create_views_are_found():
    names = {name for name, _view in CREATE_VIEWS}
    assert {"diagnostics:need-create", "diagnostics:workshop-create", "diagnostics:campaign-create"} <= names
    assert len(names) >= 28 and names >= OTHER_CREATES


@pytest.mark.parametrize(("name", "view"), CREATE_VIEWS, ids=[name for name, _view in CREATE_VIEWS])
def test_every_create_view_is_once_per_form_token(name, view):
    assert getattr(view, "once_per_form_token", False), f"{name} lacks @once_per_form_token"


def test_form_token_tag_is_builtin_and_random():
    template = Template("{% form_token %}")
    first, second = template.render(Context()), template.render(Context())
    assert 'type="hidden" name="form_token"' in first and first != second
    token = first.split('value="')[1].split('"')[0]
    assert TOKEN_PATTERN.fullmatch(token)


@pytest.mark.django_db
def test_old_tokens_are_purged(referent):
    old = FormSubmission.objects.create(token="o" * 32, user=referent, redirect_url="/a/")
    FormSubmission.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=3))
    recent = FormSubmission.objects.create(token="r" * 32, user=referent, redirect_url="/b/")
    _purge_old()
    assert list(FormSubmission.objects.values_list("pk", flat=True)) == [recent.pk]
