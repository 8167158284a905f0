"""Two tabs on the roadmap's strategy: the later save is refused, never silently written over the earlier one."""

import pytest
from django.urls import reverse

from roadmaps.models import Roadmap
from smartregion.concurrency import ERROR_EDIT_CONFLICT
from tests.helpers import assert_message_in, form_data

pytestmark = pytest.mark.django_db


def test_strategy_two_tabs(client_for, referent, roadmap):
    page = reverse("roadmaps:roadmap-update", args=[roadmap.commune.slug])
    tab_1, tab_2 = client_for(referent), client_for(referent)
    first, second = form_data(tab_1.get(page)), form_data(tab_2.get(page))
    first["summary"] = "Energy first"
    assert tab_1.post(page, first).status_code in (200, 302)
    assert Roadmap.objects.get(pk=roadmap.pk).summary == "Energy first"

    second["summary"] = "Mobility second"
    refused = tab_2.post(page, second, HTTP_HX_REQUEST="true")
    assert refused.status_code == 422
    assert_message_in(refused, ERROR_EDIT_CONFLICT)
    assert "Mobility second" in refused.content.decode()
    assert Roadmap.objects.get(pk=roadmap.pk).summary == "Energy first"

    again = form_data(refused)
    tab_2.post(page, again)
    stored = Roadmap.objects.get(pk=roadmap.pk)
    assert stored.summary == "Mobility second" and stored.edit_version == 2
