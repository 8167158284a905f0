"""The referent reworks Courcelles' roadmap: a weight changes, the scores are recomputed in the
background while the page keeps the last complete ranking, then the timeline and the affordable plan."""

import pytest
from playwright.sync_api import expect

from roadmaps import tasks as roadmap_tasks
from roadmaps.models import Criterion, Roadmap
from smartregion.demo import seed_demo
from tests.browser.journeys import login

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.browser]

ROADMAP = "/communes/courcelles/roadmap/"


def first_ranked(page) -> str:
    return page.locator("#ranking tbody tr").first.locator("th a").inner_text()


def test_referent_reweights_the_roadmap_then_plans_it(journey, monkeypatch):
    seed_demo()
    roadmap = Roadmap.objects.get(commune__slug="courcelles")
    impact = Criterion.objects.get(roadmap=roadmap, kind="impact")
    # The worker is slow today: scoring tasks wait in the queue until the test lets them run.
    queued = []
    monkeypatch.setattr(
        roadmap_tasks.roadmap_scores_refresh, "apply_async", lambda args, kwargs=None, **options: queued.append(args)
    )
    page = journey.page

    login(journey, "referent", "demo")
    journey.goto(ROADMAP)
    expect(page.locator("#ranking tbody tr")).to_have_count(11)
    before = first_ranked(page)
    assert before == "Audit de cybersécurité et formation"
    expect(page.locator("#duplicates-heading")).to_be_visible()
    journey.step("the ranking of Courcelles with its duplicate warnings")

    page.click(f".nav-tabs a[href='{ROADMAP}weights/']")
    page.fill(f"#id_weight_{impact.pk}", "100")
    # The what-if preview follows the typing (htmx), nothing is saved.
    expect(page.locator("#what-if .badge").first).to_be_visible()  # the shares of the weights being typed
    expect(page.locator("#what-if tbody tr").first).to_contain_text("Espaces publics numériques")
    assert Criterion.objects.get(pk=impact.pk).weight == 25
    journey.step("what-if: the ranking with the impact weighing 100, before saving")

    page.click("form.card button[type=submit]:not([formaction])")
    page.wait_for_url(f"**{ROADMAP}")
    expect(page.locator("#ranking [role=status]")).to_be_visible()
    assert first_ranked(page) == before  # the last complete ranking, never half of the new one
    assert queued == [(roadmap.pk,)]
    journey.step("new scores being computed, the last complete ranking still shown")

    roadmap_tasks.roadmap_scores_refresh(roadmap.pk)  # the worker gets to it; the page polls and swaps the ranking
    expect(page.locator("#ranking [role=status]")).to_have_count(0, timeout=15_000)
    expect(page.locator("#ranking tbody tr").first).to_contain_text("Espaces publics numériques")
    journey.step("the new ranking, once computed")

    page.click(f".nav-tabs a[href='{ROADMAP}timeline/']")
    expect(page.locator("svg[role=img]")).to_be_visible()
    expect(page.locator("body")).to_contain_text("Refonte du site internet communal")
    journey.step("the timeline with the dependencies")

    page.click(f".nav-tabs a[href='{ROADMAP}plan/']")
    page.fill("#id_short_investment", "150000")
    page.fill("#id_medium_investment", "300000")
    page.fill("#id_long_investment", "300000")
    for horizon in ("short", "medium", "long"):
        page.fill(f"#id_{horizon}_staff", "")
    page.click("form.card button[type=submit]")
    expect(page.locator("#proposal-heading .text-bg-info")).to_be_visible()  # a proposal, not decided yet
    expect(page.locator("body")).to_contain_text("Éclairage public intelligent")
    journey.step("the affordable plan proposed for the new budgets, explained")

    page.click("form:has(input[name=decision][value=accept]) button")
    page.wait_for_url(f"**{ROADMAP}timeline/")
    expect(page.locator(".alert-success")).to_be_visible()
    journey.step("the plan accepted, back on the timeline")
