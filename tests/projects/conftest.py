"""Fixtures of the projects tests: media under a temporary directory, a sheet, a project with its checklists."""

import datetime
from decimal import Decimal

import pytest

from projects import services
from roadmaps.models import ProjectSheet, Roadmap, SheetStatus


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()


@pytest.fixture
def sheet(commune_a):
    roadmap = Roadmap.objects.create(commune=commune_a)
    return ProjectSheet.objects.create(
        roadmap=roadmap,
        title="Nouveau site internet",
        status=SheetStatus.VALIDATED,
        objectives="Informer mieux",
        investment=Decimal("40000"),
        running_cost=Decimal("6000"),
        impact="Visites mensuelles",
        yearly_financial_gains=Decimal("5000"),
    )


@pytest.fixture
def project(referent, commune_a, sheet):
    project = services.start_project(actor=referent, commune=commune_a, sheet=sheet)
    project.start_date = datetime.date(2026, 1, 1)
    project.save(update_fields=["start_date"])
    return project


def answer_phase(actor, project, phase):
    for item in project.checklist.filter(phase=phase):
        services.checklist_answer(actor=actor, item=item, done=True, answer="Oui")
