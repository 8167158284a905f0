"""Hypothesis: random text, numbers, dates and files posted to the main forms never cause a server error,
and a form that refuses the input shows it again.

Forms: log-in, commune edit, invitation, milestone, barometer import upload. Each example runs in a
savepoint that is rolled back, so examples do not see each other's rows (or log-in failures).
"""

import html
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from communes.models import Phase, Province, Role
from tests.barometer.conftest import make_edition
from tests.factories import AccompanimentFactory
from tests.helpers import client_file_name

pytestmark = pytest.mark.django_db

EXAMPLES = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
# Anything a browser can send: every character but surrogates (not encodable), sometimes very long.
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)
SHORT = st.one_of(TEXT, st.sampled_from(["", " ", "0", "-1", "<script>alert(1)</script>", "' OR 1=1 --", "\x00"]))
NUMBER = st.one_of(st.integers(min_value=-(10**20), max_value=10**20).map(str), st.floats().map(str), SHORT)
DATE = st.one_of(
    st.dates(min_value=date(1, 1, 1)).map(date.isoformat), st.dates().map(lambda d: d.strftime("%d/%m/%Y")), SHORT
)


def post(client: Client, url: str, data: dict):
    """POST inside a savepoint rolled back afterwards."""
    with transaction.atomic():
        response = client.post(url, data)
        transaction.set_rollback(True)
    return response


def shown_again(response, value: str) -> bool:
    """The refused value is in the page (escaped as Django escapes it), or there is nothing to show."""
    kept = value.strip()
    if not kept or "\x00" in kept or "\r" in kept:
        return True
    return html.escape(kept) in response.content.decode()


@pytest.fixture
def accompaniment(commune_a):
    return AccompanimentFactory(commune=commune_a)


@pytest.fixture
def edition(territory):
    return make_edition(territory)


@EXAMPLES
@given(username=SHORT, password=SHORT)
def test_login(db, username, password):
    response = post(Client(), reverse("accounts:login"), {"username": username, "password": password})
    assert response.status_code in (200, 302, 403, 429)
    if response.status_code == 200 and "form" in response.context:
        assert shown_again(response, username)


@EXAMPLES
@given(
    name=SHORT,
    province=st.one_of(st.sampled_from(Province.values), SHORT),
    nis_code=SHORT,
    population=NUMBER,
    email=SHORT,
    notes=TEXT,
)
def test_commune_edit(referent_client, commune_a, name, province, nis_code, population, email, notes):
    url = reverse("communes:commune-update", kwargs={"slug": commune_a.slug})
    data = {
        "name": name,
        "province": province,
        "nis_code": nis_code,
        "population": population,
        "director_name": name,
        "director_email": email,
        "alderman_name": "",
        "alderman_email": email,
        "notes": notes,
    }
    response = post(referent_client, url, data)
    assert response.status_code in (200, 302, 422)
    if response.status_code != 302:
        assert response.context["form"].errors
        assert shown_again(response, name)


@EXAMPLES
@given(
    email=st.one_of(st.emails(), SHORT),
    role=st.one_of(st.sampled_from(Role.values), SHORT),
    commune=st.one_of(st.integers(min_value=-5, max_value=10**12).map(str), SHORT),
)
def test_invitation(referent_client, territory, commune_a, email, role, commune):
    url = reverse("communes:invitation-create", kwargs={"slug": territory.slug})
    response = post(referent_client, url, {"email": email, "role": role, "commune": commune})
    assert response.status_code in (200, 302, 422)
    if response.status_code != 302:
        assert shown_again(response, email)


@EXAMPLES
@given(title=SHORT, phase=st.one_of(st.sampled_from(Phase.values), SHORT), due_date=DATE)
def test_milestone(referent_client, commune_a, accompaniment, title, phase, due_date):
    url = reverse("communes:milestone-create", kwargs={"slug": commune_a.slug})
    response = post(referent_client, url, {"title": title, "phase": phase, "due_date": due_date})
    assert response.status_code in (200, 302, 422)
    if response.status_code != 302:
        assert response.context["form"].errors
        assert shown_again(response, title)


@EXAMPLES
@given(
    content=st.one_of(st.binary(max_size=3000), TEXT.map(lambda t: t.encode("utf-8"))),
    name=st.one_of(
        st.sampled_from(["answers.csv", "answers.xlsx", "../../etc/passwd", "a/b\\c.csv", "x.csv\x00.exe", ".csv"]),
        SHORT.map(lambda t: (t.replace("\x00", "") or "f")[:100]),
    ),
)
def test_barometer_import_upload(referent_client, edition, commune_a, content, name):
    url = reverse("barometer:import-upload", kwargs={"pk": edition.pk})
    upload = SimpleUploadedFile(client_file_name(name), content, content_type="application/octet-stream")
    response = post(referent_client, url, {"file": upload})
    assert response.status_code in (200, 302, 422)
