"""The panels seam (smartregion.panels): a higher app shows a panel on a lower app's page without the lower
app importing it; the provider decides, per person, whether there is anything to show."""

import pytest
from django.urls import reverse

from smartregion import panels
from smartregion.panels import Panel, panels_for, register_panel


@pytest.fixture(autouse=True)
def _panel_template(settings, tmp_path):
    (tmp_path / "includes").mkdir()
    (tmp_path / "includes" / "test_panel.html").write_text('<p class="test-panel">{{ text }}</p>')
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}]


@pytest.fixture
def registered():
    saved = {slot: dict(providers) for slot, providers in panels._PROVIDERS.items()}
    yield register_panel
    panels._PROVIDERS.clear()
    panels._PROVIDERS.update(saved)


def test_panels_render_in_their_order_with_their_context(registered, rf):
    registered("test.slot", "late", lambda request, obj: Panel("includes/test_panel.html", {"text": "second"}, 20))
    registered("test.slot", "early", lambda request, obj: Panel("includes/test_panel.html", {"text": obj}, 10))
    registered("test.slot", "absent", lambda request, obj: None)
    found = panels_for("test.slot", rf.get("/"), "first")
    assert [panel.context["text"] for panel in found] == ["first", "second"]


def test_a_slot_nobody_registered_has_no_panel(rf):
    assert panels_for("nobody.registered", rf.get("/"), None) == []


def test_the_commune_page_shows_a_registered_panel_escaped(registered, client, staff_a, commune_a):
    registered(
        "communes.commune",
        "test",
        lambda request, commune: Panel("includes/test_panel.html", {"text": f"<b>{commune.name}</b>"}),
    )
    client.force_login(staff_a)
    html = client.get(reverse("communes:commune-detail", args=[commune_a.slug])).content.decode()
    assert f'<p class="test-panel">&lt;b&gt;{commune_a.name}&lt;/b&gt;</p>' in html
