"""Who may see or change what, for territories and communes.

Levels: READ (college members and above), CONTRIBUTE (commune staff and above), MANAGE (referent).
Objects outside a user's reach raise Http404, so nothing leaks that they exist; objects a user may
read but not change raise PermissionDenied.
"""

from enum import IntEnum

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from communes.models import Commune, Invitation, Membership, Role, Territory


class Level(IntEnum):
    READ = 1
    CONTRIBUTE = 2
    MANAGE = 3


ROLE_LEVEL = {Role.COLLEGE: Level.READ, Role.STAFF: Level.CONTRIBUTE, Role.REFERENT: Level.MANAGE}


def _memberships(user) -> list[Membership]:
    """The user's memberships, read once per user object (one query per request)."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_smartregion_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user))
        user._smartregion_memberships = cached
    return cached


def referent_territory_ids(user) -> set[int]:
    return {m.territory_id for m in _memberships(user) if m.role == Role.REFERENT}


def commune_level(user, commune: Commune) -> Level | None:
    """The highest level the user holds on this commune, or None."""
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        return Level.MANAGE
    levels = [
        ROLE_LEVEL[m.role]
        for m in _memberships(user)
        if (m.role == Role.REFERENT and m.territory_id == commune.territory_id) or m.commune_id == commune.pk
    ]
    return max(levels, default=None)


def is_referent(user) -> bool:
    return user.is_authenticated and (user.is_superuser or bool(referent_territory_ids(user)))


def territories_for_user(user) -> QuerySet[Territory]:
    if not user.is_authenticated:
        return Territory.objects.none()
    if user.is_superuser:
        return Territory.objects.all()
    ids = {m.territory_id for m in _memberships(user)}
    return Territory.objects.filter(pk__in=ids)


def managed_territories(user) -> QuerySet[Territory]:
    if not user.is_authenticated:
        return Territory.objects.none()
    if user.is_superuser:
        return Territory.objects.all()
    return Territory.objects.filter(pk__in=referent_territory_ids(user))


def communes_for_user(user) -> QuerySet[Commune]:
    """Every commune the user may read."""
    if not user.is_authenticated:
        return Commune.objects.none()
    if user.is_superuser:
        return Commune.objects.all()
    memberships = _memberships(user)
    territory_ids = {m.territory_id for m in memberships if m.role == Role.REFERENT}
    commune_ids = {m.commune_id for m in memberships if m.commune_id}
    return Commune.objects.filter(Q(territory_id__in=territory_ids) | Q(pk__in=commune_ids))


def get_commune_for_user(user, slug: str, *, level: Level = Level.READ, queryset=None) -> Commune:
    """The commune `slug` if the user reaches it at `level`.

    Http404 when it is outside the user's reach; PermissionDenied when they may read but not act.
    """
    base = queryset if queryset is not None else Commune.objects.select_related("territory")
    commune = base.filter(slug=slug).first()
    if commune is None:
        raise Http404
    held = commune_level(user, commune)
    if held is None:
        raise Http404
    if held < level:
        raise PermissionDenied
    return commune


def get_territory_for_user(user, slug: str, *, manage: bool = False) -> Territory:
    territory = territories_for_user(user).filter(slug=slug).first()
    if territory is None:
        raise Http404
    if manage and not (user.is_superuser or territory.pk in referent_territory_ids(user)):
        raise PermissionDenied
    return territory


def get_invitation_for_user(user, pk: int) -> Invitation:
    """A pending or past invitation of a territory the user manages."""
    invitation = Invitation.objects.select_related("territory", "commune").filter(pk=pk).first()
    if invitation is None:
        raise Http404
    if not (user.is_superuser or invitation.territory_id in referent_territory_ids(user)):
        raise Http404
    return invitation
