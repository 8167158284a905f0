"""Reads: the dashboard's annotations, the commune page, people and invitations."""

from datetime import timedelta

import pytest
from django.utils import timezone

from communes import access, selectors
from communes.models import AccompanimentStatus, Role
from tests.factories import (
    AccompanimentFactory,
    ActivityFactory,
    CommuneFactory,
    InvitationFactory,
    MembershipFactory,
    MilestoneFactory,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def overview(user) -> dict:
    return {c.slug: c for c in selectors.commune_overview_list(user)}


class TestCommuneOverviewList:
    def test_commune_without_accompaniment(self, referent, commune_a):
        row = overview(referent)[commune_a.slug]
        assert (row.milestones_total, row.milestones_done, row.progress, row.phase_rank) == (0, 0, 0, 0)
        assert row.next_milestone_title is None
        assert row.last_activity_at is None
        assert row.is_late is False

    def test_progress_is_rounded_down(self, referent, commune_a):
        accompaniment = AccompanimentFactory(commune=commune_a)
        MilestoneFactory(accompaniment=accompaniment, completed_on=TODAY())
        MilestoneFactory.create_batch(2, accompaniment=accompaniment, due_date=TODAY() + timedelta(days=1))
        row = overview(referent)[commune_a.slug]
        assert (row.milestones_total, row.milestones_done, row.progress) == (3, 1, 33)

    def test_next_milestone_is_the_earliest_open_one(self, referent, commune_a):
        accompaniment = AccompanimentFactory(commune=commune_a)
        MilestoneFactory(
            accompaniment=accompaniment, title="Done", due_date=TODAY() - timedelta(days=9), completed_on=TODAY()
        )
        MilestoneFactory(accompaniment=accompaniment, title="Later", due_date=TODAY() + timedelta(days=9))
        MilestoneFactory(accompaniment=accompaniment, title="Sooner", due_date=TODAY() + timedelta(days=2))
        row = overview(referent)[commune_a.slug]
        assert (row.next_milestone_title, row.next_milestone_due) == ("Sooner", TODAY() + timedelta(days=2))
        assert row.overdue_milestones == 0
        assert row.is_late is False

    def test_overdue_milestone_makes_it_late(self, referent, commune_a):
        accompaniment = AccompanimentFactory(commune=commune_a)
        MilestoneFactory(accompaniment=accompaniment, due_date=TODAY() - timedelta(days=1))
        row = overview(referent)[commune_a.slug]
        assert (row.overdue_milestones, row.is_late) == (1, True)

    def test_milestone_due_today_is_not_late(self, referent, commune_a):
        MilestoneFactory(accompaniment=AccompanimentFactory(commune=commune_a), due_date=TODAY())
        assert overview(referent)[commune_a.slug].is_late is False

    def test_planned_end_passed_is_late_unless_completed(self, referent, commune_a, commune_b):
        past = {"start_date": TODAY() - timedelta(weeks=10), "planned_end_date": TODAY() - timedelta(days=1)}
        AccompanimentFactory(commune=commune_a, **past)
        AccompanimentFactory(commune=commune_b, status=AccompanimentStatus.COMPLETED, **past)
        rows = overview(referent)
        assert rows[commune_a.slug].is_late is True
        assert rows[commune_b.slug].is_late is False

    def test_last_activity_is_the_latest(self, referent, commune_a):
        ActivityFactory(commune=commune_a)
        latest = ActivityFactory(commune=commune_a)
        assert overview(referent)[commune_a.slug].last_activity_at == latest.created_at

    def test_only_communes_the_user_reads(self, staff_a, commune_a, commune_b, commune_other):
        assert set(overview(staff_a)) == {commune_a.slug}

    def test_one_query_whatever_the_number_of_communes(self, referent, territory, django_assert_num_queries):
        for _ in range(12):
            accompaniment = AccompanimentFactory(commune=CommuneFactory(territory=territory))
            MilestoneFactory.create_batch(3, accompaniment=accompaniment)
            ActivityFactory(commune=accompaniment.commune)
        access.is_referent(referent)  # memberships are read once per user object
        with django_assert_num_queries(1):
            rows = list(selectors.commune_overview_list(referent))
            for row in rows:
                _ = (row.territory.name, row.accompaniment.phase, row.progress, row.is_late)
        assert len(rows) == 12


class TestCommuneDetail:
    def test_without_accompaniment(self, commune_a):
        data = selectors.commune_detail(commune_a)
        assert data["accompaniment"] is None
        assert data["milestones"] == []
        assert data["today"] == TODAY()

    def test_with_everything(self, commune_a, commune_b, staff_a, college_a):
        accompaniment = AccompanimentFactory(commune=commune_a)
        milestones = MilestoneFactory.create_batch(2, accompaniment=accompaniment)
        MembershipFactory(commune=commune_b)
        for _ in range(20):
            ActivityFactory(commune=commune_a)
        data = selectors.commune_detail(commune_a)
        assert data["accompaniment"] == accompaniment
        assert set(data["milestones"]) == set(milestones)
        assert {m.user for m in data["members"]} == {staff_a, college_a}
        assert len(data["activities"]) == 15


class TestPeopleAndInvitations:
    def test_pending_invitations(self, territory, commune_a, commune_b, commune_other):
        pending_a = InvitationFactory(commune=commune_a)
        pending_b = InvitationFactory(commune=commune_b)
        InvitationFactory(commune=commune_a, revoked=True)
        InvitationFactory(commune=commune_a, accepted=True)
        InvitationFactory(commune=commune_other)
        assert set(selectors.pending_invitations(territory=territory)) == {pending_a, pending_b}
        assert list(selectors.pending_invitations(commune=commune_a)) == [pending_a]

    def test_territory_people(self, territory, referent, staff_a, college_a, other_referent):
        people = list(selectors.territory_people(territory))
        assert {(m.user, m.role) for m in people} == {
            (referent, Role.REFERENT),
            (staff_a, Role.STAFF),
            (college_a, Role.COLLEGE),
        }

    def test_commune_with_accompaniment(self, commune_a, django_assert_num_queries):
        AccompanimentFactory(commune=commune_a)
        with django_assert_num_queries(1):
            commune = selectors.commune_with_accompaniment().get(pk=commune_a.pk)
            assert commune.accompaniment.commune_id == commune_a.pk
            assert commune.territory.slug == "igretec"
