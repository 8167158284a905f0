import pytest

from tests.helpers import cache_clear_own


@pytest.fixture(autouse=True)
def _clear_cache():
    """Throttle counters live in the cache: each test starts from zero."""
    cache_clear_own()
    yield
    cache_clear_own()
