"""Two tabs on a commune's accompaniment: the later save is refused, never silently written over."""

import pytest
from django.urls import reverse

from communes.models import Accompaniment
from smartregion.concurrency import ERROR_EDIT_CONFLICT
from tests.factories import AccompanimentFactory
from tests.helpers import assert_message_in, form_data

pytestmark = pytest.mark.django_db


def test_accompaniment_two_tabs(client_for, referent, commune_a):
    accompaniment = AccompanimentFactory(commune=commune_a)
    page = reverse("communes:accompaniment-update", args=[commune_a.slug])
    tab_1, tab_2 = client_for(referent), client_for(referent)
    first, second = form_data(tab_1.get(page)), form_data(tab_2.get(page))
    assert first["edit_version"] == "0"
    first["status"] = "on_hold"
    assert tab_1.post(page, first).status_code == 302

    second["status"] = "completed"
    refused = tab_2.post(page, second, HTTP_HX_REQUEST="true")
    assert refused.status_code == 422
    assert_message_in(refused, ERROR_EDIT_CONFLICT)
    assert refused.context["form"]["status"].value() == "completed"
    assert Accompaniment.objects.get(pk=accompaniment.pk).status == "on_hold"

    assert tab_2.post(page, form_data(refused)).status_code == 302
    stored = Accompaniment.objects.get(pk=accompaniment.pk)
    assert stored.status == "completed" and stored.edit_version == 2
