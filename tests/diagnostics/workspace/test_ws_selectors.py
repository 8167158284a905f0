"""Selectors of the workspace: PST tree and unserved objectives, ranked needs, the synthesis for the report
(without personal data), the dashboard's interview column; fixed query counts."""

import json

from django.db import connection
from django.test.utils import CaptureQueriesContext

from communes.selectors import commune_overview_list
from diagnostics.models import EvidenceKind, InterviewStatus, ParticipantGroup
from diagnostics.selectors import pst as pst_selectors
from diagnostics.selectors.interviews import findings_for_report, interview_progress, interviews_for_report
from diagnostics.selectors.inventory import existing_systems_for_commune, inventory_summary
from diagnostics.selectors.needs import needs_for_commune
from diagnostics.selectors.synthesis import synthesis_for_commune, synthesis_for_report
from diagnostics.services import interviews as interview_services
from diagnostics.services import needs as need_services
from diagnostics.services import workspace as workspace_services
from tests.diagnostics.workspace.conftest import PRIVATE_NAME, PRIVATE_NOTE, grow_workspace


def count_queries(function, *args, **kwargs) -> int:
    with CaptureQueriesContext(connection) as queries:
        function(*args, **kwargs)
    return len(queries)


class TestPst:
    def test_tree_and_served(self, ws):
        (strategic,) = pst_selectors.pst_tree(ws.commune)
        assert [o.code for o in strategic.operational] == ["OO1.1", "OO1.2"]
        served = {o.code: o.served for o in strategic.operational}
        assert served == {"OO1.1": True, "OO1.2": False}
        assert strategic.served
        assert [o.code for o in pst_selectors.unserved_objectives(ws.commune)] == ["OO1.2"]

    def test_abandoned_smart_actions_do_not_serve(self, ws, referent):
        from diagnostics.services import pst

        pst.pst_action_update(action=ws.smart_action, actor=referent, fields={"status": "abandoned"})
        assert {o.code for o in pst_selectors.unserved_objectives(ws.commune)} == {"OO1.1", "OO1.2"}

    def test_other_apps_can_declare_what_serves_an_objective(self, ws):
        pst_selectors.register_objective_server("project_sheets", lambda commune: {ws.operational_2.pk})
        try:
            assert pst_selectors.unserved_objectives(ws.commune) == []
            tree = pst_selectors.pst_tree(ws.commune)
            assert tree[0].operational[1].served_by == ["project_sheets"]
        finally:
            pst_selectors.OBJECTIVE_SERVERS.pop("project_sheets")

    def test_summary_and_plain_data(self, ws):
        summary = pst_selectors.pst_summary(ws.commune)
        assert (summary.strategic, summary.operational, summary.actions, summary.smart_actions, summary.unserved) == (
            1,
            2,
            2,
            1,
            1,
        )
        data = pst_selectors.pst_objectives_for_commune(ws.commune)
        assert data[0]["operational"][0]["actions"][0]["title"] == "Guichet en ligne"
        assert "owner" not in data[0]["operational"][1]["actions"][0]

    def test_fixed_queries(self, ws, referent):
        one = count_queries(pst_selectors.pst_tree, ws.commune)
        grow_workspace(ws, referent)
        assert count_queries(pst_selectors.pst_tree, ws.commune) == one


class TestNeeds:
    def test_ranked_with_unpublished_findings_hidden_by_default(self, ws, referent):
        strong = need_services.need_create(commune=ws.commune, actor=referent, title="Fort")
        for kwargs in (
            {"kind": EvidenceKind.FINDING, "finding": ws.private_finding},
            {"kind": EvidenceKind.IDEA, "idea": ws.idea},
            {"kind": EvidenceKind.OBJECTIVE, "objective": ws.operational},
            {"kind": EvidenceKind.OBJECTIVE, "objective": ws.operational_2},
        ):
            need_services.evidence_add(need=strong, actor=referent, **kwargs)
        needs = needs_for_commune(ws.commune)
        assert [(n.title, n.weight, n.rank) for n in needs] == [("Fort", 4, 1), ("Guichet en ligne", 2, 2)]
        hidden = next(e for e in needs[0].evidence if e.kind == "finding")
        assert hidden.hidden
        assert ws.private_finding.summary not in hidden.label
        shown = next(e for e in needs_for_commune(ws.commune, show_unpublished=True)[0].evidence if e.kind == "finding")
        assert shown.label == "Problème interne non publié"
        assert needs[0].sources == {"interview": 1, "workshop": 1, "pst": 2}

    def test_fixed_queries(self, ws, referent):
        one = count_queries(needs_for_commune, ws.commune)
        grow_workspace(ws, referent)
        assert count_queries(needs_for_commune, ws.commune) == one == 2


class TestInterviews:
    def test_progress_counts_held_interviews(self, ws, referent):
        progress = interview_progress(ws.commune)
        assert (progress.held, progress.planned, progress.target, progress.percent) == (1, 0, 10, 10)
        workspace_services.interview_target_set(commune=ws.commune, actor=referent, target=1)
        assert interview_progress(ws.commune).reached

    def test_report_holds_counts_not_names(self, ws, referent):
        grow_workspace(ws, referent, n=2)
        report = interviews_for_report(ws.commune)
        assert report.held == 3
        assert [(g, n) for g, _label, n in report.participants_by_group] == [
            ("college", 2),
            ("head_of_department", 1),
            ("staff", 2),
        ]
        assert report.published_findings == 3
        grouped = findings_for_report(ws.commune)
        summaries = [f["summary"] for g in grouped for f in g.findings]
        assert "Problème interne non publié" not in summaries
        assert "Un guichet en ligne" in summaries

    def test_planned_interviews_do_not_count_as_met(self, ws, referent):
        interview_services.interview_update(
            interview=ws.interview, actor=referent, fields={"status": InterviewStatus.PLANNED}
        )
        assert interviews_for_report(ws.commune).participants_by_group == []


class TestSynthesis:
    def test_maturity_groups_and_suggestions(self, ws, answered_campaign):
        synthesis = synthesis_for_commune(ws.commune)
        assert synthesis.maturity.responses == 24
        assert synthesis.maturity.has_scores
        assert [kind for kind, _label in synthesis.maturity.groups] == ["college", "administration", "citizens"]
        governance = next(p for p in synthesis.maturity.pillars if p["pillar"] == "governance")
        assert governance["score"] is not None and set(governance["by_group"]) == {
            "college",
            "administration",
            "citizens",
        }
        assert synthesis.maturity.radar["datasets"][0]["values"][4] == governance["score"]
        assert synthesis.maturity.radar_svg.startswith("<svg")

    def test_without_questionnaire_answers(self, ws):
        synthesis = synthesis_for_commune(ws.commune)
        assert not synthesis.maturity.has_scores
        assert synthesis.maturity.radar_svg == ""
        assert synthesis.strengths == synthesis.weaknesses == []

    def test_report_data_holds_no_personal_data(self, ws, referent, answered_campaign):
        workspace_services.synthesis_update(
            commune=ws.commune, actor=referent, fields={"summary_text": "Synthèse"}, edit_version=None
        )
        need_services.evidence_add(need=ws.need, actor=referent, kind=EvidenceKind.FINDING, finding=ws.private_finding)
        report = synthesis_for_report(ws.commune)
        text = json.dumps(report, default=str, ensure_ascii=False)
        for secret in (PRIVATE_NAME, PRIVATE_NOTE, "Problème interne non publié", "Alice", "Ann", "Ben", "RH"):
            assert secret not in text, secret
        assert report["texts"]["summary"] == "Synthèse"
        assert report["interviews"]["participants_by_group"] == [
            {"group": "head_of_department", "label": str(ParticipantGroup.HEAD_OF_DEPARTMENT.label), "count": 1}
        ]
        assert report["inventory"]["warnings"] == {"duplicate": 1, "silo": 1, "single_knowledge": 1}
        assert report["needs"][0]["title"] == "Guichet en ligne"
        assert report["pst"]["objectives"][0]["code"] == "OS1"
        assert report["maturity"]["has_scores"]

    def test_report_queries_are_fixed(self, ws, referent, answered_campaign):
        one = count_queries(synthesis_for_report, ws.commune)
        grow_workspace(ws, referent)
        assert count_queries(synthesis_for_report, ws.commune) == one


class TestInventory:
    def test_summary_and_plain_systems(self, ws):
        summary = inventory_summary(ws.commune)
        assert (summary.systems, summary.exchanges, summary.manual_exchanges) == (3, 1, 0)
        assert summary.warnings == {"duplicate": 1, "silo": 1, "single_knowledge": 1}
        systems = existing_systems_for_commune(ws.commune)
        assert [s["name"] for s in systems] == ["Cimetières", "GED A", "GED B"]
        assert systems[1]["category"] == "document_management"

    def test_fixed_queries(self, ws, referent):
        one = count_queries(inventory_summary, ws.commune)
        grow_workspace(ws, referent)
        assert count_queries(inventory_summary, ws.commune) == one


class TestDashboard:
    def test_interview_column_in_the_same_query(self, ws, referent, commune_b, django_assert_num_queries):
        referent._smartregion_memberships = None
        list(commune_overview_list(referent))
        with django_assert_num_queries(1):
            rows = {c.slug: (c.interviews_held, c.interview_target) for c in commune_overview_list(referent)}
        assert rows[ws.commune.slug] == (1, 10)
        assert rows[commune_b.slug] == (0, 10)
