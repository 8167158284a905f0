"""Two tabs on a campaign's dates and reminders: the later save is refused, never silently written over."""

import pytest
from django.urls import reverse

from diagnostics.models import Campaign
from smartregion.concurrency import ERROR_EDIT_CONFLICT
from tests.helpers import assert_message_in, form_data

pytestmark = pytest.mark.django_db


def test_campaign_two_tabs(client_for, referent, staff_a, campaign, commune_a):
    page = reverse("diagnostics:campaign-update", args=[commune_a.slug, campaign.pk])
    tab_1, tab_2 = client_for(referent), client_for(staff_a)
    first, second = form_data(tab_1.get(page)), form_data(tab_2.get(page))
    assert first["edit_version"] == "0"
    first["title"] = "Titre du premier"
    assert tab_1.post(page, first).status_code == 302

    second["title"] = "Titre du second"
    refused = tab_2.post(page, second, HTTP_HX_REQUEST="true")
    assert refused.status_code == 422
    assert_message_in(refused, ERROR_EDIT_CONFLICT)
    assert "Titre du second" in refused.content.decode()
    assert Campaign.objects.get(pk=campaign.pk).title == "Titre du premier"

    assert tab_2.post(page, form_data(refused)).status_code == 302
    stored = Campaign.objects.get(pk=campaign.pk)
    assert stored.title == "Titre du second" and stored.edit_version == 2
