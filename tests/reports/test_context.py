"""`report_context`: plain JSON data, a fixed number of queries, and plain messages for missing parts."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from reports import sources
from reports.context import PARTS, filled_parts, report_context
from reports.plain import plain
from tests.factories import AccompanimentFactory, MilestoneFactory

pytestmark = pytest.mark.django_db


def queries(commune, language="fr") -> int:
    with CaptureQueriesContext(connection) as captured:
        report_context(commune, language)
    return len(captured)


def test_is_json_data(commune_a):
    AccompanimentFactory(commune=commune_a)
    context = report_context(commune_a, "fr")
    assert json.loads(json.dumps(context)) == context
    assert set(PARTS) <= set(context)
    assert context["commune"]["name"] == "Courcelles"


def test_every_part_has_a_status_and_missing_ones_a_message(commune_a):
    context = report_context(commune_a, "en")
    for part, status in filled_parts(context).items():
        assert status in (sources.OK, sources.EMPTY, sources.UNAVAILABLE)
        if status != sources.OK:
            with translation.override("en"):
                assert context[part]["message"] == str(sources.MISSING_MESSAGES[part])
    assert context["accompaniment"]["status"] == sources.EMPTY
    assert context["accompaniment"]["message"] == "The accompaniment of this commune has not started yet."


def test_translated_in_the_language_asked(commune_a):
    AccompanimentFactory(commune=commune_a)
    MilestoneFactory(accompaniment=commune_a.accompaniment, phase="roadmap")
    english = report_context(commune_a, "en")["accompaniment"]
    assert english["milestones"][0]["phase_label"] == "Roadmap"
    assert english["kind_label"] == "Full accompaniment (diagnostic and roadmap)"


def test_fixed_number_of_queries_whatever_the_milestones(commune_a, commune_b):
    MilestoneFactory(accompaniment=AccompanimentFactory(commune=commune_a))
    accompaniment = AccompanimentFactory(commune=commune_b)
    for _ in range(10):
        MilestoneFactory(accompaniment=accompaniment)
    assert queries(commune_a) == queries(commune_b)


def test_plain_refuses_what_json_cannot_hold():
    with pytest.raises(TypeError):
        plain({"x": object()})
