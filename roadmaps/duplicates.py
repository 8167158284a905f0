"""Warnings about project sheets that duplicate one another or an existing system.

Plain functions over plain data. Two sheets are flagged when they start from the same template, do
the same job (same function category) or have similar titles. Existing systems (from the diagnostic's
inventory, see roadmaps/links.py) are compared by function category and name.
"""

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

import smartregion.text

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
    """`smartregion.text.normalise` without small words: "Le guichet-électronique" → "guichet electronique"."""
    return " ".join(word for word in smartregion.text.normalise(text).split() if word not in STOP_WORDS)


@dataclass(frozen=True)
class _Title:
    """A title normalised once, with its words, for comparing it with many others."""

    text: str
    words: frozenset
    matcher: SequenceMatcher  # with this title as its second sequence, whose index difflib keeps

    @classmethod
    def of(cls, title: str) -> "_Title":
        text = normalise(title)
        return cls(text, frozenset(text.split()), SequenceMatcher(None, "", text, autojunk=False))


def _similarity(left: _Title, right: _Title, *, enough: float = 1.0) -> float:
    """As `title_similarity`; stops at the word overlap when it already reaches `enough`."""
    if not left.text or not right.text:
        return 0.0
    if left.text == right.text:
        return 1.0
    jaccard = len(left.words & right.words) / len(left.words | right.words)
    if jaccard >= enough:
        return jaccard
    matcher = right.matcher
    matcher.set_seq1(left.text)
    quick = matcher.real_quick_ratio() >= TITLE_SIMILARITY and matcher.quick_ratio() >= TITLE_SIMILARITY
    characters = matcher.ratio() if quick else 0.0
    return max(jaccard, characters)


def title_similarity(a: str, b: str) -> float:
    """0–1: the better of word overlap (Jaccard) and character similarity of the normalised titles."""
    return _similarity(_Title.of(a), _Title.of(b))


def _reasons(title_a: _Title, title_b: _Title, template_a, template_b, category_a, category_b) -> tuple[str, ...]:
    reasons = []
    if template_a is not None and template_a == template_b:
        reasons.append(SAME_TEMPLATE)
    if category_a not in NEUTRAL_CATEGORIES and category_a == category_b:
        reasons.append(SAME_FUNCTION)
    if _similarity(title_a, title_b, enough=TITLE_SIMILARITY) >= TITLE_SIMILARITY:
        reasons.append(SIMILAR_TITLE)
    return tuple(reasons)


def duplicate_warnings(sheets: Sequence[SheetRef], systems: Iterable[SystemRef] = ()) -> list[Duplicate]:
    """Every pair of sheets that look alike (each pair once), then every sheet that looks like a system.

    Comparing every pair costs milliseconds per page (a roadmap of 50 sheets has 1,225 pairs), so the
    answer is remembered per process for the exact sheets and systems given: the key holds every input
    (ids, titles, templates, categories, names, in order), so a change to any of them is a new key and
    never reads a stale answer.
    """
    return list(_duplicate_warnings(tuple(sheets), tuple(systems)))


# A few roadmaps' pages and sheets' pages per process; an entry is at most a few thousand small tuples.
@lru_cache(maxsize=64)
def _duplicate_warnings(sheets: tuple[SheetRef, ...], systems: tuple[SystemRef, ...]) -> tuple[Duplicate, ...]:
    found = []
    titles = [_Title.of(sheet.title) for sheet in sheets]
    for index, sheet in enumerate(sheets):
        for offset, other in enumerate(sheets[index + 1 :], start=index + 1):
            reasons = _reasons(
                titles[index], titles[offset], sheet.template, other.template, sheet.category, other.category
            )
            if reasons:
                found.append(Duplicate(sheet=sheet.id, other=other.id, reasons=reasons))
    named = [(system, _Title.of(system.name)) for system in systems]
    for index, sheet in enumerate(sheets):
        for system, name in named:
            reasons = _reasons(titles[index], name, None, None, sheet.category, system.category)
            if reasons:
                found.append(Duplicate(sheet=sheet.id, other=system.id, reasons=reasons, is_system=True))
    return tuple(found)


def warnings_for(sheet_id: Hashable, duplicates: Iterable[Duplicate]) -> list[tuple[Hashable, tuple[str, ...], bool]]:
    """The duplicates that concern one sheet, as (other id, reasons, is_system)."""
    result = []
    for duplicate in duplicates:
        if duplicate.sheet == sheet_id:
            result.append((duplicate.other, duplicate.reasons, duplicate.is_system))
        elif duplicate.other == sheet_id and not duplicate.is_system:
            result.append((duplicate.sheet, duplicate.reasons, False))
    return result
