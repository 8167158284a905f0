"""Cached figures and fragments that are never stale: keys made of the versions of what they were computed from.

A version is a counter per (scope, key), e.g. ("commune", 12) or ("campaign", 7), kept in the database
(`smartregion.models.Version`). The services that change the data a cached value is computed from call
`bump(scope, key)`; a cached value's key holds the current versions of every scope it depends on, so a
change gives the next request a new key and the value is computed again. Nothing expires with time (the
cache's timeout only frees memory), and each cached value has a test that changes each of its inputs
through the services and sees the page change.

- `bump` adds one after the transaction commits (at once outside one): no lock is held on the version's
  row while the writer's transaction runs, and a reader can never file data older than the version it read.
- Readers read the versions (one query) BEFORE the data: a value computed from data committed before a
  bump is filed under the old key, which nobody asks for after the bump.
- `cached(...)` for a value computed in Python, `key(...)` with the `{% cachedfragment key %}` block
  tag (smartregion.templatetags.freshness) for a piece of template.

The key also holds FRESHNESS_SALT (a new one per deployment of the code through the release, and per test)
and whatever the caller says the value varies with (language, the reader's rights, today's date…).
"""

import hashlib
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F, Q

T = TypeVar("T")
Scope = tuple[str, int]
# Seconds a cached value is kept, only to free memory: correctness never rests on it.
KEEP_SECONDS = 24 * 3600
_MISSING = object()


def _after_commit(callback: Callable[[], None]) -> None:
    """Run `callback` once the current transaction commits (tests replace this to run it at once)."""
    transaction.on_commit(callback, robust=True)


def bump(scope: str, *keys: int | None) -> None:
    """Add one to the version of each (scope, key) once the current transaction commits."""
    wanted = sorted({int(k) for k in keys if k is not None})
    if wanted:
        _after_commit(lambda: _bump_now(scope, wanted))


def bump_many(pairs: Iterable[tuple[str, int | None]]) -> None:
    """`bump` for several scopes at once."""
    by_scope: dict[str, set[int]] = {}
    for scope, key in pairs:
        if key is not None:
            by_scope.setdefault(scope, set()).add(int(key))
    for scope, keys in sorted(by_scope.items()):
        bump(scope, *keys)


def _bump_now(scope: str, keys: list[int]) -> None:
    from smartregion.models import Version

    for key in keys:
        if Version.objects.filter(scope=scope, key=key).update(version=F("version") + 1):
            continue
        try:
            with transaction.atomic():
                Version.objects.create(scope=scope, key=key, version=1)
        except IntegrityError:  # created meanwhile by another writer
            Version.objects.filter(scope=scope, key=key).update(version=F("version") + 1)


def versions(pairs: Iterable[tuple[str, int]]) -> dict[Scope, int]:
    """The current version of each (scope, key) (0 when never bumped), in one query."""
    from smartregion.models import Version

    wanted = {(scope, int(key)) for scope, key in pairs}
    if not wanted:
        return {}
    condition = Q()
    by_scope: dict[str, list[int]] = {}
    for scope, key in wanted:
        by_scope.setdefault(scope, []).append(key)
    for scope, keys in by_scope.items():
        condition |= Q(scope=scope, key__in=keys)
    found = {(s, k): v for s, k, v in Version.objects.filter(condition).values_list("scope", "key", "version")}
    return {pair: found.get(pair, 0) for pair in wanted}


def key(name: str, *, depends: Iterable[tuple[str, int]], vary: Iterable = ()) -> str:
    """The cache key of value `name` computed from `depends` (reads their versions: one query), varying
    with `vary` (anything with a stable str: language, rights, a date…)."""
    current = versions(depends)
    parts = [
        settings.FRESHNESS_SALT,
        name,
        *(f"{s}:{k}={v}" for (s, k), v in sorted(current.items())),
        *(str(v) for v in vary),
    ]
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:40]
    return f"fresh:{name}:{digest}"


def cached(name: str, *, depends: Iterable[tuple[str, int]], compute: Callable[[], T], vary: Iterable = ()) -> T:
    """The value `compute()` gives, from the cache when nothing it depends on changed since it was filed."""
    cache_key = key(name, depends=depends, vary=vary)
    value = cache.get(cache_key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(cache_key, value, KEEP_SECONDS)
    return value  # type: ignore[return-value]
