"""Reads for communes: querysets with their joins and annotations already applied."""

import functools

from django.contrib.auth import get_user_model
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    DateTimeField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from communes.access import communes_for_user
from communes.dashboard import dashboard_annotations
from communes.models import (
    ACTIVITY_VERB_LABELS,
    AccompanimentStatus,
    Activity,
    ActivityVerb,
    Commune,
    Invitation,
    Membership,
    Milestone,
    Phase,
    Province,
)
from smartregion import memo
from smartregion.collation import french

PHASE_RANK = Case(
    When(accompaniment__phase=Phase.DIAGNOSTIC, then=Value(1)),
    When(accompaniment__phase=Phase.ROADMAP, then=Value(2)),
    When(accompaniment__phase=Phase.REPORT, then=Value(3)),
    When(accompaniment__phase=Phase.FOLLOW_UP, then=Value(4)),
    default=Value(0),
    output_field=IntegerField(),
)


def _count(queryset) -> Subquery:
    return Subquery(
        queryset.order_by().values("accompaniment__commune").annotate(n=Count("pk")).values("n")[:1],
        output_field=IntegerField(),
    )


def commune_overview_list(user) -> QuerySet[Commune]:
    """The communes a user may read, each with where its accompaniment stands.

    One query whatever the number of communes: progress, next milestone, late flag and last activity
    are subqueries, and so are the columns other apps register in `communes.dashboard`.
    """
    return _overview_annotated(timezone.localdate(), tuple(dashboard_annotations())) & communes_for_user(user)


@functools.lru_cache(maxsize=4)
def _overview_annotated(today, annotations) -> QuerySet[Commune]:
    """Every commune with the dashboard's annotations as of `today`, built once per day and per set of
    registered columns: resolving a dozen subqueries is most of the cost of building the page's query, and
    a queryset is never changed in place (each use below clones it; this one is never evaluated)."""
    milestones = Milestone.objects.filter(accompaniment__commune=OuterRef("pk"))
    open_milestones = milestones.filter(completed_on__isnull=True).order_by("due_date", "pk")
    queryset = (
        Commune.objects.select_related("territory", "accompaniment")
        .annotate(
            milestones_total=Coalesce(_count(milestones), 0),
            milestones_done=Coalesce(_count(milestones.filter(completed_on__isnull=False)), 0),
            next_milestone_title=Subquery(open_milestones.values("title")[:1]),
            next_milestone_due=Subquery(open_milestones.values("due_date")[:1], output_field=DateField()),
            overdue_milestones=Coalesce(_count(milestones.filter(completed_on__isnull=True, due_date__lt=today)), 0),
            last_activity_at=Subquery(
                Activity.objects.filter(commune=OuterRef("pk")).order_by("-created_at").values("created_at")[:1],
                output_field=DateTimeField(),
            ),
            phase_rank=PHASE_RANK,
        )
        .annotate(
            progress=Case(
                When(milestones_total=0, then=Value(0)),
                default=ExpressionWrapper(F("milestones_done") * 100 / F("milestones_total"), IntegerField()),
                output_field=IntegerField(),
            ),
            is_late=Case(
                When(Q(overdue_milestones__gt=0), then=Value(True)),
                When(
                    Q(accompaniment__planned_end_date__lt=today) & ~Q(accompaniment__status="completed"),
                    then=Value(True),
                ),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
    )
    for annotate in annotations:
        queryset = annotate(queryset)
    return queryset


def overview_rows(communes) -> list[Commune]:
    """The dashboard's page of communes, ready for its table: each gets `detail_url`, `province_label` and
    `current_accompaniment` (None when not started), with `phase_label` and `status_label` on it.

    The table has a row per commune: one reverse, and one translation per choice, serve every row, and the
    template never looks up a missing accompaniment (a failed lookup costs the engine a `dir()`).
    """
    url_of = reverse("communes:commune-detail", kwargs={"slug": "__slug__"})
    provinces = {value: str(label) for value, label in Province.choices}
    phases = {value: str(label) for value, label in Phase.choices}
    statuses = {value: str(label) for value, label in AccompanimentStatus.choices}
    rows = list(communes)
    for commune in rows:
        commune.detail_url = url_of.replace("__slug__", commune.slug)
        commune.province_label = provinces.get(commune.province, commune.province)
        accompaniment = getattr(commune, "accompaniment", None)
        if accompaniment is not None:
            accompaniment.phase_label = phases.get(accompaniment.phase, accompaniment.phase)
            accompaniment.status_label = statuses.get(accompaniment.status, accompaniment.status)
        commune.current_accompaniment = accompaniment
    return rows


# Their subject is an invitee's e-mail address: only those who manage the commune see it.
INVITATION_VERBS = (ActivityVerb.PERSON_INVITED, ActivityVerb.INVITATION_REVOKED, ActivityVerb.INVITATION_RESENT)


def commune_milestones(commune: Commune) -> list[Milestone]:
    """The milestones of the commune's accompaniment, in date order (one query, once per page)."""
    return memo.once(
        ("communes.milestones", commune.pk), lambda: list(Milestone.objects.filter(accompaniment__commune=commune))
    )


def commune_detail(commune: Commune, *, show_invitees: bool = False) -> dict:
    """Everything the commune page shows, in a fixed number of queries."""
    accompaniment = getattr(commune, "accompaniment", None)
    milestones = commune_milestones(commune) if accompaniment else []
    members = list(
        Membership.objects.filter(commune=commune).select_related("user").order_by("role", "user__last_name")
    )
    activities = list(Activity.objects.filter(commune=commune).select_related("actor")[:15])
    if not show_invitees:
        for activity in activities:
            if activity.verb in INVITATION_VERBS:
                activity.subject = ""
    return {
        "accompaniment": accompaniment,
        "milestones": milestones,
        "members": members,
        "activities": activities,
        "today": timezone.localdate(),
    }


def commune_with_accompaniment(queryset=None) -> QuerySet[Commune]:
    return (queryset or Commune.objects).select_related("territory", "accompaniment")


def pending_invitations(*, territory=None, commune=None) -> QuerySet[Invitation]:
    invitations = Invitation.objects.filter(accepted_at__isnull=True, revoked_at__isnull=True).select_related(
        "commune", "invited_by"
    )
    if territory is not None:
        invitations = invitations.filter(territory=territory)
    if commune is not None:
        invitations = invitations.filter(commune=commune)
    return invitations


def territory_people(territory) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(territory=territory)
        .select_related("user", "commune")
        .order_by("role", french("commune__name"), "user__last_name", "user__username")
    )


def territory_activity(territory) -> QuerySet[Activity]:
    """The territory's audit trail, newest first: its communes' records and its own (no commune)."""
    return Activity.objects.filter(territory=territory).select_related("actor", "commune")


def territory_activity_actors(territory) -> QuerySet:
    """The people who did something in the territory, for the feed's filter."""
    actor_ids = Activity.objects.filter(territory=territory, actor__isnull=False).values("actor_id")
    return get_user_model().objects.filter(pk__in=actor_ids).order_by("last_name", "first_name", "pk")


def activity_verb_choices() -> list[tuple[str, str]]:
    """Every verb the apps registered, by label in the reader's language, in French order (É among the E)."""
    from smartregion.collation import french_key

    return sorted(((verb, str(label)) for verb, label in ACTIVITY_VERB_LABELS.items()), key=lambda c: french_key(c[1]))


def activity_of_account(*, territory_id: int, email: str) -> list[dict]:
    """What the account with this e-mail address did in the territory, for a person's data export.

    Invitees' addresses (the subject of invitation records) are left out: they are other people's data.
    """
    if not email:
        return []
    records = Activity.objects.filter(territory_id=territory_id, actor__email__iexact=email).select_related("commune")
    return [
        {
            "when": activity.created_at.isoformat(),
            "commune": activity.commune.name if activity.commune else None,
            "action": activity.get_verb_display(),
            "subject": "" if activity.verb in INVITATION_VERBS else activity.subject,
            "changed_fields": activity.changed_field_labels(),
        }
        for activity in records
    ]
