"""The question set of IGRETEC's survey "Territoire intelligent : où en est votre commune ?".

Written in French, as the communes receive it; the codes are what stays stable across editions. The
2019 edition asked the first questions; 2022 added the call for projects, the central purchasing body
and cybersecurity. A referent can start a new edition from this set or from any earlier edition.
"""

from barometer.answers import MULTIPLE, SCALE, SINGLE, TEXT, YES_NO
from communes.models import Pillar

PILLAR_LABELS_FR = {
    Pillar.QUALITY_OF_LIFE: "Qualité de vie",
    Pillar.SMART_CITIZENS: "Citoyens",
    Pillar.ENERGY_ENVIRONMENT: "Environnement / énergie",
    Pillar.MOBILITY: "Mobilité",
    Pillar.GOVERNANCE: "Gouvernance",
    Pillar.ECONOMY: "Économie",
}

STANDARD_QUESTIONS = [
    {
        "code": "smart_definition",
        "kind": TEXT,
        "label": "Avec vos mots, qu’est-ce qu’une smart city ou un territoire intelligent ?",
    },
    {
        "code": "smartness",
        "kind": SCALE,
        "label": "Pensez-vous que votre commune soit smart ?",
        "help_text": "De 1 (pas du tout) à 10 (tout à fait).",
        "scale_min": 1,
        "scale_max": 10,
        "required": True,
    },
    {"code": "smartness_reasons", "kind": TEXT, "label": "Pour quelles raisons donnez-vous ce score ?"},
    {
        "code": "priority_themes",
        "kind": MULTIPLE,
        "label": "Quelles sont les thématiques prioritaires de votre transition numérique ?",
        "help_text": "Plusieurs réponses possibles.",
        "options": [(str(pillar), label) for pillar, label in PILLAR_LABELS_FR.items()],
    },
    {"code": "pst_smart_actions", "kind": YES_NO, "label": "Votre PST comprend-il des actions « smart » ?"},
    {
        "code": "call_for_projects",
        "kind": YES_NO,
        "label": "Envisagez-vous de répondre à l’appel à projets « Territoire intelligent » si vous êtes accompagnés ?",
    },
    {
        "code": "citizens_informed",
        "kind": SCALE,
        "label": "Pensez-vous que les citoyens soient assez informés sur la transition numérique de votre commune ?",
        "help_text": "De 1 (pas du tout) à 10 (tout à fait).",
        "scale_min": 1,
        "scale_max": 10,
        "required": True,
    },
    {"code": "citizens_informed_reasons", "kind": TEXT, "label": "Pour quelles raisons donnez-vous ce score ?"},
    {
        "code": "citizens_involved",
        "kind": YES_NO,
        "label": "Impliquez-vous les citoyens dans vos projets numériques ?",
    },
    {
        "code": "procurement_done",
        "kind": YES_NO,
        "label": "Avez-vous déjà réalisé un marché public pour acquérir ou mettre en place des solutions « smart » ?",
    },
    {
        "code": "central_purchasing",
        "kind": SINGLE,
        "label": "Une centrale d’achat de solutions numériques intéresserait-elle votre commune ?",
        "options": [
            ("strongly_interested", "Fortement intéressée"),
            ("interested_not_priority", "Intéressée, mais pas en priorité"),
            ("not_interested", "Pas intéressée"),
        ],
    },
    {
        "code": "cybersecurity",
        "kind": SINGLE,
        "label": "Votre commune est-elle suffisamment armée face aux risques de cybersécurité ?",
        "options": [
            ("sufficiently_armed", "Suffisamment armée"),
            ("insufficiently_armed", "Pas suffisamment armée"),
        ],
    },
    {
        "code": "cybersecurity_practices",
        "kind": TEXT,
        "label": "Cybersécurité : quelles difficultés rencontrez-vous, quelles bonnes pratiques avez-vous adoptées ?",
    },
    {
        "code": "obstacles",
        "kind": TEXT,
        "label": "Quels freins ou quelles craintes ralentissent la transition numérique de votre commune ?",
    },
]

# The questions of the first edition (2019); the others were added in 2022.
FIRST_EDITION_CODES = [
    "smart_definition",
    "smartness",
    "smartness_reasons",
    "priority_themes",
    "pst_smart_actions",
    "citizens_informed",
    "citizens_informed_reasons",
    "citizens_involved",
    "procurement_done",
    "obstacles",
]
STANDARD_CODES = [q["code"] for q in STANDARD_QUESTIONS]
POSITION_STEP = 10


def standard_question(code: str) -> dict:
    return next(q for q in STANDARD_QUESTIONS if q["code"] == code)


def standard_position(code: str) -> int:
    return (STANDARD_CODES.index(code) + 1) * POSITION_STEP
