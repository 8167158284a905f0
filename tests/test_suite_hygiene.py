"""Rules the suite keeps so that it passes in any order, on any pytest-xdist worker."""

import pytest

from roadmaps.models import ProjectTemplate


def test_transactional_tests_restore_migration_data(request):
    """A transactional test empties every table on teardown; without serialized_rollback the rows
    loaded by data migrations (the project catalogue) vanish for the next test of the same worker."""
    offenders = []
    for item in request.session.items:
        marker = item.get_closest_marker("django_db")
        if marker and marker.kwargs.get("transaction") and not marker.kwargs.get("serialized_rollback"):
            offenders.append(item.nodeid)
    assert offenders == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_transactional_test_sees_the_catalogue():
    assert ProjectTemplate.objects.count() >= 15


def test_a_later_test_still_has_the_catalogue(django_db_blocker):
    """Not a database test, so pytest-django runs it after the transactional one above (same file, same
    worker under `--dist loadfile`); it reads the database as the next ordinary test would."""
    with django_db_blocker.unblock():
        assert ProjectTemplate.objects.count() >= 15
