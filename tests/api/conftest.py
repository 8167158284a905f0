import datetime
from decimal import Decimal

import pytest
from django.test import Client

from api.models import TokenScope
from api.services import api_token_create
from projects.models import Indicator, IndicatorValue, Project


@pytest.fixture
def token_for(db):
    """`token_for(user, scope="read", days=30)`: the text of a new personal token."""

    def make(user, scope=TokenScope.READ, days=30) -> str:
        _token, text = api_token_create(actor=user, name="Script", scope=scope, days=days)
        return text

    return make


@pytest.fixture
def api_client(token_for):
    """`api_client(user, scope=...)`: a client sending a personal token of `user` (no session)."""

    def make(user, scope=TokenScope.READ) -> Client:
        return Client(headers={"Authorization": f"Bearer {token_for(user, scope)}"})

    return make


@pytest.fixture
def project_a(commune_a):
    project = Project.objects.create(commune=commune_a, title="Wifi dans les parcs")
    indicator = Indicator.objects.create(project=project, name="Connexions", unit="/mois", target=Decimal(500))
    IndicatorValue.objects.create(indicator=indicator, measured_on=datetime.date(2026, 1, 31), value=Decimal(120))
    return project


@pytest.fixture
def project_b(commune_b):
    project = Project.objects.create(commune=commune_b, title="Projet secret de Lobbes")
    Indicator.objects.create(project=project, name="Indicateur de Lobbes")
    return project
