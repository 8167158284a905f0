"""Versions of the database's tables: what kept pages (smartregion.pagecache) are never stale against.

Every statement that writes a table through Django's connections (the ORM's saves, deletes, bulk
operations and updates, raw SQL, the admin, imports, tasks) bumps that table's version once its
transaction commits (at once outside one), and a reader can record which tables its statements read
(`recording_reads`). No service has to remember anything.

- The versions are rows of `smartregion.models.Version` (scope "table", key: a number made of the table's
  name), read and written through the driver's own cursor: a page's query count does not see them.
- A bump happens only after its transaction committed: no lock is held while the writer's transaction
  runs, and a reader that reads the versions BEFORE the data never files data older than the versions
  it read.
- Only writes through Django's connections are seen: data changed by hand in psql (or a database restored
  from a backup while the cache is kept) needs the cache flushed, or a new FRESHNESS_SALT.
"""

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connection as db_connection
from django.db import transaction


def _after_commit(callback: Callable[[], None]) -> None:
    """Run `callback` once the current transaction commits (tests replace this to run it at once)."""
    transaction.on_commit(callback, robust=True)


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
