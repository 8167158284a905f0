"""Who may see or change what, for territories and communes.

What a role may do is in one table, `communes.capabilities.ROLE_CAPABILITIES`; helpers take
`need=CAPABILITY`. Objects outside a user's reach (no role on their commune or territory) raise Http404,
so nothing leaks that they exist; objects a user reaches without the capability they need raise
PermissionDenied.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from communes.capabilities import (
    COMMUNES_MANAGE_MEMBERS,
    COMMUNES_READ,
    Capability,
    Rights,
    capabilities_of,
    reading_capability,
)
from communes.models import Commune, Invitation, Membership, Role, Territory
from smartregion.errors import CapabilityRefused


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


def _rights(user, roles: set[str], reaches: bool) -> Rights:
    if not user.is_authenticated:
        return Rights()
    if user.is_superuser:
        return Rights(reaches=True, everything=True)
    return Rights(capabilities=capabilities_of(roles), reaches=reaches, roles=frozenset(roles))


def commune_rights(user, commune: Commune) -> Rights:
    """What the user may do on this commune: the roles held on it, or territory-wide on its territory."""
    roles = {
        m.role
        for m in _memberships(user)
        if m.commune_id == commune.pk or (m.commune_id is None and m.territory_id == commune.territory_id)
    }
    return _rights(user, roles, bool(roles))


def territory_rights(user, territory_id: int) -> Rights:
    """What the user may do on the territory: territory-wide roles only; any role in it reaches it."""
    memberships = [m for m in _memberships(user) if m.territory_id == territory_id]
    roles = {m.role for m in memberships if m.commune_id is None}
    return _rights(user, roles, bool(memberships))


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
    territory_ids = {m.territory_id for m in memberships if m.commune_id is None}
    commune_ids = {m.commune_id for m in memberships if m.commune_id}
    return Commune.objects.filter(Q(territory_id__in=territory_ids) | Q(pk__in=commune_ids))


def get_commune_for_user(user, slug: str, *, need: Capability = COMMUNES_READ, queryset=None) -> Commune:
    """The commune `slug` if the user holds `need` on it.

    Http404 when it is outside the user's reach; PermissionDenied when they reach it without `need`.
    """
    base = queryset if queryset is not None else Commune.objects.select_related("territory")
    commune = base.filter(slug=slug).first()
    if commune is None:
        raise Http404
    rights = commune_rights(user, commune)
    if not rights.reaches:
        raise Http404
    if not rights.can(need):
        raise CapabilityRefused(need, may_read=rights.can(reading_capability(need)))
    return commune


def get_territory_for_user(user, slug: str, *, need: Capability | None = None) -> Territory:
    """The territory `slug` if the user reaches it (and holds `need` there, when given)."""
    territory = territories_for_user(user).filter(slug=slug).first()
    if territory is None:
        raise Http404
    if need is not None and not territory_rights(user, territory.pk).can(need):
        raise CapabilityRefused(need, may_read=False)
    return territory


def get_invitation_for_user(user, pk: int) -> Invitation:
    """A pending or past invitation of a territory the user manages."""
    invitation = Invitation.objects.select_related("territory", "commune").filter(pk=pk).first()
    if invitation is None:
        raise Http404
    if not territory_rights(user, invitation.territory_id).can(COMMUNES_MANAGE_MEMBERS):
        raise Http404
    return invitation
