"""Adapters between the other apps' selectors and the report: one small function per source.

Each adapter reads one app through its selectors and returns plain data (str, numbers, lists, dicts,
ISO dates) that the report templates print and that is stored as the version's snapshot. Each part of
the report is a dict with a `status`:

- "ok": the data is there (the other keys hold it);
- "empty": the source exists but the commune has nothing yet ("No interview has been recorded yet.");
- "unavailable": the app that holds this data offers no selector for the report yet.

Every adapter runs a fixed number of queries whatever the amount of data.
"""

from django.utils.translation import gettext_lazy as _

from communes.models import Commune
from reports.models import ReportIntroduction
from reports.plain import plain
from reports.templatetags.report_tags import decimal, euros, percent

OK, EMPTY, UNAVAILABLE = "ok", "empty", "unavailable"


def ok(**data) -> dict:
    return {"status": OK, **plain(data)}


def empty() -> dict:
    return {"status": EMPTY}


def unavailable(source: str) -> dict:
    """A part whose app has no selector for the report yet; `source` says which, for the lead and the logs."""
    return {"status": UNAVAILABLE, "source": source}


# communes ---------------------------------------------------------------------------------------


def commune_data(commune: Commune) -> dict:
    """The commune and its territory (already loaded with the commune: no query)."""
    territory = commune.territory
    return plain(
        {
            "commune": {
                "name": commune.name,
                "slug": commune.slug,
                "province": commune.get_province_display(),
                "population": commune.population,
                "nis_code": commune.nis_code,
            },
            "territory": {
                "name": territory.name,
                "intercommunale": territory.intercommunale,
                "logo": territory.logo.name if territory.logo else "",
            },
        }
    )


def accompaniment_data(commune: Commune) -> dict:
    """Dates of the accompaniment and its milestones (communes; one query)."""
    from communes.selectors import commune_with_accompaniment

    found = (
        commune_with_accompaniment(Commune.objects.filter(pk=commune.pk)).prefetch_related("accompaniment__milestones")
    ).first()
    accompaniment = getattr(found, "accompaniment", None) if found else None
    if accompaniment is None:
        return empty()
    return ok(
        kind=accompaniment.kind,
        kind_label=accompaniment.get_kind_display(),
        project_title=accompaniment.project_title,
        phase_label=accompaniment.get_phase_display(),
        status_label=accompaniment.get_status_display(),
        start_date=accompaniment.start_date,
        planned_end_date=accompaniment.planned_end_date,
        milestones=[
            {
                "title": milestone.title,
                "phase_label": milestone.get_phase_display(),
                "due_date": milestone.due_date,
                "completed_on": milestone.completed_on,
            }
            for milestone in accompaniment.milestones.all()
        ],
    )


# reports ----------------------------------------------------------------------------------------


def introduction_data(commune: Commune) -> dict:
    """The referent's introduction text (this app; one query)."""
    text = ReportIntroduction.objects.filter(commune=commune).values_list("text", flat=True).first() or ""
    if not text.strip():
        return empty()
    return ok(paragraphs=[p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()])


# diagnostics: questionnaires (issue 3) ----------------------------------------------------------


def _rate(submitted: int, invited: int) -> float | None:
    return round(100 * submitted / invited, 1) if invited else None


def _participation(campaigns: list) -> dict:
    """Invited and answered people per campaign and group, oldest campaign first (one results read each)."""
    from diagnostics.selectors.results import campaign_results

    if not campaigns:
        return empty()
    rows, open_links = [], False
    for campaign in reversed(campaigns):
        results = campaign_results(campaign)
        open_links = open_links or any(group.through_open_links for group in results.groups)
        rows.append(
            {
                "title": campaign.title,
                "opens_on": campaign.opens_on,
                "closes_on": campaign.closes_on,
                "respondents": results.total.submitted,
                "invited": results.total.invited,
                "groups": [
                    {
                        "label": group.name,
                        "invited": group.invited or None,
                        "answered": group.submitted,
                        "rate": _rate(group.submitted_named, group.invited),
                    }
                    for group in results.groups
                ],
            }
        )
    return ok(campaigns=rows, open_links=open_links)


def _maturity(maturity: dict, campaigns: list) -> dict:
    """The scores by pillar and by group, from the diagnostic synthesis, with the bar chart."""
    from diagnostics.charts import bar_chart_svg

    if not maturity["has_scores"]:
        return empty()
    pillars = [
        {"code": p["pillar"], "label": p["label"], "score": p["score"], "answers": p["answers"]}
        for p in maturity["pillars"]
    ]
    groups = [
        {"label": label, "scores": [p["by_group"].get(kind) for p in maturity["pillars"]]}
        for kind, label in maturity["groups"]
    ]
    scored = [p for p in pillars if p["score"] is not None]
    bars = bar_chart_svg(
        [p["label"] for p in scored],
        [p["score"] for p in scored],
        max_value=100,
        title=str(_("Maturity by pillar, all respondents (0 to 100)")),
    )
    return ok(
        campaign_title=" ; ".join(c.title for c in campaigns),
        respondents=maturity["responses"],
        pillars=pillars,
        groups=groups if len(groups) > 1 else [],
        radar_svg=maturity["radar_svg"],
        bars_svg=bars,
    )


def questionnaire_data(commune: Commune, diagnostic: dict | None = None) -> dict:
    """Participation in the questionnaire campaigns and the results by pillar, with charts.

    Returns {"participation": part, "questionnaire": part}.
    participation ok: campaigns=[{title, opens_on, closes_on, respondents, invited,
        groups=[{label, invited, answered, rate}]}], open_links
    questionnaire ok: campaign_title, respondents, pillars=[{code, label, score, answers}],
        radar_svg, bars_svg, groups=[{label, scores=[…per pillar…]}]
    Scores come from the diagnostic synthesis (all campaigns of the commune, submitted answers only);
    free-text answers are not quoted (they may name people).
    """
    from diagnostics.selectors.questionnaires import commune_campaigns

    diagnostic = diagnostic if diagnostic is not None else diagnostic_report(commune)
    campaigns = [c for c in commune_campaigns(commune) if c.started_count]
    return {"participation": _participation(campaigns), "questionnaire": _maturity(diagnostic["maturity"], campaigns)}


# diagnostics: workspace (issue 4) ---------------------------------------------------------------


def diagnostic_report(commune: Commune) -> dict:
    """The diagnostic's plain data (diagnostics selector), read once and shared by the adapters below."""
    from diagnostics.selectors.synthesis import synthesis_for_report

    return synthesis_for_report(commune)


WARNING_TEXTS = {
    "duplicate": _("These systems seem to do the same job (%(category)s): %(systems)s."),
    "silo": _("%(systems)s exchanges no data with any other system."),
    "single_knowledge": _("Only one person knows how to run %(systems)s."),
}
WARNING_LABELS = {
    "duplicate": _("Possible duplicate"),
    "silo": _("Silo"),
    "single_knowledge": _("Single point of knowledge"),
}


def _meetings(diagnostic: dict) -> dict:
    interviews = diagnostic["interviews"]
    workshops = diagnostic["workshops"]
    if not interviews["held"] and not workshops:
        return empty()
    return ok(
        interviews=interviews["held"],
        target=interviews["target"],
        people=interviews["participants_total"],
        groups=[{"label": g["label"], "people": g["count"]} for g in interviews["participants_by_group"]],
        first_date=interviews["first_date"],
        last_date=interviews["last_date"],
        workshops=len(workshops),
    )


def _pst(diagnostic: dict) -> dict:
    pst = diagnostic["pst"]
    if not pst["strategic"] and not pst["actions"]:
        return empty()
    objectives = [
        {"code": o["code"], "title": o["title"], "pillar_labels": o["pillar_labels"], "served": o["served"]}
        for o in pst["objectives"]
    ]
    return ok(
        strategic_objectives=pst["strategic"],
        operational_objectives=pst["operational"],
        actions=pst["actions"],
        smart_actions=pst["smart_actions"],
        objectives=objectives,
        unserved=[],
    )


def _interviews(diagnostic: dict) -> dict:
    groups = diagnostic["findings_by_pillar"]
    if not groups:
        return empty()
    pillars = [
        {
            "label": g["label"] or str(_("Not tied to a pillar")),
            "findings": [
                {"kind_label": f["kind_label"], "text": f["summary"], "objective": f["objective"]}
                for f in g["findings"]
            ],
        }
        for g in groups
    ]
    return ok(
        count=diagnostic["interviews"]["held"],
        findings=diagnostic["interviews"]["published_findings"],
        pillars=pillars,
    )


def _inventory(commune: Commune, diagnostic: dict) -> dict:
    from diagnostics.selectors.inventory import inventory_for_commune

    inventory = inventory_for_commune(commune)
    if not inventory.systems:
        return empty()
    systems = [
        {
            "name": s.name,
            "category": str(s.get_category_display()),
            "vendor": s.vendor,
            "status_label": str(s.get_status_display()),
            "yearly_cost": s.yearly_cost,
            "users": s.main_users,
        }
        for s in inventory.systems
    ]
    warnings = []
    for warning in diagnostic["inventory"]["warning_list"]:
        text = WARNING_TEXTS.get(warning["kind"])
        if text is None:
            continue
        warnings.append(
            {
                "kind_label": str(WARNING_LABELS[warning["kind"]]),
                "text": str(text) % {"systems": ", ".join(warning["systems"]), "category": warning["category"]},
            }
        )
    return ok(
        systems=systems,
        exchanges=len(inventory.exchanges),
        manual_exchanges=diagnostic["inventory"]["manual_exchanges"],
        yearly_cost=diagnostic["inventory"]["yearly_cost"],
        warnings=warnings,
    )


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in (text or "").replace("\r\n", "\n").split("\n\n") if p.strip()]


def _lines(text: str) -> list[str]:
    return [line.strip(" -•\t") for line in (text or "").replace("\r\n", "\n").split("\n") if line.strip(" -•\t")]


def _synthesis(diagnostic: dict) -> dict:
    texts = diagnostic["texts"]
    strengths = _lines(texts["strengths"]) or [
        str(_("%(pillar)s (score %(score)s)") % {"pillar": s["label"], "score": round(s["score"])})
        for s in diagnostic["suggested_strengths"]
    ]
    weaknesses = _lines(texts["weaknesses"]) or [
        str(_("%(pillar)s (score %(score)s)") % {"pillar": s["label"], "score": round(s["score"])})
        for s in diagnostic["suggested_weaknesses"]
    ]
    paragraphs = _paragraphs(texts["summary"]) + _paragraphs(texts["existing"])
    differences = [
        str(
            _("%(pillar)s: %(high)s score it %(high_score)s, %(low)s %(low_score)s.")
            % {
                "pillar": d["label"],
                "high": d["high_group"],
                "high_score": round(d["high_score"]),
                "low": d["low_group"],
                "low_score": round(d["low_score"]),
            }
        )
        for d in diagnostic["group_differences"]
    ]
    if not paragraphs and not strengths and not weaknesses:
        return empty()
    return ok(
        paragraphs=paragraphs,
        strengths=strengths,
        weaknesses=weaknesses,
        group_differences=differences,
        radar_svg=diagnostic["maturity"]["radar_svg"],
    )


def diagnostic_data(commune: Commune, diagnostic: dict | None = None) -> dict:
    """The PST analysis, who was met, interview findings, the inventory and the synthesis.

    Returns {"meetings", "pst", "interviews", "inventory", "synthesis"}, each a part:
    meetings ok: interviews, target, people, groups=[{label, people}], first_date, last_date, workshops
    pst ok: strategic_objectives, operational_objectives, actions, smart_actions,
        objectives=[{code, title, pillar_labels, served}]
    interviews ok: count, findings, pillars=[{label, findings=[{kind_label, text, objective}]}]
    inventory ok: systems=[{name, category, vendor, status_label, yearly_cost, users}], exchanges,
        warnings=[{kind_label, text}]
    synthesis ok: paragraphs, strengths=[str], weaknesses=[str], group_differences=[str], radar_svg
    Only published findings and counts by group: no name and no private note reaches the report.
    """
    diagnostic = diagnostic if diagnostic is not None else diagnostic_report(commune)
    return {
        "meetings": _meetings(diagnostic),
        "pst": _pst(diagnostic),
        "interviews": _interviews(diagnostic),
        "inventory": _inventory(commune, diagnostic),
        "synthesis": _synthesis(diagnostic),
    }


def _evidence(need: dict) -> list[dict]:
    """A need's evidence as the report cites it: an interview finding the referent has not published
    does not appear at all (the need's weight still counts its interview)."""
    return [{"kind_label": e["kind_label"], "text": e["label"]} for e in need["evidence"] if not e.get("hidden")]


def needs_data(commune: Commune, diagnostic: dict | None = None) -> dict:
    """The ranked needs with the evidence the report may cite (no unpublished finding).

    ok: needs=[{rank, title, pillar_labels, weight, evidence=[{kind_label, text}]}]
    """
    diagnostic = diagnostic if diagnostic is not None else diagnostic_report(commune)
    if not diagnostic["needs"]:
        return empty()
    return ok(
        needs=[
            {
                "rank": n["rank"],
                "title": n["title"],
                "pillar_labels": n["pillar_labels"],
                "weight": n["weight"],
                "evidence": _evidence(n),
            }
            for n in diagnostic["needs"]
        ]
    )


# roadmaps (issue 5) -----------------------------------------------------------------------------

# The sheet's fields the report prints, in this order. Their labels are the roadmap's own (the columns of
# its export, `roadmaps.selectors.EXPORT_COLUMNS`), so that both name a field the same way.
SHEET_FIELDS = (
    "objectives",
    "function",
    "pst_objectives",
    "people_involved",
    "skills_needed",
    "investment",
    "running_cost",
    "staff_days",
    "funding",
    "feasibility",
    "resources_available",
    "resources_needed",
    "impact",
    "risks",
    "status_label",
)


def sheet_field_labels() -> dict[str, str]:
    """Label of each field of SHEET_FIELDS, and of the payback period, in the active language."""
    from roadmaps.selectors import EXPORT_COLUMNS

    labels = {key: str(label) for key, label in EXPORT_COLUMNS}
    return {key: labels[key] for key in (*SHEET_FIELDS, "roi_payback")}


def _field_value(key: str, value) -> str:
    if value in (None, "", []):
        return ""
    if key in ("investment", "running_cost"):
        return euros(value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _sheet(record: dict, evidence_by_need: dict[str, list], labels: dict[str, str]) -> dict:
    """One sheet's plain data; needs and systems linked to the diagnostic come as lists of titles, free
    notes as text (older roadmaps held the needs as text only)."""
    fields = []
    for key in SHEET_FIELDS:
        value = _field_value(key, record.get(key))
        if key == "pst_objectives" and record.get("pst_objectives_notes"):
            value = "\n".join(filter(None, [value, record["pst_objectives_notes"]]))
        if value:
            fields.append({"label": labels[key], "value": value})
    roi = record.get("roi") or {}
    if roi.get("payback_years") is not None:
        fields.append({"label": labels["roi_payback"], "value": decimal(roi["payback_years"], 1)})
    needs = record.get("needs")
    linked = needs if isinstance(needs, list) else []
    notes = record.get("needs_notes", "") if isinstance(needs, list) else (needs or "")
    return {
        "id": record["id"],
        "title": record["title"],
        "summary": record["summary"],
        "fields": fields,
        "pillar_labels": record["pillars"],
        "prerequisites": record["prerequisites"],
        "systems": list(record.get("exchanges_with") or []),
        "needs": [{"title": title, "evidence": evidence_by_need.get(title, [])} for title in linked],
        "needs_text": notes,
        "priority": record["priority"],
        "priority_label": record["priority_label"],
        "horizon_label": record["horizon_label"],
        "score": record["score"],
    }


def _plan(data: dict, titles: dict[int, str]) -> dict | None:
    from roadmaps.models import Horizon

    plan = data["accepted_plan"]
    if plan is None:
        return None
    budgets = data["budgets"] or {}
    investments = {r["id"]: r["investment"] or 0 for r in data["sheets"]}
    horizons = []
    for code, label in Horizon.choices:
        chosen = [pk for pk, horizon in plan["assignments"].items() if horizon == code]
        horizons.append(
            {
                "label": label,
                "budget": (budgets.get(code) or {}).get("investment"),
                "used": sum(float(investments.get(pk, 0)) for pk in chosen),
                "sheets": [titles[pk] for pk in chosen if pk in titles],
            }
        )
    return {
        "accepted_on": plan["decided_at"],
        "horizons": horizons,
        "excluded": [{"title": titles.get(pk, ""), "reason": reason} for pk, reason in plan["left_out"].items()],
    }


def _strategy(data: dict | None) -> dict:
    """The roadmap's strategy (thematic or generalist, in the referent's words) and its focus pillars."""
    if data is None:
        return empty()
    paragraphs = _paragraphs(data["strategy"])
    if not paragraphs and not data["focus_pillars"]:
        return empty()
    return ok(paragraphs=paragraphs, focus_pillars=data["focus_pillars"])


def _ranking(data: dict, titles: dict[int, str]) -> dict:
    records = data["sheets"]
    if not any(r["score"] is not None for r in records):
        return empty()
    placed = [h for h in data["horizons"] if h["code"] and h["sheet_ids"]]
    budgets = [
        {
            "horizon_label": h["label"],
            "investment": h["investment"],
            "running": h["running_cost"],
            "sheets": len(h["sheet_ids"]),
        }
        for h in placed
    ]
    total = None
    if budgets:
        total = {
            "sheets": sum(b["sheets"] for b in budgets),
            "investment": sum(float(b["investment"] or 0) for b in budgets),
            "running": sum(float(b["running"] or 0) for b in budgets),
        }
    return ok(
        criteria=[{"label": c["name"], "weight": c["share"]} for c in data["criteria"]],
        rows=[
            {
                "rank": r["rank"],
                "title": r["title"],
                "score": r["score"],
                "priority": r["priority"],
                "priority_label": r["priority_label"],
                "horizon_label": r["horizon_label"],
            }
            for r in records
        ],
        timeline_svg=data["timeline_svg"] if placed else "",
        budgets=budgets,
        budget_total=total,
        plan=_plan(data, titles),
    )


def roadmap_data(commune: Commune, diagnostic: dict | None = None) -> dict:
    """The roadmap's strategy, its project sheets and their ranking.

    Returns {"strategy": part, "sheets": part, "ranking": part}.
    strategy ok: paragraphs=[str], focus_pillars=[label]
    sheets ok: sheets=[{id, title, summary, fields=[{label, value}], pillar_labels, prerequisites=[title],
        needs_text, priority_label, horizon_label, score}]
    ranking ok: criteria=[{label, weight}], rows=[{rank, title, score, priority, priority_label, horizon_label}],
        timeline_svg, budgets=[{horizon_label, investment, running, sheets}], budget_total, plan (None or
        {accepted_on, horizons=[{label, budget, used, sheets=[title]}], excluded=[{title, reason}]})
    """
    from roadmaps.selectors import roadmap_for_report

    data = roadmap_for_report(commune)
    strategy = _strategy(data)
    if data is None or not data["sheets"]:
        return {"strategy": strategy, "sheets": empty(), "ranking": empty()}
    records = data["sheets"]
    titles = {r["id"]: r["title"] for r in records}
    evidence_by_need = {need["title"]: _evidence(need) for need in (diagnostic or {}).get("needs", [])}
    labels = sheet_field_labels()
    sheets = ok(sheets=[_sheet(r, evidence_by_need, labels) for r in records])
    return {"strategy": strategy, "sheets": sheets, "ranking": _ranking(data, titles)}


# barometer (issue 7) ----------------------------------------------------------------------------


def _barometer_territory(answer) -> str:
    if answer.territory_mean is not None:
        return str(_("mean %(value)s")) % {"value": decimal(answer.territory_mean, 1)}
    if answer.territory_share is not None:
        return str(_("same answer: %(share)s of the communes")) % {"share": percent(answer.territory_share)}
    return ""


def barometer_data(commune: Commune) -> dict:
    """The commune's latest barometer answers, to be quoted; the standard questions and options in the
    report's language (the commune's own texts as written).

    ok: edition_title, year, answers=[{question, answer, territory}]
    """
    from barometer.question_texts import answer_text, question_label
    from barometer.selectors import latest_answers_for_commune

    latest = latest_answers_for_commune(commune)
    if latest is None or not latest.answers:
        return empty()
    return ok(
        edition_title=latest.edition_title,
        year=latest.edition_year,
        answers=[
            {
                "question": question_label(a.code, a.question),
                "answer": answer_text(a.code, a.kind, a.value, a.answer),
                "territory": _barometer_territory(a),
            }
            for a in latest.answers
        ],
    )


# What the report prints for a part that has no data, whatever the reason.
MISSING_MESSAGES = {
    "introduction": _("The referent has not written an introduction for this report."),
    "accompaniment": _("The accompaniment of this commune has not started yet."),
    "meetings": _("No interview has been recorded yet."),
    "participation": _("No questionnaire campaign has been run yet."),
    "pst": _("The PST has not been analysed yet."),
    "questionnaire": _("No questionnaire results are available yet."),
    "interviews": _("No interview has been recorded yet."),
    "inventory": _("The inventory of existing systems has not been drawn up yet."),
    "synthesis": _("The diagnostic synthesis has not been written yet."),
    "needs": _("No need has been identified yet."),
    "barometer": _("The commune has not answered the territory barometer yet."),
    "strategy": _("The roadmap's strategy has not been written yet."),
    "sheets": _("No project sheet has been written yet."),
    "ranking": _("The project sheets have not been ranked yet."),
}
