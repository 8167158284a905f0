"""Two tabs open on the same row: the later save is refused (input kept, translated message), never silently
written over the earlier one; saving again from the refused form then replaces it on purpose."""

import pytest
from django.urls import reverse

from diagnostics.models import ExistingSystem, Finding, PstAction, PstObjective, Workshop
from smartregion.concurrency import ERROR_EDIT_CONFLICT
from tests.helpers import assert_message_in, form_data

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}

CASES = [
    ("workshop-update", "workshop", Workshop, "title"),
    ("system-update", "system_a", ExistingSystem, "name"),
    ("pst-objective-update", "operational", PstObjective, "title"),
    ("pst-action-update", "action", PstAction, "title"),
    ("finding-update", "finding", Finding, "summary"),
]


@pytest.mark.parametrize(("name", "attr", "model", "field"), CASES)
def test_two_tabs(ws, referent_client, staff_a_client, name, attr, model, field):
    row = getattr(ws, attr)
    page = reverse(f"diagnostics:{name}", args=[ws.commune.slug, row.pk])
    first = form_data(referent_client.get(page))
    second = form_data(staff_a_client.get(page))
    assert first["edit_version"] == second["edit_version"] == "0"

    first[field] = "Saved first"
    assert referent_client.post(page, first).status_code == 302

    second[field] = "Saved second"
    refused = staff_a_client.post(page, second, **HTMX)
    assert refused.status_code == 422
    assert_message_in(refused, ERROR_EDIT_CONFLICT)
    assert "Saved second" in refused.content.decode()
    assert getattr(model.objects.get(pk=row.pk), field) == "Saved first"

    again = form_data(refused)
    assert again["edit_version"] == "1" and again[field] == "Saved second"
    assert staff_a_client.post(page, again).status_code == 302
    stored = model.objects.get(pk=row.pk)
    assert getattr(stored, field) == "Saved second" and stored.edit_version == 2
