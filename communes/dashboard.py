"""Columns other apps add to the referent's dashboard, without communes importing them.

An app registers, from its AppConfig.ready(), a function that takes the dashboard's queryset of
communes and returns it with extra annotations (subqueries, so the page stays one query). The
dashboard selector applies every registered function (`dashboard_annotations`); the template reads the annotations.
"""

from collections.abc import Callable

from django.db.models import QuerySet

_ANNOTATIONS: dict[str, Callable[[QuerySet], QuerySet]] = {}


def register_annotation(name: str, annotate: Callable[[QuerySet], QuerySet]) -> None:
    """Add (or replace, under the same name) a function annotating the dashboard's communes."""
    _ANNOTATIONS[name] = annotate


def dashboard_annotations() -> list[Callable[[QuerySet], QuerySet]]:
    """The registered functions, in the order they were registered."""
    return list(_ANNOTATIONS.values())
