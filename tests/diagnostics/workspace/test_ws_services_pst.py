"""Services of the PST: hand entry rules, and the import that saves everything or nothing."""

from datetime import timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.utils import timezone

from communes.models import Activity
from diagnostics.models import ObjectiveLevel, PstAction, PstImport, PstImportStatus, PstObjective
from diagnostics.services import pst as services
from smartregion import imports
from smartregion.errors import ServiceError
from tests.factories import CommuneFactory

CSV = (
    "type;code;parent;intitulé;responsable;budget;échéance;statut;axes;smart\r\n"
    "OS;OS1;;Commune proche;;;;;Gouvernance;\r\n"
    "OO;OO1.1;OS1;Simplifier;;;;;Gouvernance;\r\n"
    "action;A1;OO1.1;Guichet en ligne;Population;12 500,50 €;31/12/2026;en cours;;oui\r\n"
    "action;A2;OO1.1;Formulaires;Population;;;;;non\r\n"
).encode("cp1252")


def prepare(commune, actor, data=CSV, name="PST.csv"):
    return services.pst_import_prepare(commune=commune, actor=actor, filename=name, data=data)


class TestHandEntry:
    def test_objectives_and_actions(self, commune_a, referent):
        so = services.pst_objective_create(
            commune=commune_a, actor=referent, level=ObjectiveLevel.STRATEGIC, code=" OS1 ", title="A"
        )
        oo = services.pst_objective_create(
            commune=commune_a, actor=referent, level=ObjectiveLevel.OPERATIONAL, parent=so, code="OO1", title="B"
        )
        action = services.pst_action_create(
            commune=commune_a, actor=referent, objective=oo, title="C", budget=Decimal("10"), is_smart=True
        )
        assert (so.code, oo.parent, action.objective, action.is_smart) == ("OS1", so, oo, True)
        assert Activity.objects.filter(commune=commune_a, verb="pst_action_saved").exists()

    def test_codes_are_unique_per_commune_whatever_the_case(self, ws, referent, commune_b):
        with pytest.raises(ServiceError) as raised:
            services.pst_objective_create(
                commune=ws.commune, actor=referent, level=ObjectiveLevel.STRATEGIC, code="os1", title="X"
            )
        assert (raised.value.message, raised.value.field) == (services.ERROR_CODE_TAKEN, "code")
        services.pst_objective_create(
            commune=commune_b, actor=referent, level=ObjectiveLevel.STRATEGIC, code="OS1", title="X"
        )
        with pytest.raises(ServiceError) as raised:
            services.pst_action_update(action=ws.action, actor=referent, fields={"code": "a2"})
        assert raised.value.message == services.ERROR_ACTION_CODE_TAKEN

    def test_levels_and_parents(self, ws, referent):
        cases = [
            {"level": ObjectiveLevel.STRATEGIC, "parent": ws.strategic, "error": services.ERROR_STRATEGIC_NO_PARENT},
            {"level": ObjectiveLevel.OPERATIONAL, "parent": None, "error": services.ERROR_PARENT_REQUIRED},
            {
                "level": ObjectiveLevel.OPERATIONAL,
                "parent": ws.operational,
                "error": services.ERROR_PARENT_NOT_STRATEGIC,
            },
        ]
        for case in cases:
            with pytest.raises(ServiceError) as raised:
                services.pst_objective_create(
                    commune=ws.commune, actor=referent, level=case["level"], parent=case["parent"], code="N", title="N"
                )
            assert raised.value.message == case["error"]

    def test_parent_of_another_commune_is_refused(self, ws, referent, commune_b):
        with pytest.raises(ServiceError) as raised:
            services.pst_objective_create(
                commune=commune_b,
                actor=referent,
                level=ObjectiveLevel.OPERATIONAL,
                parent=ws.strategic,
                code="N",
                title="N",
            )
        assert raised.value.message == services.ERROR_PARENT_NOT_STRATEGIC
        with pytest.raises(ServiceError) as raised:
            services.pst_action_create(commune=commune_b, actor=referent, objective=ws.operational, title="N")
        assert raised.value.message == services.ERROR_ACTION_OBJECTIVE

    def test_actions_belong_to_operational_objectives(self, ws, referent):
        with pytest.raises(ServiceError) as raised:
            services.pst_action_create(commune=ws.commune, actor=referent, objective=ws.strategic, title="N")
        assert raised.value.field == "objective"

    def test_deleting_an_objective_with_children_is_refused(self, ws, referent):
        with pytest.raises(ServiceError) as raised:
            services.pst_objective_delete(objective=ws.strategic, actor=referent)
        assert raised.value.message == services.ERROR_OBJECTIVE_HAS_CHILDREN
        services.pst_action_delete(action=ws.action, actor=referent)
        services.pst_objective_delete(objective=ws.operational_2, actor=referent)
        assert not PstObjective.objects.filter(pk=ws.operational_2.pk).exists()

    def test_update_validates_pillars(self, ws, referent):
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError):
            services.pst_objective_update(objective=ws.operational, actor=referent, fields={"pillars": ["sport"]})


class TestImport:
    def test_preview_saves_nothing_then_confirm_saves_everything(self, commune_a, referent):
        pst_import, check = prepare(commune_a, referent)
        assert check.is_clean
        assert pst_import.status == PstImportStatus.PENDING
        assert pst_import.source_name == "PST.csv"
        assert not PstObjective.objects.filter(commune=commune_a).exists()
        counts = services.pst_import_apply(pst_import=pst_import, actor=referent)
        assert counts == {"created": 4, "updated": 0, "rows": 4}
        action = PstAction.objects.get(commune=commune_a, code="A1")
        assert (action.budget, action.status, action.is_smart, action.objective.code) == (
            Decimal("12500.50"),
            "in_progress",
            True,
            "OO1.1",
        )
        assert PstObjective.objects.get(code="OO1.1").pillars == ["governance"]
        pst_import.refresh_from_db()
        assert (pst_import.status, pst_import.table) == (PstImportStatus.APPLIED, [])
        assert Activity.objects.filter(commune=commune_a, verb="pst_imported").count() == 1

    def test_importing_again_updates_by_code(self, commune_a, referent):
        services.pst_import_apply(pst_import=prepare(commune_a, referent)[0], actor=referent)
        changed = CSV.replace("Guichet en ligne".encode("cp1252"), b"Guichet 24h")
        counts = services.pst_import_apply(pst_import=prepare(commune_a, referent, changed)[0], actor=referent)
        assert counts["updated"] == 4
        assert PstAction.objects.filter(commune=commune_a).count() == 2
        assert PstAction.objects.get(code="A1").title == "Guichet 24h"

    def test_a_file_with_errors_is_not_kept(self, commune_a, referent):
        pst_import, check = prepare(commune_a, referent, CSV + b"action;A9;OO9;Orpheline;;;;;;\r\n")
        assert pst_import is None
        assert check.errors[0].line == 6
        assert not PstImport.objects.exists()

    def test_unreadable_file_names_the_field(self, commune_a, referent):
        with pytest.raises(ServiceError) as raised:
            prepare(commune_a, referent, b"\x00\x01", "pst.csv")
        assert raised.value.field == "file"

    def test_file_name_is_only_displayed(self, commune_a, referent):
        pst_import, _check = prepare(commune_a, referent, name="../../etc/passwd\x07.csv")
        assert pst_import.source_name == "passwd.csv"
        assert imports.display_name("") == "upload"

    def test_a_new_preview_replaces_the_previous_one(self, commune_a, referent):
        first, _ = prepare(commune_a, referent)
        second, _ = prepare(commune_a, referent)
        first.refresh_from_db()
        assert first.status == PstImportStatus.DISCARDED
        assert second.key != first.key

    def test_nothing_half_imported_when_saving_fails(self, commune_a, referent):
        pst_import, _check = prepare(commune_a, referent)
        original = PstAction.save
        calls = []

        def failing_save(self, *args, **kwargs):
            calls.append(self.code)
            if self.code == "A2":
                raise RuntimeError("disk full")
            return original(self, *args, **kwargs)

        with mock.patch.object(PstAction, "save", failing_save), pytest.raises(RuntimeError):
            services.pst_import_apply(pst_import=pst_import, actor=referent)
        assert calls == ["A1", "A2"]
        assert not PstObjective.objects.filter(commune=commune_a).exists()
        assert not PstAction.objects.filter(commune=commune_a).exists()
        pst_import.refresh_from_db()
        assert pst_import.status == PstImportStatus.PENDING

    def test_the_pst_changed_since_the_preview(self, commune_a, referent):
        pst_import, _check = prepare(commune_a, referent)
        services.pst_objective_create(
            commune=commune_a, actor=referent, level=ObjectiveLevel.STRATEGIC, code="OO1.1", title="Clash"
        )
        with pytest.raises(ServiceError) as raised:
            services.pst_import_apply(pst_import=pst_import, actor=referent)
        assert raised.value.message == services.ERROR_IMPORT_NOT_CLEAN
        assert PstObjective.objects.filter(commune=commune_a).count() == 1

    def test_confirming_twice(self, commune_a, referent):
        pst_import, _check = prepare(commune_a, referent)
        services.pst_import_apply(pst_import=pst_import, actor=referent)
        with pytest.raises(ServiceError) as raised:
            services.pst_import_apply(pst_import=pst_import, actor=referent)
        assert raised.value.message == services.ERROR_IMPORT_NOT_PENDING

    def test_expired_previews(self, commune_a, referent):
        pst_import, _check = prepare(commune_a, referent)
        PstImport.objects.filter(pk=pst_import.pk).update(created_at=timezone.now() - timedelta(days=2))
        with pytest.raises(ServiceError) as raised:
            services.pst_import_apply(pst_import=pst_import, actor=referent)
        assert raised.value.message == services.ERROR_IMPORT_EXPIRED
        assert services.pst_imports_stale_discard() == 1

    def test_discard(self, commune_a, referent):
        pst_import, _check = prepare(commune_a, referent)
        services.pst_import_discard(pst_import=pst_import, actor=referent)
        pst_import.refresh_from_db()
        assert (pst_import.status, pst_import.table) == (PstImportStatus.DISCARDED, [])

    def test_existing_codes_of_the_commune_only(self, ws, referent):
        other = CommuneFactory(territory=ws.commune.territory)
        services.pst_objective_create(
            commune=other, actor=referent, level=ObjectiveLevel.STRATEGIC, code="ZZ", title="Z"
        )
        codes = services.existing_codes(ws.commune)
        assert codes == {
            "OS1": ("strategic", ""),
            "OO1.1": ("operational", "OS1"),
            "OO1.2": ("operational", "OS1"),
            "A1": ("action", "OO1.2"),
            "A2": ("action", "OO1.1"),
        }
