"""Roadmap pages: start, ranking with its polling, publication, exports, timeline, weights and what-if."""

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from roadmaps.models import Criterion, CriterionKind, Roadmap, RoadmapStatus
from roadmaps.services import roadmaps as roadmap_services
from tests.helpers import assert_message_in, messages_of, translated

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def url(name, roadmap, *args):
    return reverse(f"roadmaps:{name}", args=[roadmap.commune.slug, *args])


class TestDuplicates:
    def test_the_page_lists_the_first_duplicates_and_counts_the_rest(self, referent_client, roadmap, make_sheet):
        from roadmaps.selectors import DUPLICATES_SHOWN

        for number in range(8):  # 8 sheets with near-identical titles: 28 pairs
            make_sheet(f"Guichet électronique {number}")
        response = referent_client.get(url("roadmap-detail", roadmap))
        assert len(response.context["duplicates"]) == DUPLICATES_SHOWN
        assert response.context["duplicates_more"] == 28 - DUPLICATES_SHOWN
        assert f"{28 - DUPLICATES_SHOWN} " in response.content.decode()


class TestStart:
    def test_referent_starts_the_roadmap(self, referent_client, commune_a):
        response = referent_client.post(reverse("roadmaps:roadmap-create", args=[commune_a.slug]))
        assert response.status_code == 302
        assert Roadmap.objects.get(commune=commune_a).criteria.count() == 6

    def test_a_second_start_says_so(self, referent_client, roadmap):
        response = referent_client.post(url("roadmap-create", roadmap))
        assert translated(roadmap_services.ERROR_ROADMAP_EXISTS, response) in messages_of(response)


class TestRanking:
    def test_shows_the_ranking_and_the_new_sheets(
        self, referent_client, referent, in_english, roadmap, make_sheet, score_now
    ):
        in_english(referent)
        make_sheet("Website", marks=(5, 5, 5, 5, 5, 5), investment=Decimal(40_000), horizon="short")
        score_now(roadmap)
        make_sheet("Added later")
        page = referent_client.get(url("roadmap-detail", roadmap)).content.decode()
        assert "Website" in page and "100.0" in page
        assert "Added later" in page

    def test_pending_scores_show_a_notice_and_poll(self, referent_client, roadmap, make_sheet, score_now):
        make_sheet("Website", marks=(4,))
        score_now(roadmap)
        Roadmap.objects.filter(pk=roadmap.pk).update(scoring_version=roadmap.scoring_version + 1)
        page = referent_client.get(url("roadmap-detail", roadmap))
        assert 'hx-trigger="every 2s"' in page.content.decode()
        fragment = referent_client.get(url("roadmap-ranking", roadmap), **HTMX)
        assert b"<html" not in fragment.content and b"every 2s" in fragment.content and b"Website" in fragment.content
        score_now(roadmap)
        fragment = referent_client.get(url("roadmap-ranking", roadmap), **HTMX)
        assert b"hx-trigger" not in fragment.content and b"Website" in fragment.content

    def test_ranking_without_htmx_goes_to_the_page(self, referent_client, roadmap):
        response = referent_client.get(url("roadmap-ranking", roadmap))
        assert response.status_code == 302 and response.url == url("roadmap-detail", roadmap)

    def test_unreachable_queue_offers_to_try_again(self, staff_a_client, roadmap):
        from django.utils import timezone

        Roadmap.objects.filter(pk=roadmap.pk).update(scoring_version=1, scoring_enqueue_failed_at=timezone.now())
        page = staff_a_client.get(url("roadmap-detail", roadmap)).content.decode()
        assert url("roadmap-rescore", roadmap) in page and "every 10s" in page

    def test_rescore(self, staff_a_client, roadmap, make_sheet, django_capture_on_commit_callbacks):
        make_sheet("Website", marks=(4,))
        with django_capture_on_commit_callbacks(execute=True):
            response = staff_a_client.post(url("roadmap-rescore", roadmap))
        assert response.status_code == 302
        roadmap.refresh_from_db()
        assert roadmap.scoring_version == 1 and not roadmap.scoring_pending

    def test_the_page_runs_the_same_queries_for_1_and_50_sheets(self, referent_client, roadmap, make_sheet, score_now):
        first = make_sheet(
            "Sheet 0", marks=(3, 4), investment=Decimal(1000), template_id=1, function_category="website"
        )
        score_now(roadmap)
        with CaptureQueriesContext(connection) as one:
            assert referent_client.get(url("roadmap-detail", roadmap)).status_code == 200
        for index in range(1, 50):
            make_sheet(
                f"Sheet {index}",
                marks=(index % 5 + 1, 3),
                investment=Decimal(1000 * index),
                horizon=["short", "medium", "long", ""][index % 4],
                requires=[first] if index % 3 == 0 else [],
                template_id=1 if index % 7 == 0 else None,
            )
        score_now(roadmap)
        with CaptureQueriesContext(connection) as fifty:
            assert referent_client.get(url("roadmap-detail", roadmap)).status_code == 200
        assert len(one) == len(fifty), [q["sql"] for q in fifty.captured_queries]

    @pytest.mark.parametrize("name", ["roadmap-timeline", "plan"])
    def test_other_pages_run_fixed_queries(self, referent_client, roadmap, make_sheet, score_now, name):
        first = make_sheet("Sheet 0", marks=(3,))
        score_now(roadmap)
        with CaptureQueriesContext(connection) as one:
            referent_client.get(url(name, roadmap))
        for index in range(1, 30):
            make_sheet(f"Sheet {index}", marks=(4,), horizon="medium", requires=[first])
        score_now(roadmap)
        with CaptureQueriesContext(connection) as many:
            referent_client.get(url(name, roadmap))
        assert len(one) == len(many)


class TestPublication:
    def test_publish_and_back(self, referent_client, roadmap, college_a_client, make_sheet):
        make_sheet("Website")
        referent_client.post(url("roadmap-publish", roadmap), {"publish": "1"})
        assert Roadmap.objects.get(pk=roadmap.pk).status == RoadmapStatus.PUBLISHED
        assert b"Website" in college_a_client.get(url("roadmap-detail", roadmap)).content
        referent_client.post(url("roadmap-publish", roadmap), {"publish": "0"})
        assert Roadmap.objects.get(pk=roadmap.pk).status == RoadmapStatus.DRAFT
        page = college_a_client.get(url("roadmap-detail", roadmap))
        assert page.status_code == 200 and b"Website" not in page.content

    def test_college_does_not_see_comments_or_edit_buttons(
        self, college_a_client, published_roadmap, make_sheet, staff_a
    ):
        sheet = make_sheet("Website")
        sheet.comments.create(author=staff_a, body="Internal remark")
        page = college_a_client.get(url("sheet-detail", published_roadmap, sheet.pk)).content.decode()
        assert "Internal remark" not in page
        assert url("sheet-update", published_roadmap, sheet.pk) not in page

    def test_strategy(self, referent_client, roadmap):
        response = referent_client.post(
            url("roadmap-update", roadmap), {"summary": "Energy", "focus_pillars": ["mobility"]}
        )
        assert response.status_code == 302
        roadmap.refresh_from_db()
        assert roadmap.summary == "Energy" and roadmap.focus_pillars == ["mobility"]
        response = referent_client.post(url("roadmap-update", roadmap), {"summary": "X", "focus_pillars": ["moon"]})
        assert response.status_code == 200 and b"moon" in response.content
        assert Roadmap.objects.get(pk=roadmap.pk).summary == "Energy"


class TestExportsAndTimeline:
    def test_xlsx(self, college_a_client, published_roadmap, make_sheet, score_now):
        make_sheet("Website", marks=(4,), investment=Decimal(40_000))
        score_now(published_roadmap)
        response = college_a_client.get(url("roadmap-export-xlsx", published_roadmap))
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        assert 'filename="roadmap-' in response["Content-Disposition"]
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert sheet["B2"].value == "Website" and sheet["I2"].value == 40000

    def test_csv(self, referent_client, roadmap, make_sheet):
        make_sheet("Website")
        response = referent_client.get(url("roadmap-export-csv", roadmap))
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert "Website" in response.content.decode("utf-8-sig")

    def test_timeline_draws_the_svg_and_lists_horizons(self, referent_client, roadmap, make_sheet):
        website = make_sheet("Website", horizon="short")
        make_sheet("Counter", horizon="medium", requires=[website])
        page = referent_client.get(url("roadmap-timeline", roadmap)).content.decode()
        assert "<svg" in page and "marker-end" in page
        assert page.index("Website") < page.index("Counter")


class TestWeights:
    def _data(self, roadmap, **changes):
        data = {f"weight_{c.pk}": c.weight for c in Criterion.objects.filter(roadmap=roadmap)}
        for kind, weight in changes.items():
            data[f"weight_{Criterion.objects.get(roadmap=roadmap, kind=kind).pk}"] = weight
        return data

    def test_save_rescores(self, referent_client, roadmap, make_sheet, django_capture_on_commit_callbacks):
        make_sheet("Website", marks=(1, 5))
        with django_capture_on_commit_callbacks(execute=True):
            response = referent_client.post(url("weights-update", roadmap), self._data(roadmap, budget=0))
        assert response.status_code == 302
        assert Criterion.objects.get(roadmap=roadmap, kind=CriterionKind.BUDGET).weight == 0
        roadmap.refresh_from_db()
        assert roadmap.sheets.get().score.score == 100

    @pytest.mark.parametrize("htmx", [False, True])
    def test_invalid_weights_keep_the_input_and_save_nothing(self, referent_client, roadmap, htmx):
        data = self._data(roadmap, budget=150)
        response = referent_client.post(url("weights-update", roadmap), data, **(HTMX if htmx else {}))
        assert response.status_code == (422 if htmx else 200)
        assert 'value="150"' in response.content.decode()
        assert Criterion.objects.get(roadmap=roadmap, kind=CriterionKind.BUDGET).weight == 15

    def test_all_zero_is_explained(self, referent_client, roadmap):
        data = dict.fromkeys(self._data(roadmap), 0)
        response = referent_client.post(url("weights-update", roadmap), data)
        assert_message_in(response, roadmap_services.ERROR_ALL_WEIGHTS_ZERO)

    def test_what_if_moves_the_ranking_without_saving(self, referent_client, roadmap, make_sheet):
        make_sheet("Cheap", marks=(5, 3, 3, 1))
        make_sheet("Useful", marks=(1, 3, 3, 5))
        response = referent_client.post(
            url("weights-preview", roadmap), self._data(roadmap, budget=100, impact=0), **HTMX
        )
        content = response.content.decode()
        assert response.status_code == 200 and "<html" not in content
        assert content.index("Cheap") < content.index("Useful")
        assert "▲ 1" in content and "▼ 1" in content
        assert Criterion.objects.get(roadmap=roadmap, kind=CriterionKind.BUDGET).weight == 15
        assert roadmap.scoring_version == Roadmap.objects.get(pk=roadmap.pk).scoring_version

    def test_what_if_without_javascript_renders_the_page(self, referent_client, roadmap, make_sheet):
        make_sheet("Cheap", marks=(5,))
        response = referent_client.post(url("weights-preview", roadmap), self._data(roadmap, budget=100))
        assert response.status_code == 200 and b"<html" in response.content and b'value="100"' in response.content

    def test_what_if_with_bad_weights_answers_422(self, referent_client, roadmap):
        response = referent_client.post(url("weights-preview", roadmap), self._data(roadmap, budget=-5), **HTMX)
        assert response.status_code == 422

    def test_own_criterion(self, referent_client, roadmap):
        response = referent_client.post(
            url("criterion-create", roadmap), {"label": "ROI", "description": "", "weight": 10}
        )
        assert response.status_code == 302
        own = Criterion.objects.get(roadmap=roadmap, label="ROI")
        response = referent_client.post(
            url("criterion-create", roadmap), {"label": "roi", "description": "", "weight": 10}
        )
        assert_message_in(response, roadmap_services.ERROR_CRITERION_EXISTS)
        assert 'value="roi"' in response.content.decode()
        referent_client.post(url("criterion-delete", roadmap, own.pk))
        assert not Criterion.objects.filter(pk=own.pk).exists()

    def test_default_criterion_cannot_be_deleted(self, referent_client, roadmap):
        budget = Criterion.objects.get(roadmap=roadmap, kind=CriterionKind.BUDGET)
        response = referent_client.post(url("criterion-delete", roadmap, budget.pk))
        assert translated(roadmap_services.ERROR_DEFAULT_CRITERION, response) in messages_of(response)
        assert Criterion.objects.filter(pk=budget.pk).exists()
