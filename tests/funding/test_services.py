"""The catalogue's and the applications' rules, their errors, and the audit trail."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from communes.models import Activity
from funding import services
from funding.models import Application, CallRound, FundingCall
from mutualisation.models import SharedProject
from smartregion.errors import ServiceError
from smartregion.money import euros
from tests.funding.conftest import make_call

pytestmark = pytest.mark.django_db


def test_a_call_is_saved_with_its_rounds_and_recorded(territory, referent):
    first = (date(2027, 1, 1), date(2027, 3, 1))
    second = (date(2027, 9, 1), date(2027, 10, 15))
    call = make_call(territory, referent, rounds=[second, first])
    assert [(r.opens_on, r.closes_on) for r in call.rounds.all()] == [first, second]
    assert Activity.objects.filter(territory=territory, verb="funding_call_created", subject=call.title).exists()


def test_changing_a_call_replaces_its_rounds_and_records_the_changes(territory, referent, call):
    fields = {"title": "Appel mobilité 2", "cofunding_rate": Decimal(50)}
    services.call_save(territory=territory, actor=referent, fields=fields, rounds=[], call=call)
    call.refresh_from_db()
    assert (call.title, call.cofunding_rate, call.rounds.count()) == ("Appel mobilité 2", Decimal(50), 0)
    record = Activity.objects.get(verb="funding_call_updated")
    assert set(record.changes["fields"]) == {"title", "cofunding_rate"}


@pytest.mark.parametrize(
    ("fields", "rounds", "message", "field"),
    [
        ({}, [(date(2027, 3, 1), date(2027, 2, 1))], services.ERROR_CLOSES_BEFORE_OPENS, "rounds"),
        ({"cofunding_rate": Decimal(101)}, [], services.ERROR_RATE_RANGE, "cofunding_rate"),
        ({"cofunding_rate": Decimal(-1)}, [], services.ERROR_RATE_RANGE, "cofunding_rate"),
        ({"floor": Decimal(10), "ceiling": Decimal(5)}, [], services.ERROR_FLOOR_ABOVE_CEILING, "floor"),
        ({"floor": Decimal(-10)}, [], services.ERROR_NEGATIVE_AMOUNT, "floor"),
    ],
)
def test_a_wrong_call_is_refused_and_nothing_saved(territory, referent, fields, rounds, message, field):
    with pytest.raises(ServiceError) as error:
        make_call(territory, referent, rounds=rounds, **fields)
    assert (error.value.message, error.value.field) == (message, field)
    assert not FundingCall.objects.exists() and not CallRound.objects.exists()


def test_an_application_is_made_once_per_sheet_and_call(staff_a, call, sheet, commune_a):
    fields = {"status": "preparing", "amount_requested": Decimal(48000)}
    application = services.application_create(call=call, sheet=sheet, actor=staff_a, fields=fields)
    assert (application.commune, application.territory_id) == (commune_a, commune_a.territory_id)
    assert Activity.objects.filter(commune=commune_a, verb="funding_application_created").exists()
    with pytest.raises(ServiceError) as error:
        services.application_create(call=call, sheet=sheet, actor=staff_a, fields=fields)
    assert error.value.message == services.ERROR_ALREADY_APPLIED
    assert Application.objects.count() == 1


def test_a_call_of_another_territory_is_refused(other_territory, other_referent, sheet, staff_a):
    foreign = make_call(other_territory, other_referent)
    with pytest.raises(ServiceError) as error:
        services.application_create(call=foreign, sheet=sheet, actor=staff_a, fields={})
    assert (error.value.message, error.value.field) == (services.ERROR_CALL_OUTSIDE, "call")


def test_a_shared_project_applies_once_for_all_its_communes(territory, referent, call, commune_a):
    shared = SharedProject.objects.create(territory=territory, title="Vélos intercommunaux", lead_commune=commune_a)
    application = services.application_create(
        call=call, shared_project=shared, actor=referent, fields={"amount_requested": Decimal(100000)}
    )
    assert (application.sheet, application.shared_project, application.commune) == (None, shared, commune_a)
    with pytest.raises(ServiceError):
        services.application_create(call=call, shared_project=shared, actor=referent, fields={})


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"status": "granted", "amount_requested": Decimal(1000), "amount_granted": Decimal(1001)},
         services.ERROR_GRANTED_ABOVE_REQUESTED),
        ({"status": "granted", "amount_requested": Decimal(300000), "amount_granted": Decimal(250000)},
         services.ERROR_GRANTED_ABOVE_CEILING % {"ceiling": euros(200000)}),
        ({"status": "granted", "amount_requested": Decimal(1000)}, services.ERROR_GRANTED_WITHOUT_AMOUNT),
        ({"amount_requested": Decimal(-1)}, services.ERROR_NEGATIVE_AMOUNT),
    ],
)  # fmt: skip
def test_wrong_amounts_are_refused(staff_a, call, sheet, fields, message):
    application = services.application_create(call=call, sheet=sheet, actor=staff_a, fields={})
    with pytest.raises(ServiceError) as error:
        services.application_update(application=application, actor=staff_a, fields=fields)
    assert str(error.value.message) == str(message)
    application.refresh_from_db()
    assert application.status == "idea" and application.amount_granted is None


def test_a_grant_is_recorded_with_its_changes(staff_a, call, sheet, commune_a):
    application = services.application_create(
        call=call, sheet=sheet, actor=staff_a, fields={"amount_requested": Decimal(48000)}
    )
    today = timezone.localdate()
    services.application_update(
        application=application,
        actor=staff_a,
        fields={"status": "granted", "amount_granted": Decimal(40000), "decision_date": today - timedelta(days=1)},
    )
    application.refresh_from_db()
    assert (application.status, application.amount_granted) == ("granted", Decimal(40000))
    record = Activity.objects.get(verb="funding_application_updated")
    assert {"status", "amount_granted", "decision_date"} <= set(record.changes["fields"])
