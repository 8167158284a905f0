"""What a valid answer is, as plain functions over plain data (no database).

A question is described by a `QuestionSpec`. Answers are normalised to one Python type per kind:
scale → int, yes/no → bool, single choice → option code, multiple choice → tuple of option codes
(in the question's order), free text → str. `None` means "not answered".

`parse_cell` reads a cell of an imported file (always a string); `check_value` checks a typed value
coming from a form or a service call. Both raise `AnswerError` with a translatable message.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.utils.translation import gettext_lazy as _

from smartregion.text import normalise

SCALE = "scale"
SINGLE = "single"
MULTIPLE = "multiple"
YES_NO = "yes_no"
TEXT = "text"

TEXT_MAX_LENGTH = 5000
MULTIPLE_SEPARATOR = ";"

ERROR_NOT_A_NUMBER = _("“%(value)s” is not a whole number.")
ERROR_OUT_OF_RANGE = _("%(value)s is outside the scale (%(min)s to %(max)s).")
ERROR_UNKNOWN_OPTION = _("“%(value)s” is not one of the options (%(options)s).")
ERROR_ONE_OPTION_ONLY = _("Only one option may be chosen.")
ERROR_NOT_YES_NO = _("“%(value)s” is neither yes nor no.")
ERROR_TEXT_TOO_LONG = _("The text is longer than %(max)s characters.")
ERROR_REQUIRED = _("This question needs an answer.")
ERROR_WRONG_TYPE = _("This answer does not fit the question.")

YES_WORDS = {"yes", "y", "oui", "o", "true", "vrai", "1", "x", "ja"}
NO_WORDS = {"no", "n", "non", "false", "faux", "0", "nee"}
_WHOLE_NUMBER = re.compile(r"^([+-]?\d{1,9})(?:[.,]0*)?$")
# C0 control characters other than tab and newlines: PostgreSQL refuses NUL, and none belongs in an answer.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# An answer, normalised: scale → int, yes/no → bool, single choice → code, multiple → codes, text → str.
Value = int | bool | str | tuple[str, ...] | None


class AnswerError(ValueError):
    def __init__(self, message: Any) -> None:  # a (lazy) translated message
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class OptionSpec:
    code: str
    label: str


@dataclass(frozen=True)
class QuestionSpec:
    code: str
    kind: str
    label: str = ""
    scale_min: int | None = None
    scale_max: int | None = None
    options: tuple[OptionSpec, ...] = ()
    required: bool = False

    @cached_property
    def _tokens(self) -> dict[str, str]:
        tokens = {option.code.lower(): option.code for option in self.options}
        for option in self.options:
            tokens.setdefault(normalise(option.label), option.code)
        return tokens

    @property
    def option_codes(self) -> list[str]:
        return [o.code for o in self.options]

    def option_for(self, token: str) -> str | None:
        """The option code a cell names, by code (any case) or by label (accents and case ignored)."""
        token = token.strip()
        return self._tokens.get(token.lower()) or self._tokens.get(normalise(token))


def clean_text(value: str) -> str:
    return _CONTROL_CHARACTERS.sub("", value).strip()


def _options_hint(spec: QuestionSpec) -> str:
    return ", ".join(spec.option_codes)


def parse_cell(spec: QuestionSpec, raw: str) -> Value:
    """The answer a cell holds, or None when it is empty; AnswerError when it does not fit the question."""
    value = clean_text(raw)
    if not value:
        return None
    if spec.kind == SCALE:
        match = _WHOLE_NUMBER.match(value)
        if match is None:
            raise AnswerError(ERROR_NOT_A_NUMBER % {"value": value[:40]})
        return _check_scale(spec, int(match.group(1)))
    if spec.kind == YES_NO:
        word = normalise(value)
        if word in YES_WORDS:
            return True
        if word in NO_WORDS:
            return False
        raise AnswerError(ERROR_NOT_YES_NO % {"value": value[:40]})
    if spec.kind == SINGLE:
        parts = [p for p in (s.strip() for s in value.split(MULTIPLE_SEPARATOR)) if p]
        if len(parts) > 1:
            raise AnswerError(ERROR_ONE_OPTION_ONLY)
        return _option(spec, parts[0]) if parts else None
    if spec.kind == MULTIPLE:
        parts = [p for p in (s.strip() for s in value.split(MULTIPLE_SEPARATOR)) if p]
        return _ordered(spec, (_option(spec, p) for p in parts)) or None
    return _check_text(value)


def check_value(spec: QuestionSpec, value: object) -> Value:
    """A typed value (from a form or a caller) checked and normalised; None when unanswered."""
    if value is None or value == "" or value == [] or value == ():
        return None
    if spec.kind == SCALE:
        if isinstance(value, bool) or not isinstance(value, int):
            raise AnswerError(ERROR_WRONG_TYPE)
        return _check_scale(spec, value)
    if spec.kind == YES_NO:
        if not isinstance(value, bool):
            raise AnswerError(ERROR_WRONG_TYPE)
        return value
    if spec.kind == SINGLE:
        if not isinstance(value, str):
            raise AnswerError(ERROR_WRONG_TYPE)
        if value not in spec.option_codes:
            raise AnswerError(ERROR_UNKNOWN_OPTION % {"value": value[:40], "options": _options_hint(spec)})
        return value
    if spec.kind == MULTIPLE:
        if isinstance(value, str) or not isinstance(value, Iterable):
            raise AnswerError(ERROR_WRONG_TYPE)
        codes = list(value)
        for code in codes:
            if not isinstance(code, str) or code not in spec.option_codes:
                raise AnswerError(ERROR_UNKNOWN_OPTION % {"value": str(code)[:40], "options": _options_hint(spec)})
        return _ordered(spec, codes) or None
    if not isinstance(value, str):
        raise AnswerError(ERROR_WRONG_TYPE)
    return _check_text(clean_text(value)) or None


def check_required(spec: QuestionSpec, value: Value) -> None:
    if spec.required and value is None:
        raise AnswerError(ERROR_REQUIRED)


def display_value(spec: QuestionSpec, value: Any, *, yes: str = "yes", no: str = "no") -> str:
    """An answer as a person reads it (option labels, "7 / 10")."""
    if value is None:
        return ""
    if spec.kind == SCALE:
        return f"{value} / {spec.scale_max}"
    if spec.kind == YES_NO:
        return str(yes if value else no)
    labels = {o.code: o.label for o in spec.options}
    if spec.kind == SINGLE:
        return str(labels.get(value, value))
    if spec.kind == MULTIPLE:
        return "; ".join(labels.get(code, code) for code in value)
    return str(value)


def cell_value(spec: QuestionSpec, value: Any) -> str:
    """An answer written back into an import cell (codes, `;`-separated): `parse_cell` reads it back."""
    if value is None:
        return ""
    if spec.kind == YES_NO:
        return "yes" if value else "no"
    if spec.kind == MULTIPLE:
        return MULTIPLE_SEPARATOR.join(value)
    return str(value)


def _check_scale(spec: QuestionSpec, number: int) -> int:
    if spec.scale_min is not None and spec.scale_max is not None and not spec.scale_min <= number <= spec.scale_max:
        raise AnswerError(ERROR_OUT_OF_RANGE % {"value": number, "min": spec.scale_min, "max": spec.scale_max})
    return number


def _option(spec: QuestionSpec, token: str) -> str:
    code = spec.option_for(token)
    if code is None:
        raise AnswerError(ERROR_UNKNOWN_OPTION % {"value": token[:40], "options": _options_hint(spec)})
    return code


def _ordered(spec: QuestionSpec, codes: Iterable[str]) -> tuple[str, ...]:
    chosen = set(codes)
    return tuple(code for code in spec.option_codes if code in chosen)


def _check_text(value: str) -> str:
    if len(value) > TEXT_MAX_LENGTH:
        raise AnswerError(ERROR_TEXT_TOO_LONG % {"max": TEXT_MAX_LENGTH})
    return value
