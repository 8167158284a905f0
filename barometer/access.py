"""Who may see or change barometer data.

The referent of a territory (MANAGE) runs its editions: questions, imports, results, exports, the
public summary. A commune's staff (CONTRIBUTE) fill their commune's response while the edition is
open; its college members (READ) read their commune's answers against the territory. Outside a
user's reach → Http404; reachable but not allowed → PermissionDenied.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from barometer.models import Edition, ImportStatus, Question, Response, ResponseImport
from communes.access import Level, commune_level, get_commune_for_user, referent_territory_ids, territories_for_user
from communes.models import Commune


def can_manage_territory(user, territory_id: int) -> bool:
    return user.is_authenticated and (user.is_superuser or territory_id in referent_territory_ids(user))


def get_edition_for_user(user, pk: int) -> Edition:
    """An edition the user runs: Http404 outside their territories, PermissionDenied for commune people."""
    edition = Edition.objects.select_related("territory", "copied_from").filter(pk=pk).first()
    if edition is None:
        raise Http404
    if not territories_for_user(user).filter(pk=edition.territory_id).exists():
        raise Http404
    if not can_manage_territory(user, edition.territory_id):
        raise PermissionDenied
    return edition


def get_commune_edition_for_user(user, pk: int, slug: str, *, level: Level = Level.READ) -> tuple[Edition, Commune]:
    """A commune reached at `level` and an edition of its territory."""
    commune = get_commune_for_user(user, slug, level=level)
    edition = get_object_or_404(Edition.objects.select_related("territory"), pk=pk, territory=commune.territory)
    return edition, commune


def get_question_for_user(user, edition_pk: int, pk: int) -> tuple[Edition, Question]:
    edition = get_edition_for_user(user, edition_pk)
    question = get_object_or_404(Question.objects.prefetch_related("options"), pk=pk, edition=edition)
    return edition, question


def get_response_for_user(user, pk: int, slug: str, *, level: Level = Level.READ) -> Response:
    edition, commune = get_commune_edition_for_user(user, pk, slug, level=level)
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
    """The referent may enter answers at any time; commune staff only while the edition is open."""
    level = commune_level(user, commune)
    if level is None or level < Level.CONTRIBUTE:
        return False
    if level >= Level.MANAGE:
        return True
    return edition.is_open
