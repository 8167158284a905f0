"""Turn what selectors return into plain JSON data: the report's snapshot is stored as JSON."""

import dataclasses
from datetime import date, datetime
from decimal import Decimal

from django.utils.functional import Promise


def plain(value):
    """Lazy strings become str, dates ISO strings, Decimals floats, tuples/sets lists, dataclasses dicts."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dict):
        return {str(plain(key)): plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(item) for item in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return plain({field.name: getattr(value, field.name) for field in dataclasses.fields(value)})
    raise TypeError(f"{type(value).__name__} cannot be stored in a report snapshot")
