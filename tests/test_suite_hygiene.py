"""Rules the suite keeps so that it passes in any order, on any pytest-xdist worker."""


def test_transactional_tests_restore_migration_data(request):
    """A transactional test empties every table on teardown; without serialized_rollback the rows
    loaded by data migrations (the project catalogue) vanish for the next test of the same worker."""
    offenders = []
    for item in request.session.items:
        marker = item.get_closest_marker("django_db")
        if marker and marker.kwargs.get("transaction") and not marker.kwargs.get("serialized_rollback"):
            offenders.append(item.nodeid)
    assert offenders == []
