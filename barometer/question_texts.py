"""The standard question set (`question_sets.py`) in the reader's language, for readers outside the survey.

An edition stores its questions as the communes read them, in French. Where a question still has the
standard set's wording, these functions give it (and its options) in the active language; a question
the referent reworded, or added, is printed as stored. The French translations are the stored texts.
"""

from django.utils.translation import pgettext_lazy

from barometer.kinds import barometer_kind
from barometer.question_sets import STANDARD_QUESTIONS

LABELS = {
    "smart_definition": pgettext_lazy(
        "barometer question set", "In your own words, what is a smart city or a smart territory?"
    ),
    "smartness": pgettext_lazy("barometer question set", "Do you think your commune is smart?"),
    "smartness_reasons": pgettext_lazy("barometer question set", "Why do you give this score?"),
    "priority_themes": pgettext_lazy("barometer question set", "Which themes come first in your digital transition?"),
    "pst_smart_actions": pgettext_lazy("barometer question set", "Does your PST include “smart” actions?"),
    "call_for_projects": pgettext_lazy(
        "barometer question set",
        "Do you intend to answer the “Smart territory” call for projects if you are accompanied?",
    ),
    "citizens_informed": pgettext_lazy(
        "barometer question set",
        "Do you think citizens are well enough informed about your commune's digital transition?",
    ),
    "citizens_informed_reasons": pgettext_lazy("barometer question set", "Why do you give this score?"),
    "citizens_involved": pgettext_lazy("barometer question set", "Do you involve citizens in your digital projects?"),
    "procurement_done": pgettext_lazy(
        "barometer question set", "Have you already run a public procurement to acquire or set up “smart” solutions?"
    ),
    "central_purchasing": pgettext_lazy(
        "barometer question set", "Would a central purchasing body for digital solutions interest your commune?"
    ),
    "cybersecurity": pgettext_lazy(
        "barometer question set", "Is your commune well enough armed against cybersecurity risks?"
    ),
    "cybersecurity_practices": pgettext_lazy(
        "barometer question set", "Cybersecurity: what difficulties do you meet, what good practices have you adopted?"
    ),
    "obstacles": pgettext_lazy(
        "barometer question set", "What obstacles or fears slow down your commune's digital transition?"
    ),
}

OPTIONS = {
    "priority_themes": {
        "quality_of_life": pgettext_lazy("barometer question set", "Quality of life"),
        "smart_citizens": pgettext_lazy("barometer question set", "Citizens"),
        "energy_environment": pgettext_lazy("barometer question set", "Environment / energy"),
        "mobility": pgettext_lazy("barometer question set", "Mobility"),
        "governance": pgettext_lazy("barometer question set", "Governance"),
        "economy": pgettext_lazy("barometer question set", "Economy"),
    },
    "central_purchasing": {
        "strongly_interested": pgettext_lazy("barometer question set", "Strongly interested"),
        "interested_not_priority": pgettext_lazy("barometer question set", "Interested, but not a priority"),
        "not_interested": pgettext_lazy("barometer question set", "Not interested"),
    },
    "cybersecurity": {
        "sufficiently_armed": pgettext_lazy("barometer question set", "Well enough armed"),
        "insufficiently_armed": pgettext_lazy("barometer question set", "Not well enough armed"),
    },
}

_STANDARD = {question["code"]: question for question in STANDARD_QUESTIONS}


def _standard_options(code: str) -> dict[str, str]:
    return dict(_STANDARD[code].get("options", ())) if code in _STANDARD else {}


def question_label(code: str, label: str) -> str:
    """The question in the active language when it keeps the standard wording; else as stored."""
    standard = _STANDARD.get(code)
    if standard is None or code not in LABELS or standard["label"] != label:
        return label
    return str(LABELS[code])


def answer_text(code: str, kind: str, value: object, answer: str) -> str:
    """A choice answer (`answer`, the stored option labels) in the active language when every chosen
    option keeps its standard label; any other answer as given."""
    translated = OPTIONS.get(code)
    if translated is None or not barometer_kind(kind).has_options or value is None:
        return answer
    chosen = barometer_kind(kind).chosen_codes(value)
    standard = _standard_options(code)
    if any(option not in translated or option not in standard for option in chosen):
        return answer
    separator = "; "  # as barometer.answers.display_value joins the options of a multiple choice
    if separator.join(standard[option] for option in chosen) != answer:
        return answer
    return separator.join(str(translated[option]) for option in chosen)
