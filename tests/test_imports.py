"""The shared import flow (smartregion.imports) and the one normal form of typed text (smartregion.text)."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from barometer import services as barometer_services
from barometer.models import ResponseImport
from diagnostics.models import PstImport
from diagnostics.services import pst as pst_services
from smartregion import imports
from smartregion.errors import ServiceError
from smartregion.imports import PendingImportStatus, RowError
from smartregion.tasks import imports_sweep as imports_sweep_task
from smartregion.text import normalise, normalise_key
from tests.barometer.conftest import make_edition

PST = "code;intitulé\r\nOS1;Commune proche\r\n".encode()
BAROMETER = b"commune;smartness\nCourcelles;7\n"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Fontaine-l’Évêque", "fontaine l eveque"),
        ("  PONT-À-CELLES ", "pont a celles"),
        ("Ham-sur-Heure_Nalinnes", "ham sur heure nalinnes"),
        ("Échéance (date)", "echeance date"),
        ("Straße", "strasse"),
        ("İzmir", "izmir"),
        (12, "12"),
        ("", ""),
    ],
)
def test_one_normal_form(raw, expected):
    assert normalise(raw) == expected
    assert normalise_key(raw) == expected.replace(" ", "_")


def test_every_pending_import_model_is_found():
    assert {PstImport, ResponseImport} <= set(imports.pending_import_models())


def test_a_row_error_names_its_column_as_the_user_knows_it():
    assert RowError(2, "deadline", "x").column_label == "deadline"
    assert RowError(2, "deadline", "x", label="échéance").column_label == "échéance"


def test_the_sweep_is_one_periodic_task():
    entry = settings.CELERY_BEAT_SCHEDULE["imports-sweep"]
    assert entry["task"] == imports_sweep_task.name == "smartregion.imports_sweep"


@pytest.mark.django_db
class TestFlow:
    @pytest.fixture
    def pending(self, commune_a, territory, referent):
        pst, _check = pst_services.pst_import_prepare(commune=commune_a, actor=referent, filename="p.csv", data=PST)
        edition = make_edition(territory)
        barometer, _check = barometer_services.import_prepare(
            edition=edition, actor=referent, filename="b.csv", data=BAROMETER
        )
        assert pst is not None and barometer is not None
        return pst, barometer

    def age(self, pending, days: float):
        type(pending).objects.filter(pk=pending.pk).update(created_at=timezone.now() - timedelta(days=days))

    def test_the_sweep_follows_each_model_validity(self, pending):
        pst, barometer = pending
        self.age(pst, 1.5)  # a PST preview is valid one day
        self.age(barometer, 1.5)  # a barometer preview two days
        assert imports_sweep_task() == 1
        pst.refresh_from_db()
        barometer.refresh_from_db()
        assert (pst.status, pst.table) == (PendingImportStatus.DISCARDED, [])
        assert barometer.status == PendingImportStatus.PENDING
        self.age(barometer, 3)
        assert imports.imports_sweep() == 1
        assert imports.imports_sweep() == 0  # safe to run twice

    def test_both_imports_refuse_an_expired_preview(self, pending, referent):
        for item, days in zip(pending, (1.5, 2.5), strict=True):
            self.age(item, days)
            item.refresh_from_db()
            assert item.is_expired()
        with pytest.raises(ServiceError) as raised:
            pst_services.pst_import_apply(pst_import=pending[0], actor=referent)
        assert raised.value.message == imports.ERROR_IMPORT_EXPIRED
        with pytest.raises(ServiceError) as raised:
            barometer_services.import_apply(response_import=pending[1], actor=referent)
        assert raised.value.message == imports.ERROR_IMPORT_EXPIRED

    def test_discard_says_whether_it_was_pending(self, pending):
        pst, _barometer = pending
        assert imports.import_discard(importer=pst_services.PST_IMPORTER, pending=pst) is True
        assert imports.import_discard(importer=pst_services.PST_IMPORTER, pending=pst) is False

    def test_a_new_upload_replaces_only_the_same_persons_preview_of_the_same_target(
        self, pending, commune_b, referent, staff_a
    ):
        pst, _barometer = pending
        pst_services.pst_import_prepare(commune=commune_b, actor=referent, filename="p.csv", data=PST)
        pst_services.pst_import_prepare(commune=pst.commune, actor=staff_a, filename="p.csv", data=PST)
        pst.refresh_from_db()
        assert pst.status == PendingImportStatus.PENDING
        pst_services.pst_import_prepare(commune=pst.commune, actor=referent, filename="p.csv", data=PST)
        pst.refresh_from_db()
        assert pst.status == PendingImportStatus.DISCARDED

    def test_the_preview_checks_the_kept_cells_again(self, pending):
        pst, _barometer = pending
        check = imports.import_preview(importer=pst_services.PST_IMPORTER, pending=pst)
        assert check.is_clean
        assert [row.code for row in check.rows] == ["OS1"]
