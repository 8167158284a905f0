"""Reads: the report's plain data, exports, what-if, plan explanations and the catalogue migration."""

import importlib
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from roadmaps import planning, selectors
from roadmaps.models import Criterion, CriterionKind, PlanStatus, ProjectTemplate
from roadmaps.services import planning as plan_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def filled(roadmap, make_sheet, score_now):
    website = make_sheet(
        "Website",
        marks=(4, 4, 3, 4, 5, 4),
        investment=Decimal(40_000),
        running_cost=Decimal(6_000),
        horizon="short",
        pillars=["governance"],
        summary="A clear site",
        yearly_socio_economic_value=Decimal(8_000),
    )
    counter = make_sheet(
        "=cmd|' /C calc'!A0", marks=(3, 3, 2, 5, 5, 4), investment=Decimal(60_000), requires=[website], horizon="medium"
    )
    lighting = make_sheet("Lighting", marks=(1, 4, 3, 4, 4, 4), investment=Decimal(250_000))
    make_sheet("Not marked")
    score_now(roadmap)
    return {"website": website, "counter": counter, "lighting": lighting}


class TestReport:
    def test_plain_data_ranked_with_horizons_and_plan(self, roadmap, filled, referent, commune_a):
        proposal = plan_services.plan_propose(
            roadmap=roadmap,
            actor=referent,
            budgets={"short": (Decimal(50_000), 10), "medium": (Decimal(60_000), None), "long": (Decimal(0), None)},
        )
        plan_services.plan_accept(proposal=proposal, actor=referent)
        data = selectors.roadmap_for_report(commune_a)
        assert [s["title"] for s in data["sheets"]][:3] == ["Website", "=cmd|' /C calc'!A0", "Lighting"]
        assert [s["rank"] for s in data["sheets"]] == [1, 2, 3, None]
        website = data["sheets"][0]
        assert website["pillars"] == ["Governance"] and website["priority"] == "high"
        assert website["roi"]["total_cost"] == Decimal(76_000) and website["roi"]["net_value"] == Decimal(-28_000)
        assert data["sheets"][1]["prerequisites"] == ["Website"]
        assert website["marks"][str(CriterionKind.BUDGET.label)] == 4
        assert [h["code"] for h in data["horizons"]] == ["short", "medium", "long", ""]
        assert data["horizons"][0]["budget"] == {"investment": 50_000.0, "staff_days": 10}
        assert data["accepted_plan"]["assignments"][filled["website"].pk] == "short"
        assert "budget" in data["accepted_plan"]["left_out"][filled["lighting"].pk].casefold()
        assert data["timeline_svg"].startswith("<svg")
        assert sum(c["share"] for c in data["criteria"]) == pytest.approx(100)

    def test_none_without_roadmap(self, commune_b):
        assert selectors.roadmap_for_report(commune_b) is None

    def test_fixed_number_of_queries(self, roadmap, make_sheet, commune_a, score_now):
        make_sheet("One", marks=(3,))
        score_now(roadmap)
        with CaptureQueriesContext(connection) as one:
            selectors.roadmap_for_report(commune_a)
        for index in range(20):
            make_sheet(f"Sheet {index}", marks=(4, 2), requires=[roadmap.sheets.first()])
        score_now(roadmap)
        with CaptureQueriesContext(connection) as many:
            selectors.roadmap_for_report(commune_a)
        assert len(one) == len(many)


class TestExportTable:
    def test_header_and_rows(self, roadmap, filled):
        with translation.override("en"):
            header, rows = selectors.export_table(roadmap)
        assert header[0] == "Rank" and header[-6] == "Mark: Budget (cheaper scores higher)"
        assert len(rows) == 4 and all(len(r) == len(header) for r in rows)
        assert rows[0][1] == "Website" and rows[1][15] == "Website"


class TestWhatIf:
    def test_moves_in_memory_without_saving(self, roadmap, filled):
        criteria = list(Criterion.objects.filter(roadmap=roadmap))
        budget = next(c for c in criteria if c.kind == CriterionKind.BUDGET)
        moves = selectors.what_if(roadmap, criteria, {c.pk: (100 if c.pk == budget.pk else 0) for c in criteria})
        assert moves[0].title == "Website"
        lighting = next(m for m in moves if m.title == "Lighting")
        assert (lighting.before_score, lighting.score, lighting.change) == (60, 0, 0)
        assert Criterion.objects.get(pk=budget.pk).weight == 15


class TestExclusionTexts:
    titles = {1: "Website"}

    def test_each_reason_reads_well(self):
        with translation.override("en"):
            assert (
                selectors.exclusion_text({"reason": planning.EXCLUDED_BY_USER}, self.titles)
                == "Left out at your request."
            )
            assert "“Website”" in selectors.exclusion_text(
                {"reason": planning.PREREQUISITE_NOT_SELECTED, "prerequisites": [1]}, self.titles
            )
            assert "“a deleted sheet”" in selectors.exclusion_text(
                {"reason": planning.PREREQUISITE_UNAVAILABLE, "prerequisites": [7]}, self.titles
            )
            text = selectors.exclusion_text(
                {
                    "reason": planning.TOO_EXPENSIVE,
                    "resource": "investment",
                    "needed": 250_000,
                    "largest_budget": 100_000,
                },
                self.titles,
            )
            assert "250,000\u00a0€" in text and "100,000\u00a0€" in text
            text = selectors.exclusion_text(
                {
                    "reason": planning.BUDGET,
                    "earliest_horizon": "medium",
                    "shortfalls": [
                        {"horizon": "medium", "resource": "investment", "left": 10_000, "needed": 40_000},
                        {"horizon": "medium", "resource": "staff_days", "left": 2, "needed": 30},
                        {"horizon": "long", "resource": "investment", "left": 0, "needed": 40_000},
                    ],
                },
                self.titles,
            )
            assert text == (
                "It needs 40,000\u00a0€ and 30 staff days, and no horizon from the medium term on (its prerequisites "
                "come first) has that much left: 10,000\u00a0€ and 2 staff days left in the medium term; "
                "0\u00a0€ left in the long term."
            )


class TestCatalogue:
    def test_at_least_fifteen_templates_in_both_languages(self):
        templates = list(ProjectTemplate.objects.all())
        assert len(templates) >= 15
        assert all(t.title_fr and t.title_en and t.summary_fr and t.summary_en for t in templates)
        counter = ProjectTemplate.objects.get(code="online-counter")
        assert list(counter.default_prerequisites.values_list("code", flat=True)) == ["website-overhaul"]

    def test_data_migration_runs_twice_and_reverses(self):
        migration = importlib.import_module("roadmaps.migrations.0002_project_templates")
        count = ProjectTemplate.objects.count()
        migration.load(django_apps, None)
        assert ProjectTemplate.objects.count() == count
        migration.unload(django_apps, None)
        assert ProjectTemplate.objects.count() == 0
        migration.load(django_apps, None)
        assert ProjectTemplate.objects.count() == count

    def test_catalogue_marks_templates_already_used(self, roadmap, make_sheet):
        website = ProjectTemplate.objects.get(code="website-overhaul")
        make_sheet("Our site", template=website)
        used = {t.code for t in selectors.templates_catalogue(roadmap) if t.in_roadmap}
        assert used == {"website-overhaul"}


def test_plan_page_explains_left_out_sheets(roadmap, filled, referent):
    plan_services.plan_propose(
        roadmap=roadmap, actor=referent, budgets={h: (Decimal(100_000), None) for h in ("short", "medium", "long")}
    )
    page = selectors.plan_page(roadmap)
    assert page["proposal"].status == PlanStatus.PROPOSED and page["proposal_open"]
    # Lighting is too dear; the unmarked sheet brings nothing (it may or may not be added: it costs nothing).
    assert "Lighting" in [row["sheet"].title for row in page["left_out"]]
    assert {row["horizon"] for row in page["chosen"]} <= {"short", "medium", "long"}
