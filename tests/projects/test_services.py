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
