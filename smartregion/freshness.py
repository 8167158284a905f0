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

Tables (below) need no service to remember anything: a watcher on every connection bumps the version of
each table a statement writes, once the transaction commits, and notes the tables a reader's statements
read (`recording_reads`). `smartregion.pagecache` keeps whole pages on them. Only writes through Django's
connections are seen: data changed by hand in psql (or a database restored from a backup while the
cache is kept) needs the cache flushed, or a new FRESHNESS_SALT.
"""

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db import connection as db_connection
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


# Tables ------------------------------------------------------------------------------------------------
# Every statement that writes a table through Django's connections (the ORM's saves, deletes, bulk
# operations and updates, raw SQL, the admin, imports, migrations' data steps) bumps that table's version
# once the transaction commits, and a reader can record which tables it read. A page kept by
# `smartregion.pagecache` depends on the versions of the tables its view read, so no service has to
# remember to bump anything for it.

TABLE_SCOPE = "table"
# Written without being anyone's data: sessions (written on logins and idle checks), the versions
# themselves, the log-in attempts, the form tokens.
UNTRACKED_TABLES = frozenset({"django_session", "smartregion_version", "smartregion_formsubmission"})
UNTRACKED_PREFIXES = ("axes_",)
_WRITE = re.compile(
    r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?)\s+"?(\w+)"?', re.I
)
_READ = re.compile(r'\b(?:FROM|JOIN)\s+"?([A-Za-z_]\w*)"?', re.I)
_READING: ContextVar[set[str] | None] = ContextVar("smartregion_tables_read", default=None)
_suspended = False  # while migrations run (the versions' table may not exist yet)


def table_key(table: str) -> int:
    """A table's key in the versions' table: a stable 63-bit number made of its name."""
    return int.from_bytes(hashlib.sha256(table.encode()).digest()[:8], "big") >> 1


def tracked(table: str) -> bool:
    return table not in UNTRACKED_TABLES and not table.startswith(UNTRACKED_PREFIXES)


@contextmanager
def recording_reads() -> Iterator[set[str]]:
    """The names of the tables read by the statements run inside the block (on every connection)."""
    tables: set[str] = set()
    token = _READING.set(tables)
    try:
        yield tables
    finally:
        _READING.reset(token)


class _PendingTables:
    """The tables written in one transaction, bumped together once it commits."""

    def __init__(self, connection) -> None:
        self.connection = connection
        self.tables: set[str] = set()

    def __call__(self) -> None:
        tables, self.tables = self.tables, set()
        bump_tables(tables, using=self.connection)


def _note_write(connection, table: str) -> None:
    pending = getattr(connection, "_smartregion_pending_tables", None)
    queued = pending is not None and any(entry[1] is pending for entry in connection.run_on_commit)
    if pending is None or not queued or not connection.in_atomic_block:
        pending = _PendingTables(connection)
        pending.tables.add(table)
        connection._smartregion_pending_tables = pending
        _after_commit(pending)
    else:
        pending.tables.add(table)


def _watch(execute, sql, params, many, context):
    """Execute wrapper installed on every connection: notes the tables read (when asked) and written."""
    result = execute(sql, params, many, context)
    if not _suspended and isinstance(sql, str):
        written = _WRITE.match(sql)
        if written:
            if tracked(written.group(1)):
                _note_write(context["connection"], written.group(1))
        else:
            reading = _READING.get()
            if reading is not None:
                reading.update(t for t in _READ.findall(sql) if tracked(t))
    return result


def watch_connection(sender, connection, **kwargs) -> None:
    """`connection_created` receiver: put the watcher on the connection (once)."""
    if _watch not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch)


@contextmanager
def suspended() -> Iterator[None]:
    """No table version moves inside the block (a test database being restored, say)."""
    global _suspended
    previous, _suspended = _suspended, True
    try:
        yield
    finally:
        _suspended = previous


def suspend_during_migrations(sender, **kwargs) -> None:
    global _suspended
    _suspended = True


def resume_after_migrations(sender, **kwargs) -> None:
    global _suspended
    _suspended = False


def _raw_cursor(connection):
    """A cursor of the driver itself: the versions' bookkeeping is neither watched nor counted in a page's
    queries."""
    connection.ensure_connection()
    return connection.connection.cursor()


def _placeholder(connection) -> str:
    return "?" if connection.vendor == "sqlite" else "%s"


def bump_tables(tables: Iterable[str], *, using=None) -> None:
    """Add one to the version of each table, in one statement (keys sorted: concurrent writers take the
    rows in the same order)."""
    connection = using or db_connection
    keys = sorted({table_key(t) for t in tables})
    if not keys or _suspended:
        return
    mark = _placeholder(connection)
    rows = ", ".join(f"({mark}, {mark}, 1)" for _ in keys)
    # Only placeholders are put in the text.
    sql = (
        f'INSERT INTO smartregion_version (scope, "key", version) VALUES {rows} '  # noqa: S608
        'ON CONFLICT (scope, "key") DO UPDATE SET version = smartregion_version.version + 1'
    )
    params = [value for key in keys for value in (TABLE_SCOPE, key)]
    cursor = _raw_cursor(connection)
    try:
        cursor.execute(sql, params)
    finally:
        cursor.close()


def table_versions(tables: Iterable[str], *, using=None) -> dict[str, int]:
    """The current version of each table (0 when never written since the versions were kept), in one
    statement that is neither watched nor counted."""
    connection = using or db_connection
    names = sorted(set(tables))
    if not names:
        return {}
    by_key = {table_key(t): t for t in names}
    mark = _placeholder(connection)
    sql = (  # only placeholders are put in the text
        f'SELECT "key", version FROM smartregion_version WHERE scope = {mark} '  # noqa: S608
        f'AND "key" IN ({", ".join(mark for _ in by_key)})'
    )
    cursor = _raw_cursor(connection)
    try:
        cursor.execute(sql, [TABLE_SCOPE, *by_key])
        found = {by_key[key]: version for key, version in cursor.fetchall()}
    finally:
        cursor.close()
    return {name: found.get(name, 0) for name in names}
