"""Who may find, export and erase one person's data: `privacy.manage_people` on the territory (the referent).

Outside the territory: Http404 (nothing leaks that it exists). Staff and college members of the territory's
communes: PermissionDenied, as for the territory's other referent-only pages (`communes.access`).
"""

from django.http import Http404

from communes.access import get_territory_for_user
from communes.models import Territory
from privacy import selectors
from privacy.capabilities import MANAGE_PEOPLE
from privacy.models import PersonKind


def get_territory_for_referent(user, slug: str) -> Territory:
    return get_territory_for_user(user, slug, need=MANAGE_PEOPLE)


def get_person_for_referent(user, slug: str, kind: str, pk: int) -> tuple[Territory, selectors.Person]:
    """The territory and one person held in one of its communes; Http404 when not found there."""
    territory = get_territory_for_referent(user, slug)
    if kind not in PersonKind.values:
        raise Http404
    person = selectors.person_get(territory=territory, kind=kind, pk=pk)
    if person is None:
        raise Http404
    return territory, person
