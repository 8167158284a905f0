"""The diagnostic synthesis of a commune: maturity per pillar, differences between respondent groups,
ranked needs with evidence, strengths and weaknesses, the existing situation, and the referent's text.

`synthesis_for_report(commune)` is what the final report's diagnostic part prints: plain data without
any personal data (no names, no interview notes, only published findings, counts by group).
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from communes.models import Commune, Pillar
from diagnostics.charts import Series, radar_svg
from diagnostics.models import GroupKind
from diagnostics.selectors.interviews import (
    diagnostic_of,
    findings_for_report,
    interview_progress,
    interviews_for_report,
)
from diagnostics.selectors.inventory import inventory_summary
from diagnostics.selectors.needs import needs_for_commune
from diagnostics.selectors.pst import pst_objectives_for_commune, pst_summary
from diagnostics.selectors.results import pillar_scores
from diagnostics.selectors.workshops import workshops_for_report
from diagnostics.synthesis import group_differences, pillar_suggestions

KEY_NEEDS = 10


@dataclass
class Maturity:
    responses: int
    pillars: list[dict]  # pillar, label, score, answers, by_group {kind: score}
    groups: list[tuple[str, str]]  # kinds present, with labels
    radar: dict  # {"labels": [...], "datasets": [{"label", "values"}]}
    radar_svg: str

    @property
    def has_scores(self) -> bool:
        return any(p["score"] is not None for p in self.pillars)


def maturity_for_commune(commune: Commune) -> Maturity:
    """Pillar scores overall and per kind of respondent group, with the radar (three queries)."""
    scores = pillar_scores(commune)
    group_labels = dict(GroupKind.choices)
    kinds_present = {kind for p in scores.pillars for kind, s in p.by_group.items() if s is not None}
    groups = [(kind, str(label)) for kind, label in group_labels.items() if kind in kinds_present]
    pillars = [
        {
            "pillar": p.pillar,
            "label": p.label,
            "score": None if p.score is None else round(p.score, 1),
            "answers": p.answers,
            "by_group": {
                kind: (None if p.by_group.get(kind) is None else round(p.by_group[kind], 1)) for kind, _l in groups
            },
        }
        for p in scores.pillars
    ]
    labels = [p["label"] for p in pillars]
    datasets = [{"label": _("All respondents"), "values": [p["score"] for p in pillars]}]
    datasets += [{"label": label, "values": [p["by_group"][kind] for p in pillars]} for kind, label in groups]
    has_scores = any(p["score"] is not None for p in pillars)
    svg = (
        radar_svg(
            labels,
            [Series(d["label"], d["values"]) for d in datasets],
            title=_("Maturity per pillar (0–100)"),
        )
        if has_scores
        else ""
    )
    return Maturity(
        responses=scores.responses,
        pillars=pillars,
        groups=groups,
        radar={"labels": labels, "datasets": datasets, "max": 100},
        radar_svg=svg,
    )


@dataclass
class Synthesis:
    commune: Commune
    diagnostic: object
    maturity: Maturity
    differences: list
    strengths: list
    weaknesses: list
    inventory_suggestions: list[str]
    needs: list
    inventory: object
    interviews: object
    pst: object
    workshops: list = field(default_factory=list)


def _inventory_suggestions(inventory) -> list[str]:
    notes = []
    if inventory.warnings.get("duplicate"):
        notes.append(_("Some systems seem to do the same job: check before buying another one."))
    if inventory.warnings.get("silo"):
        notes.append(_("Some systems exchange no data with any other (silos)."))
    if inventory.warnings.get("single_knowledge"):
        notes.append(_("Some systems are known by one person only."))
    if inventory.manual_exchanges:
        notes.append(_("Some data is typed again or moved by hand between systems."))
    return notes


def synthesis_for_commune(commune: Commune, *, show_unpublished: bool = False) -> Synthesis:
    """Everything the synthesis page shows, in a fixed number of queries."""
    maturity = maturity_for_commune(commune)
    labels = {p["pillar"]: p["label"] for p in maturity.pillars}
    strengths, weaknesses = pillar_suggestions({p["pillar"]: p["score"] for p in maturity.pillars}, labels)
    differences = group_differences(
        {p["pillar"]: p["by_group"] for p in maturity.pillars}, labels, dict(maturity.groups)
    )
    inventory = inventory_summary(commune)
    return Synthesis(
        commune=commune,
        diagnostic=diagnostic_of(commune),
        maturity=maturity,
        differences=differences,
        strengths=strengths,
        weaknesses=weaknesses,
        inventory_suggestions=_inventory_suggestions(inventory),
        needs=needs_for_commune(commune, show_unpublished=show_unpublished),
        inventory=inventory,
        interviews=interview_progress(commune),
        pst=pst_summary(commune),
    )


def _maturity_part(synthesis: Synthesis) -> dict:
    maturity = synthesis.maturity
    return {
        "responses": maturity.responses,
        "has_scores": maturity.has_scores,
        "pillars": maturity.pillars,
        "groups": maturity.groups,
        "radar": maturity.radar,
        "radar_svg": maturity.radar_svg,
    }


def _differences_part(synthesis: Synthesis) -> list[dict]:
    return [
        {
            "pillar": d.pillar,
            "label": d.label,
            "high_group": d.high_group,
            "high_score": d.high_score,
            "low_group": d.low_group,
            "low_score": d.low_score,
            "gap": round(d.gap, 1),
        }
        for d in synthesis.differences
    ]


def _needs_part(synthesis: Synthesis) -> list[dict]:
    return [
        {
            "id": n.id,
            "rank": n.rank,
            "title": n.title,
            "description": n.description,
            "pillars": n.pillars,
            "pillar_labels": n.pillar_labels,
            "weight": n.weight,
            "sources": n.sources,
            "evidence": [
                {"kind": e.kind, "kind_label": e.kind_label, "label": e.label, "hidden": e.hidden} for e in n.evidence
            ],
        }
        for n in synthesis.needs
    ]


def _interviews_part(commune: Commune) -> dict:
    interviews = interviews_for_report(commune)
    return {
        "held": interviews.held,
        "planned": interviews.planned,
        "target": interviews.target,
        "hours": round(interviews.total_minutes / 60, 1),
        "first_date": interviews.first_date,
        "last_date": interviews.last_date,
        "participants_by_group": [
            {"group": g, "label": label, "count": count} for g, label, count in interviews.participants_by_group
        ],
        "participants_total": interviews.participants_total,
        "findings_by_kind": interviews.findings_by_kind,
        "published_findings": interviews.published_findings,
    }


def _pst_part(commune: Commune, pst) -> dict:
    return {
        "strategic": pst.strategic,
        "operational": pst.operational,
        "actions": pst.actions,
        "smart_actions": pst.smart_actions,
        "budget_total": pst.budget_total,
        "smart_budget_total": pst.smart_budget_total,
        "unserved": pst.unserved,
        "objectives": pst_objectives_for_commune(commune),
    }


def _inventory_part(inventory) -> dict:
    names = (
        "systems",
        "by_status",
        "by_category",
        "yearly_cost",
        "exchanges",
        "manual_exchanges",
        "warnings",
        "warning_list",
        "dismissed",
    )
    return {name: getattr(inventory, name) for name in names}


def synthesis_for_report(commune: Commune) -> dict:
    """The diagnostic part of the final report, as plain data (no personal data).

    Keys: commune, texts (summary, strengths, weaknesses, existing situation), maturity (responses,
    pillars with scores overall and per group kind, radar data and SVG), group_differences,
    suggested_strengths, suggested_weaknesses, needs (ranked, with evidence and weight), interviews
    (counts by group, findings by kind), findings_by_pillar (published only), workshops, pst (summary and
    objectives with actions, without owners), inventory (counts and warnings, no names of people).
    """
    synthesis = synthesis_for_commune(commune, show_unpublished=False)
    diagnostic = synthesis.diagnostic
    return {
        "commune": {"id": commune.pk, "name": commune.name, "slug": commune.slug},
        "texts": {
            "summary": diagnostic.summary_text,
            "strengths": diagnostic.strengths_text,
            "weaknesses": diagnostic.weaknesses_text,
            "existing": diagnostic.existing_text,
            "updated_at": diagnostic.updated_at,
        },
        "maturity": _maturity_part(synthesis),
        "group_differences": _differences_part(synthesis),
        "suggested_strengths": [{"pillar": s.pillar, "label": s.label, "score": s.score} for s in synthesis.strengths],
        "suggested_weaknesses": [
            {"pillar": s.pillar, "label": s.label, "score": s.score} for s in synthesis.weaknesses
        ],
        "inventory_notes": synthesis.inventory_suggestions,
        "needs": _needs_part(synthesis),
        "interviews": _interviews_part(commune),
        "findings_by_pillar": [
            {"pillar": g.pillar, "label": g.label, "findings": g.findings} for g in findings_for_report(commune)
        ],
        "workshops": workshops_for_report(commune),
        "pst": _pst_part(commune, synthesis.pst),
        "inventory": _inventory_part(synthesis.inventory),
        "key_needs_limit": KEY_NEEDS,
        "pillars": [{"pillar": value, "label": str(label)} for value, label in Pillar.choices],
    }
