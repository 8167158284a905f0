"""Reads for roadmaps, each page's data in a fixed number of queries whatever the number of sheets."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count
from django.template.defaultfilters import floatformat
from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from communes.models import Commune, Pillar
from diagnostics.selectors.needs import (
    current_need_ids,
    current_need_titles,
    current_needs_prefetch,
    needs_for_commune,
)
from diagnostics.selectors.workshops import idea_of_commune, project_candidates_for_commune
from roadmaps import duplicates, graph, links, planning, scoring
from roadmaps.models import (
    HORIZON_RANK,
    SHEET_LONG_TEXTS,
    Comment,
    Criterion,
    FunctionCategory,
    Horizon,
    Mark,
    PlanProposal,
    PlanStatus,
    Prerequisite,
    Priority,
    ProjectSheet,
    ProjectTemplate,
    Roadmap,
    SheetScore,
    SheetStatus,
    Skill,
)
from roadmaps.plan_explanations import list_separator, move_text
from roadmaps.timeline import Box, Column, timeline_print_svg, timeline_svg
from smartregion.money import euros
from smartregion.typography import of_name, quoted

HORIZON_ORDER = [Horizon.SHORT, Horizon.MEDIUM, Horizon.LONG]
HORIZON_SHORT_LABELS = [
    (Horizon.SHORT, _("the short term")),
    (Horizon.MEDIUM, _("the medium term")),
    (Horizon.LONG, _("the long term")),
]

DUPLICATE_REASONS = {
    duplicates.SAME_TEMPLATE: _("same template"),
    duplicates.SAME_FUNCTION: _("same function"),
    duplicates.SIMILAR_TITLE: _("similar title"),
}


def roadmap_of(commune: Commune) -> Roadmap | None:
    roadmap = Roadmap.objects.filter(commune=commune).first()
    if roadmap is not None:
        roadmap.commune = commune
    return roadmap


def stored_score(sheet: ProjectSheet) -> SheetScore | None:
    """The sheet's score in the last complete ranking, or None for a sheet newer than it."""
    try:
        return sheet.score
    except SheetScore.DoesNotExist:
        return None


def _sheets(roadmap: Roadmap):
    return (
        ProjectSheet.objects.filter(roadmap=roadmap)
        .select_related("score", "template")
        .annotate(comment_count=Count("comments"))
        .order_by("title", "pk")
    )


def _edges(roadmap: Roadmap) -> dict[int, set[int]]:
    requires: dict[int, set[int]] = defaultdict(set)
    for sheet_id, required_id in Prerequisite.objects.filter(sheet__roadmap=roadmap).values_list(
        "sheet_id", "required_id"
    ):
        requires[sheet_id].add(required_id)
    return requires


def _rank_key(sheet: ProjectSheet) -> tuple:
    score = stored_score(sheet)
    return (score is None or score.score is None, score.rank if score else 0, sheet.title.casefold(), sheet.pk)


def pillar_labels(codes) -> list[str]:
    labels = dict(Pillar.choices)
    return [str(labels.get(code, code)) for code in codes]


def skill_labels(codes) -> list[str]:
    labels = dict(Skill.choices)
    return [str(labels.get(code, code)) for code in codes]


def money(value) -> str:
    """The site's one euro formatter (smartregion.money)."""
    return euros(value)


@dataclass
class HorizonGroup:
    code: str
    label: str
    sheets: list = field(default_factory=list)
    investment: Decimal = Decimal(0)
    running_cost: Decimal = Decimal(0)
    staff_days: int = 0


def _horizon_groups(sheets: list[ProjectSheet], requires) -> list[HorizonGroup]:
    """Sheets by horizon (then those not placed), each in order of work: prerequisites first, then priority."""
    by_id = {s.pk: s for s in sheets}
    ordered = graph.order_by_horizon(
        {s.pk: HORIZON_RANK.get(s.horizon) for s in sheets},
        requires,
        priority=lambda pk: _rank_key(by_id[pk]),
    )
    groups = []
    for code, label in [*((h.value, h.label) for h in HORIZON_ORDER), ("", _("Not placed yet"))]:
        group = HorizonGroup(code=code, label=str(label))
        for pk in ordered.get(HORIZON_RANK.get(code) if code else None, []):
            sheet = by_id[pk]
            group.sheets.append(sheet)
            group.investment += sheet.investment or 0
            group.running_cost += sheet.running_cost or 0
            group.staff_days += sheet.staff_days or 0
        groups.append(group)
    return groups


def _exchanges(roadmap: Roadmap) -> set[tuple[int, int]]:
    """(sheet id, system id) for every system a sheet of the roadmap exchanges data with."""
    through = ProjectSheet.exchanges_with.through
    return set(
        through.objects.filter(projectsheet__roadmap=roadmap).values_list("projectsheet_id", "existingsystem_id")
    )


def _known_systems_left_out(found: list[duplicates.Duplicate], exchanges: set) -> list[duplicates.Duplicate]:
    """A system the sheet says it exchanges data with is one its authors know of: no duplicate warning."""
    return [d for d in found if not (d.is_system and (d.sheet, d.other) in exchanges)]


def _duplicate_warnings(roadmap: Roadmap, sheets: list[ProjectSheet], systems) -> list[duplicates.Duplicate]:
    refs = [
        duplicates.SheetRef(id=s.pk, title=s.title, template=s.template_id, category=s.function_category)
        for s in sheets
    ]
    return _known_systems_left_out(duplicates.duplicate_warnings(refs, systems), _exchanges(roadmap))


def _warning_rows(found, titles: dict, systems: dict) -> list[dict]:
    return [
        {
            "sheet": d.sheet,
            "sheet_title": titles.get(d.sheet, ""),
            "other": d.other,
            "other_title": systems.get(d.other, "") if d.is_system else titles.get(d.other, ""),
            "is_system": d.is_system,
            "reasons": [str(DUPLICATE_REASONS[r]) for r in d.reasons],
        }
        for d in found
    ]


def _choice_labels(model, name: str) -> dict:
    """A field's choices as {value: label} in the current language, for many rows at once.

    `get_<field>_display` rebuilds and hashes the whole list of choices on every call, a visible share
    of a page listing 50 sheets; the labels are the same, read once.
    """
    return {value: str(label) for value, label in model._meta.get_field(name).flatchoices}


def _with_labels(sheets: list[ProjectSheet]) -> None:
    """`function_label`, `status_label`, `horizon_label` and `priority_label`, as `get_*_display` gives them."""
    functions = _choice_labels(ProjectSheet, "function_category")
    statuses = _choice_labels(ProjectSheet, "status")
    horizons = _choice_labels(ProjectSheet, "horizon")
    priorities = _choice_labels(SheetScore, "priority")
    for sheet in sheets:
        sheet.function_label = functions.get(sheet.function_category, sheet.function_category)
        sheet.status_label = statuses.get(sheet.status, sheet.status)
        sheet.horizon_label = horizons.get(sheet.horizon, sheet.horizon)
        score = stored_score(sheet)
        sheet.priority_label = priorities.get(score.priority, score.priority) if score is not None else ""


def ranking(roadmap: Roadmap, sheets: list[ProjectSheet] | None = None) -> dict:
    """The last complete ranking (stored scores, by rank) and the sheets added since."""
    sheets = list(_sheets(roadmap)) if sheets is None else sheets
    _with_labels(sheets)
    ranked = sorted((s for s in sheets if stored_score(s) is not None), key=_rank_key)
    return {
        "ranked": ranked,
        "not_ranked": [s for s in sheets if stored_score(s) is None],
        "pending": roadmap.scoring_pending,
        "queue_failed": roadmap.scoring_enqueue_failed_at is not None,
        "scored_at": roadmap.scored_at,
    }


def _with_pillar_label(idea: dict) -> dict:
    return {**idea, "pillar_label": pillar_labels([idea["pillar"]])[0] if idea["pillar"] else ""}


def workshop_candidates(roadmap: Roadmap, sheets: list[ProjectSheet]) -> list[dict]:
    """The ideas of the commune's workshops made project-sheet candidates that no sheet of `sheets` (the
    roadmap's, already read) was started from yet, most voted first (one query)."""
    started = {s.origin_idea_id for s in sheets}
    return [
        _with_pillar_label(idea)
        for idea in project_candidates_for_commune(roadmap.commune)
        if idea["id"] not in started
    ]


DUPLICATES_SHOWN = 20


def accepted_plan(roadmap: Roadmap) -> PlanProposal | None:
    """The affordable plan the referent accepted last (its horizons are the sheets'), or None."""
    return (
        PlanProposal.objects.filter(roadmap=roadmap, status=PlanStatus.ACCEPTED).order_by("-decided_at", "-pk").first()
    )


def sheet_with_score(sheet: ProjectSheet) -> ProjectSheet:
    """One sheet as `roadmap_overview` gives each: its stored score and the ids of its prerequisites."""
    sheet.stored_score = SheetScore.objects.filter(sheet=sheet).first()
    sheet.requires = sorted(Prerequisite.objects.filter(sheet=sheet).values_list("required_id", flat=True))
    return sheet


def roadmap_overview(roadmap: Roadmap) -> dict:
    """The roadmap's sheets (with their stored scores, by rank), their prerequisites, horizons and the
    accepted plan: what the API gives, in four queries whatever the number of sheets."""
    sheets = list(_sheets(roadmap))
    requires = _edges(roadmap)
    ranked = ranking(roadmap, sheets)
    for sheet in sheets:
        sheet.stored_score = stored_score(sheet)
        sheet.requires = sorted(requires.get(sheet.pk, ()))
    return {
        "sheets": ranked["ranked"] + ranked["not_ranked"],
        "scored_at": ranked["scored_at"],
        "scoring_pending": ranked["pending"],
        "accepted_plan": accepted_plan(roadmap),
    }


# The sheets' long texts, which the roadmap page never shows (each sheet's own page does): left in the database.
PAGE_DEFERRED = SHEET_LONG_TEXTS


def roadmap_page(roadmap: Roadmap) -> dict:
    """Everything the roadmap page shows: seven queries whatever the number of sheets and candidates."""
    criteria = list(Criterion.objects.filter(roadmap=roadmap))
    total_weight = sum(c.weight for c in criteria) or 1
    for criterion in criteria:
        criterion.share = round(100 * criterion.weight / total_weight)
    sheets = list(_sheets(roadmap).defer(*PAGE_DEFERRED))
    requires = _edges(roadmap)
    titles = {s.pk: s.title for s in sheets}
    done = {s.pk for s in sheets if s.status == SheetStatus.DONE}
    ranks = {s.pk: HORIZON_RANK.get(s.horizon) for s in sheets}
    unplanned = [
        {"sheet": titles[a], "prerequisite": titles[b]}
        for a, b in graph.unplanned_prerequisites(requires, ranks, satisfied=done)
    ]
    conflicts = [
        {"sheet": titles[c.sheet], "prerequisite": titles[c.prerequisite]}
        for c in graph.horizon_conflicts(requires, ranks, satisfied=done)
    ]
    systems = links.existing_systems(roadmap.commune)
    found = _duplicate_warnings(roadmap, sheets, systems)
    systems = {s.id: s.name for s in systems}
    return {
        "criteria": criteria,
        "sheets": sheets,
        "ranking": ranking(roadmap, sheets),
        "horizons": _horizon_groups(sheets, requires),
        "unplanned_prerequisites": unplanned,
        "horizon_conflicts": conflicts,
        # The first ones only: each sheet's page lists all of its own.
        "duplicates": _warning_rows(found[:DUPLICATES_SHOWN], titles, systems),
        "duplicates_more": max(0, len(found) - DUPLICATES_SHOWN),
        "latest_plan": PlanProposal.objects.filter(roadmap=roadmap).order_by("-created_at", "-pk").first(),
        "total_investment": sum((s.investment or 0 for s in sheets), Decimal(0)),
        "focus_pillar_labels": pillar_labels(roadmap.focus_pillars),
        "workshop_candidates": workshop_candidates(roadmap, sheets),
    }


def templates_catalogue(roadmap: Roadmap) -> list[ProjectTemplate]:
    """The shared catalogue; `in_roadmap` marks the templates this roadmap already has a sheet from."""
    used = set(
        ProjectSheet.objects.filter(roadmap=roadmap, template__isnull=False).values_list("template_id", flat=True)
    )
    templates = list(ProjectTemplate.objects.prefetch_related("default_prerequisites").order_by("position", "code"))
    for template in templates:
        template.in_roadmap = template.pk in used
    return templates


def roi_of(sheet: ProjectSheet) -> scoring.Roi:
    return scoring.return_on_investment(
        years=sheet.roi_years,
        investment=sheet.investment,
        yearly_running_cost=sheet.running_cost,
        yearly_financial_gains=sheet.yearly_financial_gains,
        yearly_socio_economic_value=sheet.yearly_socio_economic_value,
    )


def sheet_detail(sheet: ProjectSheet) -> dict:
    """The sheet page: marks, score, ROI, prerequisites both ways, duplicates and comments."""
    roadmap = sheet.roadmap
    criteria = list(Criterion.objects.filter(roadmap=roadmap))
    marks = dict(Mark.objects.filter(sheet=sheet).values_list("criterion_id", "value"))
    for criterion in criteria:
        criterion.mark = marks.get(criterion.pk)
    others = list(
        ProjectSheet.objects.filter(roadmap=roadmap)
        .exclude(pk=sheet.pk)
        .values("pk", "title", "template_id", "function_category", "horizon")
    )
    requires = _edges(roadmap)
    by_id = {o["pk"]: o for o in others}
    prerequisites = sorted((by_id[pk] for pk in requires.get(sheet.pk, ()) if pk in by_id), key=lambda o: o["title"])
    dependents = sorted(
        (by_id[pk] for pk, needed in requires.items() if sheet.pk in needed and pk in by_id), key=lambda o: o["title"]
    )
    refs = [duplicates.SheetRef(sheet.pk, sheet.title, sheet.template_id, sheet.function_category)] + [
        duplicates.SheetRef(o["pk"], o["title"], o["template_id"], o["function_category"]) for o in others
    ]
    systems = links.existing_systems(roadmap.commune)
    exchanges = {(sheet.pk, pk) for pk in sheet.exchanges_with.values_list("pk", flat=True)}
    found = _known_systems_left_out(duplicates.duplicate_warnings(refs, systems), exchanges)
    system_names = {s.id: s.name for s in systems}
    warnings = [
        {
            "title": system_names.get(other, "") if is_system else by_id[other]["title"],
            "pk": None if is_system else other,
            "is_system": is_system,
            "reasons": [str(DUPLICATE_REASONS[r]) for r in reasons],
        }
        for other, reasons, is_system in duplicates.warnings_for(sheet.pk, found)
    ]
    linked = {o["pk"] for o in prerequisites}
    # A need merged since it was linked shows as the need it went into.
    need_ids = current_need_ids(sheet.needs.values_list("pk", flat=True))
    score = SheetScore.objects.filter(sheet=sheet).first()
    suggested_budget = scoring.suggested_budget_mark(roi_of(sheet).total_cost)
    return {
        "criteria": criteria,
        "score": score,
        "roi": roi_of(sheet),
        "suggested_budget_mark": suggested_budget,
        "prerequisites": prerequisites,
        "dependents": dependents,
        "prerequisite_candidates": [o for o in others if o["pk"] not in linked],
        "duplicates": warnings,
        "comments": list(Comment.objects.filter(sheet=sheet).select_related("author")),
        "pst_objectives": list(sheet.pst_objectives.order_by("position", "code", "pk")),
        # With their evidence, read through the diagnostic (unpublished interview findings stay hidden).
        "needs": [n for n in needs_for_commune(roadmap.commune) if n.id in need_ids] if need_ids else [],
        "systems": list(sheet.exchanges_with.order_by("name", "pk")),
        "pillars": pillar_labels(sheet.pillars),
        "skills": skill_labels(sheet.skills_needed),
        "origin_idea": idea_of_commune(roadmap.commune, sheet.origin_idea_id) if sheet.origin_idea_id else None,
    }


def sheet_titles_needing(sheet: ProjectSheet) -> list[str]:
    """Titles of the sheets that need this one (shown before deleting it)."""
    return list(
        ProjectSheet.objects.filter(prerequisite_links__required=sheet)
        .order_by("title")
        .values_list("title", flat=True)
    )


def marks_of_roadmap(roadmap: Roadmap) -> list[scoring.SheetMarks]:
    marks: dict[int, dict[int, int]] = defaultdict(dict)
    for sheet_id, criterion_id, value in Mark.objects.filter(sheet__roadmap=roadmap).values_list(
        "sheet_id", "criterion_id", "value"
    ):
        marks[sheet_id][criterion_id] = value
    return [
        scoring.SheetMarks(sheet_id=pk, title=title, marks=marks.get(pk, {}))
        for pk, title in ProjectSheet.objects.filter(roadmap=roadmap).values_list("pk", "title")
    ]


def what_if(roadmap: Roadmap, criteria: list[Criterion], weights: dict[int, int]) -> list[scoring.Move]:
    """How the ranking moves from the saved weights to `weights`, computed in memory: nothing is saved."""
    sheets = marks_of_roadmap(roadmap)
    before = scoring.score_sheets(sheets, {c.pk: c.weight for c in criteria})
    after = scoring.score_sheets(sheets, {c.pk: weights.get(c.pk, c.weight) for c in criteria})
    return scoring.compare_rankings(before, after)


# Timeline -----------------------------------------------------------------------------------------


def _box_detail(sheet: ProjectSheet) -> str:
    score = stored_score(sheet)
    if score is None or score.score is None:
        return gettext("Not scored yet")
    return f"{Priority(score.priority).label} · {floatformat(score.score, 1)}"


def timeline(roadmap: Roadmap) -> dict:
    """The timeline page: horizons with sheets in order of work, dependencies, and the SVG drawing."""
    sheets = list(_sheets(roadmap))
    requires = _edges(roadmap)
    groups = _horizon_groups(sheets, requires)
    columns = [
        Column(
            heading=group.label,
            subheading=ngettext("%(count)s sheet · %(money)s", "%(count)s sheets · %(money)s", len(group.sheets))
            % {"count": len(group.sheets), "money": money(group.investment)},
            boxes=[
                Box(
                    id=s.pk,
                    title=s.title,
                    detail=_box_detail(s),
                    priority=(
                        stored_score(s).priority if stored_score(s) and stored_score(s).score is not None else ""
                    ),
                )
                for s in group.sheets
            ],
        )
        for group in groups
        if group.code or group.sheets
    ]
    edges = [(required, sheet) for sheet, needed in requires.items() for required in needed]
    titles = {s.pk: s.title for s in sheets}
    for sheet in sheets:
        sheet.needs_titles = sorted(titles[r] for r in requires.get(sheet.pk, ()) if r in titles)
    svg = timeline_svg(
        columns,
        edges,
        title=gettext("Timeline of the roadmap of %(of_commune)s") % {"of_commune": of_name(roadmap.commune.name)},
        description=gettext("Project sheets by horizon; arrows go from a prerequisite to the sheet that needs it."),
    )
    print_svg = timeline_print_svg(
        columns,
        edges,
        description=gettext("Project sheets of this horizon, each with the sheets it needs first."),
        after=gettext("After: %(titles)s"),
    )
    return {"groups": groups, "svg": svg, "print_svg": print_svg}


# Affordable plan ----------------------------------------------------------------------------------

EXCLUSION_TEXTS = {
    planning.EXCLUDED_BY_USER: _("Left out at your request."),
    planning.PREREQUISITE_UNAVAILABLE: _(
        "Its prerequisite %(names)s cannot be planned (abandoned, or itself blocked)."
    ),
    planning.PREREQUISITE_NOT_SELECTED: _(
        "Its prerequisite %(names)s is not in the plan: adding both would break a budget or push out sheets worth more."
    ),
    planning.NOT_SCORED: _("Not scored yet, so it adds nothing to the plan's total."),
    planning.NOT_CHOSEN: _("Not chosen: the solver stopped before it could prove the best plan."),
}
TOO_EXPENSIVE_TEXTS = {
    planning.INVESTMENT: _(
        "Its investment (%(needed)s) is larger than the budget of every horizon (at most %(budget)s)."
    ),
    planning.STAFF: _("It needs %(needed)s, more than the staff capacity of any horizon (at most %(budget)s)."),
}
BUDGET_TEXT = _("It needs %(needs)s, and no horizon where it could go has that much left: %(details)s.")
BUDGET_AFTER_TEXT = _(
    "It needs %(needs)s, and no horizon from %(horizon)s on (its prerequisites come first) has that much left: "
    "%(details)s."
)
LEFT_TEXT = _("%(left)s left in %(horizon)s")
AND_TEXT = _("%(first)s and %(second)s")


def _resource_amount(resource: str, value: float) -> str:
    if resource == planning.INVESTMENT:
        return money(value)
    days = round(value)
    return ngettext("%(days)s staff day", "%(days)s staff days", days) % {"days": number_format(days, decimal_pos=0)}


def _join(parts: list[str]) -> str:
    if len(parts) == 2:
        return str(AND_TEXT) % {"first": parts[0], "second": parts[1]}
    return ", ".join(parts)


def exclusion_text(data: dict, titles: dict[int, str]) -> str:
    """Why a sheet is left out of a plan, from the reason stored with the proposal."""
    reason = data.get("reason")
    names = ", ".join(quoted(titles.get(pk, gettext("a deleted sheet"))) for pk in data.get("prerequisites", []))
    if reason == planning.TOO_EXPENSIVE:
        resource = data["resource"]
        return str(TOO_EXPENSIVE_TEXTS[resource]) % {
            "needed": _resource_amount(resource, data["needed"]),
            "budget": _resource_amount(resource, data["largest_budget"]),
        }
    if reason == planning.BUDGET:
        labels = dict(HORIZON_SHORT_LABELS)
        needs: dict[str, float] = {}
        lefts: dict[str, list[str]] = {}
        for shortfall in data.get("shortfalls", []):
            needs[shortfall["resource"]] = shortfall["needed"]
            lefts.setdefault(shortfall["horizon"], []).append(
                _resource_amount(shortfall["resource"], shortfall["left"])
            )
        details = list_separator().join(
            str(LEFT_TEXT) % {"horizon": labels[horizon], "left": _join(amounts)} for horizon, amounts in lefts.items()
        )
        need_text = _join([_resource_amount(resource, amount) for resource, amount in needs.items()])
        earliest = data.get("earliest_horizon", Horizon.SHORT)
        if earliest != Horizon.SHORT:
            return str(BUDGET_AFTER_TEXT) % {"needs": need_text, "details": details, "horizon": labels[earliest]}
        return str(BUDGET_TEXT) % {"needs": need_text, "details": details}
    text = EXCLUSION_TEXTS.get(reason, EXCLUSION_TEXTS[planning.NOT_CHOSEN])
    return str(text) % {"names": names} if "%(names)s" in str(text) else str(text)


def _plan_cost(proposal: PlanProposal, sheet: ProjectSheet) -> Decimal:
    """What the sheet cost the proposal: the commune's share it was planned at, else its investment."""
    cost = proposal.costs.get(str(sheet.pk))
    return Decimal(str(cost)) if cost is not None else (sheet.investment or Decimal(0))


def plan_page(roadmap: Roadmap) -> dict:
    """The plan page: candidate sheets with their scores and the latest proposal, explained."""
    sheets = list(_sheets(roadmap))
    titles = {s.pk: s.title for s in sheets}
    proposal = PlanProposal.objects.filter(roadmap=roadmap).order_by("-created_at", "-pk").first()
    chosen, left_out = [], []
    if proposal is not None:
        labels = dict(Horizon.choices)
        by_id = {s.pk: s for s in sheets}
        for key, horizon in proposal.assignments.items():
            sheet = by_id.get(int(key))
            if sheet is not None:
                chosen.append(
                    {
                        "sheet": sheet,
                        "horizon": horizon,
                        "horizon_label": labels[horizon],
                        "changes": sheet.horizon != horizon,
                        "why": move_text(
                            placement=proposal.placements.get(key),
                            horizon=horizon,
                            current=sheet.horizon,
                            titles=titles,
                        ),
                    }
                )
        for row in chosen:
            row["cost"] = _plan_cost(proposal, row["sheet"])
        chosen.sort(key=lambda row: (HORIZON_RANK[row["horizon"]], _rank_key(row["sheet"])))
        for key, data in proposal.exclusions.items():
            sheet = by_id.get(int(key))
            if sheet is not None:
                left_out.append({"sheet": sheet, "why": exclusion_text(data, titles)})
        left_out.sort(key=lambda row: _rank_key(row["sheet"]))
        proposal.budget_rows = [
            {
                "label": labels[h],
                "investment": (proposal.budgets.get(h) or {}).get("investment"),
                "staff_days": (proposal.budgets.get(h) or {}).get("staff_days"),
                "used": sum((_plan_cost(proposal, r["sheet"]) for r in chosen if r["horizon"] == h), Decimal(0)),
                "used_staff": sum(r["sheet"].staff_days or 0 for r in chosen if r["horizon"] == h),
            }
            for h in Horizon.values
        ]
    candidates = [s for s in sheets if s.status not in (SheetStatus.DONE, SheetStatus.ABANDONED)]
    return {
        "proposal": proposal,
        "proposal_open": proposal is not None and proposal.status == PlanStatus.PROPOSED,
        "chosen": chosen,
        "left_out": left_out,
        "candidates": sorted(candidates, key=_rank_key),
        "scoring_pending": roadmap.scoring_pending,
    }


# Exports and the final report ---------------------------------------------------------------------


def _sheet_record(sheet: ProjectSheet, position: int | None, criteria, marks, requires, titles) -> dict:
    score = stored_score(sheet)
    roi = roi_of(sheet)
    return {
        "id": sheet.pk,
        "rank": position,
        "title": sheet.title,
        "summary": sheet.summary,
        "objectives": sheet.objectives,
        "pillars": pillar_labels(sheet.pillars),
        "function": str(FunctionCategory(sheet.function_category).label),
        "pst_objectives": [str(o) for o in sheet.pst_objectives.all()],
        "pst_objectives_notes": sheet.pst_objectives_text,
        "needs": current_need_titles(sheet.needs.all()),
        "needs_notes": sheet.needs_text,
        "exchanges_with": [s.name for s in sheet.exchanges_with.all()],
        "people_involved": sheet.people_involved,
        "skills_needed": skill_labels(sheet.skills_needed),
        "investment": sheet.investment,
        "running_cost": sheet.running_cost,
        "staff_days": sheet.staff_days,
        "funding": sheet.funding,
        "feasibility": sheet.feasibility,
        "resources_available": sheet.resources_available,
        "resources_needed": sheet.resources_needed,
        "impact": sheet.impact,
        "risks": sheet.risks,
        "status": sheet.status,
        "status_label": str(SheetStatus(sheet.status).label),
        "horizon": sheet.horizon,
        "horizon_label": str(Horizon(sheet.horizon).label) if sheet.horizon else "",
        "score": score.score if score else None,
        "priority": score.priority if score and score.score is not None else "",
        "priority_label": str(Priority(score.priority).label) if score and score.score is not None else "",
        "marks": {c.name: marks.get((sheet.pk, c.pk)) for c in criteria},
        "roi": {
            "years": roi.years,
            "total_cost": roi.total_cost,
            "financial_gains": roi.financial_gains,
            "socio_economic_value": roi.socio_economic_value,
            "socio_economic_level": sheet.get_socio_economic_value_display()
            if sheet.socio_economic_value is not None
            else "",
            "net_financial_value": roi.net_financial_value,
            "net_value": roi.net_value,
            "payback_years": roi.payback_years,
        },
        "prerequisite_ids": sorted(requires.get(sheet.pk, ())),
        "prerequisites": sorted(titles[pk] for pk in requires.get(sheet.pk, ()) if pk in titles),
    }


def _records(roadmap: Roadmap) -> tuple[list[Criterion], list[dict], list[ProjectSheet], dict]:
    criteria = list(Criterion.objects.filter(roadmap=roadmap))
    marks = {
        (sheet_id, criterion_id): value
        for sheet_id, criterion_id, value in Mark.objects.filter(sheet__roadmap=roadmap).values_list(
            "sheet_id", "criterion_id", "value"
        )
    }
    sheets = sorted(
        _sheets(roadmap).prefetch_related("pst_objectives", current_needs_prefetch(), "exchanges_with"),
        key=_rank_key,
    )
    requires = _edges(roadmap)
    titles = {s.pk: s.title for s in sheets}
    records = []
    position = 0
    for sheet in sheets:
        score = stored_score(sheet)
        ranked = score is not None and score.score is not None
        position += 1 if ranked else 0
        records.append(_sheet_record(sheet, position if ranked else None, criteria, marks, requires, titles))
    return criteria, records, sheets, requires


EXPORT_COLUMNS = [
    ("rank", _("Rank")),
    ("title", _("Title")),
    ("priority_label", _("Priority")),
    ("score", _("Score (0–100)")),
    ("horizon_label", _("Horizon")),
    ("status_label", _("Status")),
    ("pillars", _("Pillars")),
    ("function", _("Function")),
    ("investment", _("Investment (€)")),
    ("running_cost", _("Yearly running cost (€)")),
    ("staff_days", _("Staff days")),
    ("roi_years", _("ROI period (years)")),
    ("roi_total_cost", _("Total cost over the period (€)")),
    ("roi_net_value", _("Net value over the period (€)")),
    ("roi_payback", _("Payback period (years)")),
    ("prerequisites", _("Prerequisites")),
    ("summary", _("Summary")),
    ("objectives", _("Objectives")),
    ("pst_objectives", _("PST objectives served")),
    ("needs", _("Needs addressed")),
    ("exchanges_with", _("Exchanges data with (existing systems)")),
    ("people_involved", _("People involved")),
    ("skills_needed", _("Skills needed")),
    ("funding", _("Possible funding")),
    ("feasibility", _("Technical feasibility")),
    ("resources_available", _("Resources available")),
    ("resources_needed", _("Resources needed")),
    ("impact", _("Expected impact")),
    ("risks", _("Risks")),
]


def export_table(roadmap: Roadmap) -> tuple[list[str], list[list]]:
    """The roadmap as one table (header, rows) for the XLSX and CSV exports, ranked."""
    criteria, records, _sheets_list, _requires = _records(roadmap)
    header = [str(label) for _key, label in EXPORT_COLUMNS] + [
        gettext("Mark: %(criterion)s") % {"criterion": c.name} for c in criteria
    ]
    rows = []
    for record in records:
        flat = {
            **record,
            "pillars": ", ".join(record["pillars"]),
            "skills_needed": ", ".join(record["skills_needed"]),
            "prerequisites": ", ".join(record["prerequisites"]),
            "pst_objectives": "; ".join(filter(None, [*record["pst_objectives"], record["pst_objectives_notes"]])),
            "needs": "; ".join(filter(None, [*record["needs"], record["needs_notes"]])),
            "exchanges_with": ", ".join(record["exchanges_with"]),
            "roi_years": record["roi"]["years"],
            "roi_total_cost": record["roi"]["total_cost"],
            "roi_net_value": record["roi"]["net_value"],
            "roi_payback": record["roi"]["payback_years"],
        }
        rows.append([flat[key] for key, _label in EXPORT_COLUMNS] + [record["marks"][c.name] for c in criteria])
    return header, rows


def roadmap_for_report(commune: Commune) -> dict | None:
    """The roadmap of a commune as plain data for the final report, or None when it has none.

    Sheets come ranked (last complete ranking) with all their fields, marks, ROI and prerequisites;
    horizons list their sheets in order of work with their totals; the accepted plan (if any) brings
    its budgets per horizon. Twelve queries whatever the number of sheets.
    """
    roadmap = roadmap_of(commune)
    if roadmap is None:
        return None
    criteria, records, sheets, requires = _records(roadmap)
    total_weight = sum(c.weight for c in criteria) or 1
    groups = _horizon_groups(sheets, requires)
    accepted = (
        PlanProposal.objects.filter(roadmap=roadmap, status=PlanStatus.ACCEPTED).order_by("-decided_at", "-pk").first()
    )
    budgets = None
    if accepted is not None:
        budgets = {h: dict(accepted.budgets.get(h) or {}) for h in Horizon.values}
    timeline_data = timeline(roadmap)
    return {
        "commune": commune.name,
        "status": roadmap.status,
        "published_at": roadmap.published_at,
        "strategy": roadmap.summary,
        "focus_pillars": pillar_labels(roadmap.focus_pillars),
        "scoring_pending": roadmap.scoring_pending,
        "scored_at": roadmap.scored_at,
        "criteria": [
            {"name": c.name, "weight": c.weight, "share": round(100 * c.weight / total_weight, 1)} for c in criteria
        ],
        "sheets": records,
        "horizons": [
            {
                "code": g.code,
                "label": g.label,
                "sheet_ids": [s.pk for s in g.sheets],
                "investment": g.investment,
                "running_cost": g.running_cost,
                "staff_days": g.staff_days,
                "budget": (budgets or {}).get(g.code),
            }
            for g in groups
        ],
        "budgets": budgets,
        "accepted_plan": None
        if accepted is None
        else {
            "decided_at": accepted.decided_at,
            "total_score": accepted.total_score,
            "optimal": accepted.optimal,
            "assignments": {int(k): v for k, v in accepted.assignments.items()},
            "left_out": {
                int(k): exclusion_text(v, {r["id"]: r["title"] for r in records})
                for k, v in accepted.exclusions.items()
            },
        },
        "timeline_svg": timeline_data["print_svg"],
    }
