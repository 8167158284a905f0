"""Reads of needs: ranked by weight (independent sources), with their evidence as plain data.

`needs_for_commune(commune)` is what the roadmap (needs addressed by a project sheet) and the final
report (ranked needs) call. By default it holds no personal data: an interview finding the referent
has not published is cited without its text.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from communes.models import Commune, Pillar
from diagnostics.evidence import RankedItem, rank_needs, source_counts, source_key
from diagnostics.models import EvidenceKind, Need, NeedEvidence

EVIDENCE_RELATED = ("campaign", "question", "finding__interview", "finding__objective", "idea__workshop", "objective")


@dataclass
class EvidenceData:
    id: int
    kind: str
    kind_label: str
    label: str
    source_key: str
    note: str = ""
    hidden: bool = False
    campaign_id: int | None = None
    question_id: int | None = None
    pillar: str = ""
    finding_id: int | None = None
    interview_id: int | None = None
    idea_id: int | None = None
    workshop_id: int | None = None
    objective_id: int | None = None


@dataclass
class NeedData:
    id: int
    title: str
    description: str
    pillars: list[str]
    pillar_labels: list[str]
    weight: int
    rank: int
    evidence: list[EvidenceData] = field(default_factory=list)
    sources: dict[str, int] = field(default_factory=dict)
    edit_version: int = 1

    @property
    def evidence_count(self) -> int:
        return len(self.evidence)


def _evidence_data(evidence: NeedEvidence, *, show_unpublished: bool) -> EvidenceData:
    kind = evidence.kind
    data = EvidenceData(
        id=evidence.pk,
        kind=kind,
        kind_label=str(EvidenceKind(kind).label),
        label="",
        source_key="",
        note=evidence.note,
        campaign_id=evidence.campaign_id,
        question_id=evidence.question_id,
        pillar=evidence.pillar,
        finding_id=evidence.finding_id,
        idea_id=evidence.idea_id,
        objective_id=evidence.objective_id,
    )
    if kind == EvidenceKind.QUESTION:
        data.label = f"{evidence.campaign.title} — {evidence.question.code} {evidence.question.text}"
    elif kind == EvidenceKind.PILLAR:
        data.label = _("%(campaign)s — score of the pillar “%(pillar)s”") % {
            "campaign": evidence.campaign.title,
            "pillar": Pillar(evidence.pillar).label,
        }
    elif kind == EvidenceKind.FINDING:
        finding = evidence.finding
        data.interview_id = finding.interview_id
        if finding.published or show_unpublished:
            data.label = finding.summary
        else:
            data.label = _("A finding of an interview (not published)")
            data.hidden = True
            data.note = ""
    elif kind == EvidenceKind.IDEA:
        idea = evidence.idea
        data.workshop_id = idea.workshop_id
        data.label = _("%(idea)s — workshop “%(workshop)s”, %(votes)s votes") % {
            "idea": idea.title,
            "workshop": idea.workshop.title,
            "votes": idea.votes,
        }
    elif kind == EvidenceKind.OBJECTIVE:
        data.label = f"{evidence.objective.code} {evidence.objective.title}"
    data.source_key = source_key(
        kind,
        campaign_id=evidence.campaign_id,
        interview_id=data.interview_id,
        workshop_id=data.workshop_id,
        objective_id=evidence.objective_id,
    )
    return data


def _need_data(need: Need, *, show_unpublished: bool) -> NeedData:
    evidence = [_evidence_data(e, show_unpublished=show_unpublished) for e in need.evidence_list]
    keys = [e.source_key for e in evidence]
    return NeedData(
        id=need.pk,
        title=need.title,
        description=need.description,
        pillars=list(need.pillars),
        pillar_labels=need.pillar_labels,
        weight=len(set(keys)),
        rank=0,
        evidence=evidence,
        sources=source_counts(keys),
        edit_version=need.edit_version,
    )


def _with_evidence(queryset):
    return queryset.prefetch_related(
        Prefetch(
            "evidence",
            queryset=NeedEvidence.objects.select_related(*EVIDENCE_RELATED).order_by("kind", "pk"),
            to_attr="evidence_list",
        )
    )


def needs_for_commune(commune: Commune, *, show_unpublished: bool = False) -> list[NeedData]:
    """The commune's needs (merged ones left out), heaviest first, with their evidence (two queries).

    Weight: the number of independent sources (each interview, questionnaire campaign, workshop and
    PST objective counts once; see `diagnostics.evidence`). `show_unpublished` is for the referent's
    and the staff's pages only: it reveals the text of unpublished interview findings.
    """
    needs = _with_evidence(Need.objects.filter(commune=commune, merged_at__isnull=True))
    data = {n.pk: _need_data(n, show_unpublished=show_unpublished) for n in needs}
    ranked = rank_needs([RankedItem(d.id, d.title, d.weight, d.evidence_count) for d in data.values()])
    result = []
    for item in ranked:
        need = data[item.id]
        need.rank = item.rank
        result.append(need)
    return result


def need_detail(need: Need, *, show_unpublished: bool) -> NeedData:
    (loaded,) = _with_evidence(Need.objects.filter(pk=need.pk))
    return _need_data(loaded, show_unpublished=show_unpublished)


def merged_needs(need: Need) -> list[Need]:
    """The needs merged into this one (their trace)."""
    return list(Need.objects.filter(merged_into=need).select_related("merged_by").order_by("-merged_at"))


def current_need_ids(need_ids) -> set[int]:
    """The needs as they stand now: a merged need gives way to the need it was merged into (one query).

    Merges are flattened (a need merged into a merged need points to the last one), so one step is enough.
    """
    return set(
        Need.objects.filter(pk__in=list(need_ids))
        .annotate(current=Coalesce("merged_into_id", "pk"))
        .values_list("current", flat=True)
    )


def current_needs_prefetch(lookup: str = "needs") -> Prefetch:
    """Prefetch of linked needs with the need each merged one went into, for `current_need_titles`."""
    return Prefetch(lookup, queryset=Need.objects.select_related("merged_into").order_by("title", "pk"))


def current_need_titles(needs) -> list[str]:
    """Titles of linked needs as they stand now (merged ones named by the need they went into), once each."""
    return list(dict.fromkeys((need.merged_into or need).title for need in needs))


def open_needs_queryset(commune: Commune):
    """Needs that can receive evidence or be merged into (for form choices)."""
    return Need.objects.filter(commune=commune, merged_at__isnull=True).order_by("title", "pk")
