"""Schemathesis runs the OpenAPI schema against the application (WSGI, in-process, the test database):
a bounded number of generated requests per operation, authenticated as the referent and as staff of one
commune: never a 5xx, and every answer conforms to the schema (status code, content type, body).

Then every operation once with real objects of the world (the happy paths), validated the same way.
Bounded so that the whole module stays well under a minute on two cores.
"""

import datetime
from decimal import Decimal

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections, transaction
from django.test import override_settings
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import content_type_conformance, not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from api.models import TokenScope
from api.services import api_token_create
from barometer import services as barometer_services
from communes.models import Role
from projects.models import Indicator, IndicatorValue, Project
from reports.models import Report, ReportStatus
from roadmaps.models import Prerequisite, ProjectSheet
from roadmaps.services import roadmaps as roadmap_services
from tests.barometer.conftest import answer, make_edition
from tests.diagnostics.conftest import build_small_questionnaire
from tests.diagnostics.test_views_results import generate
from tests.factories import (
    AccompanimentFactory,
    CommuneFactory,
    MembershipFactory,
    MilestoneFactory,
    TerritoryFactory,
    UserFactory,
)

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES = 6
IMPORT_FILE = b"nis_code,smartness\n55900,5\n"
# The territory's shared projects and applications are the referent's: staff of a commune get 403 there.
REFERENT_ONLY = {
    "/api/v1/territories/{slug}/shared-projects/",
    "/api/v1/territories/{slug}/funding/applications/",
}
TEST_SETTINGS = {"ALLOWED_HOSTS": ["localhost", "testserver"], "API_TOKEN_RATE": "100000/m"}


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Schemathesis calls the WSGI handler itself, not Django's test client, so request_started and
    request_finished would run `close_old_connections`, which closes a connection inside the test's transaction
    on PostgreSQL (its autocommit differs from the settings'). Keep it open, as the test client does."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _world() -> dict:
    territory = TerritoryFactory(slug="igretec")
    commune = CommuneFactory(territory=territory, slug="courcelles", nis_code="52015")
    CommuneFactory(territory=territory, slug="lobbes", nis_code="56044")
    referent = UserFactory(username="st-referent")
    MembershipFactory(user=referent, role=Role.REFERENT, commune=None, territory=territory)
    staff = UserFactory(username="st-staff")
    MembershipFactory(user=staff, role=Role.STAFF, commune=commune)
    MilestoneFactory(accompaniment=AccompanimentFactory(commune=commune))
    small = build_small_questionnaire(commune, referent)
    today = timezone.localdate()
    from diagnostics.services import campaigns

    campaign = campaigns.campaign_create(
        commune=commune,
        questionnaire=small.questionnaire,
        actor=referent,
        title="Campagne",
        opens_on=today - datetime.timedelta(days=3),
        closes_on=today + datetime.timedelta(days=10),
    )
    generate(campaign, {g.kind: g for g in campaign.groups.all()}, 4)
    roadmap = roadmap_services.roadmap_create(commune=commune, actor=referent)
    fibre = ProjectSheet.objects.create(roadmap=roadmap, title="Fibre", investment=Decimal(5000), horizon="short")
    portal = ProjectSheet.objects.create(roadmap=roadmap, title="Portail", investment=Decimal("1234.5"))
    Prerequisite.objects.create(sheet=portal, required=fibre)
    project = Project.objects.create(commune=commune, title="Wifi", sheet=fibre)
    indicator = Indicator.objects.create(project=project, name="Connexions", target=Decimal(10))
    IndicatorValue.objects.create(indicator=indicator, measured_on=today, value=Decimal(3))
    Report.objects.create(commune=commune, number=1, language="fr", status=ReportStatus.PENDING)
    edition = make_edition(territory, year=2024, open_now=False)
    for number in range(3):
        answered = CommuneFactory(territory=territory, slug=f"b{number}", nis_code=f"5590{number}")
        answer(edition, answered, smartness=number + 3, purchasing="no")
    barometer_services.edition_publish(edition=edition, actor=referent)
    procurement = _procurement_shared_and_funding(territory, commune, referent, fibre)
    return {
        "users": {"referent": referent, "staff": staff},
        "path": {
            "slug": commune.slug,
            "pk": None,
            "campaign": campaign.pk,
            "project": project.pk,
            "indicator": indicator.pk,
            "edition": edition.pk,
            "territory": territory.slug,
            "procurement": procurement.pk,
        },
    }


def _procurement_shared_and_funding(territory, commune, referent, sheet):
    """A procurement awarded after two offers, a shared project of two communes, a call and an application."""
    from funding import services as funding_services
    from mutualisation import services as mutualisation_services
    from procurement import services as procurement_services

    procurement = procurement_services.procurement_create(
        actor=referent,
        commune=commune,
        title="Marché Wifi",
        sheet=sheet,
        purchase_type="services",
        estimated_amount=Decimal(60000),
    )
    for name, price in (("Alpha SA", 50000), ("Beta SRL", 55000)):
        procurement_services.bidder_save(
            actor=referent,
            procurement=procurement,
            values={"name": name, "offer_price": Decimal(price), "offer_received_at": timezone.now()},
        )
    mutualisation_services.shared_project_create(
        actor=referent,
        territory=territory,
        data=mutualisation_services.SharedProjectInput(
            title="Wi-Fi partagé",
            investment=Decimal(1000),
            running_cost=Decimal(100),
            split_rule="equal",
            members=[
                mutualisation_services.MemberInput(commune),
                mutualisation_services.MemberInput(territory.communes.exclude(pk=commune.pk).first()),
            ],
        ),
    )
    today = timezone.localdate()
    call = funding_services.call_save(
        territory=territory,
        actor=referent,
        fields={
            "funder_kind": "region",
            "programme": "Territoire intelligent",
            "title": "Appel",
            "beneficiaries": ["commune"],
            "pillars": ["mobility"],
            "function_categories": [],
            "cofunding_rate": Decimal(60),
            "floor": Decimal(1000),
            "ceiling": Decimal(200000),
        },
        rounds=[(today - datetime.timedelta(days=5), today + datetime.timedelta(days=20))],
    )
    funding_services.application_create(call=call, sheet=sheet, actor=referent, fields={})
    return procurement


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(**TEST_SETTINGS):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            world = _world()
            world["tokens"] = {
                role: api_token_create(actor=user, name="st", scope=TokenScope.WRITE, days=5)[1]
                for role, user in world["users"].items()
            }
            yield world
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(scope="module")
def api_schema(world):
    document = SchemaGenerator().get_schema(request=None, public=True)
    loaded = schemathesis.openapi.from_dict(document)
    loaded.app = WSGIHandler()
    return loaded


FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))


def _fuzz(api_schema, token: str) -> int:
    """Generated requests for every operation of the schema; returns how many operations ran."""
    operations = [result.ok() for result in api_schema.get_all_operations()]
    for operation in operations:

        @FUZZ
        @given(case=operation.as_strategy())
        def run(case):
            with override_settings(**TEST_SETTINGS), transaction.atomic():
                response = case.call(headers={"Authorization": f"Bearer {token}"})
                case.validate_response(response, checks=CHECKS)
                transaction.set_rollback(True)

        run()
    return len(operations)


def test_generated_requests_as_referent(api_schema, world, db):
    assert _fuzz(api_schema, world["tokens"]["referent"]) >= 17


def test_generated_requests_as_staff_of_one_commune(api_schema, world, db):
    assert _fuzz(api_schema, world["tokens"]["staff"]) >= 17


def _real_parameters(path: str, world: dict) -> dict:
    p = world["path"]
    values = {"slug": p["territory"] if path.startswith("/api/v1/territories/") else p["slug"]}
    if "procurements" in path:
        values["id"] = p["procurement"]
    elif "campaigns" in path:
        values["id"] = p["campaign"]
    elif "indicators" in path:
        values |= {"project_pk": p["project"], "id": p["indicator"]}
    elif "projects" in path:
        values["id"] = p["project"]
    elif "barometer/editions" in path:
        values["id"] = p["edition"]
    return values


def test_every_operation_with_real_objects(api_schema, world, db):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 17
    bodies = {
        "values": {"measured_on": timezone.localdate().isoformat(), "value": "12.50", "note": "API"},
        "sheets": {"title": "Fiche de l’API", "pillars": ["governance"], "investment": "1000.00"},
    }
    with override_settings(**TEST_SETTINGS):
        for operation in operations:
            names = {p.name for p in operation.path_parameters}
            params = {k: v for k, v in _real_parameters(operation.path, world).items() if k in names}
            for role in ("referent", "staff"):
                kwargs = {"path_parameters": params}
                if operation.path.endswith("/imports/"):
                    kwargs |= {"body": {"file": IMPORT_FILE}, "media_type": "multipart/form-data"}
                elif operation.method.upper() == "POST":
                    body = bodies["values"] if operation.path.endswith("/values/") else bodies["sheets"]
                    kwargs |= {"body": body, "media_type": "application/json"}
                case = operation.Case(**kwargs)
                with transaction.atomic():
                    response = case.call(headers={"Authorization": f"Bearer {world['tokens'][role]}"})
                    case.validate_response(response, checks=CHECKS)
                    transaction.set_rollback(True)
                # Schemathesis names an uploaded part after its field (no .csv), which the import refuses: the
                # import's happy path is tests/api/test_barometer_and_opendata.py; here its answer is validated only.
                if operation.path.endswith("/imports/"):
                    continue
                if role == "staff" and operation.path in REFERENT_ONLY:
                    assert response.status_code == 403, f"{operation.path} as staff"
                elif not operation.path.startswith("/api/v1/barometer/") or role == "referent":
                    assert response.status_code in (200, 201), (
                        f"{operation.method} {operation.path} as {role}: {response.text[:300]}"
                    )
