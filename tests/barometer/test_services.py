"""Writes of the barometer (barometer/services.py): editions, questions, responses, imports."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from barometer import services
from barometer.answers import ERROR_REQUIRED
from barometer.models import (
    Answer,
    AnswerChoice,
    BarometerVerb,
    Edition,
    ImportStatus,
    Option,
    PublicSnapshot,
    Question,
    Response,
    ResponseImport,
    ResponseSource,
)
from barometer.question_sets import STANDARD_CODES
from communes.models import Activity
from smartregion import spreadsheets
from smartregion.errors import ServiceError
from tests.barometer.conftest import answer, make_edition

pytestmark = pytest.mark.django_db


def service_error(callable_, **kwargs) -> ServiceError:
    with pytest.raises(ServiceError) as caught:
        callable_(**kwargs)
    return caught.value


def codes(edition) -> list[str]:
    return list(edition.questions.values_list("code", flat=True))


class TestEditionCreate:
    def test_copies_the_questions_of_an_earlier_edition(self, territory, referent):
        first = make_edition(territory, year=2019, open_now=False)
        second = services.edition_create(
            territory=territory,
            actor=referent,
            year=2022,
            title="2022",
            opens_on=date(2022, 1, 28),
            closes_on=date(2022, 3, 31),
            copy_from=first,
        )
        assert second.copied_from == first
        assert codes(second) == codes(first) == ["smartness", "themes", "purchasing", "involved", "obstacles"]
        copied = second.questions.get(code="themes")
        assert list(copied.options.values_list("code", "label")) == [
            ("mobility", "Mobility"),
            ("quality_of_life", "Quality of life"),
            ("economy", "Economy"),
        ]
        assert copied.pk != first.questions.get(code="themes").pk
        smartness = second.questions.get(code="smartness")
        assert (smartness.scale_min, smartness.scale_max, smartness.required) == (1, 10, True)

    def test_standard_question_set(self, territory):
        edition = make_edition(territory, questions=False, standard=True)
        assert codes(edition) == STANDARD_CODES
        assert edition.questions.get(code="priority_themes").options.count() == 6

    def test_from_nothing(self, territory):
        assert codes(make_edition(territory, questions=False)) == []

    def test_year_taken(self, territory, edition):
        error = service_error(make_edition, territory=territory, year=edition.year)
        assert (error.message, error.field) == (services.ERROR_YEAR_TAKEN, "year")

    def test_dates(self, territory):
        error = service_error(make_edition, territory=territory, opens_on=date(2025, 5, 1), closes_on=date(2025, 4, 1))
        assert (error.message, error.field) == (services.ERROR_CLOSES_BEFORE_OPENS, "closes_on")

    def test_copy_from_another_territory(self, territory, other_edition):
        error = service_error(make_edition, territory=territory, questions=False, copy_from=other_edition)
        assert error.message == services.ERROR_COPY_OTHER_TERRITORY
        assert not Edition.objects.filter(territory=territory).exists()


class TestEditionUpdateAndDelete:
    def test_update(self, edition, referent):
        services.edition_update(edition=edition, actor=referent, fields={"title": "New title", "year": 2030})
        edition.refresh_from_db()
        assert (edition.title, edition.year) == ("New title", 2030)

    def test_update_to_a_taken_year(self, edition, closed_edition, referent):
        error = service_error(services.edition_update, edition=edition, actor=referent, fields={"year": 2022})
        assert error.message == services.ERROR_YEAR_TAKEN

    def test_update_dates(self, edition, referent):
        error = service_error(
            services.edition_update,
            edition=edition,
            actor=referent,
            fields={"closes_on": edition.opens_on - timedelta(1)},
        )
        assert error.message == services.ERROR_CLOSES_BEFORE_OPENS

    def test_publish_refused_while_open(self, edition, referent):
        error = service_error(services.edition_publish, edition=edition, actor=referent)
        assert error.message == services.ERROR_PUBLISH_NOT_CLOSED
        assert not PublicSnapshot.objects.exists()

    def test_publish_freezes_then_unpublish_removes(self, closed_edition, referent, commune_a):
        snapshot = services.edition_publish(edition=closed_edition, actor=referent)
        assert snapshot.published_by == referent
        assert snapshot.published_at is not None
        assert snapshot.data["edition"]["id"] == closed_edition.pk
        services.edition_unpublish(edition=closed_edition, actor=referent)
        assert not PublicSnapshot.objects.exists()

    def test_delete(self, edition, referent):
        services.edition_delete(edition=edition, actor=referent)
        assert not Edition.objects.filter(pk=edition.pk).exists()
        assert not Question.objects.exists()

    def test_delete_refused_once_answered(self, edition, commune_a, referent):
        answer(edition, commune_a, smartness=5)
        assert service_error(services.edition_delete, edition=edition, actor=referent).message == (
            services.ERROR_EDITION_HAS_RESPONSES
        )


class TestQuestionCreate:
    def create(self, edition, **kwargs):
        fields = {"code": "new_question", "kind": "yes_no", "label": "New?"} | kwargs
        return services.question_create(edition=edition, actor=None, **fields)

    def test_appended_at_the_end(self, edition):
        question = self.create(edition)
        assert codes(edition)[-1] == "new_question"
        assert question.position == edition.questions.order_by("-position").first().position

    def test_choice_options_in_order(self, edition):
        question = self.create(edition, kind="single", options=[("b", "B"), ("a", "A")])
        assert list(question.options.values_list("code", "position")) == [("b", 1), ("a", 2)]

    def test_options_ignored_outside_choices_and_scale_bounds_outside_scales(self, edition):
        question = self.create(edition, kind="text", options=[("a", "A")], scale_min=1, scale_max=5)
        assert question.options.count() == 0
        assert (question.scale_min, question.scale_max) == (None, None)

    @pytest.mark.parametrize(
        "fields, message, field",
        [
            ({"code": "Bad Code"}, services.ERROR_CODE_INVALID, "code"),
            ({"code": "1abc"}, services.ERROR_CODE_INVALID, "code"),
            ({"code": "smartness"}, services.ERROR_CODE_TAKEN, "code"),
            ({"code": "commune"}, services.ERROR_CODE_RESERVED, "code"),
            ({"code": "nis_code"}, services.ERROR_CODE_RESERVED, "code"),
            ({"kind": "scale"}, services.ERROR_SCALE_BOUNDS, "scale_max"),
            ({"kind": "scale", "scale_min": 5, "scale_max": 5}, services.ERROR_SCALE_BOUNDS, "scale_max"),
            ({"kind": "multiple", "options": [("a", "A")]}, services.ERROR_OPTIONS_REQUIRED, "options"),
            ({"kind": "single", "options": [("a", "A"), ("a", "B")]}, services.ERROR_OPTION_CODE_TAKEN, "options"),
            ({"kind": "single", "options": [("a", "A"), ("B c", "B")]}, services.ERROR_OPTION_CODE_INVALID, "options"),
        ],
    )
    def test_rules(self, edition, fields, message, field):
        error = service_error(self.create, edition=edition, **fields)
        assert (error.message, error.field) == (message, field)

    def test_a_code_keeps_its_kind_and_scale_across_editions(self, territory, closed_edition):
        later = make_edition(territory, year=2026, questions=False)
        error = service_error(self.create, edition=later, code="smartness", kind="text")
        assert error.message == services.ERROR_CODE_KIND_CHANGED
        error = service_error(self.create, edition=later, code="smartness", kind="scale", scale_min=0, scale_max=5)
        assert error.message == services.ERROR_CODE_KIND_CHANGED
        assert self.create(edition=later, code="smartness", kind="scale", scale_min=1, scale_max=10)

    def test_locked_once_communes_answered(self, edition, commune_a):
        answer(edition, commune_a, smartness=5)
        assert service_error(self.create, edition=edition).message == services.ERROR_QUESTIONS_LOCKED


class TestQuestionUpdateAndDelete:
    def test_free_to_change_before_any_answer(self, edition):
        question = edition.questions.get(code="purchasing")
        services.question_update(
            question=question,
            actor=None,
            fields={"code": "purchase", "kind": "multiple"},
            options=[("x", "X"), ("y", "Y")],
        )
        question.refresh_from_db()
        assert (question.code, question.kind) == ("purchase", "multiple")
        assert list(question.options.values_list("code", flat=True)) == ["x", "y"]

    def test_becoming_a_scale_or_text(self, edition):
        question = edition.questions.get(code="purchasing")
        services.question_update(question=question, actor=None, fields={"kind": "text"}, options=[])
        assert question.options.count() == 0
        services.question_update(
            question=question, actor=None, fields={"kind": "scale", "scale_min": 0, "scale_max": 4}
        )
        question.refresh_from_db()
        assert (question.kind, question.scale_min, question.scale_max) == ("scale", 0, 4)

    def test_code_taken(self, edition):
        question = edition.questions.get(code="purchasing")
        error = service_error(services.question_update, question=question, actor=None, fields={"code": "smartness"})
        assert error.message == services.ERROR_CODE_TAKEN

    def test_only_the_wording_once_answered(self, edition, commune_a):
        answer(edition, commune_a, purchasing="strongly")
        question = edition.questions.get(code="purchasing")
        services.question_update(
            question=question,
            actor=None,
            fields={"label": "Reworded"},
            options=[("no", "Not at all"), ("strongly", "Very"), ("not_priority", "Later")],
        )
        question.refresh_from_db()
        assert question.label == "Reworded"
        assert list(question.options.values_list("code", "label")) == [
            ("no", "Not at all"),
            ("strongly", "Very"),
            ("not_priority", "Later"),
        ]
        assert AnswerChoice.objects.get().option.code == "strongly"

    @pytest.mark.parametrize(
        "fields, options",
        [
            ({"code": "other"}, None),
            ({"kind": "multiple"}, None),
            ({}, [("strongly", "S"), ("no", "N")]),
            ({}, [("strongly", "S"), ("no", "N"), ("not_priority", "P"), ("extra", "E")]),
        ],
    )
    def test_structure_locked_once_answered(self, edition, commune_a, fields, options):
        answer(edition, commune_a, purchasing="strongly")
        question = edition.questions.get(code="purchasing")
        error = service_error(services.question_update, question=question, actor=None, fields=fields, options=options)
        assert error.message == services.ERROR_QUESTIONS_LOCKED
        assert Option.objects.filter(question=question).count() == 3

    def test_scale_bounds_locked_once_answered(self, edition, commune_a):
        answer(edition, commune_a, smartness=3)
        question = edition.questions.get(code="smartness")
        error = service_error(services.question_update, question=question, actor=None, fields={"scale_max": 5})
        assert error.message == services.ERROR_QUESTIONS_LOCKED

    def test_delete(self, edition):
        services.question_delete(question=edition.questions.get(code="obstacles"), actor=None)
        assert "obstacles" not in codes(edition)

    def test_delete_refused_once_answered(self, edition, commune_a):
        answer(edition, commune_a, smartness=3)
        error = service_error(services.question_delete, question=edition.questions.get(code="obstacles"), actor=None)
        assert error.message == services.ERROR_QUESTIONS_LOCKED


class TestResponseSave:
    ANSWERS = {
        "smartness": 6,
        "themes": ["economy", "mobility"],
        "purchasing": "strongly",
        "involved": False,
        "obstacles": "  Budget  ",
    }

    def save(self, edition, commune, actor=None, **kwargs):
        fields = {"answers": self.ANSWERS, "source": ResponseSource.ONLINE} | kwargs
        return services.response_save(edition=edition, commune=commune, actor=actor, **fields)

    def test_creates_the_response_and_its_answers(self, edition, commune_a, staff_a):
        response = self.save(
            edition, commune_a, staff_a, respondent_name=" Marc ", alderman_name="Jean", expected_version=0
        )
        assert (response.source, response.respondent_name, response.alderman_name) == ("online", "Marc", "Jean")
        assert (response.entered_by, response.version, response.is_demo) == (staff_a, 1, False)
        answers = {a.question.code: a for a in Answer.objects.select_related("question")}
        assert answers["smartness"].number == 6
        assert answers["involved"].boolean is False
        assert answers["obstacles"].text == "Budget"
        assert sorted(answers["themes"].options.values_list("code", flat=True)) == ["economy", "mobility"]
        assert list(answers["purchasing"].options.values_list("code", flat=True)) == ["strongly"]
        activity = Activity.objects.get(commune=commune_a)
        assert (activity.verb, activity.actor, activity.subject) == (
            BarometerVerb.RESPONSE_SAVED,
            staff_a,
            edition.title,
        )

    def test_saving_again_replaces_the_answers(self, edition, commune_a):
        self.save(edition, commune_a)
        response = self.save(edition, commune_a, answers={"smartness": 2}, expected_version=1)
        assert response.version == 2
        assert Response.objects.count() == 1
        assert list(Answer.objects.values_list("question__code", "number")) == [("smartness", 2)]
        assert not AnswerChoice.objects.exists()

    def test_two_people_editing_the_same_response(self, edition, commune_a):
        self.save(edition, commune_a)
        self.save(edition, commune_a, expected_version=1)
        error = service_error(
            self.save, edition=edition, commune=commune_a, answers={"smartness": 1}, expected_version=1
        )
        assert error.message == services.ERROR_RESPONSE_CONFLICT
        assert Answer.objects.get(question__code="smartness").number == 6

    def test_someone_answered_while_the_form_was_empty(self, edition, commune_a):
        self.save(edition, commune_a)
        error = service_error(self.save, edition=edition, commune=commune_a, expected_version=0)
        assert error.message == services.ERROR_RESPONSE_CONFLICT

    def test_a_version_for_a_response_that_does_not_exist(self, edition, commune_a):
        error = service_error(self.save, edition=edition, commune=commune_a, expected_version=3)
        assert error.message == services.ERROR_RESPONSE_CONFLICT

    def test_commune_of_another_territory(self, edition, commune_other):
        assert (
            service_error(self.save, edition=edition, commune=commune_other).message == services.ERROR_COMMUNE_OUTSIDE
        )

    def test_online_answers_only_while_open(self, closed_edition, commune_a):
        error = service_error(self.save, edition=closed_edition, commune=commune_a)
        assert error.message == services.ERROR_EDITION_NOT_OPEN
        assert not Response.objects.exists()

    def test_not_open_yet(self, territory, commune_a):
        today = timezone.localdate()
        upcoming = make_edition(territory, year=2030, opens_on=today + timedelta(1), closes_on=today + timedelta(30))
        assert service_error(self.save, edition=upcoming, commune=commune_a).message == services.ERROR_EDITION_NOT_OPEN

    def test_the_referent_enters_answers_at_any_time(self, closed_edition, commune_a, referent):
        response = self.save(closed_edition, commune_a, referent, source=ResponseSource.REFERENT)
        assert response.source == "referent"

    def test_invalid_answer_names_its_field(self, edition, commune_a):
        error = service_error(self.save, edition=edition, commune=commune_a, answers={"smartness": 11})
        assert error.field == "q_smartness"
        assert not Response.objects.exists()

    def test_required_online_only(self, edition, commune_a, closed_edition):
        error = service_error(self.save, edition=edition, commune=commune_a, answers={"involved": True})
        assert (error.message, error.field) == (ERROR_REQUIRED, "q_smartness")
        response = self.save(closed_edition, commune_a, answers={"involved": True}, source=ResponseSource.REFERENT)
        assert response.answers.count() == 1

    def test_demo_flag(self, edition, commune_a):
        assert self.save(edition, commune_a, is_demo=True, source=ResponseSource.REFERENT).is_demo


def test_response_delete(edition, commune_a, referent):
    response = answer(edition, commune_a, smartness=4)
    services.response_delete(response=response, actor=referent)
    assert not Response.objects.exists()
    assert not Answer.objects.exists()
    assert Activity.objects.filter(commune=commune_a, verb=BarometerVerb.RESPONSE_DELETED).exists()


# Imports -----------------------------------------------------------------------------------------

CLEAN = (
    'commune;nis_code;respondent;smartness;themes;involved\nCourcelles;;Marc;7;"mobility;Economy";oui\n;56044;;3;;non\n'
)


def prepare(edition, referent, text=CLEAN, name="answers.csv"):
    return services.import_prepare(edition=edition, actor=referent, filename=name, data=text.encode("utf-8"))


class TestImportPrepare:
    def test_clean_file_waits_for_confirmation(self, edition, referent, commune_a, commune_b):
        response_import, check = prepare(edition, referent)
        assert check.is_clean
        assert (response_import.status, response_import.row_count, response_import.file_format) == ("pending", 2, "csv")
        assert response_import.source_name == "answers.csv"
        assert response_import.table[1] == ["Courcelles", "", "Marc", "7", "mobility;Economy", "oui"]
        assert not Response.objects.exists()

    def test_errors_keep_nothing(self, edition, referent, commune_a, commune_b):
        response_import, check = prepare(edition, referent, "commune;smartness\nCourcelles;12\nNowhere;3\n")
        assert response_import is None
        assert [(e.line, e.column) for e in check.errors] == [(2, "smartness"), (3, "commune")]
        assert not ResponseImport.objects.exists()
        assert not Response.objects.exists()

    def test_file_errors_name_the_file_field(self, edition, referent):
        error = service_error(
            services.import_prepare, edition=edition, actor=referent, filename="answers.pdf", data=b"x"
        )
        assert (error.message, error.field) == (spreadsheets.ERROR_EXTENSION, "file")

    def test_the_file_name_is_only_for_display(self, edition, referent, commune_a, commune_b):
        response_import, _check = prepare(edition, referent, name="..\\..\\secret/\x07évil\nname.csv")
        assert response_import.source_name == "évilname.csv"

    def test_a_new_upload_replaces_the_pending_preview(self, edition, referent, commune_a, commune_b):
        first, _check = prepare(edition, referent)
        second, _check = prepare(edition, referent)
        first.refresh_from_db()
        assert (first.status, first.table) == ("discarded", [])
        assert second.status == "pending"

    def test_stale_previews_are_forgotten(self, edition, referent, commune_a, commune_b):
        old, _check = prepare(edition, referent)
        ResponseImport.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=3))
        assert services.stale_imports_discard() == 1
        old.refresh_from_db()
        assert (old.status, old.table) == ("discarded", [])


class TestImportApply:
    def test_saves_every_row(self, edition, referent, commune_a, commune_b):
        response_import, _check = prepare(edition, referent)
        responses = services.import_apply(response_import=response_import, actor=referent)
        assert len(responses) == 2
        courcelles = Response.objects.get(commune=commune_a)
        assert (courcelles.source, courcelles.respondent_name, courcelles.entered_by) == ("import", "Marc", referent)
        assert sorted(
            AnswerChoice.objects.filter(answer__response=courcelles).values_list("option__code", flat=True)
        ) == ["economy", "mobility"]
        assert Answer.objects.get(response__commune=commune_b, question__code="involved").boolean is False
        response_import.refresh_from_db()
        assert (response_import.status, response_import.table) == (ImportStatus.APPLIED, [])
        assert response_import.applied_at is not None
        assert Activity.objects.filter(verb=BarometerVerb.RESPONSE_IMPORTED).count() == 2

    def test_replaces_earlier_answers(self, edition, referent, commune_a, commune_b):
        online = answer(edition, commune_a, smartness=2, obstacles="Old", source=ResponseSource.REFERENT)
        response_import, _check = prepare(edition, referent)
        services.import_apply(response_import=response_import, actor=referent)
        online.refresh_from_db()
        assert (online.source, online.version) == ("import", 2)
        assert not Answer.objects.filter(response=online, question__code="obstacles").exists()
        assert Answer.objects.get(response=online, question__code="smartness").number == 7

    def test_only_once(self, edition, referent, commune_a, commune_b):
        response_import, _check = prepare(edition, referent)
        services.import_apply(response_import=response_import, actor=referent)
        error = service_error(services.import_apply, response_import=response_import, actor=referent)
        assert error.message == services.ERROR_IMPORT_NOT_PENDING
        assert Response.objects.count() == 2

    def test_checked_again_at_confirmation(self, edition, referent, commune_a, commune_b):
        response_import, _check = prepare(edition, referent)
        services.question_delete(question=edition.questions.get(code="themes"), actor=referent)
        error = service_error(services.import_apply, response_import=response_import, actor=referent)
        assert error.message == services.ERROR_IMPORT_NOT_CLEAN
        assert not Response.objects.exists()

    def test_discard(self, edition, referent, commune_a, commune_b):
        response_import, _check = prepare(edition, referent)
        services.import_discard(response_import=response_import, actor=referent)
        response_import.refresh_from_db()
        assert response_import.status == "discarded"
        error = service_error(services.import_discard, response_import=response_import, actor=referent)
        assert error.message == services.ERROR_IMPORT_NOT_PENDING
