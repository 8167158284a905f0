"""Database constraints and small model helpers."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction

from communes.context_processors import navigation
from communes.models import Accompaniment, Membership, Role
from tests.factories import AccompanimentFactory, CommuneFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_str(territory, commune_a, staff_a):
    assert str(territory) == "IGRETEC — Charleroi Métropole"
    assert str(commune_a) == "Courcelles"
    assert "Courcelles" in str(Membership.objects.get(user=staff_a))


def test_default_end_is_eight_weeks_later():
    assert Accompaniment.default_end(date(2030, 1, 1)) == date(2030, 2, 26)


def test_referent_membership_cannot_name_a_commune(territory, commune_a):
    user = UserFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=user, role=Role.REFERENT, territory=territory, commune=commune_a)


@pytest.mark.parametrize("role", [Role.STAFF, Role.COLLEGE])
def test_commune_membership_needs_a_commune(territory, role):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=UserFactory(), role=role, territory=territory, commune=None)


def test_one_referent_membership_per_territory(territory, referent):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=referent, role=Role.REFERENT, territory=territory)


def test_one_membership_per_commune_and_role(staff_a, commune_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(user=staff_a, role=Role.STAFF, commune=commune_a)
    MembershipFactory(user=staff_a, role=Role.COLLEGE, commune=commune_a)
    assert Membership.objects.filter(user=staff_a).count() == 2


def test_commune_names_unique_per_territory(territory, other_territory, commune_a):
    CommuneFactory(territory=other_territory, name="Courcelles")
    with pytest.raises(IntegrityError), transaction.atomic():
        CommuneFactory(territory=territory, name="Courcelles")


def test_accompaniment_end_cannot_precede_start(commune_a):
    start = date(2030, 1, 10)
    with pytest.raises(IntegrityError), transaction.atomic():
        AccompanimentFactory(commune=commune_a, start_date=start, planned_end_date=start - timedelta(days=1))


def test_one_accompaniment_per_commune(commune_a):
    AccompanimentFactory(commune=commune_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        AccompanimentFactory(commune=commune_a)


class TestNavigationContext:
    def test_anonymous_gets_nothing(self, rf):
        from django.contrib.auth.models import AnonymousUser

        request = rf.get("/")
        request.user = AnonymousUser()
        assert navigation(request) == {}

    @pytest.mark.parametrize(("who", "expected"), [("referent", True), ("staff_a", False), ("nobody", False)])
    def test_referent_flag_is_lazy(self, rf, request, who, expected, django_assert_num_queries):
        http_request = rf.get("/")
        http_request.user = request.getfixturevalue(who)
        with django_assert_num_queries(0):
            context = navigation(http_request)
        assert context["nav_is_referent"]() is expected
