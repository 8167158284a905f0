"""Services of interviews, findings and the interview target."""

from datetime import date

import pytest

from communes.models import Activity
from diagnostics.models import Diagnostic, FindingKind, InterviewParticipant, ParticipantGroup
from diagnostics.services import interviews as services
from diagnostics.services import workspace as workspace_services
from diagnostics.services.interviews import ParticipantInput
from smartregion.errors import ServiceError


def people(n):
    return [ParticipantInput(f"Person {i}", "Function", ParticipantGroup.STAFF) for i in range(n)]


class TestParticipants:
    @pytest.mark.parametrize("count", [0, 4])
    def test_one_to_three(self, commune_a, referent, count):
        with pytest.raises(ServiceError) as raised:
            services.interview_create(
                commune=commune_a, actor=referent, held_on=date(2025, 3, 1), participants=people(count)
            )
        assert (raised.value.message, raised.value.field) == (services.ERROR_PARTICIPANT_COUNT, "participants")

    def test_blank_names_do_not_count(self, commune_a, referent):
        blank = [ParticipantInput("  ", "x", ParticipantGroup.STAFF)]
        with pytest.raises(ServiceError):
            services.interview_create(commune=commune_a, actor=referent, held_on=date(2025, 3, 1), participants=blank)

    def test_unknown_group(self, commune_a, referent):
        with pytest.raises(ServiceError) as raised:
            services.interview_create(
                commune=commune_a,
                actor=referent,
                held_on=date(2025, 3, 1),
                participants=[ParticipantInput("A", "", "king")],
            )
        assert raised.value.message == services.ERROR_PARTICIPANT_GROUP

    def test_three_people_with_default_duration(self, commune_a, referent):
        interview = services.interview_create(
            commune=commune_a, actor=referent, held_on=date(2025, 3, 1), participants=people(3)
        )
        assert interview.duration_minutes == 60
        assert list(interview.participants.values_list("name", flat=True)) == ["Person 0", "Person 1", "Person 2"]
        assert Activity.objects.filter(commune=commune_a, verb="interview_planned").count() == 1

    def test_update_replaces_participants(self, ws, referent):
        services.interview_update(interview=ws.interview, actor=referent, fields={}, participants=people(2))
        assert InterviewParticipant.objects.filter(interview=ws.interview).count() == 2
        with pytest.raises(ServiceError):
            services.interview_update(interview=ws.interview, actor=referent, fields={}, participants=people(4))
        assert InterviewParticipant.objects.filter(interview=ws.interview).count() == 2


class TestInterviewers:
    def test_staff_and_referents_of_the_territory(
        self, commune_a, referent, staff_a, staff_b, college_a, other_referent
    ):
        interview = services.interview_create(
            commune=commune_a,
            actor=referent,
            held_on=date(2025, 3, 1),
            participants=people(1),
            interviewer_users=[referent, staff_a],
        )
        assert set(interview.interviewer_users.all()) == {referent, staff_a}
        for outsider in (staff_b, college_a, other_referent):
            with pytest.raises(ServiceError) as raised:
                services.interview_update(interview=interview, actor=referent, fields={}, interviewer_users=[outsider])
            assert raised.value.field == "interviewer_users"


class TestConcurrentEdits:
    def test_the_second_save_is_told(self, ws, referent, staff_a):
        version = ws.interview.edit_version
        services.interview_update(
            interview=ws.interview, actor=referent, fields={"notes": "First"}, edit_version=version
        )
        with pytest.raises(ServiceError) as raised:
            services.interview_update(
                interview=ws.interview, actor=staff_a, fields={"notes": "Second"}, edit_version=version
            )
        assert raised.value.message == workspace_services.ERROR_EDIT_CONFLICT
        ws.interview.refresh_from_db()
        assert ws.interview.notes == "First"


class TestFindings:
    def test_objective_of_another_commune(self, ws, referent, commune_b):
        from diagnostics.services import pst

        foreign = pst.pst_objective_create(commune=commune_b, actor=referent, level="strategic", code="X", title="X")
        with pytest.raises(ServiceError) as raised:
            services.finding_create(
                interview=ws.interview, actor=referent, kind=FindingKind.NEED, summary="s", objective=foreign
            )
        assert raised.value.message == services.ERROR_OBJECTIVE_OUTSIDE

    def test_pillars_are_validated(self, ws, referent):
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError):
            services.finding_create(
                interview=ws.interview, actor=referent, kind=FindingKind.NEED, summary="s", pillars=["x"]
            )

    def test_publish_and_withdraw(self, ws, referent):
        services.finding_set_published(finding=ws.private_finding, actor=referent, published=True)
        services.finding_set_published(finding=ws.private_finding, actor=referent, published=True)
        services.finding_set_published(finding=ws.private_finding, actor=referent, published=False)
        verbs = list(Activity.objects.filter(verb__startswith="finding_").values_list("verb", flat=True))
        assert verbs.count("finding_published") == 2  # the workspace's own, and this one (not twice)
        assert verbs.count("finding_unpublished") == 1

    def test_update_and_delete(self, ws, referent):
        services.finding_update(finding=ws.finding, actor=referent, fields={"summary": "Reworded", "published": False})
        ws.finding.refresh_from_db()
        assert (ws.finding.summary, ws.finding.published) == ("Reworded", True)  # publishing has its own service
        services.finding_delete(finding=ws.finding, actor=referent)
        assert not ws.interview.findings.filter(pk=ws.finding.pk).exists()


class TestTarget:
    def test_default_and_change(self, commune_a, referent):
        assert not Diagnostic.objects.filter(commune=commune_a).exists()
        diagnostic = workspace_services.interview_target_set(commune=commune_a, actor=referent, target=12)
        assert diagnostic.interview_target == 12
        for wrong in (0, 101):
            with pytest.raises(ServiceError) as raised:
                workspace_services.interview_target_set(commune=commune_a, actor=referent, target=wrong)
            assert raised.value.field == "interview_target"
