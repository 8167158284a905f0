"""What a valid answer is, as plain functions over plain data (no database).

A question is described by a `QuestionSpec`. Answers are normalised to one Python type per kind:
scale → int, yes/no → bool, single choice → option code, multiple choice → tuple of option codes
(in the question's order), free text → str. `None` means "not answered".

`parse_cell` reads a cell of an imported file (always a string); `check_value` checks a typed value
coming from a form or a service call. Both raise `AnswerError` with a translatable message.
"""

import re
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from smartregion.questions import kinds
from smartregion.text import normalise

if TYPE_CHECKING:
    from barometer.kinds import BarometerKind

SCALE = "scale"
SINGLE = "single"
MULTIPLE = "multiple"
YES_NO = "yes_no"
TEXT = "text"

TEXT_MAX_LENGTH = kinds.LongText.text_limit  # as long as a questionnaire's long text
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
WHOLE_NUMBER = re.compile(r"^([+-]?\d{1,9})(?:[.,]0*)?$")
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


def _kind(spec: QuestionSpec) -> "BarometerKind":
    from barometer.kinds import barometer_kind  # noqa: PLC0415 - the kinds import this module

    return barometer_kind(spec.kind)


def parse_cell(spec: QuestionSpec, raw: str) -> Value:
    """The answer a cell holds, or None when it is empty; AnswerError when it does not fit the question."""
    value = clean_text(raw)
    if not value:
        return None
    return _kind(spec).parse_cell(spec, value)


def check_value(spec: QuestionSpec, value: object) -> Value:
    """A typed value (from a form or a caller) checked and normalised; None when unanswered."""
    if value is None or value == "" or value == [] or value == ():
        return None
    return _kind(spec).check_value(spec, value)


def check_required(spec: QuestionSpec, value: Value) -> None:
    if spec.required and value is None:
        raise AnswerError(ERROR_REQUIRED)


def display_value(spec: QuestionSpec, value: Any, *, yes: str = "yes", no: str = "no") -> str:
    """An answer as a person reads it (option labels, "7 / 10")."""
    if value is None:
        return ""
    return _kind(spec).display(spec, value, yes=yes, no=no)


def cell_value(spec: QuestionSpec, value: Any) -> str:
    """An answer written back into an import cell (codes, `;`-separated): `parse_cell` reads it back."""
    if value is None:
        return ""
    return _kind(spec).cell_value(spec, value)
