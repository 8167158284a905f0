"""Reads of interviews and findings.

Functions named `*_for_report` or returning plain data hold no personal data (no names, no notes,
only published findings): they are what the Collège and the final report may see.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Count, Max, Prefetch, Q

from communes.models import Commune, Pillar, Role
from diagnostics.models import (
    Diagnostic,
    Finding,
    FindingKind,
    Interview,
    InterviewParticipant,
    InterviewStatus,
    ParticipantGroup,
)
from diagnostics.models.workspace import DEFAULT_INTERVIEW_TARGET
from smartregion import memo


def diagnostic_of(commune: Commune) -> Diagnostic:
    """The commune's Diagnostic row, or an unsaved one with the defaults (reading never creates it)."""
    return Diagnostic.objects.filter(commune=commune).first() or Diagnostic(commune=commune)


@dataclass
class InterviewProgress:
    held: int
    planned: int
    target: int

    @property
    def percent(self) -> int:
        return min(100, round(self.held * 100 / self.target)) if self.target else 0

    @property
    def reached(self) -> bool:
        return self.held >= self.target


def interview_progress(commune: Commune) -> InterviewProgress:
    """Interviews held and planned against the target (one query, once per page: the commune page's next
    steps and its diagnostic card both use it)."""
    return memo.once(("diagnostics.interview_progress", commune.pk), lambda: _interview_progress(commune))


def _interview_progress(commune: Commune) -> InterviewProgress:
    # One query: the diagnostic is one per commune (OneToOne), so joining it never multiplies the interviews.
    row = Commune.objects.filter(pk=commune.pk).aggregate(
        held=Count("interviews", filter=Q(interviews__status=InterviewStatus.HELD)),
        planned=Count("interviews", filter=Q(interviews__status=InterviewStatus.PLANNED)),
        target=Max("diagnostic__interview_target"),
    )
    return InterviewProgress(held=row["held"], planned=row["planned"], target=row["target"] or DEFAULT_INTERVIEW_TARGET)


def interview_list(commune: Commune):
    """Interviews with participants, interviewers and finding counts (three queries)."""
    return (
        Interview.objects.filter(commune=commune)
        .annotate(finding_count=Count("findings", distinct=True))
        .prefetch_related(
            Prefetch("participants", queryset=InterviewParticipant.objects.order_by("position", "pk")),
            "interviewer_users",
        )
        .order_by("held_on", "start_time", "pk")
    )


def interview_detail(interview: Interview) -> dict:
    findings = list(Finding.objects.filter(interview=interview).select_related("objective").order_by("position", "pk"))
    return {
        "participants": list(interview.participants.order_by("position", "pk")),
        "interviewer_users": list(interview.interviewer_users.all()),
        "findings": findings,
    }


def findings_for_commune(commune: Commune, *, published_only: bool, pillar: str = "", kind: str = "") -> list[Finding]:
    """Findings with their interview and objective; only published ones for college members."""
    findings = Finding.objects.filter(commune=commune).select_related("interview", "objective")
    if published_only:
        findings = findings.filter(published=True)
    if kind:
        findings = findings.filter(kind=kind)
    result = list(findings.order_by("interview__held_on", "interview_id", "position", "pk"))
    if pillar:
        result = [f for f in result if pillar in f.pillars]
    return result


def participants_by_group(commune: Commune, *, held_only: bool = True) -> list[tuple[str, str, int]]:
    """Who was met, counted by group — never by name: (group, label, count), one query."""
    participants = InterviewParticipant.objects.filter(interview__commune=commune)
    if held_only:
        participants = participants.filter(interview__status=InterviewStatus.HELD)
    counts = dict(participants.order_by().values("group").annotate(n=Count("pk")).values_list("group", "n"))
    return [(value, str(label), counts[value]) for value, label in ParticipantGroup.choices if counts.get(value)]


@dataclass
class FindingsByPillar:
    pillar: str
    label: str
    findings: list[dict] = field(default_factory=list)


def findings_for_report(commune: Commune) -> list[FindingsByPillar]:
    """Published findings grouped by pillar, as plain data without names or notes (one query).

    A finding tagged with several pillars appears under each; untagged findings come last.
    """
    published = list(
        Finding.objects.filter(commune=commune, published=True)
        .select_related("objective")
        .order_by("interview__held_on", "interview_id", "position", "pk")
    )
    kinds = dict(FindingKind.choices)
    groups = {value: FindingsByPillar(value, str(label)) for value, label in Pillar.choices}
    untagged = FindingsByPillar("", "")
    for finding in published:
        item = {
            "id": finding.pk,
            "kind": finding.kind,
            "kind_label": str(kinds[finding.kind]),
            "summary": finding.summary,
            "objective": finding.objective.code if finding.objective else "",
            "objective_title": finding.objective.title if finding.objective else "",
        }
        targets = [groups[p] for p in finding.pillars if p in groups] or [untagged]
        for target in targets:
            target.findings.append(item)
    result = [g for g in groups.values() if g.findings]
    if untagged.findings:
        result.append(untagged)
    return result


@dataclass
class InterviewsForReport:
    held: int
    planned: int
    target: int
    total_minutes: int
    participants_by_group: list[tuple[str, str, int]]
    participants_total: int
    findings_by_kind: dict[str, int]
    published_findings: int
    first_date: object = None
    last_date: object = None


def interviews_for_report(commune: Commune) -> InterviewsForReport:
    """Who was met and how much was heard, in counts only (four queries)."""
    progress = interview_progress(commune)
    held = Interview.objects.filter(commune=commune, status=InterviewStatus.HELD)
    dates = list(held.order_by("held_on").values_list("held_on", "duration_minutes"))
    groups = participants_by_group(commune)
    findings = Counter(
        dict(
            Finding.objects.filter(commune=commune, interview__status=InterviewStatus.HELD)
            .order_by()
            .values("kind")
            .annotate(n=Count("pk"))
            .values_list("kind", "n")
        )
    )
    published = Finding.objects.filter(commune=commune, published=True).count()
    return InterviewsForReport(
        held=progress.held,
        planned=progress.planned,
        target=progress.target,
        total_minutes=sum(minutes for _day, minutes in dates),
        participants_by_group=groups,
        participants_total=sum(count for _g, _l, count in groups),
        findings_by_kind={str(label): findings[value] for value, label in FindingKind.choices if findings[value]},
        published_findings=published,
        first_date=dates[0][0] if dates else None,
        last_date=dates[-1][0] if dates else None,
    )


def interviewer_candidates(commune: Commune):
    """Who may be an interviewer with an account: the commune's staff and the referents of its territory."""
    return (
        get_user_model()
        .objects.filter(
            Q(memberships__commune=commune, memberships__role=Role.STAFF)
            | Q(memberships__role=Role.REFERENT, memberships__territory_id=commune.territory_id)
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )
