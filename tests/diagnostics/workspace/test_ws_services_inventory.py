"""Services of the inventory: systems, exchanges, and dismissed warnings that last while their condition holds."""

import pytest

from diagnostics.models import WarningDismissal
from diagnostics.selectors.inventory import current_warnings
from diagnostics.services import inventory as services
from smartregion.errors import ServiceError


def keys(commune, *, dismissed=None):
    return {w.key for w in current_warnings(commune) if dismissed is None or w.dismissed == dismissed}


def test_the_workspace_has_one_warning_of_each_kind(ws):
    assert keys(ws.commune) == {
        f"duplicate:document_management:{ws.system_a.pk},{ws.system_b.pk}",
        f"silo:{ws.silo.pk}",
        f"single_knowledge:{ws.system_b.pk}:ann",
    }


class TestSystems:
    def test_names_are_unique_per_commune(self, ws, referent, commune_b):
        with pytest.raises(ServiceError) as raised:
            services.system_create(commune=ws.commune, actor=referent, name=" ged a ", category="gis")
        assert (raised.value.message, raised.value.field) == (services.ERROR_NAME_TAKEN, "name")
        services.system_create(commune=commune_b, actor=referent, name="GED A", category="gis")

    def test_negative_cost_refused(self, ws, referent):
        from decimal import Decimal

        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError):
            services.system_update(system=ws.silo, actor=referent, fields={"yearly_cost": Decimal("-1")})


class TestExchanges:
    def test_with_itself_or_another_commune(self, ws, referent, commune_b):
        with pytest.raises(ServiceError) as raised:
            services.exchange_create(commune=ws.commune, actor=referent, source=ws.silo, target=ws.silo, data="x")
        assert raised.value.message == services.ERROR_EXCHANGE_SELF
        foreign = services.system_create(commune=commune_b, actor=referent, name="F", category="gis")
        with pytest.raises(ServiceError) as raised:
            services.exchange_create(commune=ws.commune, actor=referent, source=ws.silo, target=foreign, data="x")
        assert raised.value.message == services.ERROR_EXCHANGE_OUTSIDE

    def test_the_same_exchange_twice(self, ws, referent):
        with pytest.raises(ServiceError) as raised:
            services.exchange_create(
                commune=ws.commune, actor=referent, source=ws.system_a, target=ws.system_b, data="Courriers"
            )
        assert raised.value.message == services.ERROR_EXCHANGE_EXISTS

    def test_an_exchange_ends_a_silo(self, ws, referent):
        services.exchange_create(commune=ws.commune, actor=referent, source=ws.silo, target=ws.system_a, data="Actes")
        assert f"silo:{ws.silo.pk}" not in keys(ws.commune)


class TestDismissals:
    def test_a_reason_is_required_and_the_warning_must_exist(self, ws, referent):
        with pytest.raises(ServiceError) as raised:
            services.warning_dismiss(commune=ws.commune, actor=referent, key=f"silo:{ws.silo.pk}", reason="  ")
        assert raised.value.message == services.ERROR_REASON_REQUIRED
        with pytest.raises(ServiceError) as raised:
            services.warning_dismiss(commune=ws.commune, actor=referent, key="silo:999999", reason="ok")
        assert raised.value.message == services.ERROR_WARNING_GONE

    def test_dismissed_once(self, ws, referent):
        key = f"silo:{ws.silo.pk}"
        dismissal = services.warning_dismiss(commune=ws.commune, actor=referent, key=key, reason="Archived soon")
        assert (dismissal.kind, dismissal.reason, dismissal.dismissed_by) == ("silo", "Archived soon", referent)
        assert keys(ws.commune, dismissed=True) == {key}
        with pytest.raises(ServiceError) as raised:
            services.warning_dismiss(commune=ws.commune, actor=referent, key=key, reason="again")
        assert raised.value.message == services.ERROR_WARNING_DISMISSED

    def test_stays_dismissed_while_the_condition_holds(self, ws, referent):
        key = f"silo:{ws.silo.pk}"
        services.warning_dismiss(commune=ws.commune, actor=referent, key=key, reason="Archived soon")
        services.system_update(system=ws.silo, actor=referent, fields={"vendor": "Someone"})
        assert key in keys(ws.commune, dismissed=True)
        exchange = services.exchange_create(
            commune=ws.commune, actor=referent, source=ws.silo, target=ws.system_a, data="x"
        )
        assert not WarningDismissal.objects.filter(key=key).exists()
        services.exchange_delete(exchange=exchange, actor=referent)
        assert key in keys(ws.commune, dismissed=False)

    def test_a_duplicate_with_a_third_system_shows_again(self, ws, referent):
        key = f"duplicate:document_management:{ws.system_a.pk},{ws.system_b.pk}"
        services.warning_dismiss(commune=ws.commune, actor=referent, key=key, reason="Different departments")
        third = services.system_create(commune=ws.commune, actor=referent, name="GED C", category="document_management")
        new_key = f"duplicate:document_management:{ws.system_a.pk},{ws.system_b.pk},{third.pk}"
        assert new_key in keys(ws.commune, dismissed=False)
        assert not WarningDismissal.objects.filter(key=key).exists()

    def test_another_single_person_shows_again(self, ws, referent):
        key = f"single_knowledge:{ws.system_b.pk}:ann"
        services.warning_dismiss(commune=ws.commune, actor=referent, key=key, reason="Documented")
        services.system_update(system=ws.system_b, actor=referent, fields={"knowledge_holders": "Zoé"})
        assert f"single_knowledge:{ws.system_b.pk}:zoe" in keys(ws.commune, dismissed=False)

    def test_restore(self, ws, referent):
        dismissal = services.warning_dismiss(commune=ws.commune, actor=referent, key=f"silo:{ws.silo.pk}", reason="x")
        services.warning_restore(dismissal=dismissal, actor=referent)
        assert keys(ws.commune, dismissed=True) == set()

    def test_deleting_a_system_prunes_its_dismissals(self, ws, referent):
        services.warning_dismiss(commune=ws.commune, actor=referent, key=f"silo:{ws.silo.pk}", reason="x")
        services.system_delete(system=ws.silo, actor=referent)
        assert not WarningDismissal.objects.exists()
