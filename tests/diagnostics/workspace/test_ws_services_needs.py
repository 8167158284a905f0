"""Services of needs: evidence from the same commune, independent sources, merges and concurrent edits."""

import pytest

from diagnostics.models import EvidenceKind, Need, NeedEvidence, WorkshopIdea
from diagnostics.selectors.needs import needs_for_commune
from diagnostics.services import interviews as interview_services
from diagnostics.services import needs as services
from diagnostics.services import workshops as workshop_services
from diagnostics.services.workspace import ERROR_EDIT_CONFLICT
from smartregion.errors import ServiceError


def weight(need):
    return next(n.weight for n in needs_for_commune(need.commune, show_unpublished=True) if n.id == need.pk)


class TestEvidence:
    def test_every_kind(self, ws, referent, ws_campaign):
        question = ws_campaign.questionnaire.questions.first()
        need = services.need_create(commune=ws.commune, actor=referent, title="Tout")
        services.evidence_add(
            need=need, actor=referent, kind=EvidenceKind.QUESTION, campaign=ws_campaign, question=question
        )
        services.evidence_add(
            need=need, actor=referent, kind=EvidenceKind.PILLAR, campaign=ws_campaign, pillar="governance"
        )
        services.evidence_add(need=need, actor=referent, kind=EvidenceKind.FINDING, finding=ws.finding)
        services.evidence_add(need=need, actor=referent, kind=EvidenceKind.IDEA, idea=ws.idea, note="Top voted")
        services.evidence_add(need=need, actor=referent, kind=EvidenceKind.OBJECTIVE, objective=ws.operational)
        assert need.evidence.count() == 5
        assert weight(need) == 4  # the campaign counts once

    def test_findings_of_one_interview_count_once(self, ws, referent):
        services.evidence_add(need=ws.need, actor=referent, kind=EvidenceKind.FINDING, finding=ws.private_finding)
        assert weight(ws.need) == 2  # the interview and the PST objective

    def test_duplicate_evidence(self, ws, referent):
        with pytest.raises(ServiceError) as raised:
            services.evidence_add(need=ws.need, actor=referent, kind=EvidenceKind.FINDING, finding=ws.finding)
        assert raised.value.message == services.ERROR_EVIDENCE_EXISTS

    def test_evidence_of_another_commune(self, ws, referent, commune_b):
        from tests.diagnostics.workspace.conftest import build_workspace

        other = build_workspace(commune_b, referent)
        for kwargs in (
            {"kind": EvidenceKind.FINDING, "finding": other.finding},
            {"kind": EvidenceKind.IDEA, "idea": other.idea},
            {"kind": EvidenceKind.OBJECTIVE, "objective": other.operational},
        ):
            with pytest.raises(ServiceError) as raised:
                services.evidence_add(need=ws.need, actor=referent, **kwargs)
            assert raised.value.message == services.ERROR_EVIDENCE_OUTSIDE

    @pytest.mark.parametrize(
        ("kind", "field"),
        [
            (EvidenceKind.QUESTION, "campaign"),
            (EvidenceKind.PILLAR, "campaign"),
            (EvidenceKind.FINDING, "finding"),
            (EvidenceKind.IDEA, "idea"),
            (EvidenceKind.OBJECTIVE, "objective"),
            ("rumour", "kind"),
        ],
    )
    def test_evidence_without_its_row_names_the_missing_field(self, ws, referent, kind, field):
        with pytest.raises(ServiceError) as raised:
            services.evidence_add(need=ws.need, actor=referent, kind=kind)
        assert raised.value.message == services.ERROR_EVIDENCE_INCOMPLETE
        assert raised.value.field == field
        assert ws.need.evidence.count() == 2

    def test_questionnaire_evidence_rules(self, ws, referent, ws_campaign, commune_b):
        from diagnostics.models import Question

        with pytest.raises(ServiceError) as raised:
            services.evidence_add(
                need=ws.need, actor=referent, kind=EvidenceKind.PILLAR, campaign=ws_campaign, pillar=""
            )
        assert raised.value.message == services.ERROR_PILLAR_REQUIRED
        with pytest.raises(ServiceError):
            services.evidence_add(need=ws.need, actor=referent, kind=EvidenceKind.QUESTION, campaign=ws_campaign)
        stray = Question.objects.exclude(questionnaire=ws_campaign.questionnaire).first()
        if stray is None:
            from diagnostics.services import builder

            stray = builder.template_ensure().questions.first()
        with pytest.raises(ServiceError) as raised:
            services.evidence_add(
                need=ws.need, actor=referent, kind=EvidenceKind.QUESTION, campaign=ws_campaign, question=stray
            )
        assert raised.value.message == services.ERROR_QUESTION_NOT_IN_CAMPAIGN
        with pytest.raises(ServiceError):
            services.evidence_add(need=ws.need, actor=referent, kind="rumour")

    def test_removing_idea_evidence_unlinks_the_idea(self, ws, referent):
        from diagnostics.models import IdeaDecision

        workshop_services.idea_decide(idea=ws.idea, actor=referent, decision=IdeaDecision.NEED, need=ws.need)
        evidence = NeedEvidence.objects.get(need=ws.need, idea=ws.idea)
        evidence.need = ws.need
        services.evidence_remove(evidence=evidence, actor=referent)
        assert WorkshopIdea.objects.get(pk=ws.idea.pk).need is None

    def test_a_finding_becomes_a_need(self, ws, referent):
        need = services.need_create_from_finding(finding=ws.private_finding, actor=referent)
        assert (need.title, list(need.evidence.values_list("finding", flat=True))) == (
            "Problème interne non publié",
            [ws.private_finding.pk],
        )


class TestConcurrentEdits:
    def test_the_second_save_is_told(self, ws, referent, staff_a):
        version = ws.need.edit_version
        services.need_update(need=ws.need, actor=referent, fields={"title": "Mine"}, edit_version=version)
        with pytest.raises(ServiceError) as raised:
            services.need_update(need=ws.need, actor=staff_a, fields={"title": "Theirs"}, edit_version=version)
        assert raised.value.message == ERROR_EDIT_CONFLICT
        assert Need.objects.get(pk=ws.need.pk).title == "Mine"

    def test_new_evidence_also_changes_the_version(self, ws, referent):
        version = Need.objects.get(pk=ws.need.pk).edit_version
        services.evidence_add(need=ws.need, actor=referent, kind=EvidenceKind.FINDING, finding=ws.private_finding)
        with pytest.raises(ServiceError):
            services.need_update(need=ws.need, actor=referent, fields={"title": "Stale"}, edit_version=version)


class TestMerge:
    def test_moves_evidence_and_keeps_a_trace(self, ws, referent, staff_a):
        duplicate = services.need_create(
            commune=ws.commune, actor=referent, title="Guichet numérique", pillars=["smart_citizens"]
        )
        services.evidence_add(need=duplicate, actor=referent, kind=EvidenceKind.FINDING, finding=ws.finding)
        services.evidence_add(need=duplicate, actor=referent, kind=EvidenceKind.IDEA, idea=ws.idea)
        WorkshopIdea.objects.filter(pk=ws.idea.pk).update(need=duplicate)
        older = services.need_create(commune=ws.commune, actor=referent, title="Ancien doublon")
        services.needs_merge(source=older, target=duplicate, actor=referent)

        target = services.needs_merge(source=duplicate, target=ws.need, actor=staff_a)
        duplicate.refresh_from_db()
        older.refresh_from_db()
        assert (duplicate.merged_into, duplicate.merged_by, duplicate.is_merged) == (ws.need, staff_a, True)
        assert older.merged_into == ws.need
        assert target.pillars == ["governance", "smart_citizens"]
        assert sorted(target.evidence.values_list("kind", flat=True)) == ["finding", "idea", "objective"]
        assert not duplicate.evidence.exists()
        assert WorkshopIdea.objects.get(pk=ws.idea.pk).need == ws.need
        assert [n.id for n in needs_for_commune(ws.commune)] == [ws.need.pk]

    def test_refusals(self, ws, referent, commune_b):
        with pytest.raises(ServiceError) as raised:
            services.needs_merge(source=ws.need, target=ws.need, actor=referent)
        assert raised.value.message == services.ERROR_MERGE_SAME
        foreign = Need.objects.create(commune=commune_b, title="Ailleurs")
        with pytest.raises(ServiceError) as raised:
            services.needs_merge(source=ws.need, target=foreign, actor=referent)
        assert raised.value.message == services.ERROR_MERGE_OUTSIDE
        other = services.need_create(commune=ws.commune, actor=referent, title="Autre")
        services.needs_merge(source=other, target=ws.need, actor=referent)
        other.refresh_from_db()
        for source, target in ((other, ws.need), (ws.need, other)):
            with pytest.raises(ServiceError) as raised:
                services.needs_merge(source=source, target=target, actor=referent)
            assert raised.value.message == services.ERROR_MERGED
        with pytest.raises(ServiceError):
            services.need_update(need=other, actor=referent, fields={"title": "x"})
        with pytest.raises(ServiceError):
            services.evidence_add(need=other, actor=referent, kind=EvidenceKind.OBJECTIVE, objective=ws.operational)


def test_deleting_a_need_releases_its_ideas(ws, referent):
    from diagnostics.models import IdeaDecision

    workshop_services.idea_decide(idea=ws.idea, actor=referent, decision=IdeaDecision.NEED, need=ws.need)
    services.need_delete(need=ws.need, actor=referent)
    assert WorkshopIdea.objects.get(pk=ws.idea.pk).need is None
    interview_services.finding_delete(finding=ws.finding, actor=referent)
