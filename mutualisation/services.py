"""Changing shared projects, their members and shares, and the purchasing catalogue.

Every service takes `actor=` and writes the audit trail (communes.services.audit_record). A member's
share lands in its commune's roadmap as a project sheet written through roadmaps' own services, so the
plan, the ranking, the ROI and the final report use the share without knowing about mutualisation.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from communes.models import Commune, Territory
from communes.services import audit_changes, audit_record
from mutualisation import split
from mutualisation.models import (
    SHARING_STATUSES,
    FrameworkAgreement,
    FrameworkLot,
    MemberStatus,
    MutualisationVerb,
    SharedProject,
    SharedProjectCosts,
    SharedProjectMember,
    SplitRule,
)
from projects.services import start_project
from roadmaps.models import FunctionCategory, ProjectTemplate, SheetStatus
from roadmaps.selectors import roadmap_of
from roadmaps.services.sheets import sheet_create, sheet_update
from smartregion.concurrency import edit_version_save
from smartregion.errors import ServiceError
from smartregion.money import euros

ERROR_TITLE_REQUIRED = _("Give the shared project a title.")
ERROR_TWO_MEMBERS = _("Choose at least two member communes.")
ERROR_OUTSIDE = _("Choose communes of the territory.")
ERROR_NEGATIVE = _("An amount cannot be negative.")
ERROR_POPULATION_MISSING = _(
    "The population of %(names)s is not known: enter it on the commune's page, or choose another split rule."
)
ERROR_USERS_MISSING = _("Give the number of users of every member commune (%(names)s missing).")
ERROR_USERS_ZERO = _("At least one member commune must have users.")
ERROR_PERCENTAGES = _("Custom percentages must be given for every member commune and add up to exactly 100 %.")
ERROR_NOT_PROPOSED = _("This commune has already answered.")
ERROR_NOT_MEMBER = _("This commune no longer takes part in the project.")
ERROR_LAST_MEMBER = _("The last member cannot leave: the project would have nobody to carry its cost.")
ERROR_DATES = _("The end of validity must come after its start.")
ERROR_NO_ACCEPTED = _("No member commune has accepted the project yet.")
ERROR_SHEET_EXISTS = _("The commune's roadmap already carries its share.")
ERROR_NO_ROADMAP = _("The commune has no roadmap yet: start it first.")
ERROR_ALREADY_MEMBER = _("This commune is already asked to take part.")


@dataclass
class MemberInput:
    """A commune proposed as member, with what its split rule needs."""

    commune: Commune
    users: int | None = None
    percentage: Decimal | None = None


@dataclass
class SharedProjectInput:
    title: str
    investment: Decimal
    running_cost: Decimal
    split_rule: str
    members: list[MemberInput]
    description: str = ""
    function_category: str = FunctionCategory.OTHER
    lead_commune: Commune | None = None
    horizon: str = ""
    template: ProjectTemplate | None = None


def _names(communes: Iterable[Commune]) -> str:
    return ", ".join(commune.name for commune in communes)


def _weights(rule: str, members: list[SharedProjectMember]) -> list:
    """The weight of each member under `rule`; ServiceError naming what is missing."""
    if rule == SplitRule.EQUAL:
        return [1] * len(members)
    if rule == SplitRule.POPULATION:
        missing = [m.commune for m in members if not m.commune.population]
        if missing:
            raise ServiceError(ERROR_POPULATION_MISSING % {"names": _names(missing)}, field="split_rule")
        return [m.commune.population for m in members]
    if rule == SplitRule.USERS:
        missing = [m.commune for m in members if m.users is None]
        if missing:
            raise ServiceError(ERROR_USERS_MISSING % {"names": _names(missing)}, field="users")
        if not any(m.users for m in members):
            raise ServiceError(ERROR_USERS_ZERO, field="users")
        return [m.users for m in members]
    if any(m.percentage is None for m in members) or not any(m.percentage for m in members):
        raise ServiceError(ERROR_PERCENTAGES, field="percentages")
    # After a member leaves, the others' percentages no longer add up to 100: they keep their proportions.
    return [m.percentage for m in members]


def split_amount(rule: str, members: list[SharedProjectMember], amount: Decimal) -> dict[int, Decimal]:
    """commune id → its part of `amount` under the split `rule`, in cents (`split.split_cents`), the members
    in alphabetical order as for the shares: the parts add up exactly to `amount`. Funding splits a shared
    project's grant with it. ServiceError when the rule lacks a figure."""
    ordered = sorted(members, key=lambda m: (m.commune.name, m.commune_id))
    cents = split.split_cents(split.to_cents(amount), _weights(rule, ordered))
    return {member.commune_id: split.to_euros(part) for member, part in zip(ordered, cents, strict=True)}


def compute_shares(costs: SharedProjectCosts, members: list[SharedProjectMember]) -> dict[int, tuple[Decimal, Decimal]]:
    """commune id → (investment share, running cost share) of the members carrying the cost (in list order)."""
    investment = split_amount(costs.split_rule, members, costs.investment)
    running = split_amount(costs.split_rule, members, costs.running_cost)
    return {commune_id: (part, running[commune_id]) for commune_id, part in investment.items()}


def _check_input(territory: Territory, data: SharedProjectInput) -> None:
    if not data.title.strip():
        raise ServiceError(ERROR_TITLE_REQUIRED, field="title")
    if data.investment < 0 or data.running_cost < 0:
        raise ServiceError(ERROR_NEGATIVE, field="investment")
    communes = [m.commune for m in data.members]
    if len({c.pk for c in communes}) < 2:
        raise ServiceError(ERROR_TWO_MEMBERS, field="communes")
    lead = [data.lead_commune] if data.lead_commune is not None else []
    if any(c.territory_id != territory.pk for c in communes + lead):
        raise ServiceError(ERROR_OUTSIDE, field="communes")
    if data.split_rule == SplitRule.CUSTOM and not split.percentages_valid([m.percentage for m in data.members]):
        raise ServiceError(ERROR_PERCENTAGES, field="percentages")


@transaction.atomic
def shared_project_create(*, actor, territory: Territory, data: SharedProjectInput) -> SharedProject:
    """Create a shared project and propose it to its member communes.

    1. Check the title, the amounts, the members (two at least, of the territory) and the split rule's data.
    2. Create the project, its costs and one proposed member per commune.
    3. Compute every member's share (ServiceError, nothing saved, when the rule lacks a figure).
    4. Record the creation at the territory and the proposal in each member commune.
    """
    _check_input(territory, data)
    project = SharedProject.objects.create(
        territory=territory,
        title=data.title.strip()[:200],
        description=data.description,
        function_category=data.function_category,
        lead_commune=data.lead_commune,
    )
    costs = SharedProjectCosts.objects.create(
        shared_project=project,
        investment=data.investment,
        running_cost=data.running_cost,
        split_rule=data.split_rule,
        horizon=data.horizon,
        template=data.template,
    )
    members = SharedProjectMember.objects.bulk_create(
        SharedProjectMember(shared_project=project, commune=m.commune, users=m.users, percentage=m.percentage)
        for m in data.members
    )
    for member, given in zip(members, data.members, strict=True):
        member.commune = given.commune
    _apply_shares(project, costs, members)
    audit_record(actor=actor, territory=territory, verb=MutualisationVerb.SHARED_PROJECT_CREATED, subject=project.title)
    for member in members:
        audit_record(actor=actor, commune=member.commune, verb=MutualisationVerb.MEMBER_PROPOSED, subject=project.title)
    return project


def _apply_shares(project: SharedProject, costs: SharedProjectCosts, members: list[SharedProjectMember]) -> dict:
    """Store the shares of the sharing members (zero for the others); return the changes per commune name."""
    sharing = [m for m in members if m.status in SHARING_STATUSES]
    shares = compute_shares(costs, sharing) if sharing else {}
    changes = {}
    for member in members:
        investment, running = shares.get(member.commune_id, (Decimal("0.00"), Decimal("0.00")))
        if (member.investment_share, member.running_cost_share) != (investment, running):
            changes[member.commune.name] = {
                "before": [str(member.investment_share), str(member.running_cost_share)],
                "after": [str(investment), str(running)],
            }
        member.investment_share, member.running_cost_share = investment, running
    SharedProjectMember.objects.bulk_update(members, ["investment_share", "running_cost_share"])
    return changes


def costs_of(project: SharedProject) -> SharedProjectCosts:
    """The project's costs; a project made elsewhere without them starts at zero, split equally."""
    costs, _created = SharedProjectCosts.objects.get_or_create(
        shared_project=project, defaults={"split_rule": SplitRule.EQUAL}
    )
    return costs


def _members(project: SharedProject) -> list[SharedProjectMember]:
    return list(
        SharedProjectMember.objects.select_for_update(of=("self",))
        .filter(shared_project=project)
        .select_related("commune", "sheet")
        .order_by("commune__name", "pk")
    )


def _recompute(*, project: SharedProject, actor, reason: str) -> list[SharedProjectMember]:
    """Shares again after a change of members: stored, recorded (before/after per commune), sheets updated."""
    costs = costs_of(project)
    members = _members(project)
    changes = _apply_shares(project, costs, members)
    if changes:
        audit_record(
            actor=actor,
            territory=project.territory,
            verb=MutualisationVerb.SHARES_RECOMPUTED,
            subject=f"{project.title} — {reason}",
            changes={"model": "mutualisation.sharedprojectmember", "fields": changes},
        )
    for member in members:
        if member.status == MemberStatus.ACCEPTED:
            _sheet_sync(member, project=project, costs=costs, actor=actor)
    return members


def _sheet_summary(project: SharedProject, costs: SharedProjectCosts, member: SharedProjectMember) -> str:
    text = gettext(
        "Shared project of the territory: this sheet carries the commune's share (%(share)s of an investment of "
        "%(total)s; running cost %(running)s of %(total_running)s a year), split %(rule)s."
    ) % {
        "share": euros(member.investment_share, 2),
        "total": euros(costs.investment, 2),
        "running": euros(member.running_cost_share, 2),
        "total_running": euros(costs.running_cost, 2),
        "rule": costs.get_split_rule_display().lower(),
    }
    return f"{project.description}\n\n{text}".strip()


def _sheet_sync(member: SharedProjectMember, *, project: SharedProject, costs: SharedProjectCosts, actor) -> None:
    """The member's sheet carries its share: created in its roadmap when it has one, else updated."""
    fields = {
        "title": project.title,
        "investment": member.investment_share,
        "running_cost": member.running_cost_share,
        "summary": _sheet_summary(project, costs, member),
    }
    if member.sheet is None:
        roadmap = roadmap_of(member.commune)
        if roadmap is None:
            return
        fields.update(function_category=project.function_category, horizon=costs.horizon)
        member.sheet = sheet_create(roadmap=roadmap, actor=actor, fields=fields, template=costs.template)
        member.save(update_fields=["sheet"])
        return
    sheet = member.sheet
    if sheet.status == SheetStatus.ABANDONED:  # a commune that left and joined again
        fields["status"] = SheetStatus.PROPOSED
    if all(getattr(sheet, name) == value for name, value in fields.items()):
        return
    sheet_update(sheet=sheet, actor=actor, fields=fields, expected_version=sheet.version)


@transaction.atomic
def member_answer(*, member: SharedProjectMember, actor, accept: bool) -> SharedProjectMember:
    """A member commune accepts or declines the proposal.

    1. Refuse a member that already answered.
    2. Store the answer; accepting puts the share in the commune's roadmap as a sheet (when it has a
       roadmap), declining recomputes the others' shares.
    3. Record the answer in the commune.
    """
    member = SharedProjectMember.objects.select_for_update(of=("self",)).select_related("commune").get(pk=member.pk)
    if member.status != MemberStatus.PROPOSED:
        raise ServiceError(ERROR_NOT_PROPOSED)
    member.status = MemberStatus.ACCEPTED if accept else MemberStatus.DECLINED
    member.answered_at = timezone.now()
    member.answered_by = actor
    member.save(update_fields=["status", "answered_at", "answered_by"])
    project = member.shared_project
    verb = MutualisationVerb.MEMBER_ACCEPTED if accept else MutualisationVerb.MEMBER_DECLINED
    audit_record(actor=actor, commune=member.commune, verb=verb, subject=project.title)
    if accept:
        costs = costs_of(project)
        _sheet_sync(member, project=project, costs=costs, actor=actor)
    else:
        _recompute(project=project, actor=actor, reason=gettext("%(name)s declined") % {"name": member.commune.name})
    member.refresh_from_db()
    return member


@transaction.atomic
def member_leave(*, member: SharedProjectMember, actor) -> SharedProjectMember:
    """A commune leaves the project: its sheet is abandoned, the others' shares are recomputed and recorded."""
    project = member.shared_project
    members = _members(project)
    member = next(m for m in members if m.pk == member.pk)
    if member.status not in SHARING_STATUSES:
        raise ServiceError(ERROR_NOT_MEMBER)
    if sum(1 for m in members if m.status in SHARING_STATUSES) <= 1:
        raise ServiceError(ERROR_LAST_MEMBER)
    member.status = MemberStatus.LEFT
    member.save(update_fields=["status"])
    if member.sheet is not None and member.sheet.status != SheetStatus.ABANDONED:
        sheet_update(
            sheet=member.sheet,
            actor=actor,
            fields={"status": SheetStatus.ABANDONED},
            expected_version=member.sheet.version,
        )
    audit_record(actor=actor, commune=member.commune, verb=MutualisationVerb.MEMBER_LEFT, subject=project.title)
    _recompute(project=project, actor=actor, reason=gettext("%(name)s left") % {"name": member.commune.name})
    member.refresh_from_db()
    return member


@transaction.atomic
def projects_start(*, shared_project: SharedProject, actor) -> list:
    """An operational project for every accepted member that has none yet, from its sheet when it has one."""
    members = [m for m in _members(shared_project) if m.status == MemberStatus.ACCEPTED]
    if not members:
        raise ServiceError(ERROR_NO_ACCEPTED)
    started = []
    for member in members:
        if member.project_id is not None:
            continue
        project = start_project(actor=actor, commune=member.commune, sheet=member.sheet, title=shared_project.title)
        member.project = project
        member.save(update_fields=["project"])
        started.append(project)
    audit_record(
        actor=actor,
        territory=shared_project.territory,
        verb=MutualisationVerb.PROJECTS_STARTED,
        subject=shared_project.title,
    )
    return started


@transaction.atomic
def framework_create(*, actor, territory: Territory, fields: dict, lots: list[dict]) -> FrameworkAgreement:
    """Add a framework agreement, and its lots, to the territory's purchasing catalogue."""
    if fields["valid_until"] < fields["valid_from"]:
        raise ServiceError(ERROR_DATES, field="valid_until")
    agreement = FrameworkAgreement.objects.create(territory=territory, **fields)
    FrameworkLot.objects.bulk_create(
        FrameworkLot(agreement=agreement, number=number, **lot) for number, lot in enumerate(lots, start=1)
    )
    audit_record(actor=actor, territory=territory, verb=MutualisationVerb.FRAMEWORK_CREATED, subject=agreement.title)
    return agreement


@transaction.atomic
def member_sheet_add(*, member: SharedProjectMember, actor) -> SharedProjectMember:
    """Put an accepted member's share in its roadmap once the commune has one (it had none when it accepted)."""
    member = (
        SharedProjectMember.objects.select_for_update(of=("self",)).select_related("commune", "sheet").get(pk=member.pk)
    )
    if member.status != MemberStatus.ACCEPTED:
        raise ServiceError(ERROR_NOT_MEMBER)
    if member.sheet is not None:
        raise ServiceError(ERROR_SHEET_EXISTS)
    if roadmap_of(member.commune) is None:
        raise ServiceError(ERROR_NO_ROADMAP)
    project = member.shared_project
    _sheet_sync(member, project=project, costs=costs_of(project), actor=actor)
    return member


@transaction.atomic
def member_propose(*, shared_project: SharedProject, actor, commune: Commune, users=None, percentage=None):
    """Propose the project to one more commune of the territory; the shares are recomputed with it.

    A commune that declined or left is asked again (its row goes back to "proposed").
    """
    if commune.territory_id != shared_project.territory_id:
        raise ServiceError(ERROR_OUTSIDE, field="commune")
    member = SharedProjectMember.objects.filter(shared_project=shared_project, commune=commune).first()
    if member is not None and member.status in SHARING_STATUSES:
        raise ServiceError(ERROR_ALREADY_MEMBER, field="commune")
    if member is None:
        member = SharedProjectMember(shared_project=shared_project, commune=commune)
    member.status, member.users, member.percentage = MemberStatus.PROPOSED, users, percentage
    member.answered_at = member.answered_by = None
    member.save()
    audit_record(actor=actor, commune=commune, verb=MutualisationVerb.MEMBER_PROPOSED, subject=shared_project.title)
    _recompute(project=shared_project, actor=actor, reason=gettext("%(name)s asked to join") % {"name": commune.name})
    return member


@transaction.atomic
def shared_project_update(
    *, shared_project: SharedProject, actor, fields: dict, edit_version: int | None = None
) -> SharedProject:
    """Change a shared project's title, description, totals, split rule or horizon.

    1. Check the title and the amounts.
    2. Save the costs unless someone saved them since `edit_version` (EditConflict), and the texts.
    3. Recompute every member's share under the rule (ServiceError, nothing saved, when it lacks a figure)
       and update the members' sheets; record the change with its before/after values.
    """
    if not (fields.get("title") or "").strip():
        raise ServiceError(ERROR_TITLE_REQUIRED, field="title")
    if fields["investment"] < 0 or fields["running_cost"] < 0:
        raise ServiceError(ERROR_NEGATIVE, field="investment")
    costs = costs_of(shared_project)
    cost_fields = {name: fields[name] for name in ("investment", "running_cost", "split_rule", "horizon")}
    text_fields = {"title": fields["title"].strip()[:200], "description": fields.get("description", "")}
    changes = audit_changes(costs, cost_fields)
    texts = audit_changes(shared_project, text_fields)
    if texts:
        merged = {**changes.get("fields", {}), **texts["fields"]}
        changes = {"model": changes.get("model", texts["model"]), "fields": merged}
    for name, value in cost_fields.items():
        setattr(costs, name, value)
    edit_version_save(costs, edit_version=edit_version, update_fields=list(cost_fields))
    for name, value in text_fields.items():
        setattr(shared_project, name, value)
    shared_project.save(update_fields=[*text_fields, "updated_at"])
    _recompute(project=shared_project, actor=actor, reason=gettext("project changed"))
    audit_record(
        actor=actor,
        territory=shared_project.territory,
        verb=MutualisationVerb.SHARED_PROJECT_UPDATED,
        subject=shared_project.title,
        changes=changes,
    )
    return shared_project
