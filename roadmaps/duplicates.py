"""Warnings about project sheets that duplicate one another or an existing system.

Plain functions over plain data. Two sheets are flagged when they start from the same template, do
the same job (same function category) or have similar titles. Existing systems (from the diagnostic's
inventory, see roadmaps/links.py) are compared by function category and name.
"""

import unicodedata
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

SAME_TEMPLATE = "same_template"
SAME_FUNCTION = "same_function"
SIMILAR_TITLE = "similar_title"

# Titles whose normalised forms are at least this similar are flagged.
TITLE_SIMILARITY = 0.8
# A category that says nothing about the job done never makes two things duplicates.
NEUTRAL_CATEGORIES = frozenset({"", "other"})

STOP_WORDS = frozenset(
    {
        *("a", "an", "and", "au", "aux", "avec", "d", "de", "des", "du", "en", "et", "for"),
        *("l", "la", "le", "les", "of", "on", "pour", "sur", "the", "to", "un", "une", "with"),
    }
)


@dataclass(frozen=True)
class SheetRef:
    id: Hashable
    title: str
    template: Hashable | None = None
    category: str = ""


@dataclass(frozen=True)
class SystemRef:
    """An existing system of the commune (software, infrastructure, digital service)."""

    id: Hashable
    name: str
    category: str = ""


@dataclass(frozen=True)
class Duplicate:
    sheet: Hashable
    other: Hashable
    """Another sheet's id, or a system's id when `is_system`."""
    reasons: tuple[str, ...]
    is_system: bool = False


def normalise(text: str) -> str:
    """Lower case, no accents, no punctuation, no small words: "Le guichet-électronique" → "guichet electronique"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c if c.isalnum() else " " for c in decomposed if not unicodedata.combining(c))
    return " ".join(word for word in plain.split() if word not in STOP_WORDS)


def title_similarity(a: str, b: str) -> float:
    """0–1: the better of word overlap (Jaccard) and character similarity of the normalised titles."""
    left, right = normalise(a), normalise(b)
    if not left or not right:
        return 0.0
    if left == right:
        return 1.0
    words_a, words_b = set(left.split()), set(right.split())
    jaccard = len(words_a & words_b) / len(words_a | words_b)
    matcher = SequenceMatcher(None, left, right, autojunk=False)
    characters = matcher.ratio() if matcher.real_quick_ratio() >= TITLE_SIMILARITY else 0.0
    return max(jaccard, characters)


def _reasons(title_a, title_b, template_a, template_b, category_a, category_b) -> tuple[str, ...]:
    reasons = []
    if template_a is not None and template_a == template_b:
        reasons.append(SAME_TEMPLATE)
    if category_a not in NEUTRAL_CATEGORIES and category_a == category_b:
        reasons.append(SAME_FUNCTION)
    if title_similarity(title_a, title_b) >= TITLE_SIMILARITY:
        reasons.append(SIMILAR_TITLE)
    return tuple(reasons)


def duplicate_warnings(sheets: Sequence[SheetRef], systems: Iterable[SystemRef] = ()) -> list[Duplicate]:
    """Every pair of sheets that look alike (each pair once), then every sheet that looks like a system."""
    found = []
    for index, sheet in enumerate(sheets):
        for other in sheets[index + 1 :]:
            reasons = _reasons(sheet.title, other.title, sheet.template, other.template, sheet.category, other.category)
            if reasons:
                found.append(Duplicate(sheet=sheet.id, other=other.id, reasons=reasons))
    systems = list(systems)
    for sheet in sheets:
        for system in systems:
            reasons = _reasons(sheet.title, system.name, None, None, sheet.category, system.category)
            if reasons:
                found.append(Duplicate(sheet=sheet.id, other=system.id, reasons=reasons, is_system=True))
    return found


def warnings_for(sheet_id: Hashable, duplicates: Iterable[Duplicate]) -> list[tuple[Hashable, tuple[str, ...], bool]]:
    """The duplicates that concern one sheet, as (other id, reasons, is_system)."""
    result = []
    for duplicate in duplicates:
        if duplicate.sheet == sheet_id:
            result.append((duplicate.other, duplicate.reasons, duplicate.is_system))
        elif duplicate.other == sheet_id and not duplicate.is_system:
            result.append((duplicate.sheet, duplicate.reasons, False))
    return result
