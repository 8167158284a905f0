"""Every branch of communes/access.py."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from communes import access
from communes.capabilities import (
    COMMUNES_EDIT,
    COMMUNES_MANAGE_MEMBERS,
    COMMUNES_READ,
    COMMUNES_READ_NOTES,
    ROLE_CAPABILITIES,
    declared,
)
from communes.models import Role
from tests.factories import InvitationFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def anonymous():
    return AnonymousUser()


class TestCommuneRights:
    """The roles held on a commune, turned into capabilities by the table (communes.capabilities)."""

    def test_anonymous_has_none(self, anonymous, commune_a):
        rights = access.commune_rights(anonymous, commune_a)
        assert not rights.reaches
        assert not rights.can(COMMUNES_READ)

    def test_superuser_may_do_anything_on_every_commune(self, superuser, commune_a, commune_other):
        for commune in (commune_a, commune_other):
            rights = access.commune_rights(superuser, commune)
            assert rights.reaches
            assert all(rights.can(name) for name in declared())

    def test_referent_holds_the_referent_row_on_communes_of_their_territory(self, referent, commune_a, commune_b):
        for commune in (commune_a, commune_b):
            rights = access.commune_rights(referent, commune)
            assert rights.capabilities == ROLE_CAPABILITIES[Role.REFERENT]
            assert rights.can(COMMUNES_EDIT)

    def test_referent_of_another_territory_has_none(self, other_referent, commune_a):
        assert not access.commune_rights(other_referent, commune_a).reaches

    def test_staff_hold_the_staff_row_on_their_commune_only(self, staff_a, commune_a, commune_b):
        rights = access.commune_rights(staff_a, commune_a)
        assert rights.capabilities == ROLE_CAPABILITIES[Role.STAFF]
        assert rights.can(COMMUNES_READ_NOTES)
        assert not rights.can(COMMUNES_EDIT)
        assert not access.commune_rights(staff_a, commune_b).reaches

    def test_college_reads_their_commune_only(self, college_a, commune_a, commune_b):
        rights = access.commune_rights(college_a, commune_a)
        assert rights.capabilities == ROLE_CAPABILITIES[Role.COLLEGE]
        assert rights.can(COMMUNES_READ)
        assert not rights.can(COMMUNES_READ_NOTES)
        assert not access.commune_rights(college_a, commune_b).reaches

    def test_user_without_membership_has_none(self, nobody, commune_a):
        assert not access.commune_rights(nobody, commune_a).reaches

    def test_roles_add_up(self, commune_a):
        user = UserFactory()
        MembershipFactory(user=user, role=Role.COLLEGE, commune=commune_a)
        MembershipFactory(user=user, role=Role.STAFF, commune=commune_a)
        rights = access.commune_rights(user, commune_a)
        assert rights.capabilities == ROLE_CAPABILITIES[Role.STAFF] | ROLE_CAPABILITIES[Role.COLLEGE]

    def test_memberships_are_read_once_per_user_object(self, referent, commune_a, commune_b, django_assert_num_queries):
        with django_assert_num_queries(1):
            access.commune_rights(referent, commune_a)
            access.commune_rights(referent, commune_b)
            access.is_referent(referent)


class TestTerritoryRights:
    def test_referent_holds_their_row_on_their_territory(self, referent, territory):
        assert access.territory_rights(referent, territory.pk).can(COMMUNES_MANAGE_MEMBERS)

    def test_staff_reach_the_territory_without_its_capabilities(self, staff_a, territory):
        rights = access.territory_rights(staff_a, territory.pk)
        assert rights.reaches
        assert not rights.can(COMMUNES_MANAGE_MEMBERS)

    def test_referent_of_another_territory_does_not_reach_it(self, other_referent, territory):
        assert not access.territory_rights(other_referent, territory.pk).reaches


class TestIsReferent:
    def test_anonymous(self, anonymous):
        assert access.is_referent(anonymous) is False

    def test_superuser(self, superuser):
        assert access.is_referent(superuser) is True

    def test_referent(self, referent):
        assert access.is_referent(referent) is True

    @pytest.mark.parametrize("who", ["staff_a", "college_a", "nobody"])
    def test_others(self, request, who):
        assert access.is_referent(request.getfixturevalue(who)) is False


class TestTerritoriesForUser:
    def test_anonymous(self, anonymous, territory):
        assert list(access.territories_for_user(anonymous)) == []

    def test_superuser_sees_all(self, superuser, territory, other_territory):
        assert set(access.territories_for_user(superuser)) == {territory, other_territory}

    def test_referent_sees_their_territory(self, referent, territory, other_territory):
        assert list(access.territories_for_user(referent)) == [territory]

    def test_staff_sees_the_territory_of_their_commune(self, staff_a, territory, other_territory):
        assert list(access.territories_for_user(staff_a)) == [territory]

    def test_nobody_sees_nothing(self, nobody, territory):
        assert list(access.territories_for_user(nobody)) == []


class TestManagedTerritories:
    def test_anonymous(self, anonymous, territory):
        assert list(access.managed_territories(anonymous)) == []

    def test_superuser_manages_all(self, superuser, territory, other_territory):
        assert set(access.managed_territories(superuser)) == {territory, other_territory}

    def test_referent_manages_their_territory(self, referent, territory, other_territory):
        assert list(access.managed_territories(referent)) == [territory]

    def test_staff_manages_nothing(self, staff_a):
        assert list(access.managed_territories(staff_a)) == []


class TestCommunesForUser:
    def test_anonymous(self, anonymous, commune_a):
        assert list(access.communes_for_user(anonymous)) == []

    def test_superuser_reads_all(self, superuser, commune_a, commune_b, commune_other):
        assert set(access.communes_for_user(superuser)) == {commune_a, commune_b, commune_other}

    def test_referent_reads_their_territory(self, referent, commune_a, commune_b, commune_other):
        assert set(access.communes_for_user(referent)) == {commune_a, commune_b}

    def test_other_referent_reads_theirs(self, other_referent, commune_a, commune_other):
        assert set(access.communes_for_user(other_referent)) == {commune_other}

    def test_staff_reads_their_commune(self, staff_a, commune_b):
        assert [c.slug for c in access.communes_for_user(staff_a)] == ["courcelles"]

    def test_college_reads_their_commune(self, college_a, commune_b):
        assert [c.slug for c in access.communes_for_user(college_a)] == ["courcelles"]

    def test_nobody_reads_nothing(self, nobody, commune_a):
        assert list(access.communes_for_user(nobody)) == []


class TestGetCommuneForUser:
    def test_unknown_slug_is_404(self, referent):
        with pytest.raises(Http404):
            access.get_commune_for_user(referent, "nowhere")

    def test_anonymous_is_404(self, anonymous, commune_a):
        with pytest.raises(Http404):
            access.get_commune_for_user(anonymous, commune_a.slug)

    def test_outside_reach_is_404(self, staff_b, commune_a):
        with pytest.raises(Http404):
            access.get_commune_for_user(staff_b, commune_a.slug)

    def test_referent_of_another_territory_is_404(self, other_referent, commune_a):
        with pytest.raises(Http404):
            access.get_commune_for_user(other_referent, commune_a.slug, need=COMMUNES_EDIT)

    def test_read_only_asking_to_contribute_is_403(self, college_a, commune_a):
        with pytest.raises(PermissionDenied):
            access.get_commune_for_user(college_a, commune_a.slug, need=COMMUNES_READ_NOTES)

    def test_staff_asking_to_manage_is_403(self, staff_a, commune_a):
        with pytest.raises(PermissionDenied):
            access.get_commune_for_user(staff_a, commune_a.slug, need=COMMUNES_EDIT)

    def test_staff_may_contribute(self, staff_a, commune_a):
        assert access.get_commune_for_user(staff_a, commune_a.slug, need=COMMUNES_READ_NOTES) == commune_a

    def test_college_may_read(self, college_a, commune_a):
        assert access.get_commune_for_user(college_a, commune_a.slug) == commune_a

    def test_referent_may_manage(self, referent, commune_b):
        assert access.get_commune_for_user(referent, commune_b.slug, need=COMMUNES_EDIT) == commune_b

    def test_superuser_may_manage_anything(self, superuser, commune_other):
        assert access.get_commune_for_user(superuser, commune_other.slug, need=COMMUNES_EDIT) == commune_other

    def test_custom_queryset_is_used(self, referent, commune_a):
        from communes.models import Commune

        with pytest.raises(Http404):
            access.get_commune_for_user(referent, commune_a.slug, queryset=Commune.objects.exclude(pk=commune_a.pk))


class TestGetTerritoryForUser:
    def test_unknown_slug_is_404(self, referent):
        with pytest.raises(Http404):
            access.get_territory_for_user(referent, "nowhere")

    def test_anonymous_is_404(self, anonymous, territory):
        with pytest.raises(Http404):
            access.get_territory_for_user(anonymous, territory.slug)

    def test_other_referent_is_404(self, other_referent, territory):
        with pytest.raises(Http404):
            access.get_territory_for_user(other_referent, territory.slug, need=COMMUNES_MANAGE_MEMBERS)

    def test_nobody_is_404(self, nobody, territory):
        with pytest.raises(Http404):
            access.get_territory_for_user(nobody, territory.slug)

    def test_staff_reads_but_cannot_manage(self, staff_a, territory):
        assert access.get_territory_for_user(staff_a, territory.slug) == territory
        with pytest.raises(PermissionDenied):
            access.get_territory_for_user(staff_a, territory.slug, need=COMMUNES_MANAGE_MEMBERS)

    def test_college_cannot_manage(self, college_a, territory):
        with pytest.raises(PermissionDenied):
            access.get_territory_for_user(college_a, territory.slug, need=COMMUNES_MANAGE_MEMBERS)

    def test_referent_manages(self, referent, territory):
        assert access.get_territory_for_user(referent, territory.slug, need=COMMUNES_MANAGE_MEMBERS) == territory

    def test_superuser_manages_any(self, superuser, other_territory):
        assert (
            access.get_territory_for_user(superuser, other_territory.slug, need=COMMUNES_MANAGE_MEMBERS)
            == other_territory
        )


class TestGetInvitationForUser:
    @pytest.fixture
    def invitation(self, commune_a):
        return InvitationFactory(commune=commune_a)

    def test_unknown_is_404(self, referent):
        with pytest.raises(Http404):
            access.get_invitation_for_user(referent, 999_999)

    def test_anonymous_is_404(self, anonymous, invitation):
        with pytest.raises(Http404):
            access.get_invitation_for_user(anonymous, invitation.pk)

    def test_staff_of_the_commune_is_404(self, staff_a, invitation):
        with pytest.raises(Http404):
            access.get_invitation_for_user(staff_a, invitation.pk)

    def test_other_referent_is_404(self, other_referent, invitation):
        with pytest.raises(Http404):
            access.get_invitation_for_user(other_referent, invitation.pk)

    def test_referent_of_the_territory(self, referent, invitation):
        assert access.get_invitation_for_user(referent, invitation.pk) == invitation

    def test_superuser(self, superuser, invitation):
        assert access.get_invitation_for_user(superuser, invitation.pk) == invitation
