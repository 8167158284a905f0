"""A commune A project sheet with its inventory links, and a procurement started from it."""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import timezone, translation

from diagnostics.models import DataExchange, ExchangeMode, ExistingSystem, SystemStatus
from procurement import services
from roadmaps.models import FunctionCategory, ProjectSheet
from roadmaps.services import roadmaps as roadmap_services


@pytest.fixture(autouse=True)
def _english(client):
    """The messages these tests compare are the English source strings (the French ones are in the catalogue)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def sheet(commune_a, referent):
    roadmap = roadmap_services.roadmap_create(commune=commune_a, actor=referent)
    sheet = ProjectSheet.objects.create(
        roadmap=roadmap,
        title="Nouveau site internet",
        summary="Refondre le site communal.",
        function_category=FunctionCategory.WEBSITE,
        investment=Decimal(60000),
    )
    agenda = ExistingSystem.objects.create(commune=commune_a, name="Agenda culturel", category="communication")
    old_site = ExistingSystem.objects.create(
        commune=commune_a, name="Ancien site", category="website", status=SystemStatus.BEING_REPLACED, vendor="WebCo"
    )
    DataExchange.objects.create(
        commune=commune_a, source=agenda, target=old_site, data="événements", mode=ExchangeMode.MANUAL
    )
    sheet.exchanges_with.add(agenda)
    return sheet


@pytest.fixture
def procurement(sheet, referent, commune_a):
    return services.procurement_create(
        actor=referent,
        commune=commune_a,
        title="",
        sheet=sheet,
        purchase_type="services",
        estimated_amount=Decimal(60000),
        procedure_date=datetime.date(2026, 12, 4),
    )


def add_bidder(procurement, actor, name, price, **extra):
    values = {"name": name, "offer_price": Decimal(price), "offer_received_at": timezone.now(), **extra}
    return services.bidder_save(actor=actor, procurement=procurement, values=values)


def score_all(procurement, actor, scores: dict):
    """scores: bidder → score on every quality criterion."""
    criteria = list(procurement.criteria.filter(is_price=False))
    values = {(b.pk, c.pk): (Decimal(v), f"Motif {b.name}") for b, v in scores.items() for c in criteria}
    return services.scores_record(actor=actor, procurement=procurement, values=values)


def login_en(client, user):
    """Log in someone who reads the portal in English (the messages compared are the source strings)."""
    user.language = "en"
    user.save(update_fields=["language"])
    client.force_login(user)
