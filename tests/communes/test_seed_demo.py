"""The seed_demo management command."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from communes.demo import DEMO_ACCOMPANIMENTS, DEMO_PASSWORD
from communes.models import Accompaniment, Commune, Membership, Province, Role, Territory

pytestmark = pytest.mark.django_db

DEMO_ACCOUNTS = ["referent", "staff-courcelles", "staff-lobbes", "college-courcelles"]


def seed(**options) -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


def model_counts() -> dict[str, int]:
    tables = set(connection.introspection.table_names())
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.db_table in tables
    }


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


def test_creates_the_territory_and_its_30_communes(debug):
    output = seed()
    territory = Territory.objects.get(slug="charleroi-metropole")
    assert territory.intercommunale == "IGRETEC"
    assert Commune.objects.filter(territory=territory).count() == 30
    assert Commune.objects.count() == 30
    assert set(Commune.objects.values_list("province", flat=True)) <= set(Province.values)
    assert "30" in output
    assert Accompaniment.objects.count() == len(DEMO_ACCOMPANIMENTS)
    roles = set(Membership.objects.values_list("user__username", "role", "commune__name"))
    assert roles == {
        ("referent", Role.REFERENT, None),
        ("staff-courcelles", Role.STAFF, "Courcelles"),
        ("staff-lobbes", Role.STAFF, "Lobbes"),
        ("college-courcelles", Role.COLLEGE, "Courcelles"),
    }


def test_demo_accompaniments_match_the_plan(debug):
    seed()
    for name, _weeks, phase, done in DEMO_ACCOMPANIMENTS:
        accompaniment = Accompaniment.objects.get(commune__name=name)
        assert accompaniment.phase == phase
        completed = accompaniment.milestones.filter(completed_on__isnull=False)
        assert completed.count() == done
        # Ticked when due (or today for one due later), not all on the seeding day.
        assert all(m.completed_on == min(m.due_date, timezone.localdate()) for m in completed)


@pytest.mark.parametrize("username", DEMO_ACCOUNTS)
def test_demo_accounts_log_in_with_demo(debug, username):
    seed()
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.get(reverse("home")).status_code in (200, 302)


def test_referent_dashboard_lists_the_30_communes(debug):
    seed()
    client = Client()
    client.post(reverse("accounts:login"), {"username": "referent", "password": "demo"})
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 30


def test_running_twice_changes_nothing(debug):
    seed()
    first = model_counts()
    assert first["communes.Commune"] == 30
    seed()
    assert model_counts() == first


def test_refuses_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        seed()
    assert not Territory.objects.exists()
    assert not Commune.objects.exists()


def test_force_runs_with_debug_off(settings):
    settings.DEBUG = False
    seed(force=True)
    assert Commune.objects.count() == 30
