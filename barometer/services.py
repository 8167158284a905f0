"""Writes for the barometer: editions and their questions, responses, imports."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from barometer import models
from barometer.answers import AnswerError, OptionSpec, QuestionSpec, check_required, check_value
from barometer.importing import (
    RESERVED_CODES,
    CommuneRef,
    ImportCheck,
    ImportRow,
    check_table,
    read_table,
)
from barometer.kinds import barometer_kind
from barometer.models import (
    Answer,
    AnswerChoice,
    BarometerVerb,
    Edition,
    EditionStatus,
    Option,
    PublicSnapshot,
    Question,
    Response,
    ResponseImport,
    ResponseSource,
    code_validator,
)
from barometer.question_sets import STANDARD_QUESTIONS, standard_position
from barometer.results import public_summary, results_to_data
from barometer.selectors import territory_results
from communes.models import Commune, Territory
from communes.services import activity_record, audit_changes, audit_record
from smartregion import imports
from smartregion.errors import ServiceError

ERROR_PUBLISH_NOT_CLOSED = _("Only a closed edition can be published: its figures must not change once public.")
ERROR_YEAR_TAKEN = _("This territory already has an edition for this year.")
ERROR_CLOSES_BEFORE_OPENS = models.ERROR_CLOSES_BEFORE_OPENS
ERROR_COPY_OTHER_TERRITORY = _("Questions can only come from an edition of the same territory.")
ERROR_EDITION_HAS_RESPONSES = _("Communes have answered this edition: it cannot be deleted.")
ERROR_CODE_INVALID = _(
    "A code starts with a lowercase letter and holds only lowercase letters, digits and underscores."
)
ERROR_CODE_TAKEN = _("Another question of this edition already has this code.")
ERROR_CODE_RESERVED = _("This code is a column title of the import file; choose another one.")
ERROR_CODE_KIND_CHANGED = _(
    "Earlier editions use this code for another kind of question or another scale. Keep them the same so "
    "that answers compare, or choose a new code."
)
ERROR_SCALE_BOUNDS = models.ERROR_SCALE_BOUNDS
ERROR_OPTIONS_REQUIRED = _("A choice question needs at least two options.")
ERROR_OPTION_CODE_TAKEN = _("Two options share the same code.")
ERROR_OPTION_CODE_INVALID = _("Option codes start with a lowercase letter and hold only a-z, 0-9 and _.")
ERROR_QUESTIONS_LOCKED = _(
    "Communes have already answered this edition: only the wording of its questions and options may change."
)
ERROR_EDITION_NOT_OPEN = _("This edition is not open: the commune's answers can no longer be changed.")
ERROR_RESPONSE_CONFLICT = _(
    "Someone else saved this commune's answers while you were editing. Reload the page to see their version."
)
ERROR_COMMUNE_OUTSIDE = _("This commune does not belong to the territory of the edition.")
ERROR_IMPORT_NOT_CLEAN = _("The file has errors: nothing was imported.")
ERROR_IMPORT_NOT_PENDING = imports.ERROR_IMPORT_NOT_PENDING


# Editions ----------------------------------------------------------------------------------------


def _check_edition_dates(opens_on: date, closes_on: date) -> None:
    if closes_on < opens_on:
        raise ServiceError(ERROR_CLOSES_BEFORE_OPENS, field="closes_on")


@transaction.atomic
def edition_create(
    *,
    territory: Territory,
    actor,
    year: int,
    title: str,
    opens_on: date,
    closes_on: date,
    copy_from: Edition | None = None,
    standard: bool = False,
) -> Edition:
    """Open a new edition of the territory's barometer.

    1. Refuse a year the territory already has, inverted dates, a source edition of another territory.
    2. Create the edition.
    3. Copy the source edition's questions with their codes and options, so that answers compare;
       or start from the standard question set; or from nothing.
    """
    if Edition.objects.filter(territory=territory, year=year).exists():
        raise ServiceError(ERROR_YEAR_TAKEN, field="year")
    _check_edition_dates(opens_on, closes_on)
    if copy_from is not None and copy_from.territory_id != territory.pk:
        raise ServiceError(ERROR_COPY_OTHER_TERRITORY, field="start_from")
    edition = Edition.objects.create(
        territory=territory,
        year=year,
        title=title,
        opens_on=opens_on,
        closes_on=closes_on,
        copied_from=copy_from,
    )
    audit_record(territory=territory, actor=actor, verb=BarometerVerb.EDITION_CREATED, subject=title)
    if copy_from is not None:
        _copy_questions(copy_from, edition)
    elif standard:
        for question in STANDARD_QUESTIONS:
            question_create(edition=edition, actor=actor, position=standard_position(question["code"]), **question)
    return edition


def _copy_questions(source: Edition, edition: Edition) -> None:
    questions = list(source.questions.prefetch_related("options"))
    copies = Question.objects.bulk_create(
        Question(
            edition=edition,
            code=q.code,
            position=q.position,
            kind=q.kind,
            label=q.label,
            help_text=q.help_text,
            scale_min=q.scale_min,
            scale_max=q.scale_max,
            required=q.required,
        )
        for q in questions
    )
    Option.objects.bulk_create(
        Option(question=copy, code=o.code, label=o.label, position=o.position)
        for q, copy in zip(questions, copies, strict=True)
        for o in q.options.all()
    )


@transaction.atomic
def edition_update(*, edition: Edition, actor, fields: dict) -> Edition:
    year = fields.get("year", edition.year)
    if (
        "year" in fields
        and Edition.objects.filter(territory=edition.territory, year=year).exclude(pk=edition.pk).exists()
    ):
        raise ServiceError(ERROR_YEAR_TAKEN, field="year")
    _check_edition_dates(fields.get("opens_on", edition.opens_on), fields.get("closes_on", edition.closes_on))
    changes = audit_changes(edition, fields)
    for name, value in fields.items():
        setattr(edition, name, value)
    if fields:
        edition.save(update_fields=list(fields))
    audit_record(
        territory=edition.territory,
        actor=actor,
        verb=BarometerVerb.EDITION_UPDATED,
        subject=edition.title,
        changes=changes,
    )
    return edition


@transaction.atomic
def edition_publish(*, edition: Edition, actor) -> PublicSnapshot:
    """Freeze the anonymised figures of a closed edition for the public page.

    1. refuse an edition that is not closed yet: its figures would move under readers' eyes, and two
       readings around one commune's answer would tell that answer;
    2. compute the edition's results and apply the suppression of small cells (results.public_summary);
    3. store them, replacing an earlier snapshot of the same edition.
    """
    if edition.status() != EditionStatus.CLOSED:
        raise ServiceError(ERROR_PUBLISH_NOT_CLOSED)
    results = territory_results(edition.territory, until_year=edition.year, with_communes=False).for_edition(edition.pk)
    snapshot, _created = PublicSnapshot.objects.update_or_create(
        edition=edition,
        defaults={
            "data": results_to_data(public_summary(results)),
            "published_at": timezone.now(),
            "published_by": actor if getattr(actor, "is_authenticated", False) else None,
        },
    )
    audit_record(territory=edition.territory, actor=actor, verb=BarometerVerb.EDITION_PUBLISHED, subject=edition.title)
    return snapshot


@transaction.atomic
def edition_unpublish(*, edition: Edition, actor) -> Edition:
    PublicSnapshot.objects.filter(edition=edition).delete()
    audit_record(
        territory=edition.territory, actor=actor, verb=BarometerVerb.EDITION_UNPUBLISHED, subject=edition.title
    )
    return edition


@transaction.atomic
def edition_delete(*, edition: Edition, actor) -> None:
    if edition.responses.exists():
        raise ServiceError(ERROR_EDITION_HAS_RESPONSES)
    audit_record(territory=edition.territory, actor=actor, verb=BarometerVerb.EDITION_DELETED, subject=edition.title)
    edition.delete()


# Questions ---------------------------------------------------------------------------------------


def _is_locked(edition: Edition) -> bool:
    return edition.responses.exists()


def _check_code(edition: Edition, code: str, *, exclude_pk: int | None = None) -> None:
    try:
        code_validator(code)
    except ValidationError:
        raise ServiceError(ERROR_CODE_INVALID, field="code") from None
    if code in RESERVED_CODES:
        raise ServiceError(ERROR_CODE_RESERVED, field="code")
    taken = Question.objects.filter(edition=edition, code=code)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ServiceError(ERROR_CODE_TAKEN, field="code")


def _check_same_as_before(edition: Edition, code: str, kind: str, scale_min, scale_max) -> None:
    """A code keeps its kind and scale across the territory's editions, or comparisons lie."""
    earlier = (
        Question.objects.filter(edition__territory_id=edition.territory_id, code=code)
        .exclude(edition=edition)
        .order_by("-edition__year")
        .values("kind", "scale_min", "scale_max")
        .first()
    )
    if earlier is None:
        return
    if earlier["kind"] != kind or (
        barometer_kind(kind).has_scale and (earlier["scale_min"], earlier["scale_max"]) != (scale_min, scale_max)
    ):
        raise ServiceError(ERROR_CODE_KIND_CHANGED, field="code")


def _check_shape(kind: str, scale_min, scale_max, options) -> None:
    if barometer_kind(kind).has_scale and (scale_min is None or scale_max is None or scale_max <= scale_min):
        raise ServiceError(ERROR_SCALE_BOUNDS, field="scale_max")
    if barometer_kind(kind).has_options:
        if len(options) < 2:
            raise ServiceError(ERROR_OPTIONS_REQUIRED, field="options")
        codes = [code for code, _label in options]
        if len(set(codes)) != len(codes):
            raise ServiceError(ERROR_OPTION_CODE_TAKEN, field="options")
        for code in codes:
            try:
                code_validator(code)
            except ValidationError:
                raise ServiceError(ERROR_OPTION_CODE_INVALID, field="options") from None


def _question_insert(
    edition: Edition,
    *,
    code,
    kind,
    label,
    position,
    help_text="",
    scale_min=None,
    scale_max=None,
    required=False,
    options=(),
) -> Question:
    question = Question.objects.create(
        edition=edition,
        code=code,
        kind=kind,
        label=label,
        position=position,
        help_text=help_text,
        scale_min=scale_min if barometer_kind(kind).has_scale else None,
        scale_max=scale_max if barometer_kind(kind).has_scale else None,
        required=required,
    )
    if barometer_kind(kind).has_options:
        Option.objects.bulk_create(
            Option(question=question, code=option_code, label=option_label, position=index)
            for index, (option_code, option_label) in enumerate(options, start=1)
        )
    return question


@transaction.atomic
def question_create(
    *,
    edition: Edition,
    actor,
    code: str,
    kind: str,
    label: str,
    help_text: str = "",
    scale_min: int | None = None,
    scale_max: int | None = None,
    required: bool = False,
    position: int | None = None,
    options: list[tuple[str, str]] = (),
) -> Question:
    """Add a question, refused once communes have answered (their answers would miss it silently)."""
    if _is_locked(edition):
        raise ServiceError(ERROR_QUESTIONS_LOCKED)
    _check_code(edition, code)
    _check_shape(kind, scale_min, scale_max, options)
    _check_same_as_before(edition, code, kind, scale_min, scale_max)
    if position is None:
        last = edition.questions.order_by("-position").values_list("position", flat=True).first() or 0
        position = last + 10
    audit_record(territory=edition.territory, actor=actor, verb=BarometerVerb.QUESTION_CREATED, subject=code)
    return _question_insert(
        edition,
        code=code,
        kind=kind,
        label=label,
        position=position,
        help_text=help_text,
        scale_min=scale_min,
        scale_max=scale_max,
        required=required,
        options=options,
    )


STRUCTURAL_FIELDS = ("code", "kind", "scale_min", "scale_max")


@transaction.atomic
def question_update(
    *, question: Question, actor, fields: dict, options: list[tuple[str, str]] | None = None
) -> Question:
    """Change a question.

    1. Once communes have answered, only the wording may change: code, kind, scale and option codes stay.
    2. Check the code and the shape of the question as on creation.
    3. Save the question and its options (wording updated in place; replaced when still free to change).
    """
    edition = question.edition
    # Compare with what is stored: a model form may already have changed the instance it was given.
    stored = Question.objects.select_for_update().get(pk=question.pk)
    current_options = list(stored.options.all())
    new_options = list(options) if options is not None else [(o.code, o.label) for o in current_options]
    merged = {name: fields.get(name, getattr(question, name)) for name in STRUCTURAL_FIELDS}
    if not barometer_kind(merged["kind"]).has_scale:
        merged["scale_min"] = merged["scale_max"] = None
    locked = _is_locked(edition)
    structure_changed = any(merged[name] != getattr(stored, name) for name in STRUCTURAL_FIELDS) or (
        barometer_kind(merged["kind"]).has_options
        and sorted(c for c, _l in new_options) != sorted(o.code for o in current_options)
    )
    if locked and structure_changed:
        raise ServiceError(ERROR_QUESTIONS_LOCKED)
    _check_code(edition, merged["code"], exclude_pk=question.pk)
    _check_shape(merged["kind"], merged["scale_min"], merged["scale_max"], new_options)
    _check_same_as_before(edition, merged["code"], merged["kind"], merged["scale_min"], merged["scale_max"])
    changed = {**fields, **merged}
    changes = audit_changes(stored, changed)
    for name, value in changed.items():
        setattr(question, name, value)
    question.save(update_fields=list(changed))
    audit_record(
        territory=edition.territory,
        actor=actor,
        verb=BarometerVerb.QUESTION_UPDATED,
        subject=question.code,
        changes=changes,
    )
    if not barometer_kind(merged["kind"]).has_options:
        question.options.all().delete()
    elif locked:
        by_code = {o.code: o for o in current_options}
        for index, (code, label) in enumerate(new_options, start=1):
            option = by_code[code]
            option.label, option.position = label, index
        Option.objects.bulk_update(current_options, ["label", "position"])
    else:
        question.options.all().delete()
        Option.objects.bulk_create(
            Option(question=question, code=code, label=label, position=index)
            for index, (code, label) in enumerate(new_options, start=1)
        )
    return question


@transaction.atomic
def question_delete(*, question: Question, actor) -> None:
    if _is_locked(question.edition):
        raise ServiceError(ERROR_QUESTIONS_LOCKED)
    audit_record(
        territory=question.edition.territory, actor=actor, verb=BarometerVerb.QUESTION_DELETED, subject=question.code
    )
    question.delete()


# Responses ---------------------------------------------------------------------------------------


def edition_questions(edition: Edition) -> dict[str, tuple[Question, QuestionSpec]]:
    """The edition's questions by code, each with the spec the answer checks read (two queries)."""
    found = {}
    for question in edition.questions.prefetch_related("options"):
        spec = QuestionSpec(
            code=question.code,
            kind=question.kind,
            label=question.label,
            scale_min=question.scale_min,
            scale_max=question.scale_max,
            options=tuple(OptionSpec(o.code, o.label) for o in question.options.all()),
            required=question.required,
        )
        found[question.code] = (question, spec)
    return found


def _clean_answers(
    questions: dict[str, tuple[Question, QuestionSpec]], answers: dict, *, enforce_required: bool
) -> dict:
    cleaned = {}
    for code, (_question, spec) in questions.items():
        try:
            value = check_value(spec, answers.get(code))
            if enforce_required:
                check_required(spec, value)
        except AnswerError as error:
            raise ServiceError(error.message, field=f"q_{code}") from None
        cleaned[code] = value
    return cleaned


def _replace_answers(items: list[tuple[Response, dict]], questions: dict[str, tuple[Question, QuestionSpec]]) -> None:
    """Replace the answers of these responses in a fixed number of queries."""
    Answer.objects.filter(response__in=[response for response, _values in items]).delete()
    answers, chosen = [], []
    for response, values in items:
        for code, value in values.items():
            if value is None or code not in questions:
                continue
            question = questions[code][0]
            answer = Answer(response=response, question=question)
            codes = barometer_kind(question.kind).store(answer, value)
            answers.append(answer)
            if codes:
                chosen.append((answer, codes))
    Answer.objects.bulk_create(answers)
    option_ids = {
        (question.pk, option.code): option.pk
        for question, _spec in questions.values()
        for option in question.options.all()
    }
    AnswerChoice.objects.bulk_create(
        AnswerChoice(answer=answer, option_id=option_ids[(answer.question_id, code)])
        for answer, codes in chosen
        for code in codes
    )


@transaction.atomic
def response_save(
    *,
    edition: Edition,
    commune: Commune,
    actor,
    answers: dict,
    source: str,
    respondent_name: str = "",
    alderman_name: str = "",
    expected_version: int | None = None,
    is_demo: bool = False,
) -> Response:
    """Save a commune's answers to an edition.

    1. Refuse a commune of another territory, and answers filled online outside the edition's dates
       (the referent may enter or correct answers at any time).
    2. Check every answer against its question (required questions are enforced online only).
    3. Create the response, or update it when nobody saved it since `expected_version` was read
       (0: the person started from an empty form; None: no check).
    4. Replace its answers and record the activity.
    """
    if commune.territory_id != edition.territory_id:
        raise ServiceError(ERROR_COMMUNE_OUTSIDE)
    if source == ResponseSource.ONLINE and not edition.is_open:
        raise ServiceError(ERROR_EDITION_NOT_OPEN)
    questions = edition_questions(edition)
    cleaned = _clean_answers(questions, answers, enforce_required=source == ResponseSource.ONLINE)
    response = Response.objects.select_for_update().filter(edition=edition, commune=commune).first()
    names = {"respondent_name": respondent_name.strip()[:120], "alderman_name": alderman_name.strip()[:120]}
    entered_by = actor if actor is not None and actor.is_authenticated else None
    if response is None:
        if expected_version:
            raise ServiceError(ERROR_RESPONSE_CONFLICT)
        try:
            with transaction.atomic():
                response = Response.objects.create(
                    edition=edition, commune=commune, source=source, entered_by=entered_by, is_demo=is_demo, **names
                )
        except IntegrityError:
            raise ServiceError(ERROR_RESPONSE_CONFLICT) from None
    else:
        if expected_version is not None and expected_version != response.version:
            raise ServiceError(ERROR_RESPONSE_CONFLICT)
        for name, value in names.items():
            setattr(response, name, value)
        response.source, response.entered_by, response.is_demo = source, entered_by, is_demo
        response.version += 1
        response.save(update_fields=[*names, "source", "entered_by", "is_demo", "version", "updated_at"])
    _replace_answers([(response, cleaned)], questions)
    activity_record(commune=commune, actor=actor, verb=BarometerVerb.RESPONSE_SAVED, subject=edition.title)
    return response


@transaction.atomic
def response_delete(*, response: Response, actor) -> None:
    commune, title = response.commune, response.edition.title
    response.delete()
    activity_record(commune=commune, actor=actor, verb=BarometerVerb.RESPONSE_DELETED, subject=title)


# Imports -----------------------------------------------------------------------------------------


def import_check(*, edition: Edition, table: list[list[str]]) -> ImportCheck:
    """The rows of a decoded table checked against the edition's questions and its territory's communes."""
    specs = [spec for _question, spec in edition_questions(edition).values()]
    communes = [
        CommuneRef(c["pk"], c["name"], c["nis_code"])
        for c in Commune.objects.filter(territory_id=edition.territory_id).values("pk", "name", "nis_code")
    ]
    return check_table(table, specs, communes)


class BarometerImporter:
    """The barometer's import in the shared flow of `smartregion.imports` (check → preview → apply → sweep)."""

    model = ResponseImport
    target_field = "edition"
    not_clean_message = ERROR_IMPORT_NOT_CLEAN

    def read_table(self, data: bytes, fmt: str) -> list[list[str]]:
        return read_table(data, fmt)

    def check(self, target: Edition, table: list[list[str]]) -> ImportCheck:
        return import_check(edition=target, table=table)

    def save(self, target: Edition, check: ImportCheck, *, actor, pending: ResponseImport) -> list[Response]:
        return import_rows_save(edition=target, actor=actor, rows=check.rows)


BAROMETER_IMPORTER = BarometerImporter()


def read_upload(*, filename: str, data: bytes) -> tuple[str, list[list[str]]]:
    """The format and decoded rows of an uploaded file; ServiceError naming what is wrong with it."""
    return imports.upload_read(importer=BAROMETER_IMPORTER, filename=filename, data=data)


def import_prepare(*, edition: Edition, actor, filename: str, data: bytes) -> tuple[ResponseImport | None, ImportCheck]:
    """Check an uploaded file of answers; keep it for the preview only when it is clean (see
    `smartregion.imports.import_prepare`): no answer is saved before the referent confirms."""
    pending, check = imports.import_prepare(
        importer=BAROMETER_IMPORTER, target=edition, actor=actor, filename=filename, data=data
    )
    if pending is not None:
        audit_record(
            territory=edition.territory, actor=actor, verb=BarometerVerb.IMPORT_PREPARED, subject=pending.source_name
        )
    return pending, check


@transaction.atomic
def import_rows_save(*, edition: Edition, actor, rows: list[ImportRow]) -> list[Response]:
    """Save checked rows as responses imported from a file, replacing the communes' earlier answers."""
    questions = edition_questions(edition)
    existing = {
        r.commune_id: r
        for r in Response.objects.select_for_update().filter(
            edition=edition, commune_id__in=[r.commune_id for r in rows]
        )
    }
    entered_by = actor if actor is not None and actor.is_authenticated else None
    new, updated, items = [], [], []
    for row in rows:
        response = existing.get(row.commune_id)
        if response is None:
            response = Response(edition=edition, commune_id=row.commune_id)
            new.append(response)
        else:
            response.version += 1
            updated.append(response)
        response.source = ResponseSource.IMPORT
        response.respondent_name, response.alderman_name = row.respondent_name, row.alderman_name
        response.entered_by, response.is_demo = entered_by, False
        items.append((response, row.values))
    Response.objects.bulk_create(new)
    if updated:
        now = timezone.now()
        for response in updated:
            response.updated_at = now
        Response.objects.bulk_update(
            updated, ["source", "respondent_name", "alderman_name", "entered_by", "is_demo", "version", "updated_at"]
        )
    _replace_answers(items, questions)
    communes = Commune.objects.in_bulk([row.commune_id for row in rows])
    for row in rows:
        activity_record(
            commune=communes[row.commune_id], actor=actor, verb=BarometerVerb.RESPONSE_IMPORTED, subject=edition.title
        )
    return [response for response, _values in items]


def import_apply(*, response_import: ResponseImport, actor) -> list[Response]:
    """Save the answers of a previewed import, checked again (see `smartregion.imports.import_apply`)."""
    responses = imports.import_apply(importer=BAROMETER_IMPORTER, pending=response_import, actor=actor)
    audit_record(
        territory=response_import.edition.territory,
        actor=actor,
        verb=BarometerVerb.IMPORT_APPLIED,
        subject=response_import.source_name,
    )
    return responses


def import_discard(*, response_import: ResponseImport, actor) -> ResponseImport:
    if not imports.import_discard(importer=BAROMETER_IMPORTER, pending=response_import):
        raise ServiceError(ERROR_IMPORT_NOT_PENDING)
    audit_record(
        territory=response_import.edition.territory,
        actor=actor,
        verb=BarometerVerb.IMPORT_DISCARDED,
        subject=response_import.source_name,
    )
    return response_import


def stale_imports_discard() -> int:
    """Forget previews nobody confirmed within two days (the periodic `smartregion.imports_sweep` does it for all)."""
    return imports.imports_sweep(only=[ResponseImport])
