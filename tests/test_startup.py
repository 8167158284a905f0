"""`make run` starts without noise: each Django line once, no broker warning with the embedded setup."""

import logging

import pytest
from kombu import Connection


def stream_handlers(name: str) -> list[logging.Handler]:
    """The stream handlers a record of this logger reaches, walking up while it propagates."""
    found, logger = [], logging.getLogger(name)
    while logger is not None:
        found += [h for h in logger.handlers if type(h) is logging.StreamHandler]
        if not logger.propagate:
            break
        logger = logger.parent
    return found


@pytest.mark.parametrize("name", ["django.utils.autoreload", "django.request", "smartregion.tasks"])
def test_a_log_line_is_printed_once(name):
    """ "Watching for file changes with StatReloader" was printed twice: Django's handler, then the root's."""
    assert len(stream_handlers(name)) == 1


def test_the_embedded_broker_names_its_host(caplog):
    """Eager tasks still open a producer; "memory://" made kombu warn "No hostname was supplied".

    The URL is the one settings choose without REDIS_URL (tests/test_settings_env.py holds it).
    """
    with caplog.at_level(logging.WARNING, logger="kombu.connection"):
        Connection("memory://localhost/").info()
        assert "No hostname" not in caplog.text
        Connection("memory://").info()
    assert "No hostname" in caplog.text  # the check can tell
