"""Rules of the projects services: checklists copied on start, phases closed in order, bad input refused."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from communes.models import Activity
from projects import services
from projects.models import (
    BudgetEntry,
    ChecklistTemplateItem,
    Indicator,
    PhaseClosure,
    Project,
    ProjectMilestone,
    ProjectPhase,
    SteeringMeeting,
    TeamMember,
)
from roadmaps.models import SheetStatus
from smartregion.errors import ServiceError
from tests.projects.conftest import answer_phase

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


class TestStart:
    def test_the_sheet_is_the_starting_point(self, project, sheet):
        assert (project.objectives, project.planned_investment, project.planned_running_cost) == (
            "Informer mieux",
            Decimal("40000"),
            Decimal("6000"),
        )

    def test_the_default_checklists_are_copied_in_both_languages(self, project):
        defaults = ChecklistTemplateItem.objects.filter(territory__isnull=True)
        assert project.checklist.count() == defaults.count() >= 20
        assert set(project.checklist.values_list("phase", flat=True)) == {
            "prerequisites",
            "planning",
            "execution",
            "evaluation",
        }
        assert all(item.text_fr and item.text_en for item in project.checklist.all())

    def test_a_project_keeps_the_version_it_started_with(self, referent, territory, commune_a, project):
        services.checklist_item_save(
            actor=referent,
            territory=territory,
            item=ChecklistTemplateItem(phase="planning", text_fr="Plan de formation", text_en="Training plan"),
        )
        later = services.start_project(actor=referent, commune=commune_a, title="Plus tard")
        assert later.checklist.filter(text_fr="Plan de formation").exists()
        assert not project.checklist.filter(text_fr="Plan de formation").exists()
        assert later.checklist.count() == project.checklist.count() + 1

    def test_an_item_needs_both_languages(self, referent, territory):
        with pytest.raises(ServiceError) as error:
            services.checklist_item_save(
                actor=referent,
                territory=territory,
                item=ChecklistTemplateItem(phase="planning", text_fr="x", text_en=" "),
            )
        assert error.value.field == "text_en"
        assert not ChecklistTemplateItem.objects.filter(territory=territory).exists()


class TestPhases:
    def test_closing_with_required_items_open_needs_a_reason_that_stays_on_record(self, referent, project):
        with pytest.raises(ServiceError) as error:
            services.phase_close(actor=referent, project=project, phase="prerequisites")
        assert error.value.field == "reason"
        assert Project.objects.get(pk=project.pk).phase == "prerequisites"
        closure = services.phase_close(actor=referent, project=project, phase="prerequisites", reason="Urgence")
        assert (closure.reason, closure.open_items > 0, project.phase) == ("Urgence", True, "planning")

    def test_a_phase_closes_in_order(self, referent, project):
        with pytest.raises(ServiceError) as error:
            services.phase_close(actor=referent, project=project, phase="execution", reason="x")
        assert error.value.field == "phase"
        assert not PhaseClosure.objects.exists()

    def test_all_answered_closes_without_reason(self, referent, project):
        answer_phase(referent, project, "prerequisites")
        closure = services.phase_close(actor=referent, project=project, phase="prerequisites")
        assert closure.open_items == 0 and closure.reason == ""

    def test_an_evaluated_project_marks_its_sheet_done(self, referent, project, sheet):
        for phase in services.PHASES:
            answer_phase(referent, project, phase)
            services.phase_close(actor=referent, project=project, phase=phase)
        sheet.refresh_from_db()
        assert (Project.objects.get(pk=project.pk).phase, sheet.status) == (ProjectPhase.CLOSED, SheetStatus.DONE)
        assert Activity.objects.filter(verb="project_phase_closed").count() == 4

    def test_a_closed_phase_checklist_no_longer_changes(self, referent, project):
        answer_phase(referent, project, "prerequisites")
        services.phase_close(actor=referent, project=project, phase="prerequisites")
        item = project.checklist.filter(phase="prerequisites").first()
        with pytest.raises(ServiceError):
            services.checklist_answer(actor=referent, item=item, done=False)

    def test_an_answered_question_counts_as_done(self, referent, project):
        item = project.checklist.filter(kind="question").first()
        services.checklist_answer(actor=referent, item=item, done=False, answer="  Par le PST  ")
        item.refresh_from_db()
        assert (item.done, item.answer, item.answered_by) == (True, "Par le PST", referent)


class TestBadInput:
    def test_dates_out_of_order(self, referent, project):
        with pytest.raises(ServiceError) as error:
            services.project_update(
                actor=referent,
                project=project,
                values={"start_date": datetime.date(2026, 5, 1), "end_date": datetime.date(2026, 4, 1)},
            )
        assert error.value.field == "end_date"
        assert Project.objects.get(pk=project.pk).end_date is None

    def test_negative_planned_amount(self, referent, project):
        with pytest.raises(ServiceError) as error:
            services.project_update(actor=referent, project=project, values={"planned_investment": "-5"})
        assert error.value.field == "planned_investment"

    @pytest.mark.parametrize(
        ("part", "field"),
        [
            (BudgetEntry(recorded_on=TODAY, kind="spent", amount=Decimal("-1")), "amount"),
            (BudgetEntry(recorded_on=None, kind="spent", amount=Decimal("1")), "recorded_on"),
            (BudgetEntry(recorded_on=TODAY + datetime.timedelta(days=3), kind="spent", amount=1), "recorded_on"),
            (ProjectMilestone(title="Avant", due_date=datetime.date(2025, 12, 1)), "due_date"),
            (SteeringMeeting(held_on=TODAY, participants="  "), "participants"),
            (SteeringMeeting(held_on=TODAY + datetime.timedelta(days=1), participants="A"), "held_on"),
            (Indicator(name="x", target_date=datetime.date(2025, 1, 1)), "target_date"),
            (TeamMember(name=" "), "name"),
        ],
    )
    def test_a_part_is_refused_on_its_field_and_nothing_saved(self, referent, project, part, field):
        model = type(part)
        before = model.objects.count()
        with pytest.raises(ServiceError) as error:
            services.project_part_save(actor=referent, project=project, part=part)
        assert error.value.field == field
        assert model.objects.count() == before

    def test_a_team_member_account_must_belong_to_the_commune(self, referent, project, staff_b, staff_a):
        with pytest.raises(ServiceError) as error:
            services.project_part_save(actor=referent, project=project, part=TeamMember(name="B", user=staff_b))
        assert error.value.field == "user"
        member = services.project_part_save(actor=referent, project=project, part=TeamMember(name="A", user=staff_a))
        assert member.pk


class TestIndicators:
    def test_the_latest_value_follows_recording_and_deleting(self, referent, project):
        indicator = Indicator.objects.create(project=project, name="Visites")
        first = services.record_indicator_value(
            actor=referent, indicator=indicator, measured_on=datetime.date(2026, 2, 1), value="5"
        )
        second = services.record_indicator_value(
            actor=referent, indicator=indicator, measured_on=datetime.date(2026, 3, 1), value="7"
        )
        indicator.refresh_from_db()
        assert (indicator.latest_value, indicator.latest_on) == (Decimal("7"), datetime.date(2026, 3, 1))
        services.indicator_value_delete(actor=referent, value=second)
        indicator.refresh_from_db()
        assert (indicator.latest_value, indicator.latest_on) == (first.value, first.measured_on)

    def test_a_milestone_is_reached_then_reopened(self, referent, project):
        milestone = ProjectMilestone.objects.create(project=project, title="M", due_date=datetime.date(2026, 2, 1))
        services.milestone_complete(actor=referent, milestone=milestone)
        assert milestone.completed_on == TODAY
        services.milestone_complete(actor=referent, milestone=milestone)
        assert ProjectMilestone.objects.get(pk=milestone.pk).completed_on is None


class TestEvaluation:
    def test_one_version_at_a_time_and_an_unknown_language_is_refused(self, referent, project):
        with pytest.raises(ServiceError) as error:
            services.evaluation_request(actor=referent, project=project, language="xx")
        assert error.value.field == "language"
        services.evaluation_request(actor=referent, project=project, language="fr")
        with pytest.raises(ServiceError):
            services.evaluation_request(actor=referent, project=project, language="fr")


def test_the_sweep_sends_abandoned_versions_again(referent, project, settings, django_capture_on_commit_callbacks):
    from projects.models import EvaluationReport, EvaluationStatus

    old = timezone.now() - datetime.timedelta(seconds=settings.REPORT_STALE_AFTER_SECONDS + 60)
    stuck = EvaluationReport.objects.create(project=project, number=1, language="fr")
    EvaluationReport.objects.filter(pk=stuck.pk).update(status=EvaluationStatus.RUNNING, claimed_at=old, attempts=1)
    fresh = EvaluationReport.objects.create(project=project, number=2, language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.evaluations_sweep_stale() == 1
    stuck.refresh_from_db()
    fresh.refresh_from_db()
    assert (stuck.status, fresh.status) == (EvaluationStatus.DONE, EvaluationStatus.PENDING)


class TestTerritoryChecklistItems:
    """The referent adapts the territory's set: change an item's texts and whether it is required, reorder it."""

    def _default_item(self, phase="planning"):
        return ChecklistTemplateItem.objects.filter(territory__isnull=True, phase=phase).order_by("position", "pk")

    def test_changing_a_default_item_gives_the_territory_its_copy_and_started_projects_keep_the_old_text(
        self, referent, territory, commune_a, project
    ):
        default = self._default_item().first()
        old_fr, old_en = default.text_fr, default.text_en
        values = {
            "phase": "planning",
            "kind": default.kind,
            "required": False,
            "text_fr": " Nouveau ",
            "text_en": "New",
        }
        own = services.checklist_item_update(actor=referent, territory=territory, item=default, values=values)
        assert (own.territory, own.text_fr, own.text_en, own.required) == (territory, "Nouveau", "New", False)
        default.refresh_from_db()
        assert (default.territory, default.text_fr) == (None, old_fr)
        assert project.checklist.filter(text_fr=old_fr, text_en=old_en).exists()
        assert not project.checklist.filter(text_fr="Nouveau").exists()
        later = services.start_project(actor=referent, commune=commune_a, title="Plus tard")
        assert later.checklist.filter(text_fr="Nouveau", text_en="New", required=False).exists()
        assert not later.checklist.filter(text_fr=old_fr).exists()
        activity = Activity.objects.filter(verb="project_checklists_adapted", subject="Nouveau").get()
        assert activity.changes["fields"]["text_fr"] == {"before": old_fr, "after": "Nouveau"}
        assert activity.changes["fields"]["required"] == {"before": default.required, "after": False}

    def test_changing_an_own_item_keeps_its_place_and_the_started_project_its_copy(
        self, referent, territory, commune_a
    ):
        item = services.checklist_item_save(
            actor=referent,
            territory=territory,
            item=ChecklistTemplateItem(phase="planning", text_fr="Plan de formation", text_en="Training plan"),
        )
        started = services.start_project(actor=referent, commune=commune_a, title="Avant")
        position = item.position
        values = {"phase": "planning", "kind": "tick", "required": True, "text_fr": "Plan", "text_en": "Plan"}
        services.checklist_item_update(actor=referent, territory=territory, item=item, values=values)
        item.refresh_from_db()
        assert (item.text_fr, item.text_en, item.position) == ("Plan", "Plan", position)
        assert started.checklist.filter(text_fr="Plan de formation", text_en="Training plan").exists()

    def test_an_item_moved_to_another_phase_goes_last(self, referent, territory):
        copies = services.checklists_adapt(actor=referent, territory=territory)
        item = next(copy for copy in copies if copy.phase == "prerequisites")
        values = {"phase": "evaluation", "kind": item.kind, "required": True, "text_fr": "a", "text_en": "b"}
        services.checklist_item_update(actor=referent, territory=territory, item=item, values=values)
        evaluation = list(ChecklistTemplateItem.objects.filter(territory=territory, phase="evaluation"))
        assert evaluation[-1].pk == item.pk

    def test_a_change_needs_both_languages_and_nothing_is_saved(self, referent, territory):
        default = self._default_item().first()
        values = {"phase": "planning", "kind": "tick", "required": True, "text_fr": "Nouveau", "text_en": "  "}
        with pytest.raises(ServiceError) as error:
            services.checklist_item_update(actor=referent, territory=territory, item=default, values=values)
        assert error.value.field == "text_en"
        assert not ChecklistTemplateItem.objects.filter(territory=territory).exists()

    def test_moving_up_and_down_within_its_phase(self, referent, territory, project):
        first, second = self._default_item()[:2]
        services.checklist_item_move(actor=referent, territory=territory, item=second, direction="up")
        own = list(ChecklistTemplateItem.objects.filter(territory=territory, phase="planning"))
        assert [own[0].text_fr, own[1].text_fr] == [second.text_fr, first.text_fr]
        assert [item.position for item in own] == list(range(1, len(own) + 1))
        services.checklist_item_move(actor=referent, territory=territory, item=own[0], direction="down")
        again = list(ChecklistTemplateItem.objects.filter(territory=territory, phase="planning"))
        assert [again[0].text_fr, again[1].text_fr] == [first.text_fr, second.text_fr]
        copy = list(project.checklist.filter(phase="planning"))
        assert [copy[0].text_fr, copy[1].text_fr] == [first.text_fr, second.text_fr]
        moves = Activity.objects.filter(verb="project_checklists_adapted", changes__fields__has_key="position")
        assert moves.count() == 2

    def test_the_first_does_not_move_up_nor_the_last_down(self, referent, territory):
        items = list(services.checklists_adapt(actor=referent, territory=territory))
        planning = [item for item in items if item.phase == "planning"]
        with pytest.raises(ServiceError, match="premier"):
            services.checklist_item_move(actor=referent, territory=territory, item=planning[0], direction="up")
        with pytest.raises(ServiceError, match="dernier"):
            services.checklist_item_move(actor=referent, territory=territory, item=planning[-1], direction="down")
        with pytest.raises(ServiceError) as error:
            services.checklist_item_move(actor=referent, territory=territory, item=planning[0], direction="left")
        assert error.value.field == "direction"
