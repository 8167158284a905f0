"""The demo roadmap of Courcelles."""

import io

import pytest

from roadmaps.demo import DEMO_SHEETS, seed_roadmap
from roadmaps.models import Comment, Mark, PlanProposal, Prerequisite, Roadmap

pytestmark = pytest.mark.django_db


def test_seeds_a_scored_published_roadmap_once(commune_a, referent, django_capture_on_commit_callbacks):
    assert commune_a.slug == "courcelles"
    with django_capture_on_commit_callbacks(execute=True):
        roadmap = seed_roadmap()
    assert roadmap.is_published
    assert roadmap.sheets.count() == len(DEMO_SHEETS) >= 10
    assert Mark.objects.filter(sheet__roadmap=roadmap).count() == 6 * len(DEMO_SHEETS)
    roadmap.refresh_from_db()
    assert not roadmap.scoring_pending
    assert roadmap.scores.exclude(score=None).count() == len(DEMO_SHEETS)
    titles = dict(Prerequisite.objects.values_list("sheet__template__code", "required__template__code"))
    assert titles["online-counter"] == "website-overhaul"
    assert titles["digital-archiving"] == "document-management"
    assert PlanProposal.objects.filter(roadmap=roadmap).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        again = seed_roadmap()
    assert again.pk == roadmap.pk
    assert Roadmap.objects.count() == 1 and roadmap.sheets.count() == len(DEMO_SHEETS)
    assert Comment.objects.count() == 0  # staff-courcelles does not exist in the test fixtures


def test_without_courcelles_nothing_happens(db):
    assert seed_roadmap() is None


def test_the_online_counter_comes_from_a_workshop_idea_and_another_candidate_waits(django_capture_on_commit_callbacks):
    from django.core.management import call_command

    from roadmaps.models import ProjectSheet
    from roadmaps.selectors import workshop_candidates

    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", force=True, stdout=io.StringIO())
    sheet = ProjectSheet.objects.select_related("origin_idea", "roadmap__commune").get(template__code="online-counter")
    assert sheet.origin_idea.title == "Guichet en ligne 24h/24"
    roadmap = sheet.roadmap
    waiting = [c["title"] for c in workshop_candidates(roadmap, list(roadmap.sheets.all()))]
    assert waiting == ["Budget participatif en ligne"]
