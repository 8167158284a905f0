"""Role fixtures shared by the whole suite.

Two territories: IGRETEC (communes A and B) and BEP (one commune). People: the referent of each
territory, staff of A, staff of B, a college member of A, a user without any role and a superuser.

Transactional tests (`django_db(transaction=True)`) must also pass `serialized_rollback=True`: their
teardown empties every table, which takes away the rows data migrations load (the project catalogue,
criteria). Django puts them back only when the next *transactional* test starts; under pytest-xdist a
worker may run an ordinary test next, so `pytest_runtest_teardown` below restores them right after the
flush.
"""

import uuid

import pytest
from django.test import Client
from django.utils import translation
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from communes.models import Province, Role
from smartregion.celery import app as celery_app
from tests.browser.journeys import browser, journey  # noqa: F401 - one browser for every journey of the session
from tests.factories import CommuneFactory, MembershipFactory, TerritoryFactory, UserFactory

pytest_plugins = ["tests.questionnaire_fixtures"]

# `make test` runs several workers on a small shared machine: how fast Hypothesis generates inputs
# there is not what these tests check.
hypothesis_settings.register_profile("smartregion", suppress_health_check=[HealthCheck.too_slow], deadline=None)
hypothesis_settings.load_profile("smartregion")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """What the migrations left in the test database (`_test_serialized_contents`) is kept on the connection's
    class too: Django's connection handler keeps one connection object per context, and Playwright's sync API
    runs the journeys in another one, whose fresh connection object would otherwise know nothing to load back
    (its flush would then also recreate the content types under new ids)."""
    from django.db import connections

    for connection in connections.all():
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents:
            type(connection)._test_serialized_contents = contents


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test's flush, load back what the migrations left in the test database."""
    result = yield
    marker = item.get_closest_marker("django_db")
    # With no next test, the session's fixtures (the test database itself) are gone by now.
    if nextitem is None:
        return result
    if marker and marker.kwargs.get("transaction") and marker.kwargs.get("serialized_rollback"):
        from django.db import connections
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            for connection in connections.all():
                contents = getattr(connection, "_test_serialized_contents", None)
                if contents:
                    connection.creation.deserialize_db_from_string(contents)
    return result


@pytest.fixture(autouse=True, scope="session")
def _restoring_is_not_writing():
    """A transactional test's database is restored from its serialized rows, versions' rows included: the
    versions written since the flush (by post-migrate handlers) are cleared first, and the restore bumps
    nothing."""
    from django.db.backends.base.creation import BaseDatabaseCreation

    from smartregion import freshness
    from smartregion.models import Version

    restore = BaseDatabaseCreation.deserialize_db_from_string

    def quietly(self, data):
        with freshness.suspended():
            Version.objects.using(self.connection.alias).all().delete()
            return restore(self, data)

    BaseDatabaseCreation.deserialize_db_from_string = quietly
    yield
    BaseDatabaseCreation.deserialize_db_from_string = restore


@pytest.fixture(autouse=True, scope="session")
def _celery_eager():
    """Run tasks in-process even when REDIS_URL turns eager mode off, so tests see their e-mails."""
    celery_app.conf.update(task_always_eager=True, task_eager_propagates=True)


UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1: the real client is refused


def _forget_broker_connections():
    """Drop pooled broker connections so the next publish uses the current broker URL."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def queue_down():
    """Redis away for Celery: eager off and the broker on a closed port, so kombu and redis-py really fail.

    Use with `django_db(transaction=True)`: enqueueing happens when the service's transaction commits.
    Calling the fixture's value brings the queue back (eager again), to check that the retry works.
    """
    saved = {key: celery_app.conf[key] for key in ("task_always_eager", "broker_url")}
    celery_app.conf.update(task_always_eager=False, broker_url=UNREACHABLE_REDIS)
    _forget_broker_connections()

    def restore():
        celery_app.conf.update(saved)
        _forget_broker_connections()

    yield restore
    restore()


@pytest.fixture(autouse=True)
def _language_reset():
    """A test that leaves a language active (an API call answered in the token owner's language, say) must
    not hand it to the next test, which expects the French default."""
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _freshness(request, settings, monkeypatch):
    """Each test files its cached values under its own salt (the cache outlives the test's rollback, and
    SQLite gives the same ids again), and versions are bumped at once: a test's transaction never commits.
    Transactional tests keep the real after-commit bump."""
    from smartregion import freshness

    settings.FRESHNESS_SALT = uuid.uuid4().hex
    marker = request.node.get_closest_marker("django_db")
    transactional = "transactional_db" in request.fixturenames or bool(marker and marker.kwargs.get("transaction"))
    if not transactional:
        monkeypatch.setattr(freshness, "_after_commit", lambda callback: callback())


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# Territories and communes ------------------------------------------------------------------------


@pytest.fixture
def territory(db):
    return TerritoryFactory(name="Charleroi Métropole", intercommunale="IGRETEC", slug="igretec")


@pytest.fixture
def other_territory(db):
    return TerritoryFactory(name="Province de Namur", intercommunale="BEP", slug="bep")


@pytest.fixture
def commune_a(territory):
    return CommuneFactory(territory=territory, name="Courcelles", slug="courcelles", nis_code="52015")


@pytest.fixture
def commune_b(territory):
    return CommuneFactory(territory=territory, name="Lobbes", slug="lobbes", nis_code="56044")


@pytest.fixture
def commune_other(other_territory):
    return CommuneFactory(
        territory=other_territory, name="Andenne", slug="andenne", nis_code="92003", province=Province.NAMUR
    )


# People ------------------------------------------------------------------------------------------


@pytest.fixture
def referent(territory):
    user = UserFactory(username="referent", email="referent@igretec.example")
    MembershipFactory(user=user, referent=True, territory=territory)
    return user


@pytest.fixture
def other_referent(other_territory):
    user = UserFactory(username="other-referent", email="referent@bep.example")
    MembershipFactory(user=user, referent=True, territory=other_territory)
    return user


@pytest.fixture
def staff_a(commune_a):
    user = UserFactory(username="staff-a", email="staff-a@courcelles.example")
    MembershipFactory(user=user, role=Role.STAFF, commune=commune_a)
    return user


@pytest.fixture
def staff_b(commune_b):
    user = UserFactory(username="staff-b", email="staff-b@lobbes.example")
    MembershipFactory(user=user, role=Role.STAFF, commune=commune_b)
    return user


@pytest.fixture
def college_a(commune_a):
    user = UserFactory(username="college-a", email="college-a@courcelles.example")
    MembershipFactory(user=user, role=Role.COLLEGE, commune=commune_a)
    return user


@pytest.fixture
def nobody(db):
    """A user with an account but no role anywhere."""
    return UserFactory(username="nobody", email="nobody@example.org")


@pytest.fixture
def superuser(db):
    return UserFactory(username="admin", email="admin@example.org", is_superuser=True, is_staff=True)


# Clients -----------------------------------------------------------------------------------------


@pytest.fixture
def client_for(db):
    """`client_for(user)`: a fresh test client logged in as `user`."""

    def make(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def referent_client(client_for, referent):
    return client_for(referent)


@pytest.fixture
def other_referent_client(client_for, other_referent):
    return client_for(other_referent)


@pytest.fixture
def staff_a_client(client_for, staff_a):
    return client_for(staff_a)


@pytest.fixture
def staff_b_client(client_for, staff_b):
    return client_for(staff_b)


@pytest.fixture
def college_a_client(client_for, college_a):
    return client_for(college_a)


@pytest.fixture
def nobody_client(client_for, nobody):
    return client_for(nobody)
