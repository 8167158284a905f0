"""Barometer fixtures: an open edition of the IGRETEC test territory with one question of each kind."""

from datetime import timedelta

import pytest
from django.utils import timezone

from barometer import services
from barometer.models import ResponseSource


def make_edition(territory, *, year=2025, open_now=True, questions=True, **kwargs):
    today = timezone.localdate()
    opens_on = today - timedelta(days=10) if open_now else today - timedelta(days=100)
    closes_on = today + timedelta(days=20) if open_now else today - timedelta(days=50)
    edition = services.edition_create(
        territory=territory,
        actor=None,
        year=year,
        title=f"Barometer {year}",
        opens_on=kwargs.pop("opens_on", opens_on),
        closes_on=kwargs.pop("closes_on", closes_on),
        **kwargs,
    )
    if questions:
        add_questions(edition)
    return edition


def add_questions(edition):
    services.question_create(
        edition=edition,
        actor=None,
        code="smartness",
        kind="scale",
        label="Is your commune smart?",
        scale_min=1,
        scale_max=10,
        required=True,
    )
    services.question_create(
        edition=edition,
        actor=None,
        code="themes",
        kind="multiple",
        label="Priority themes",
        options=[("mobility", "Mobility"), ("quality_of_life", "Quality of life"), ("economy", "Economy")],
    )
    services.question_create(
        edition=edition,
        actor=None,
        code="purchasing",
        kind="single",
        label="Central purchasing body?",
        options=[("strongly", "Strongly interested"), ("not_priority", "Interested, not a priority"), ("no", "No")],
    )
    services.question_create(edition=edition, actor=None, code="involved", kind="yes_no", label="Citizens involved?")
    services.question_create(edition=edition, actor=None, code="obstacles", kind="text", label="Obstacles")


def answer(edition, commune, *, source=ResponseSource.REFERENT, **answers):
    return services.response_save(edition=edition, commune=commune, actor=None, answers=answers, source=source)


@pytest.fixture
def edition(territory):
    return make_edition(territory)


@pytest.fixture
def closed_edition(territory):
    return make_edition(territory, year=2022, open_now=False)


@pytest.fixture
def other_edition(other_territory):
    return make_edition(other_territory, year=2025)
