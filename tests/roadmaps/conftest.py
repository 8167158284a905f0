"""Roadmap fixtures: a roadmap for commune A (draft or published) and a helper to add sheets."""

import pytest
from django.utils import translation

from roadmaps.models import Criterion, Mark, Prerequisite, ProjectSheet, ProjectTemplate, Roadmap, RoadmapStatus
from roadmaps.services import roadmaps as roadmap_services
from roadmaps.services.scoring import roadmap_scores_refresh


@pytest.fixture
def roadmap(commune_a, referent) -> Roadmap:
    """A draft roadmap of commune A with the default criteria."""
    return roadmap_services.roadmap_create(commune=commune_a, actor=referent)


@pytest.fixture
def published_roadmap(roadmap) -> Roadmap:
    Roadmap.objects.filter(pk=roadmap.pk).update(status=RoadmapStatus.PUBLISHED)
    roadmap.refresh_from_db()
    return roadmap


@pytest.fixture
def make_sheet(roadmap):
    """`make_sheet(title, marks=(…), requires=[sheet…], **fields)` writes rows directly (no service)."""

    def make(title: str, *, marks=None, requires=(), target=None, **fields) -> ProjectSheet:
        target_roadmap = target or roadmap
        sheet = ProjectSheet.objects.create(roadmap=target_roadmap, title=title, **fields)
        if marks is not None:
            criteria = list(Criterion.objects.filter(roadmap=target_roadmap).order_by("position"))
            Mark.objects.bulk_create(
                Mark(sheet=sheet, criterion=c, value=v) for c, v in zip(criteria, marks, strict=False) if v is not None
            )
        for required in requires:
            Prerequisite.objects.create(sheet=sheet, required=required)
        return sheet

    return make


@pytest.fixture
def score_now():
    """Compute a roadmap's scores right away (what the task does)."""

    def score(roadmap: Roadmap) -> None:
        Roadmap.objects.filter(pk=roadmap.pk).update(scoring_version=roadmap.scoring_version + 1)
        roadmap_scores_refresh(roadmap_ids=[roadmap.pk], force=True)
        roadmap.refresh_from_db()

    return score


@pytest.fixture
def template(db):
    """A template of the catalogue loaded by the data migration."""

    def get(code: str) -> ProjectTemplate:
        return ProjectTemplate.objects.get(code=code)

    return get


@pytest.fixture
def in_english():
    """`in_english(user, …)`: serve these users in English, the language of the source strings."""

    def switch(*users) -> None:
        for user in users:
            user.language = "en"
            user.save(update_fields=["language"])

    return switch


@pytest.fixture(autouse=True)
def english_messages():
    """Service messages and labels in English, the language of the sources the tests assert on.

    Pages are still served in each user's language (French by default): view tests that read a page
    switch the user with `in_english` or compare through `tests.helpers.assert_message_in`.
    """
    with translation.override("en"):
        yield
