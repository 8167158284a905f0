"""smartregion/env.py readers, and settings.py reading the environment (executed in isolation)."""

import re
import runpy

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured

from smartregion.env import env_bool, env_int, env_list, env_str, env_url

SETTINGS_FILE = django_settings.BASE_DIR / "smartregion" / "settings.py"
ENV_EXAMPLE = django_settings.BASE_DIR / ".env.example"
VAR = "SMARTREGION_TEST_VALUE"


class TestEnvStr:
    def test_unset_gives_default(self, monkeypatch):
        monkeypatch.delenv(VAR, raising=False)
        assert env_str(VAR, "fallback") == "fallback"

    def test_strips(self, monkeypatch):
        monkeypatch.setenv(VAR, "  value \n")
        assert env_str(VAR) == "value"


class TestEnvBool:
    @pytest.mark.parametrize("raw", ["1", "true", "TRUE", "yes", "On", " true "])
    def test_true(self, monkeypatch, raw):
        monkeypatch.setenv(VAR, raw)
        assert env_bool(VAR, False) is True

    @pytest.mark.parametrize("raw", ["0", "false", "False", "no", "OFF", ""])
    def test_false(self, monkeypatch, raw):
        monkeypatch.setenv(VAR, raw)
        assert env_bool(VAR, True) is False

    @pytest.mark.parametrize("default", [True, False])
    def test_unset_gives_default(self, monkeypatch, default):
        monkeypatch.delenv(VAR, raising=False)
        assert env_bool(VAR, default) is default

    @pytest.mark.parametrize("raw", ["maybe", "2", "enabled", "tru"])
    def test_bad_value_names_the_variable(self, monkeypatch, raw):
        monkeypatch.setenv(VAR, raw)
        with pytest.raises(ImproperlyConfigured, match=VAR) as excinfo:
            env_bool(VAR, False)
        assert repr(raw) in str(excinfo.value)


class TestEnvInt:
    @pytest.mark.parametrize(("raw", "expected"), [("42", 42), (" 7 ", 7), ("-3", -3), ("0", 0)])
    def test_good(self, monkeypatch, raw, expected):
        monkeypatch.setenv(VAR, raw)
        assert env_int(VAR, 1) == expected

    @pytest.mark.parametrize("raw", [None, "", "   "])
    def test_unset_or_empty_gives_default(self, monkeypatch, raw):
        if raw is None:
            monkeypatch.delenv(VAR, raising=False)
        else:
            monkeypatch.setenv(VAR, raw)
        assert env_int(VAR, 60) == 60

    @pytest.mark.parametrize("raw", ["4.2", "abc", "1e3", "12s"])
    def test_bad_value_names_the_variable(self, monkeypatch, raw):
        monkeypatch.setenv(VAR, raw)
        with pytest.raises(ImproperlyConfigured, match=VAR) as excinfo:
            env_int(VAR, 1)
        assert "whole number" in str(excinfo.value)

    def test_below_minimum_names_the_variable(self, monkeypatch):
        monkeypatch.setenv(VAR, "0")
        with pytest.raises(ImproperlyConfigured, match=VAR) as excinfo:
            env_int(VAR, 5, minimum=1)
        assert "at least 1" in str(excinfo.value)

    def test_minimum_itself_is_allowed(self, monkeypatch):
        monkeypatch.setenv(VAR, "1")
        assert env_int(VAR, 5, minimum=1) == 1


class TestEnvList:
    def test_splits_and_strips(self, monkeypatch):
        monkeypatch.setenv(VAR, " a.example, b.example,,c.example ,")
        assert env_list(VAR, []) == ["a.example", "b.example", "c.example"]

    def test_unset_gives_default(self, monkeypatch):
        monkeypatch.delenv(VAR, raising=False)
        assert env_list(VAR, ["x"]) == ["x"]

    def test_empty_gives_empty_list(self, monkeypatch):
        monkeypatch.setenv(VAR, "")
        assert env_list(VAR, ["x"]) == []


class TestEnvUrl:
    def test_unset_gives_empty(self, monkeypatch):
        monkeypatch.delenv(VAR, raising=False)
        assert env_url(VAR, schemes=("redis",)) == ""

    @pytest.mark.parametrize(
        "raw", ["postgres://u:p@db:5432/x", "postgresql://db/x", "POSTGRES://db/x", " sqlite:///tmp/x.db "]
    )
    def test_allowed_scheme(self, monkeypatch, raw):
        monkeypatch.setenv(VAR, raw)
        assert env_url(VAR, schemes=("postgres", "postgresql", "sqlite")) == raw.strip()

    @pytest.mark.parametrize("raw", ["mysql://db/x", "db.example:5432", "redis://localhost"])
    def test_other_scheme_names_the_variable(self, monkeypatch, raw):
        monkeypatch.setenv(VAR, raw)
        with pytest.raises(ImproperlyConfigured, match=VAR) as excinfo:
            env_url(VAR, schemes=("postgres", "postgresql"))
        assert "postgres://" in str(excinfo.value)

    def test_error_does_not_leak_the_password(self, monkeypatch):
        monkeypatch.setenv(VAR, "mysql://user:s3cret@db/x")
        with pytest.raises(ImproperlyConfigured) as excinfo:
            env_url(VAR, schemes=("postgres",))
        assert "s3cret" not in str(excinfo.value)


# settings.py -------------------------------------------------------------------------------------


def documented_variables() -> set[str]:
    return set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", ENV_EXAMPLE.read_text(), flags=re.MULTILINE))


def read_variables() -> set[str]:
    return set(re.findall(r"env_\w+\(\s*\"([A-Z][A-Z0-9_]+)\"", SETTINGS_FILE.read_text()))


@pytest.fixture
def load_settings(monkeypatch, tmp_path):
    """Execute settings.py in a fresh namespace with only the environment the test sets."""
    for name in documented_variables() | read_variables():
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SMARTREGION_VAR_DIR", str(tmp_path))

    def load(**env) -> dict:
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return runpy.run_path(str(SETTINGS_FILE))

    return load


def test_every_variable_read_is_documented_in_env_example():
    missing = read_variables() - documented_variables()
    assert not missing, f"add to .env.example: {sorted(missing)}"


def test_no_environment_runs_embedded(load_settings, tmp_path):
    conf = load_settings()
    assert conf["DEBUG"] is True
    assert conf["DATABASES"]["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert str(conf["DATABASES"]["default"]["NAME"]).startswith(str(tmp_path))
    assert conf["CELERY_TASK_ALWAYS_EAGER"] is True
    assert conf["CELERY_BROKER_URL"] == "memory://localhost/"
    assert conf["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert conf["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert conf["SESSION_COOKIE_SECURE"] is False


def test_database_and_redis_urls(load_settings):
    conf = load_settings(
        DATABASE_URL="postgres://smart:pw@db.example:5432/smartregion", REDIS_URL="redis://cache.example:6379/2"
    )
    database = conf["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["NAME"], database["HOST"], database["PORT"]) == ("smartregion", "db.example", 5432)
    assert conf["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert conf["CELERY_BROKER_URL"] == "redis://cache.example:6379/2"
    assert conf["CELERY_TASK_ALWAYS_EAGER"] is False


def test_eager_can_be_forced_with_redis(load_settings):
    conf = load_settings(REDIS_URL="redis://cache.example:6379/2", CELERY_TASK_ALWAYS_EAGER="true")
    assert conf["CELERY_TASK_ALWAYS_EAGER"] is True


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"DJANGO_DEBUG": "maybe"}, "DJANGO_DEBUG"),
        ({"DATABASE_URL": "mysql://db/smartregion"}, "DATABASE_URL"),
        ({"REDIS_URL": "memcached://cache"}, "REDIS_URL"),
        ({"INVITATION_VALID_DAYS": "0"}, "INVITATION_VALID_DAYS"),
        ({"EMAIL_PORT": "smtp"}, "EMAIL_PORT"),
        ({"CELERY_TASK_TIME_LIMIT": "five"}, "CELERY_TASK_TIME_LIMIT"),
        ({"DJANGO_DEBUG": "false"}, "DJANGO_SECRET_KEY"),
    ],
)
def test_bad_environment_fails_loudly(load_settings, env, variable):
    with pytest.raises(ImproperlyConfigured, match=variable):
        load_settings(**env)


def test_production_is_https_only(load_settings):
    conf = load_settings(DJANGO_DEBUG="false", DJANGO_SECRET_KEY="x" * 50, DJANGO_ALLOWED_HOSTS="a.example, b.example")
    assert conf["DEBUG"] is False
    assert conf["SECRET_KEY"] == "x" * 50
    assert conf["ALLOWED_HOSTS"] == ["a.example", "b.example"]
    assert conf["SECURE_SSL_REDIRECT"] is True
    assert (conf["SESSION_COOKIE_SECURE"], conf["CSRF_COOKIE_SECURE"]) == (True, True)
    assert conf["SESSION_COOKIE_NAME"].startswith("__Host-")
    assert conf["CSRF_COOKIE_NAME"].startswith("__Host-")
    assert conf["SECURE_HSTS_SECONDS"] == 31536000


def test_production_switches_can_be_turned_off(load_settings):
    conf = load_settings(
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="x" * 50,
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_SECURE_COOKIES="0",
        DJANGO_HSTS_SECONDS="0",
    )
    assert conf["SECURE_SSL_REDIRECT"] is False
    assert conf["SESSION_COOKIE_SECURE"] is False
    assert conf["SECURE_HSTS_SECONDS"] == 0
    assert conf["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is False


def test_behind_proxy_trusts_forwarded_proto(load_settings):
    assert "SECURE_PROXY_SSL_HEADER" not in load_settings()
    conf = load_settings(DJANGO_BEHIND_PROXY="true")
    assert conf["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
