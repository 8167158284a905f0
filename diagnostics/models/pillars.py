"""Pillar lists stored on diagnostic rows (objectives, findings, needs)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from communes.models import Pillar


def validate_pillars(value) -> None:
    """A list of distinct pillar codes (JSON list, portable between SQLite and PostgreSQL)."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError(_("Pillars must be a list of pillar codes."))
    unknown = [v for v in value if v not in Pillar.values]
    if unknown:
        raise ValidationError(_("Unknown pillar: %(codes)s."), params={"codes": ", ".join(unknown)})
    if len(set(value)) != len(value):
        raise ValidationError(_("A pillar is listed twice."))


def pillar_labels(values) -> list[str]:
    """Labels of pillar codes, in the order of the six pillars (unknown codes are left out)."""
    chosen = set(values or [])
    return [str(label) for value, label in Pillar.choices if value in chosen]


def ordered_pillars(values) -> list[str]:
    chosen = set(values or [])
    return [value for value in Pillar.values if value in chosen]
