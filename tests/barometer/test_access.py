"""Every branch of barometer/access.py."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from barometer import access, services
from barometer.capabilities import FILL, MANAGE
from tests.barometer.conftest import answer

pytestmark = pytest.mark.django_db


class TestGetEditionForUser:
    def test_referent(self, referent, edition):
        assert access.get_edition_for_user(referent, edition.pk) == edition

    def test_superuser(self, superuser, other_edition):
        assert access.get_edition_for_user(superuser, other_edition.pk) == other_edition

    def test_missing(self, referent):
        with pytest.raises(Http404):
            access.get_edition_for_user(referent, 999)

    @pytest.mark.parametrize("who", ["other_referent", "nobody"])
    def test_outside_the_territory(self, request, edition, who):
        with pytest.raises(Http404):
            access.get_edition_for_user(request.getfixturevalue(who), edition.pk)

    def test_anonymous(self, edition):
        with pytest.raises(Http404):
            access.get_edition_for_user(AnonymousUser(), edition.pk)

    @pytest.mark.parametrize("who", ["staff_a", "college_a"])
    def test_people_of_a_commune_of_the_territory(self, request, edition, who):
        with pytest.raises(PermissionDenied):
            access.get_edition_for_user(request.getfixturevalue(who), edition.pk)


class TestCommuneEdition:
    def test_reach(self, college_a, edition, commune_a):
        assert access.get_commune_edition_for_user(college_a, edition.pk, commune_a.slug) == (edition, commune_a)

    def test_level(self, college_a, edition, commune_a):
        with pytest.raises(PermissionDenied):
            access.get_commune_edition_for_user(college_a, edition.pk, commune_a.slug, need=FILL)

    def test_another_commune(self, staff_a, edition, commune_b):
        with pytest.raises(Http404):
            access.get_commune_edition_for_user(staff_a, edition.pk, commune_b.slug)

    def test_edition_of_another_territory(self, superuser, other_edition, commune_a):
        with pytest.raises(Http404):
            access.get_commune_edition_for_user(superuser, other_edition.pk, commune_a.slug)

    def test_response(self, referent, edition, commune_a, commune_b):
        response = answer(edition, commune_a, smartness=3)
        assert access.get_response_for_user(referent, edition.pk, commune_a.slug, need=MANAGE) == response
        with pytest.raises(Http404):
            access.get_response_for_user(referent, edition.pk, commune_b.slug)


class TestChildren:
    def test_question_of_the_edition_only(self, referent, edition, closed_edition):
        question = edition.questions.first()
        assert access.get_question_for_user(referent, edition.pk, question.pk) == (edition, question)
        with pytest.raises(Http404):
            access.get_question_for_user(referent, closed_edition.pk, question.pk)

    def test_pending_import_only(self, referent, edition, commune_a):
        pending, _check = services.import_prepare(
            edition=edition, actor=referent, filename="a.csv", data=b"commune,smartness\nCourcelles,3\n"
        )
        assert access.get_pending_import_for_user(referent, edition.pk, pending.pk) == (edition, pending)
        services.import_discard(response_import=pending, actor=referent)
        with pytest.raises(Http404):
            access.get_pending_import_for_user(referent, edition.pk, pending.pk)


class TestPublicEdition:
    def test_only_once_published(self, closed_edition):
        with pytest.raises(Http404):
            access.get_public_edition(closed_edition.territory.slug, closed_edition.year)
        services.edition_publish(edition=closed_edition, actor=None)
        assert access.get_public_edition(closed_edition.territory.slug, closed_edition.year) == closed_edition
        services.edition_unpublish(edition=closed_edition, actor=None)
        with pytest.raises(Http404):
            access.get_public_edition(closed_edition.territory.slug, closed_edition.year)


class TestCanFillResponse:
    def test_staff_while_open(self, staff_a, edition, commune_a):
        assert access.can_fill_response(staff_a, edition, commune_a) is True

    def test_staff_once_closed(self, staff_a, closed_edition, commune_a):
        assert access.can_fill_response(staff_a, closed_edition, commune_a) is False

    def test_referent_at_any_time(self, referent, closed_edition, commune_a):
        assert access.can_fill_response(referent, closed_edition, commune_a) is True

    def test_college_reads_only(self, college_a, edition, commune_a):
        assert access.can_fill_response(college_a, edition, commune_a) is False

    def test_outsider(self, staff_b, edition, commune_a):
        assert access.can_fill_response(staff_b, edition, commune_a) is False


def test_can_manage_territory(referent, staff_a, superuser, territory, other_territory):
    assert access.can_manage_territory(referent, territory.pk) is True
    assert access.can_manage_territory(referent, other_territory.pk) is False
    assert access.can_manage_territory(staff_a, territory.pk) is False
    assert access.can_manage_territory(superuser, other_territory.pk) is True
    assert access.can_manage_territory(AnonymousUser(), territory.pk) is False
