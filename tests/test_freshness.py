"""smartregion.freshness: every write through Django's connections moves its table's version once its
transaction commits; reads can be recorded."""

import contextlib

import pytest
from django.db import connection, transaction
from django.urls import reverse

from communes.models import Commune
from smartregion import freshness
from tests.factories import CommuneFactory

pytestmark = pytest.mark.django_db


def version(model) -> int:
    return freshness.table_versions([model._meta.db_table])[model._meta.db_table]


@pytest.mark.parametrize(
    "write",
    [
        pytest.param(lambda c: CommuneFactory(territory=c.territory), id="create"),
        pytest.param(lambda c: c.save(), id="save"),
        pytest.param(lambda c: Commune.objects.filter(pk=c.pk).update(name="Autre"), id="queryset-update"),
        pytest.param(lambda c: Commune.objects.bulk_update([c], ["name"]), id="bulk-update"),
        pytest.param(
            lambda c: Commune.objects.bulk_create([Commune(territory=c.territory, name="N", slug="n-bulk")]),
            id="bulk-create",
        ),
        pytest.param(lambda c: CommuneFactory(territory=c.territory).delete(), id="delete"),
        pytest.param(
            lambda c: connection.cursor().execute('UPDATE "communes_commune" SET name = name WHERE 1 = 0'),
            id="raw-sql-touching-no-row",
        ),
    ],
)
def test_every_kind_of_write_moves_the_tables_version(commune_a, write):
    before = version(Commune)
    write(commune_a)
    assert version(Commune) > before


def test_a_read_moves_no_version_and_the_sessions_are_not_tracked(commune_a, referent_client):
    before = freshness.table_versions(["communes_commune", "django_session"])
    list(Commune.objects.all())
    referent_client.get(reverse("accounts:profile"))
    assert freshness.table_versions(["communes_commune", "django_session"]) == before
    assert not freshness.tracked("django_session")


def test_reads_recorded_name_every_table_of_the_statement_joins_and_subqueries_included(commune_a):
    with freshness.recording_reads() as tables:
        list(Commune.objects.filter(territory__name="x", pk__in=Commune.objects.filter(accompaniment__isnull=False)))
    assert {"communes_commune", "communes_territory", "communes_accompaniment"} <= tables


def test_nothing_moves_while_migrations_run_or_while_suspended(commune_a):
    before = version(Commune)
    with freshness.suspended():
        commune_a.save()
    assert version(Commune) == before


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_transactions_writes_move_each_table_once_after_commit_and_a_rollback_moves_nothing(territory):
    before = version(Commune)
    with transaction.atomic():
        first = CommuneFactory(territory=territory)
        CommuneFactory(territory=territory)
        first.save()
        assert version(Commune) == before  # another connection would still read the old version
    assert version(Commune) == before + 1
    with contextlib.suppress(RuntimeError):
        created_then_rolled_back(territory)
    assert version(Commune) == before + 1
    with transaction.atomic():
        with contextlib.suppress(RuntimeError):
            created_then_rolled_back(territory)
        CommuneFactory(territory=territory)  # after the inner rollback, still bumped once at commit
    assert version(Commune) == before + 2


def created_then_rolled_back(territory):
    with transaction.atomic():
        CommuneFactory(territory=territory)
        raise RuntimeError
