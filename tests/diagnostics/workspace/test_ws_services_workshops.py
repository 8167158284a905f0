"""Services of ideation workshops: ideas, dot votes and the referent's decisions."""

from datetime import date

import pytest

from diagnostics.models import IdeaDecision, Need, NeedEvidence
from diagnostics.services import needs as need_services
from diagnostics.services import workshops as services
from smartregion.errors import ServiceError


def test_workshop_participants_count_or_names(commune_a, referent):
    named = services.workshop_create(
        commune=commune_a, actor=referent, title="A", held_on=date(2025, 1, 1), participant_names="Ann\n\nBen\n"
    )
    counted = services.workshop_create(
        commune=commune_a,
        actor=referent,
        title="B",
        held_on=date(2025, 1, 1),
        participant_count=25,
        participant_names="Ann",
    )
    assert (named.participants, named.names, counted.participants) == (2, ["Ann", "Ben"], 25)


class TestVotes:
    def test_all_at_once(self, ws, referent):
        other = services.idea_create(workshop=ws.workshop, actor=referent, title="Autre")
        services.workshop_votes_record(workshop=ws.workshop, actor=referent, votes={ws.idea.pk: 9, other.pk: 3})
        ws.idea.refresh_from_db()
        other.refresh_from_db()
        assert (ws.idea.votes, other.votes) == (9, 3)

    @pytest.mark.parametrize("count", [-1, 10001, True, "3"])
    def test_out_of_range(self, ws, referent, count):
        with pytest.raises(ServiceError):
            services.workshop_votes_record(workshop=ws.workshop, actor=referent, votes={ws.idea.pk: count})

    def test_idea_of_another_workshop(self, ws, referent):
        other = services.workshop_create(commune=ws.commune, actor=referent, title="B", held_on=date(2025, 1, 1))
        idea = services.idea_create(workshop=other, actor=referent, title="X")
        with pytest.raises(ServiceError) as raised:
            services.workshop_votes_record(workshop=ws.workshop, actor=referent, votes={idea.pk: 1})
        assert raised.value.message == services.ERROR_VOTES_UNKNOWN_IDEA


class TestDecisions:
    def test_kept_as_a_new_need(self, ws, referent):
        idea = services.idea_decide(idea=ws.idea, actor=referent, decision=IdeaDecision.NEED)
        need = idea.need
        assert (need.title, need.commune) == ("Appli de signalement", ws.commune)
        assert NeedEvidence.objects.filter(need=need, idea=idea).exists()

    def test_kept_as_an_existing_need_then_moved_then_set_aside(self, ws, referent):
        services.idea_decide(idea=ws.idea, actor=referent, decision=IdeaDecision.NEED, need=ws.need)
        assert NeedEvidence.objects.filter(need=ws.need, idea=ws.idea).exists()
        other = need_services.need_create(commune=ws.commune, actor=referent, title="Autre besoin")
        services.idea_decide(idea=ws.idea, actor=referent, decision=IdeaDecision.NEED, need=other)
        assert not NeedEvidence.objects.filter(need=ws.need, idea=ws.idea).exists()
        assert NeedEvidence.objects.filter(need=other, idea=ws.idea).exists()
        services.idea_decide(idea=ws.idea, actor=referent, decision=IdeaDecision.SET_ASIDE, note="Too costly")
        ws.idea.refresh_from_db()
        assert (ws.idea.need, ws.idea.decision_note) == (None, "Too costly")
        assert not NeedEvidence.objects.filter(idea=ws.idea).exists()

    def test_project_candidate(self, ws, referent):
        services.idea_decide(idea=ws.idea, actor=referent, decision=IdeaDecision.PROJECT_CANDIDATE)
        from diagnostics.selectors.workshops import project_candidates_for_commune

        assert [c["title"] for c in project_candidates_for_commune(ws.commune)] == ["Appli de signalement"]

    def test_need_of_another_commune_or_merged(self, ws, referent, commune_b):
        foreign = Need.objects.create(commune=commune_b, title="Ailleurs")
        with pytest.raises(ServiceError) as raised:
            services.idea_decide(idea=ws.idea, actor=referent, decision=IdeaDecision.NEED, need=foreign)
        assert raised.value.message == services.ERROR_NEED_OUTSIDE
        other = need_services.need_create(commune=ws.commune, actor=referent, title="Doublon")
        need_services.needs_merge(source=other, target=ws.need, actor=referent)
        other.refresh_from_db()
        with pytest.raises(ServiceError) as raised:
            services.idea_decide(idea=ws.idea, actor=referent, decision=IdeaDecision.NEED, need=other)
        assert raised.value.message == services.ERROR_NEED_MERGED


def test_idea_edit_saves_the_text_and_the_votes_together(ws, referent):
    ws.idea.votes = 7  # what a model form leaves on the instance before the service runs
    services.idea_edit(idea=ws.idea, actor=referent, fields={"title": "Renamed", "votes": 7}, votes=7)
    ws.idea.refresh_from_db()
    assert (ws.idea.title, ws.idea.votes) == ("Renamed", 7)


def test_idea_update_and_delete(ws, referent):
    services.idea_update(idea=ws.idea, actor=referent, fields={"title": "Renamed", "pillar": "mobility", "votes": 99})
    ws.idea.refresh_from_db()
    assert (ws.idea.title, ws.idea.pillar, ws.idea.votes) == ("Renamed", "mobility", 5)
    services.idea_delete(idea=ws.idea, actor=referent)
    services.workshop_delete(workshop=ws.workshop, actor=referent)
