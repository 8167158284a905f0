"""The public barometer summary speaks to citizens: question labels, never the internal codes."""

import pytest
from django.urls import reverse

from barometer import services

pytestmark = pytest.mark.django_db


def test_the_public_summary_shows_labels_not_codes(client, territory, closed_edition):
    services.edition_publish(edition=closed_edition, actor=None)
    page = client.get(reverse("barometer:public-summary", args=[territory.slug, 2022])).content.decode()
    assert "Is your commune smart?" in page
    assert "<code" not in page
    assert ">smartness<" not in page


def test_the_referents_results_page_keeps_the_codes(referent_client, closed_edition):
    page = referent_client.get(reverse("barometer:edition-results", args=[closed_edition.pk])).content.decode()
    assert ">smartness</code>" in page
