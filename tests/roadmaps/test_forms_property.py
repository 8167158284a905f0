"""Random input thrown at the roadmap's forms: a form error or a redirect, never a server error."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roadmaps.models import Criterion, ProjectSheet
from roadmaps.services import sheets as sheet_services

pytestmark = pytest.mark.django_db

PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# Text a browser can send: no lone surrogates (they cannot be encoded), anything else goes.
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)
NUMBERISH = st.one_of(
    TEXT,
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["", "0", "5", "100", "101", "-1", "1e400", "NaN", "1,5", "3.999999999999"]),
)
SHEET_KEYS = [*sheet_services.SHEET_FIELDS, *sheet_services.SHEET_LINKS, "version", "template", "junk"]


def values(keys):
    return st.dictionaries(st.sampled_from(keys), st.one_of(NUMBERISH, st.lists(NUMBERISH, max_size=3)), max_size=12)


def url(name, roadmap, *args):
    return reverse(f"roadmaps:{name}", args=[roadmap.commune.slug, *args])


@PROPERTY
@given(data=values(SHEET_KEYS), htmx=st.booleans())
def test_sheet_form_never_fails(staff_a_client, roadmap, data, htmx):
    data.pop("template", None)  # an unknown template is a plain 404, tested elsewhere
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = staff_a_client.post(url("sheet-create", roadmap), data, **headers)
    assert response.status_code in (200, 302, 422)


@PROPERTY
@given(data=values(SHEET_KEYS))
def test_sheet_edit_form_never_fails(staff_a_client, roadmap, data):
    data.pop("template", None)
    sheet = ProjectSheet.objects.filter(roadmap=roadmap).first() or ProjectSheet.objects.create(
        roadmap=roadmap, title="Site"
    )
    response = staff_a_client.post(url("sheet-update", roadmap, sheet.pk), data)
    assert response.status_code in (200, 302)


@PROPERTY
@given(raw=st.lists(NUMBERISH, min_size=6, max_size=8), extra=values(["junk", "weight_0", "weight_x"]))
def test_weights_form_and_preview_never_fail(referent_client, roadmap, raw, extra):
    criteria = list(Criterion.objects.filter(roadmap=roadmap))
    data = {**extra, **{f"weight_{c.pk}": value for c, value in zip(criteria, raw, strict=False)}}
    for name in ("weights-preview", "weights-update"):
        for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
            response = referent_client.post(url(name, roadmap), data, **headers)
            assert response.status_code in (200, 302, 422)
    assert all(0 <= c.weight <= 100 for c in Criterion.objects.filter(roadmap=roadmap))


@PROPERTY
@given(data=values(["label", "description", "weight", "junk"]))
def test_criterion_form_never_fails(referent_client, roadmap, data):
    response = referent_client.post(url("criterion-create", roadmap), data)
    assert response.status_code in (200, 302)


@PROPERTY
@given(raw=st.lists(NUMBERISH, min_size=6, max_size=6))
def test_marks_form_never_fails(staff_a_client, roadmap, raw):
    sheet = ProjectSheet.objects.filter(roadmap=roadmap).first() or ProjectSheet.objects.create(
        roadmap=roadmap, title="Site"
    )
    criteria = list(Criterion.objects.filter(roadmap=roadmap))
    data = {f"criterion_{c.pk}": value for c, value in zip(criteria, raw, strict=True)}
    response = staff_a_client.post(url("sheet-marks", roadmap, sheet.pk), data)
    assert response.status_code in (200, 302)
    assert all(1 <= m.value <= 5 for m in sheet.marks.all())


PLAN_KEYS = [f"{h}_{kind}" for h in ("short", "medium", "long") for kind in ("investment", "staff")]


@PROPERTY
@given(data=values([*PLAN_KEYS, "required", "forbidden", "junk"]))
def test_plan_form_never_fails(referent_client, roadmap, data):
    if not ProjectSheet.objects.filter(roadmap=roadmap).exists():
        ProjectSheet.objects.create(roadmap=roadmap, title="Site", investment=1000)
    response = referent_client.post(url("plan", roadmap), data)
    assert response.status_code in (200, 302)
