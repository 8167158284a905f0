"""Pillar lists stored on diagnostic rows (objectives, findings, needs)."""

from communes.models import Pillar, validate_pillars

__all__ = ["ordered_pillars", "pillar_labels", "validate_pillars"]


def pillar_labels(values) -> list[str]:
    """Labels of pillar codes, in the order of the six pillars (unknown codes are left out)."""
    chosen = set(values or [])
    return [str(label) for value, label in Pillar.choices if value in chosen]


def ordered_pillars(values) -> list[str]:
    chosen = set(values or [])
    return [value for value in Pillar.values if value in chosen]
