"""Who may see or change barometer data.

`barometer.manage` (the referent of a territory) runs its editions: questions, imports, results,
exports, the public summary. `barometer.fill` (a commune's staff) fills the commune's response while the
edition is open, `barometer.fill_any_time` (the referent) at any time; `barometer.read` (college members
too) reads the commune's answers against the territory. Outside a user's reach → Http404; reachable but
not allowed → PermissionDenied. Roles: `communes.capabilities.ROLE_CAPABILITIES`.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from barometer.capabilities import FILL, FILL_ANY_TIME, MANAGE, READ
from barometer.models import Edition, ImportStatus, Invitation, Question, Response, ResponseImport
from communes.access import commune_rights, get_commune_for_user, territories_for_user, territory_rights
from communes.capabilities import Capability
from communes.models import Commune
from smartregion.errors import CapabilityRefused


def can_manage_territory(user, territory_id: int) -> bool:
    return territory_rights(user, territory_id).can(MANAGE)


def get_edition_for_user(user, pk: int) -> Edition:
    """An edition the user runs: Http404 outside their territories, PermissionDenied for commune people."""
    edition = Edition.objects.select_related("territory", "copied_from").filter(pk=pk).first()
    if edition is None:
        raise Http404
    if not territories_for_user(user).filter(pk=edition.territory_id).exists():
        raise Http404
    if not can_manage_territory(user, edition.territory_id):
        raise CapabilityRefused(MANAGE, may_read=False)
    return edition


def get_commune_edition_for_user(user, pk: int, slug: str, *, need: Capability = READ) -> tuple[Edition, Commune]:
    """A commune on which the user holds `need`, and an edition of its territory."""
    commune = get_commune_for_user(user, slug, need=need)
    edition = get_object_or_404(Edition.objects.select_related("territory"), pk=pk, territory=commune.territory)
    return edition, commune


def get_question_for_user(user, edition_pk: int, pk: int) -> tuple[Edition, Question]:
    edition = get_edition_for_user(user, edition_pk)
    question = get_object_or_404(Question.objects.prefetch_related("options"), pk=pk, edition=edition)
    return edition, question


def get_response_for_user(user, pk: int, slug: str, *, need: Capability = READ) -> Response:
    edition, commune = get_commune_edition_for_user(user, pk, slug, need=need)
    return get_object_or_404(
        Response.objects.select_related("edition__territory", "commune"), edition=edition, commune=commune
    )


def get_pending_import_for_user(user, edition_pk: int, pk: int) -> tuple[Edition, ResponseImport]:
    edition = get_edition_for_user(user, edition_pk)
    response_import = get_object_or_404(
        ResponseImport.objects.select_related("uploaded_by"), pk=pk, edition=edition, status=ImportStatus.PENDING
    )
    return edition, response_import


def get_public_edition(territory_slug: str, year: int) -> Edition:
    """An edition whose referent published a snapshot of the anonymised summary; Http404 otherwise."""
    return get_object_or_404(
        Edition.objects.select_related("territory", "public_snapshot"),
        territory__slug=territory_slug,
        year=year,
        public_snapshot__isnull=False,
    )


def can_fill_response(user, edition: Edition, commune: Commune) -> bool:
    """`barometer.fill_any_time` (the referent) at any time; `barometer.fill` (staff) only while it is open."""
    rights = commune_rights(user, commune)
    if rights.can(FILL_ANY_TIME):
        return True
    if not rights.can(FILL):
        return False
    return edition.is_open


def get_invitation_for_user(user, pk: int, slug: str) -> Invitation:
    """A commune's answer links for an edition, for who runs the edition (`barometer.manage`)."""
    edition, commune = get_commune_edition_for_user(user, pk, slug, need=MANAGE)
    return get_object_or_404(
        Invitation.objects.select_related("edition__territory", "commune").prefetch_related("invitees"),
        edition=edition,
        commune=commune,
    )
