"""Reads shared by the parts of one page, inside a scope the view opens (`with read_once():`).

A page assembled from other apps' parts (next steps, panels, template tags) may ask the same question twice,
e.g. the commune's late project milestones for its next steps and for the projects panel. Inside the scope,
`once(key, compute)` computes each key once; outside any scope it always computes, so a service or a test
never reads a value kept from before a change. Only read-only views (GET) open a scope, around their
reads and their rendering, and nothing outlives the request: this is not a cache.
"""

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")
_SCOPE: ContextVar[dict | None] = ContextVar("smartregion_read_once", default=None)


@contextmanager
def read_once() -> Iterator[None]:
    token = _SCOPE.set({})
    try:
        yield
    finally:
        _SCOPE.reset(token)


def once(key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()`, or what it gave for the same key earlier in the current scope."""
    scope = _SCOPE.get()
    if scope is None:
        return compute()
    if key not in scope:
        scope[key] = compute()
    return scope[key]
