"""Services of project sheets: creation from templates, optimistic concurrency, marks, prerequisites, comments."""

from decimal import Decimal

import pytest

from communes.models import Activity
from roadmaps.models import Comment, Criterion, Mark, Prerequisite, ProjectSheet, RoadmapVerb, SheetScore
from roadmaps.services import sheets as services
from smartregion.errors import ServiceError

pytestmark = pytest.mark.django_db


def _requires(sheet) -> set[str]:
    return set(Prerequisite.objects.filter(sheet=sheet).values_list("required__title", flat=True))


class TestCreate:
    def test_blank_sheet(self, roadmap, staff_a, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            sheet = services.sheet_create(
                roadmap=roadmap,
                actor=staff_a,
                fields={"title": "Fix my street", "pillars": ["smart_citizens"], "investment": Decimal("1000")},
            )
        assert sheet.version == 1 and sheet.created_by == staff_a
        # The sheet joins the ranking, unscored until it has marks.
        assert SheetScore.objects.get(sheet=sheet).score is None
        assert Activity.objects.filter(verb=RoadmapVerb.SHEET_CREATED, subject="Fix my street").exists()

    @pytest.mark.parametrize(
        ("fields", "field"),
        [
            ({"title": ""}, "title"),
            ({"title": "X", "pillars": ["space"]}, "pillars"),
            ({"title": "X", "skills_needed": ["magic"]}, "skills_needed"),
            ({"title": "X", "investment": Decimal("-1")}, "investment"),
            ({"title": "X", "horizon": "someday"}, "horizon"),
        ],
    )
    def test_invalid_fields_are_refused(self, roadmap, staff_a, fields, field):
        with pytest.raises(ServiceError) as error:
            services.sheet_create(roadmap=roadmap, actor=staff_a, fields=fields)
        assert error.value.field == field
        assert not ProjectSheet.objects.exists()

    def test_unknown_field_is_refused(self, roadmap, staff_a):
        with pytest.raises(ServiceError) as error:
            services.sheet_create(roadmap=roadmap, actor=staff_a, fields={"title": "X", "version": 9})
        assert error.value.message == services.ERROR_UNKNOWN_FIELD

    def test_from_template_links_default_prerequisites_both_ways(self, roadmap, referent, template):
        counter_template, website_template = template("online-counter"), template("website-overhaul")
        counter = services.sheet_create(
            roadmap=roadmap,
            actor=referent,
            fields=services.template_initial(counter_template),
            template=counter_template,
        )
        assert _requires(counter) == set()  # no website sheet yet
        website = services.sheet_create(
            roadmap=roadmap, actor=referent, fields={"title": "Our website"}, template=website_template
        )
        assert _requires(counter) == {"Our website"}
        participation = services.sheet_create(
            roadmap=roadmap,
            actor=referent,
            fields={"title": "Participation"},
            template=template("citizen-participation"),
        )
        assert _requires(participation) == {"Our website"}
        assert _requires(website) == set()

    def test_template_initial_uses_the_active_language_with_french_fallback(self, template, settings):
        from django.utils import translation

        website = template("website-overhaul")
        with translation.override("en"):
            assert services.template_initial(website)["title"] == "Website overhaul"
        with translation.override("fr"):
            assert services.template_initial(website)["title"] == "Refonte du site internet communal"
        website.title_en = ""
        with translation.override("en"):
            assert website.title == "Refonte du site internet communal"

    def test_template_link_respects_horizons(self, roadmap, referent, template):
        services.sheet_create(
            roadmap=roadmap,
            actor=referent,
            fields={"title": "Website", "horizon": "long"},
            template=template("website-overhaul"),
        )
        with pytest.raises(ServiceError) as error:
            services.sheet_create(
                roadmap=roadmap,
                actor=referent,
                fields={"title": "Counter", "horizon": "short"},
                template=template("online-counter"),
            )
        assert "“Counter”" in str(error.value.message) and "“Website”" in str(error.value.message)
        assert not ProjectSheet.objects.filter(title="Counter").exists()


class TestUpdate:
    def test_saves_and_bumps_the_version(self, roadmap, make_sheet, staff_a):
        sheet = make_sheet("Website")
        services.sheet_update(
            sheet=sheet, actor=staff_a, fields={"title": "New website", "risks": "Late"}, expected_version=1
        )
        sheet.refresh_from_db()
        assert (sheet.title, sheet.risks, sheet.version, sheet.updated_by) == ("New website", "Late", 2, staff_a)

    def test_second_save_from_the_same_version_is_a_conflict(self, roadmap, make_sheet, staff_a, referent):
        sheet = make_sheet("Website")
        services.sheet_update(sheet=sheet, actor=staff_a, fields={"summary": "Mine"}, expected_version=1)
        with pytest.raises(services.SheetConflict) as error:
            services.sheet_update(sheet=sheet, actor=referent, fields={"summary": "Theirs"}, expected_version=1)
        assert error.value.message == services.ERROR_SHEET_CONFLICT
        assert error.value.current.summary == "Mine" and error.value.current.version == 2
        assert ProjectSheet.objects.get(pk=sheet.pk).summary == "Mine"

    def test_horizon_before_a_prerequisite_is_refused_naming_both(self, roadmap, make_sheet, staff_a):
        website = make_sheet("Website", horizon="medium")
        counter = make_sheet("Online counter", requires=[website])
        with pytest.raises(ServiceError) as error:
            services.sheet_update(sheet=counter, actor=staff_a, fields={"horizon": "short"}, expected_version=1)
        message = str(error.value.message)
        assert "“Online counter”" in message and "“Website”" in message and error.value.field == "horizon"
        services.sheet_update(sheet=counter, actor=staff_a, fields={"horizon": "medium"}, expected_version=1)

    def test_moving_a_prerequisite_after_its_dependent_is_refused(self, roadmap, make_sheet, staff_a):
        website = make_sheet("Website", horizon="short")
        make_sheet("Online counter", requires=[website], horizon="short")
        with pytest.raises(ServiceError):
            services.sheet_set_horizon(sheet=website, actor=staff_a, horizon="long")

    def test_a_done_prerequisite_holds_nothing_back(self, roadmap, make_sheet, staff_a):
        website = make_sheet("Website", horizon="long", status="done")
        counter = make_sheet("Online counter", requires=[website])
        services.sheet_set_horizon(sheet=counter, actor=staff_a, horizon="short")
        with pytest.raises(ServiceError):
            services.sheet_update(sheet=website, actor=staff_a, fields={"status": "proposed"}, expected_version=1)

    def test_set_horizon_bumps_the_version_so_open_forms_conflict(self, roadmap, make_sheet, staff_a):
        sheet = make_sheet("Website")
        services.sheet_set_horizon(sheet=sheet, actor=staff_a, horizon="short")
        assert ProjectSheet.objects.get(pk=sheet.pk).version == 2
        with pytest.raises(services.SheetConflict):
            services.sheet_update(sheet=sheet, actor=staff_a, fields={"horizon": ""}, expected_version=1)


class TestMarks:
    def test_create_update_remove_and_score(self, roadmap, make_sheet, staff_a, django_capture_on_commit_callbacks):
        sheet = make_sheet("Website")
        criteria = list(Criterion.objects.filter(roadmap=roadmap).order_by("position"))
        with django_capture_on_commit_callbacks(execute=True):
            marks = services.sheet_marks_update(sheet=sheet, actor=staff_a, marks={c.pk: 5 for c in criteria})
        assert set(marks.values()) == {5}
        assert SheetScore.objects.get(sheet=sheet).score == 100
        with django_capture_on_commit_callbacks(execute=True):
            services.sheet_marks_update(sheet=sheet, actor=staff_a, marks={criteria[0].pk: 1, criteria[1].pk: None})
        assert Mark.objects.filter(sheet=sheet).count() == 5
        score = SheetScore.objects.get(sheet=sheet)
        assert score.score == pytest.approx(100 * (85 - 15) / 85, abs=0.01)
        assert not score.complete

    def test_unchanged_marks_request_nothing(self, roadmap, make_sheet, staff_a):
        sheet = make_sheet("Website", marks=(3,))
        first = Criterion.objects.filter(roadmap=roadmap).order_by("position").first()
        services.sheet_marks_update(sheet=sheet, actor=staff_a, marks={first.pk: 3})
        roadmap.refresh_from_db()
        assert roadmap.scoring_version == 0

    @pytest.mark.parametrize("value", [0, 6])
    def test_marks_from_1_to_5(self, roadmap, make_sheet, staff_a, value):
        sheet = make_sheet("Website")
        first = Criterion.objects.filter(roadmap=roadmap).first()
        with pytest.raises(ServiceError) as error:
            services.sheet_marks_update(sheet=sheet, actor=staff_a, marks={first.pk: value})
        assert error.value.message == services.ERROR_MARK_RANGE

    def test_criteria_of_another_roadmap(self, roadmap, make_sheet, staff_a, commune_b, referent):
        from roadmaps.services.roadmaps import roadmap_create

        other = roadmap_create(commune=commune_b, actor=referent)
        sheet = make_sheet("Website")
        with pytest.raises(ServiceError) as error:
            services.sheet_marks_update(sheet=sheet, actor=staff_a, marks={other.criteria.first().pk: 3})
        assert error.value.message == services.ERROR_UNKNOWN_CRITERION


class TestPrerequisites:
    def test_add_and_remove(self, roadmap, make_sheet, staff_a):
        website, counter = make_sheet("Website"), make_sheet("Counter")
        services.prerequisite_add(sheet=counter, actor=staff_a, required=website)
        assert _requires(counter) == {"Website"}
        with pytest.raises(ServiceError) as error:
            services.prerequisite_add(sheet=counter, actor=staff_a, required=website)
        assert error.value.message == services.ERROR_PREREQUISITE_EXISTS
        services.prerequisite_remove(sheet=counter, actor=staff_a, required=website)
        assert _requires(counter) == set()
        assert Activity.objects.filter(verb=RoadmapVerb.PREREQUISITE_REMOVED).count() == 1

    def test_a_cycle_is_refused_with_the_sheets_in_it(self, roadmap, make_sheet, staff_a):
        hosting = make_sheet("Hosting")
        website = make_sheet("Website", requires=[hosting])
        counter = make_sheet("Counter", requires=[website])
        with pytest.raises(ServiceError) as error:
            services.prerequisite_add(sheet=hosting, actor=staff_a, required=counter)
        assert str(error.value.message) == str(services.ERROR_CYCLE) % {
            "cycle": "“Hosting” → “Counter” → “Website” → “Hosting”"
        }
        assert not Prerequisite.objects.filter(sheet=hosting).exists()

    def test_itself_and_other_roadmaps(self, roadmap, make_sheet, staff_a, commune_b, referent):
        from roadmaps.services.roadmaps import roadmap_create

        website = make_sheet("Website")
        other = make_sheet("Elsewhere", target=roadmap_create(commune=commune_b, actor=referent))
        for required, message in [(website, services.ERROR_SELF_PREREQUISITE), (other, services.ERROR_OTHER_ROADMAP)]:
            with pytest.raises(ServiceError) as error:
                services.prerequisite_add(sheet=website, actor=staff_a, required=required)
            assert error.value.message == message

    def test_horizon_order_is_checked_when_linking(self, roadmap, make_sheet, staff_a):
        website = make_sheet("Website", horizon="long")
        counter = make_sheet("Counter", horizon="short")
        with pytest.raises(ServiceError) as error:
            services.prerequisite_add(sheet=counter, actor=staff_a, required=website)
        assert "“Counter”" in str(error.value.message) and "“Website”" in str(error.value.message)


class TestDeleteAndComments:
    def test_delete_removes_links_and_requests_scores(self, roadmap, make_sheet, referent):
        website = make_sheet("Website")
        counter = make_sheet("Counter", requires=[website])
        services.sheet_delete(sheet=website, actor=referent)
        assert _requires(counter) == set()
        roadmap.refresh_from_db()
        assert roadmap.scoring_version == 1
        assert Activity.objects.filter(verb=RoadmapVerb.SHEET_DELETED, subject="Website").exists()

    def test_comment(self, roadmap, make_sheet, staff_a):
        sheet = make_sheet("Website")
        comment = services.comment_create(sheet=sheet, actor=staff_a, body="  Contract ends in June ")
        assert comment.body == "Contract ends in June" and comment.author == staff_a
        with pytest.raises(ServiceError) as error:
            services.comment_create(sheet=sheet, actor=staff_a, body="   ")
        assert error.value.message == services.ERROR_EMPTY_COMMENT
        services.comment_delete(comment=comment, actor=staff_a)
        assert not Comment.objects.exists()
