"""The optimistic lock helper shared by every edit form."""

import pytest

from diagnostics.models import Workshop
from diagnostics.services.workspace import check_edit_version as old_import
from smartregion.concurrency import ERROR_EDIT_CONFLICT, check_edit_version, edit_version_save
from smartregion.errors import EditConflict

pytestmark = pytest.mark.django_db


def test_check_edit_version():
    assert old_import is check_edit_version
    check_edit_version(3, None)
    check_edit_version(3, 3)
    with pytest.raises(EditConflict) as caught:
        check_edit_version(3, 2)
    assert caught.value.current_version == 3 and caught.value.message == ERROR_EDIT_CONFLICT


def test_edit_version_save_bumps_and_refuses_stale(commune_a):
    workshop = Workshop.objects.create(commune=commune_a, title="A", held_on="2025-01-01")
    edit_version_save(workshop, edit_version=0, update_fields=["title"])
    assert workshop.edit_version == 1 == Workshop.objects.get(pk=workshop.pk).edit_version
    stale = Workshop.objects.get(pk=workshop.pk)
    workshop.title = "B"
    edit_version_save(workshop, edit_version=1, update_fields=["title"])
    stale.title = "C"
    with pytest.raises(EditConflict):
        edit_version_save(stale, edit_version=1, update_fields=["title"])
    assert Workshop.objects.get(pk=workshop.pk).title == "B"
