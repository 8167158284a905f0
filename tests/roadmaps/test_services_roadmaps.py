"""Services of a roadmap: start, strategy, publication, criteria and weights."""

import pytest

from communes.models import Activity
from roadmaps.models import Criterion, CriterionKind, Mark, Roadmap, RoadmapStatus, RoadmapVerb
from roadmaps.services import roadmaps as services
from smartregion.errors import ServiceError

pytestmark = pytest.mark.django_db


class TestRoadmapCreate:
    def test_starts_a_draft_with_the_default_criteria(self, commune_a, referent):
        roadmap = services.roadmap_create(commune=commune_a, actor=referent)
        assert roadmap.status == RoadmapStatus.DRAFT
        criteria = list(Criterion.objects.filter(roadmap=roadmap).order_by("position"))
        assert [c.kind for c in criteria] == [
            CriterionKind.BUDGET,
            CriterionKind.FEASIBILITY,
            CriterionKind.RESOURCES,
            CriterionKind.IMPACT,
            CriterionKind.PST_ALIGNMENT,
            CriterionKind.EVIDENCE,
        ]
        assert sum(c.weight for c in criteria) == 100
        assert Activity.objects.filter(commune=commune_a, verb=RoadmapVerb.ROADMAP_CREATED).exists()

    def test_one_roadmap_per_commune(self, roadmap, commune_a, referent):
        with pytest.raises(ServiceError) as error:
            services.roadmap_create(commune=commune_a, actor=referent)
        assert error.value.message == services.ERROR_ROADMAP_EXISTS


class TestStrategy:
    def test_saves_summary_and_pillars(self, roadmap, referent):
        services.roadmap_update(roadmap=roadmap, actor=referent, summary="  Energy first ", focus_pillars=["mobility"])
        roadmap.refresh_from_db()
        assert (roadmap.summary, roadmap.focus_pillars) == ("Energy first", ["mobility"])

    def test_refuses_unknown_pillars(self, roadmap, referent):
        with pytest.raises(ServiceError) as error:
            services.roadmap_update(roadmap=roadmap, actor=referent, summary="", focus_pillars=["space"])
        assert error.value.message == services.ERROR_BAD_PILLARS


class TestPublication:
    def test_publish_then_back_to_draft(self, roadmap, referent):
        services.roadmap_publish(roadmap=roadmap, actor=referent)
        roadmap.refresh_from_db()
        assert roadmap.is_published and roadmap.published_by == referent and roadmap.published_at
        with pytest.raises(ServiceError) as error:
            services.roadmap_publish(roadmap=roadmap, actor=referent)
        assert error.value.message == services.ERROR_ALREADY_PUBLISHED
        services.roadmap_unpublish(roadmap=roadmap, actor=referent)
        assert Roadmap.objects.get(pk=roadmap.pk).status == RoadmapStatus.DRAFT
        with pytest.raises(ServiceError) as error:
            services.roadmap_unpublish(roadmap=roadmap, actor=referent)
        assert error.value.message == services.ERROR_NOT_PUBLISHED


class TestWeights:
    def test_changed_weights_are_saved_and_scoring_requested(
        self, roadmap, referent, django_capture_on_commit_callbacks
    ):
        impact = Criterion.objects.get(roadmap=roadmap, kind=CriterionKind.IMPACT)
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            services.criteria_weights_update(roadmap=roadmap, actor=referent, weights={impact.pk: 60})
        impact.refresh_from_db()
        roadmap.refresh_from_db()
        assert impact.weight == 60
        assert roadmap.scoring_version == 1 and roadmap.scored_version == 1
        assert callbacks
        assert Activity.objects.filter(verb=RoadmapVerb.WEIGHTS_CHANGED).count() == 1

    def test_unchanged_weights_change_nothing(self, roadmap, referent):
        weights = dict(Criterion.objects.filter(roadmap=roadmap).values_list("pk", "weight"))
        services.criteria_weights_update(roadmap=roadmap, actor=referent, weights=weights)
        roadmap.refresh_from_db()
        assert roadmap.scoring_version == 0
        assert not Activity.objects.filter(verb=RoadmapVerb.WEIGHTS_CHANGED).exists()

    @pytest.mark.parametrize("bad", [-1, 101, "10"])
    def test_weights_outside_0_100(self, roadmap, referent, bad):
        criterion = Criterion.objects.filter(roadmap=roadmap).first()
        with pytest.raises(ServiceError) as error:
            services.criteria_weights_update(roadmap=roadmap, actor=referent, weights={criterion.pk: bad})
        assert error.value.message == services.ERROR_WEIGHT_RANGE

    def test_all_zero_is_refused(self, roadmap, referent):
        weights = dict.fromkeys(Criterion.objects.filter(roadmap=roadmap).values_list("pk", flat=True), 0)
        with pytest.raises(ServiceError) as error:
            services.criteria_weights_update(roadmap=roadmap, actor=referent, weights=weights)
        assert error.value.message == services.ERROR_ALL_WEIGHTS_ZERO

    def test_criteria_of_another_roadmap_are_refused(self, roadmap, referent, commune_b):
        other = services.roadmap_create(commune=commune_b, actor=referent)
        foreign = Criterion.objects.filter(roadmap=other).first()
        with pytest.raises(ServiceError) as error:
            services.criteria_weights_update(roadmap=roadmap, actor=referent, weights={foreign.pk: 5})
        assert error.value.message == services.ERROR_UNKNOWN_CRITERION


class TestOwnCriteria:
    def test_add_then_delete_with_its_marks(self, roadmap, referent, make_sheet):
        criterion = services.criterion_create(
            roadmap=roadmap, actor=referent, label=" Mutualisation ", description="Shared with neighbours", weight=20
        )
        assert criterion.kind == CriterionKind.CUSTOM and criterion.name == "Mutualisation" and criterion.position == 7
        sheet = make_sheet("Website")
        Mark.objects.create(sheet=sheet, criterion=criterion, value=4)
        services.criterion_delete(criterion=criterion, actor=referent)
        assert not Mark.objects.filter(sheet=sheet).exists()
        assert roadmap.criteria.count() == 6

    @pytest.mark.parametrize(
        ("label", "weight", "message"),
        [
            ("", 10, services.ERROR_CRITERION_NAME_REQUIRED),
            ("Technical feasibility", 10, services.ERROR_CRITERION_EXISTS),
            ("faisabilité technique", 10, services.ERROR_CRITERION_EXISTS),  # a default's name in French too
            ("ROI", 120, services.ERROR_WEIGHT_RANGE),
        ],
    )
    def test_rules(self, roadmap, referent, label, weight, message):
        with pytest.raises(ServiceError) as error:
            services.criterion_create(roadmap=roadmap, actor=referent, label=label, weight=weight)
        assert error.value.message == message

    def test_default_criteria_stay(self, roadmap, referent):
        budget = Criterion.objects.get(roadmap=roadmap, kind=CriterionKind.BUDGET)
        with pytest.raises(ServiceError) as error:
            services.criterion_delete(criterion=budget, actor=referent)
        assert error.value.message == services.ERROR_DEFAULT_CRITERION

    def test_cannot_delete_the_only_weighted_criterion(self, roadmap, referent):
        Criterion.objects.filter(roadmap=roadmap).update(weight=0)
        own = services.criterion_create(roadmap=roadmap, actor=referent, label="ROI", weight=10)
        with pytest.raises(ServiceError) as error:
            services.criterion_delete(criterion=own, actor=referent)
        assert error.value.message == services.ERROR_ALL_WEIGHTS_ZERO
