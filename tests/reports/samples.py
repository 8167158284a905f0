"""A report's plain data with every part filled, as the source adapters produce it: for template tests."""

from diagnostics.charts import Series, bar_chart_svg, radar_svg

PILLARS = ["Mobilité", "Qualité de vie", "Économie", "Énergie et environnement", "Gouvernance", "Citoyens smart"]
SCORES = [42.0, 61.5, 35.0, 55.0, 48.0, 30.0]


def sheet(number: int) -> dict:
    return {
        "id": number,
        "title": f"Projet numéro {number} : refonte du site internet communal",
        "summary": "Un site accessible, à jour et pensé pour les démarches en ligne, base de l'e-guichet.",
        "fields": [
            {"label": "Objectifs", "value": "Informer les citoyens ; préparer l'e-guichet."},
            {"label": "Investissement estimé", "value": "25 000 €"},
            {"label": "Coût annuel", "value": "3 000 €"},
            {"label": "Faisabilité technique", "value": "Bonne"},
        ],
        "pillar_labels": ["Gouvernance", "Citoyens smart"],
        "prerequisites": ["Audit de cybersécurité"] if number > 1 else [],
        "systems": ["Logiciel de gestion des registres"],
        "needs": [
            {"title": "Démarches en ligne", "evidence": [{"kind_label": "Entretien", "text": "Files au guichet"}]}
        ],
        "priority": "high",
        "priority_label": "Priorité haute",
        "horizon_label": "Court terme (année 1)",
        "score": 78.0,
    }


def full_doc(*, sheets: int = 3, language: str = "fr") -> dict:
    return {
        "schema": 2,
        "language": language,
        "generated_on": "2026-11-23",
        "commune": {"name": "Courcelles", "slug": "courcelles", "province": "Hainaut", "population": 31000},
        "territory": {"name": "Charleroi Métropole", "intercommunale": "IGRETEC", "logo": ""},
        "introduction": {"status": "ok", "paragraphs": ["Madame la Bourgmestre, Mesdames et Messieurs les Échevins,"]},
        "accompaniment": {
            "status": "ok",
            "kind": "roadmap",
            "kind_label": "Accompagnement complet",
            "project_title": "",
            "phase_label": "Feuille de route",
            "status_label": "En cours",
            "start_date": "2026-09-01",
            "planned_end_date": "2026-10-27",
            "milestones": [
                {
                    "title": "Réunion de lancement",
                    "phase_label": "Diagnostic",
                    "due_date": "2026-09-01",
                    "completed_on": "2026-09-01",
                },
                {
                    "title": "Rapport final",
                    "phase_label": "Rapport final",
                    "due_date": "2026-10-27",
                    "completed_on": None,
                },
            ],
        },
        "meetings": {
            "status": "ok",
            "interviews": 10,
            "target": 10,
            "people": 17,
            "workshops": 1,
            "first_date": "2026-09-08",
            "last_date": "2026-09-26",
            "groups": [{"label": "Membres du Collège", "people": 5}, {"label": "Chefs de service", "people": 12}],
        },
        "participation": {
            "status": "ok",
            "open_links": True,
            "campaigns": [
                {
                    "title": "Diagnostic smart 2026",
                    "opens_on": "2026-09-02",
                    "closes_on": "2026-09-30",
                    "respondents": 87,
                    "invited": 40,
                    "groups": [
                        {"label": "Collège", "invited": 7, "answered": 6, "rate": 85.7},
                        {"label": "Citoyens", "invited": None, "answered": 64, "rate": None},
                    ],
                }
            ],
        },
        "pst": {
            "status": "ok",
            "strategic_objectives": 6,
            "operational_objectives": 21,
            "actions": 84,
            "smart_actions": 9,
            "objectives": [
                {"code": "OS1", "title": "Une commune proche", "pillar_labels": ["Gouvernance"], "served": True}
            ],
            "unserved": [{"code": "OS4", "title": "Une mobilité douce"}],
        },
        "questionnaire": {
            "status": "ok",
            "campaign_title": "Diagnostic smart 2026",
            "respondents": 87,
            "pillars": [
                {"code": str(i), "label": label, "score": score, "answers": 80}
                for i, (label, score) in enumerate(zip(PILLARS, SCORES, strict=True))
            ],
            "radar_svg": radar_svg(PILLARS, [Series("Courcelles", SCORES)], title="Maturité"),
            "bars_svg": bar_chart_svg(PILLARS, SCORES, max_value=100, title="Score par pilier"),
            "groups": [{"label": "Collège", "scores": SCORES}],
            "highlights": [{"question": "Freins", "pillar_label": "Gouvernance", "text": "Manque de temps."}],
        },
        "interviews": {
            "status": "ok",
            "count": 10,
            "findings": 2,
            "pillars": [
                {
                    "label": "Mobilité",
                    "findings": [
                        {"kind_label": "Besoin", "text": "Parkings saturés en centre-ville.", "objective": "OS4"},
                        {"kind_label": "Problème", "text": "Pas de données de fréquentation.", "objective": ""},
                    ],
                }
            ],
        },
        "inventory": {
            "status": "ok",
            "exchanges": 3,
            "systems": [
                {
                    "name": "Population",
                    "category": "Registres",
                    "vendor": "Civadis",
                    "status_label": "En service",
                    "yearly_cost": 12000.0,
                    "users": "Population, état civil",
                }
            ],
            "warnings": [{"kind_label": "Silo", "text": "Le logiciel des travaux n'échange aucune donnée."}],
        },
        "synthesis": {
            "status": "ok",
            "paragraphs": ["La commune a des bases solides."],
            "strengths": ["Un Collège moteur"],
            "weaknesses": ["Peu de personnel informatique"],
            "group_differences": ["Les citoyens se disent moins informés que le Collège ne le pense."],
            "radar_svg": "",
        },
        "needs": {
            "status": "ok",
            "needs": [
                {
                    "rank": 1,
                    "title": "Démarches en ligne",
                    "pillar_labels": ["Gouvernance"],
                    "weight": 3,
                    "evidence": [{"kind_label": "Questionnaire", "text": "72 % des citoyens le demandent"}],
                }
            ],
        },
        "barometer": {
            "status": "ok",
            "edition_title": "Baromètre 2022",
            "year": 2022,
            "answers": [{"question": "Votre commune est-elle smart ?", "answer": "5", "territory": "4,4"}],
        },
        "strategy": {
            "status": "ok",
            "paragraphs": ["Stratégie généraliste : une administration plus simple."],
            "focus_pillars": ["Gouvernance", "Mobilité"],
        },
        "sheets": {"status": "ok", "sheets": [sheet(n) for n in range(1, sheets + 1)]},
        "ranking": {
            "status": "ok",
            "criteria": [{"label": "Budget", "weight": 20.0}, {"label": "Impact", "weight": 30.0}],
            "rows": [
                {
                    "rank": n,
                    "title": f"Projet numéro {n}",
                    "score": 78.0 - n,
                    "priority": "high",
                    "priority_label": "Priorité haute",
                    "horizon_label": "Court terme",
                }
                for n in range(1, sheets + 1)
            ],
            "timeline_svg": bar_chart_svg(["Court", "Moyen", "Long"], [3, 2, 1], title="Horizons"),
            "budgets": [{"horizon_label": "Court terme", "sheets": sheets, "investment": 75000.0, "running": 9000.0}],
            "budget_total": {"sheets": sheets, "investment": 75000.0, "running": 9000.0},
            "plan": {
                "accepted_on": "2026-10-20",
                "horizons": [
                    {"label": "Court terme", "budget": 80000.0, "used": 75000.0, "sheets": ["Projet numéro 1"]}
                ],
                "excluded": [{"title": "Wi-Fi public", "reason": "Budget du court terme dépassé"}],
            },
        },
    }
