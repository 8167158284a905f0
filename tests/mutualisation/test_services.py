"""Shared projects: creation and split, answers, leaving, the sheets in the members' roadmaps, projects."""

from datetime import date
from decimal import Decimal

import pytest

from communes.models import Activity
from mutualisation import services
from mutualisation.models import FrameworkAgreement, MemberStatus, MutualisationVerb, SharedProject
from mutualisation.services import MemberInput, SharedProjectInput
from projects.models import Project
from roadmaps.models import SheetStatus
from roadmaps.services import roadmaps as roadmap_services
from smartregion.errors import EditConflict, ServiceError
from tests.factories import CommuneFactory

pytestmark = pytest.mark.django_db


def _member(project, commune):
    return project.members.get(commune=commune)


def test_create_splits_by_population_to_the_cent(wifi, commune_a, commune_b, commune_c):
    shares = {m.commune_id: (m.investment_share, m.running_cost_share) for m in wifi.members.all()}
    assert shares[commune_a.pk][0] == Decimal("60000.00")
    assert shares[commune_b.pk][0] == Decimal("10000.00")
    assert shares[commune_c.pk][0] == Decimal("30000.00")
    assert sum(s[1] for s in shares.values()) == Decimal("10000.01")
    assert all(m.status == MemberStatus.PROPOSED for m in wifi.members.all())
    assert Activity.objects.filter(verb=MutualisationVerb.MEMBER_PROPOSED).count() == 3


def test_accepting_puts_the_share_in_the_roadmap(wifi, commune_a, staff_a):
    member = services.member_answer(member=_member(wifi, commune_a), actor=staff_a, accept=True)
    assert member.status == MemberStatus.ACCEPTED
    sheet = member.sheet
    assert sheet.roadmap.commune == commune_a
    assert sheet.investment == Decimal("60000.00")  # the share, not the total
    assert sheet.function_category == "public_wifi"
    with pytest.raises(ServiceError) as error:
        services.member_answer(member=member, actor=staff_a, accept=False)
    assert error.value.message == services.ERROR_NOT_PROPOSED


def test_a_member_without_roadmap_gets_no_sheet(wifi, commune_c, referent):
    member = services.member_answer(member=_member(wifi, commune_c), actor=referent, accept=True)
    assert member.status == MemberStatus.ACCEPTED
    assert member.sheet is None


def test_declining_recomputes_the_others_and_records_it(wifi, commune_a, commune_b, staff_a, staff_b):
    accepted = services.member_answer(member=_member(wifi, commune_a), actor=staff_a, accept=True)
    services.member_answer(member=_member(wifi, commune_b), actor=staff_b, accept=False)
    accepted.refresh_from_db()
    # A (30 000 inhabitants) and C (15 000) share 100 000 €: two thirds and one third, to the cent.
    assert accepted.investment_share == Decimal("66666.67")
    assert _member(wifi, commune_b).investment_share == 0
    accepted.sheet.refresh_from_db()
    assert accepted.sheet.investment == Decimal("66666.67")
    record = Activity.objects.get(verb=MutualisationVerb.SHARES_RECOMPUTED)
    assert record.changes["fields"]["Courcelles"]["before"][0] == "60000.00"
    assert record.changes["fields"]["Courcelles"]["after"][0] == "66666.67"


def test_leaving_abandons_the_sheet_and_recomputes(wifi, commune_a, commune_b, referent, staff_a):
    member = services.member_answer(member=_member(wifi, commune_a), actor=staff_a, accept=True)
    left = services.member_leave(member=member, actor=referent)
    assert left.status == MemberStatus.LEFT
    left.sheet.refresh_from_db()
    assert left.sheet.status == SheetStatus.ABANDONED
    assert left.investment_share == 0
    assert sum(m.investment_share for m in wifi.members.all()) == Decimal("100000.00")
    with pytest.raises(ServiceError):
        services.member_leave(member=left, actor=referent)
    services.member_leave(member=_member(wifi, commune_b), actor=referent)
    with pytest.raises(ServiceError) as error:
        services.member_leave(member=wifi.members.get(status=MemberStatus.PROPOSED), actor=referent)
    assert error.value.message == services.ERROR_LAST_MEMBER


def test_projects_start_for_every_accepted_member(wifi, commune_a, commune_b, referent, staff_a):
    with pytest.raises(ServiceError):
        services.projects_start(shared_project=wifi, actor=referent)
    services.member_answer(member=_member(wifi, commune_a), actor=staff_a, accept=True)
    started = services.projects_start(shared_project=wifi, actor=referent)
    assert [p.commune for p in started] == [commune_a]
    assert started[0].sheet == _member(wifi, commune_a).sheet
    assert services.projects_start(shared_project=wifi, actor=referent) == []  # safe to run twice
    assert Project.objects.filter(commune=commune_b).count() == 0


def _data(members, rule="equal", **extra):
    return SharedProjectInput(
        title="Guichet", investment=Decimal(100), running_cost=Decimal(0), split_rule=rule, members=members, **extra
    )


def test_refusals_save_nothing(territory, commune_a, commune_b, commune_other, referent):
    cases = [
        (_data([MemberInput(commune_a)]), services.ERROR_TWO_MEMBERS),
        (_data([MemberInput(commune_a), MemberInput(commune_other)]), services.ERROR_OUTSIDE),
        (_data([MemberInput(commune_a), MemberInput(commune_b)], rule="users"), None),
        (
            _data(
                [MemberInput(commune_a, percentage=Decimal(60)), MemberInput(commune_b, percentage=Decimal(30))],
                rule="custom",
            ),
            services.ERROR_PERCENTAGES,
        ),
        (_data([MemberInput(commune_a), MemberInput(commune_b)], rule="population"), None),
    ]
    for data, message in cases:
        with pytest.raises(ServiceError) as error:
            services.shared_project_create(actor=referent, territory=territory, data=data)
        if message is not None:
            assert error.value.message == message
    assert SharedProject.objects.count() == 0


def test_custom_and_users_rules(territory, commune_a, commune_b, referent):
    custom = services.shared_project_create(
        actor=referent,
        territory=territory,
        data=_data(
            [MemberInput(commune_a, percentage=Decimal("33.33")), MemberInput(commune_b, percentage=Decimal("66.67"))],
            rule="custom",
        ),
    )
    assert [m.investment_share for m in custom.members.order_by("commune__name")] == [
        Decimal("33.33"),
        Decimal("66.67"),
    ]
    users = services.shared_project_create(
        actor=referent,
        territory=territory,
        data=_data([MemberInput(commune_a, users=3), MemberInput(commune_b, users=0)], rule="users"),
    )
    assert [m.investment_share for m in users.members.order_by("commune__name")] == [Decimal(100), Decimal(0)]


def test_population_missing_names_the_commune(territory, referent):
    a = CommuneFactory(territory=territory, name="Anderlues", population=None)
    b = CommuneFactory(territory=territory, name="Binche", population=33_000)
    with pytest.raises(ServiceError) as error:
        services.shared_project_create(
            actor=referent, territory=territory, data=_data([MemberInput(a), MemberInput(b)], rule="population")
        )
    assert "Anderlues" in error.value.message


def test_framework_create(territory, referent):
    agreement = services.framework_create(
        actor=referent,
        territory=territory,
        fields={
            "title": "Guichet électronique",
            "function_category": "online_services",
            "provider": "iMio",
            "valid_from": date(2026, 1, 1),
            "valid_until": date(2029, 12, 31),
        },
        lots=[{"description": "Licence", "unit": "an", "unit_price": Decimal(1200)}],
    )
    assert agreement.lots.get().number == 1
    with pytest.raises(ServiceError) as error:
        services.framework_create(
            actor=referent,
            territory=territory,
            fields={
                "title": "X",
                "function_category": "website",
                "valid_from": date(2026, 1, 2),
                "valid_until": date(2026, 1, 1),
            },
            lots=[],
        )
    assert error.value.field == "valid_until"
    assert FrameworkAgreement.objects.count() == 1


def test_a_member_without_roadmap_adds_its_share_once_it_has_one(wifi, commune_c, referent):
    member = services.member_answer(member=_member(wifi, commune_c), actor=referent, accept=True)
    with pytest.raises(ServiceError) as error:
        services.member_sheet_add(member=member, actor=referent)
    assert error.value.message == services.ERROR_NO_ROADMAP
    roadmap_services.roadmap_create(commune=commune_c, actor=referent)
    member = services.member_sheet_add(member=member, actor=referent)
    assert member.sheet.investment == member.investment_share
    with pytest.raises(ServiceError) as error:
        services.member_sheet_add(member=member, actor=referent)
    assert error.value.message == services.ERROR_SHEET_EXISTS


def test_proposing_another_commune_recomputes_and_a_returning_commune_gets_its_sheet_back(
    wifi, territory, commune_a, commune_b, commune_other, referent, staff_a
):
    member = services.member_answer(member=_member(wifi, commune_a), actor=staff_a, accept=True)
    services.member_leave(member=member, actor=referent)
    extra = CommuneFactory(territory=territory, name="Anderlues", population=50_000)
    services.member_propose(shared_project=wifi, actor=referent, commune=extra)
    assert sum(m.investment_share for m in wifi.members.all()) == Decimal("100000.00")
    with pytest.raises(ServiceError) as error:
        services.member_propose(shared_project=wifi, actor=referent, commune=extra)
    assert error.value.message == services.ERROR_ALREADY_MEMBER
    with pytest.raises(ServiceError):
        services.member_propose(shared_project=wifi, actor=referent, commune=commune_other)
    again = services.member_propose(shared_project=wifi, actor=referent, commune=commune_a)
    again = services.member_answer(member=again, actor=staff_a, accept=True)
    again.sheet.refresh_from_db()
    assert again.sheet.status == SheetStatus.PROPOSED
    assert again.sheet.investment == again.investment_share > 0


def _update_fields(**extra):
    return {
        "title": "Wi-Fi public",
        "description": "",
        "investment": Decimal("90000.00"),
        "running_cost": Decimal("0"),
        "split_rule": "equal",
        "horizon": "short",
        **extra,
    }


def test_update_recomputes_the_shares_and_the_sheets(wifi, commune_a, staff_a, referent):
    member = services.member_answer(member=_member(wifi, commune_a), actor=staff_a, accept=True)
    version = wifi.costs.edit_version
    services.shared_project_update(shared_project=wifi, actor=referent, fields=_update_fields(), edit_version=version)
    member.refresh_from_db()
    member.sheet.refresh_from_db()
    assert member.investment_share == Decimal("30000.00") == member.sheet.investment
    assert member.sheet.title == "Wi-Fi public"
    record = Activity.objects.get(verb=MutualisationVerb.SHARED_PROJECT_UPDATED)
    assert record.changes["fields"]["investment"] == {"before": "100000.00", "after": "90000.00"}
    with pytest.raises(EditConflict):
        services.shared_project_update(
            shared_project=wifi, actor=referent, fields=_update_fields(), edit_version=version
        )


def test_update_refusals_save_nothing(wifi, referent):
    version = wifi.costs.edit_version
    for fields, message in (
        (_update_fields(title=" "), services.ERROR_TITLE_REQUIRED),
        (_update_fields(investment=Decimal(-1)), services.ERROR_NEGATIVE),
        (_update_fields(split_rule="users"), None),
    ):
        with pytest.raises(ServiceError) as error:
            services.shared_project_update(shared_project=wifi, actor=referent, fields=fields, edit_version=version)
        if message:
            assert error.value.message == message
    wifi.refresh_from_db()
    wifi.costs.refresh_from_db()
    assert wifi.title == "Wi-Fi dans les bâtiments publics" and wifi.costs.investment == Decimal("100000.00")
