"""A territory-scale dataset for the benchmarks, written in bulk.

`generate(scale)` fills the current database (PostgreSQL when DATABASE_URL names it) with:

- territory `bench`: 262 communes, a referent, staff and a college member of the first commune;
- questionnaires: campaigns in `campaigns` communes sharing `responses` fictitious responses (the first
  commune has `main_responses` of them), answered by the demo generator (a ten-question questionnaire,
  so that 50,000 responses make about 450,000 answers);
- roadmaps: `roadmaps` communes with `sheets` project sheets between them, marked and scored;
- barometer: five editions of the standard question set, answered by about 80 % of the communes;
- territories `rows-1` and `rows-50`: the same pages with 1 and with 50 rows of everything (communes,
  milestones, responses, sheets, barometer answers), for counting SQL queries.

Written fast: one transaction without waiting for the disk at each commit, the questionnaire built once
and copied, the responses, answers and chosen options drawn as the demo generator draws them
(`diagnostics.demo.fake_answer`, scores by `answer_score`) but written with PostgreSQL's COPY into the
tables and indexes the migrations made, then `VACUUM ANALYZE`. Other databases get `bulk_create`.

    .venv/bin/python bench/dataset.py [--scale small|full] [--database NAME]   (recreates the database first)
"""

import argparse
import io
import random
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import fresh_database, setup_django, stopwatch  # noqa: E402

COMMUNES = 262
YEARS = [2019, 2021, 2022, 2024, 2026]
PASSWORD = "bench-password"  # noqa: S105 - fictitious accounts of a throw-away database
SCALES = {
    "full": {"campaigns": 50, "responses": 50_000, "main_responses": 2_000, "roadmaps": 50, "sheets": 5_000},
    "small": {"campaigns": 5, "responses": 2_000, "main_responses": 500, "roadmaps": 10, "sheets": 500},
}
COSTS = [5, 10, 15, 20, 25, 30, 40, 50, 60, 80, 100, 120, 150, 200, 250, 300]


@dataclass
class Dataset:
    """What the bench needs to find again: slugs, primary keys and user names."""

    scale: str
    territory: str = "bench"
    commune: str = ""
    campaign: int = 0
    edition: int = 0
    referent: str = "bench-referent"
    counts: dict = field(default_factory=dict)
    rows: dict = field(default_factory=dict)  # {1: {...}, 50: {...}}: slugs and keys of the rows-N worlds
    seconds: float = 0.0


_PASSWORD_HASH: list[str] = []


def _user(username: str):
    """A user whose password is PASSWORD, hashed once for all (the hasher is slow on purpose)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    if not _PASSWORD_HASH:
        _PASSWORD_HASH.append(make_password(PASSWORD))
    user = get_user_model()(username=username, email=f"{username}@bench.example", password=_PASSWORD_HASH[0])
    user.save()
    return user


def _postgresql() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"


def _copy_text(value) -> str:
    """One value in COPY's text format."""
    if value is None:
        return "\\N"
    if value is True or value is False:
        return "t" if value else "f"
    if isinstance(value, str):
        if any(c in value for c in "\\\t\n\r"):
            value = value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _reserve_ids(model, count: int) -> int:
    """Reserve `count` consecutive primary keys of `model`'s sequence; returns the first."""
    from django.db import connection

    if not count:
        return 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [model._meta.db_table, model._meta.pk.column])
        (sequence,) = cursor.fetchone()
        cursor.execute("SELECT nextval(%s)", [sequence])
        (first,) = cursor.fetchone()
        cursor.execute("SELECT setval(%s, %s)", [sequence, first + count - 1])
    return first


def _copy(model, columns: list[str], rows) -> None:
    """COPY `rows` (tuples of `columns`, by attname) into `model`'s table; the other columns get their
    default (Python default computed once, or the database's default, or NULL)."""
    from django.db import connection
    from django.db.models import NOT_PROVIDED, AutoField, BigAutoField, SmallAutoField

    fields = {f.attname: f for f in model._meta.concrete_fields}
    extra, constants = [], []
    for name, model_field in fields.items():
        if name in columns or isinstance(model_field, (AutoField, BigAutoField, SmallAutoField)):
            continue
        if getattr(model_field, "db_default", NOT_PROVIDED) is not NOT_PROVIDED:
            continue
        if model_field.has_default():
            value = model_field.get_db_prep_save(model_field.get_default(), connection)
        elif model_field.null:
            value = None
        else:
            raise RuntimeError(f"{model.__name__}.{name}: no value and no default for COPY")
        extra.append(name)
        constants.append(_copy_text(value))
    suffix = "".join("\t" + c for c in constants) + "\n"
    buffer = io.StringIO()
    buffer.writelines("\t".join(map(_copy_text, row)) + suffix for row in rows)
    buffer.seek(0)
    quote = connection.ops.quote_name
    names = ", ".join(quote(fields[name].column) for name in [*columns, *extra])
    connection.ensure_connection()
    with connection.connection.cursor() as cursor:
        cursor.copy_expert(f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN", buffer)


def _questionnaire(commune, actor):
    """Ten scored questions on two pages: choices, scales, yes/no, a grid and a text."""
    from diagnostics.services import builder
    from diagnostics.services.builder import OptionInput, RowInput

    questionnaire = builder.questionnaire_create(commune=commune, actor=actor, title_fr="Maturité numérique")
    pages = [questionnaire.sections.get()]
    pages.append(builder.section_create(questionnaire=questionnaire, actor=actor, title_fr="Page 2"))
    pillars = ["governance", "mobility", "smart_citizens", "quality_of_life", "economy"]
    for index in range(10):
        fields = {"text_fr": f"Question {index + 1}"}
        options = rows = None
        kind = ["single_choice", "multiple_choice", "scale_10", "yes_no", "scale_5"][index % 5]
        if index == 8:
            kind, rows = "grid", [RowInput(None, "Énoncé A", "A"), RowInput(None, "Énoncé B", "B")]
        if index == 9:
            kind = "long_text"
        if kind in ("single_choice", "multiple_choice"):
            options = [OptionInput(None, f"Option {n}", f"Option {n}", n * 50) for n in range(3)]
        builder.question_create(
            section=pages[index // 5],
            actor=actor,
            fields={"type": kind, **fields},
            pillars=[] if kind == "long_text" else [pillars[index % 5]],
            options=options,
            rows=rows,
        )
    return questionnaire


def _campaign(commune, actor, rng, count: int, source=None):
    """A campaign of the ten-question questionnaire (built, or copied from `source`) with `count` responses."""
    from django.utils import timezone

    from diagnostics.demo import responses_generate
    from diagnostics.services import builder, campaigns

    today = timezone.localdate()
    if source is None:
        questionnaire = _questionnaire(commune, actor)
    else:
        questionnaire = builder.questionnaire_copy(source=source, commune=commune, actor=actor)
    campaign = campaigns.campaign_create(
        commune=commune,
        questionnaire=questionnaire,
        actor=actor,
        title="Diagnostic",
        opens_on=today - timedelta(days=30),
        closes_on=today + timedelta(days=30),
    )
    if count:
        groups = list(campaign.groups.all())
        if _postgresql():
            from diagnostics.services.tallies import tallies_rebuild

            _responses_copy(campaign, rng=rng, count=count, groups=groups, submitted_share=0.9)
            tallies_rebuild(campaign_ids=[campaign.pk])  # COPY bypasses the services that keep the tallies
        else:
            responses_generate(campaign, rng=rng, count=count, groups=groups, submitted_share=0.9)
    return campaign


def _responses_copy(campaign, *, rng, count: int, groups, submitted_share: float) -> int:
    """`diagnostics.demo.responses_generate` (same draws: display conditions, required questions, one
    optional question in ten left out, group moods, scores), written with COPY; returns the answers."""
    from django.utils import timezone

    from diagnostics.answering import answer_score, spec_of
    from diagnostics.demo import GROUP_MOOD, fake_response
    from diagnostics.models import Answer, AnswerChoice, Response
    from diagnostics.selectors.responses import questionnaire_structure
    from diagnostics.tokens import RESPONSE, new_token

    _sections, questions = questionnaire_structure(campaign.questionnaire_id)
    specs = [spec_of(q) for q in questions]
    spec_by_id = {s.id: s for s in specs}
    now = timezone.now()
    start = timezone.make_aware(timezone.datetime.combine(campaign.opens_on, timezone.datetime.min.time()))
    span = max(60.0, (min(now, start + timedelta(days=60)) - start).total_seconds())
    group_kind = {g.pk: g.kind for g in groups}
    first_response = _reserve_ids(Response, count)
    responses, answers, choices = [], [], []  # choices: (index of the answer, option id)
    for index in range(count):
        response_id = first_response + index
        group_id = groups[index % len(groups)].pk
        nonce, _token, token_hash = new_token(purpose=RESPONSE)
        mood = GROUP_MOOD.get(group_kind.get(group_id), 0.0) + rng.uniform(-0.3, 0.3)
        values = fake_response(rng, questions, specs, mood)
        moment = start + timedelta(seconds=rng.uniform(0, span))
        mine = []  # this response's answers, completed with its group and submission below
        for question_id, per_unit in values.items():
            for row_id, value in per_unit.items():
                choices.extend((len(answers) + len(mine), option_id) for option_id in sorted(value.option_ids))
                mine.append(
                    (
                        response_id,
                        campaign.pk,
                        question_id,
                        row_id,
                        value.number,
                        value.choice_key,
                        value.text,
                        value.other_text,
                        value.has_value,
                        True,
                        answer_score(spec_by_id[question_id], value),
                        moment,
                    )
                )
        submitted = moment if rng.random() < submitted_share else None
        answers.extend((*row, group_id, submitted is not None) for row in mine)
        responses.append((response_id, campaign.pk, group_id, nonce, token_hash, now, moment, moment, submitted))
    _copy(
        Response,
        [
            "id",
            "campaign_id",
            "group_id",
            "token_nonce",
            "token_hash",
            "created_at",
            "started_at",
            "last_saved_at",
            "submitted_at",
        ],
        responses,
    )
    first_answer = _reserve_ids(Answer, len(answers))
    columns = ["response_id", "campaign_id", "question_id", "row_id", "number_value", "choice_key", "text_value"]
    columns += ["other_text", "has_value", "applicable", "score", "updated_at", "group_id", "submitted"]
    _copy(Answer, ["id", *columns], ((first_answer + i, *row) for i, row in enumerate(answers)))
    _copy(
        AnswerChoice,
        ["answer_id", "option_id", "campaign_id"],
        ((first_answer + i, option_id, campaign.pk) for i, option_id in choices),
    )
    return len(answers)


def _roadmap(commune, actor, rng, sheets: int):
    from roadmaps.models import Criterion, Mark, Prerequisite, ProjectSheet
    from roadmaps.services.roadmaps import roadmap_create

    roadmap = roadmap_create(commune=commune, actor=actor)
    criteria = list(Criterion.objects.filter(roadmap=roadmap).values_list("pk", flat=True))
    created = ProjectSheet.objects.bulk_create(
        ProjectSheet(
            roadmap=roadmap,
            title=f"Projet {i + 1}",
            investment=Decimal(rng.choice(COSTS) * 1000),
            staff_days=rng.choice([5, 10, 20, 40]),
            horizon="",
        )
        for i in range(sheets)
    )
    Mark.objects.bulk_create(Mark(sheet=s, criterion_id=c, value=rng.randint(1, 5)) for s in created for c in criteria)
    Prerequisite.objects.bulk_create(
        Prerequisite(sheet=created[i], required=created[i - 1]) for i in range(1, len(created), 10)
    )
    return roadmap


def _score(roadmaps) -> None:
    from roadmaps.models import Roadmap
    from roadmaps.services.scoring import roadmap_scores_refresh

    ids = [r.pk for r in roadmaps]
    for roadmap in roadmaps:
        Roadmap.objects.filter(pk=roadmap.pk).update(scoring_version=roadmap.scoring_version + 1)
    roadmap_scores_refresh(roadmap_ids=ids, force=True)


def _barometer(territory, communes, rng, *, years=YEARS, share: float = 0.8, skip: float = 0.0):
    """Editions of the standard question set, each answered by about `share` of the communes (and each
    question left out by about `skip` of them)."""
    from barometer import services
    from barometer.models import Answer, AnswerChoice, Response, ResponseSource

    previous, editions = None, []
    for year in years:
        edition = services.edition_create(
            territory=territory,
            actor=None,
            year=year,
            title=f"Baromètre {year}",
            opens_on=date(year, 1, 15),
            closes_on=date(year, 3, 31),
            copy_from=previous,
            standard=previous is None,
        )
        previous = edition
        editions.append(edition)
        questions = list(edition.questions.prefetch_related("options"))
        answering = [c for c in communes if c is communes[0] or rng.random() < share]
        responses = Response.objects.bulk_create(
            Response(edition=edition, commune=c, source=ResponseSource.IMPORT) for c in answering
        )
        answers, chosen = [], []
        for response in responses:
            for question in questions:
                if skip and rng.random() < skip:
                    continue
                answer = Answer(response=response, question=question)
                options = list(question.options.all())
                if question.kind == "scale":
                    answer.number = rng.randint(question.scale_min, question.scale_max)
                elif question.kind == "yes_no":
                    answer.boolean = rng.random() < 0.5
                elif question.kind == "text":
                    answer.text = rng.choice(["Manque de moyens", "Manque de temps", "Connectivité", "Budget"])
                elif question.kind == "single":
                    chosen.append((answer, [rng.choice(options)]))
                else:
                    chosen.append((answer, rng.sample(options, rng.randint(1, len(options)))))
                answers.append(answer)
        Answer.objects.bulk_create(answers, batch_size=5000)
        AnswerChoice.objects.bulk_create(
            (AnswerChoice(answer=a, option=o) for a, options in chosen for o in options), batch_size=5000
        )
        if not edition.is_open:
            services.edition_publish(edition=edition, actor=None)
    return editions


def _communes(territory, count: int, prefix: str):
    from communes.models import Commune

    return Commune.objects.bulk_create(
        Commune(
            territory=territory,
            name=f"Commune {prefix} {n:03d}",
            slug=f"{prefix}-{n:03d}",
            province="Hainaut",
            nis_code=f"{50000 + n}" if prefix == "bench" else "",
        )
        for n in range(1, count + 1)
    )


def _milestones(commune, count: int) -> None:
    from django.utils import timezone

    from communes.models import Accompaniment, Milestone, Phase

    start = timezone.localdate() - timedelta(weeks=2)
    accompaniment = Accompaniment.objects.create(
        commune=commune, start_date=start, planned_end_date=Accompaniment.default_end(start)
    )
    Milestone.objects.bulk_create(
        Milestone(
            accompaniment=accompaniment, title=f"Jalon {n}", phase=Phase.DIAGNOSTIC, due_date=start + timedelta(n)
        )
        for n in range(count)
    )


def build_rows(n: int, rng) -> dict:
    """Territory `rows-N`: N communes, the first with N milestones, responses, sheets and barometer answers."""
    from communes.models import Membership, Role, Territory

    territory = Territory.objects.create(name=f"Rows {n}", intercommunale=f"ROWS{n}", slug=f"rows-{n}")
    communes = _communes(territory, n, f"rows{n}")
    referent = _user(f"rows-{n}-referent")
    Membership.objects.create(user=referent, role=Role.REFERENT, territory=territory)
    first = communes[0]
    _milestones(first, n)
    campaign = _campaign(first, referent, rng, n)
    roadmap = _roadmap(first, referent, rng, n)
    _score([roadmap])
    (edition,) = _barometer(territory, communes, rng, years=[2025], share=1.0)
    return {
        "territory": territory.slug,
        "commune": first.slug,
        "campaign": campaign.pk,
        "edition": edition.pk,
        "referent": referent.username,
    }


def generate(scale: str = "full") -> Dataset:
    """Fill the database; see the module's docstring."""
    from django.db import connection, transaction

    from communes.models import Membership, Role, Territory
    from diagnostics.models import Answer
    from diagnostics.models import Response as QuestionnaireResponse
    from roadmaps.models import ProjectSheet

    size = SCALES[scale]
    rng = random.Random(262)  # noqa: S311 - fictitious data, reproducible on purpose
    data = Dataset(scale=scale)
    with stopwatch() as elapsed:
        with transaction.atomic():
            if _postgresql():
                with connection.cursor() as cursor:  # a throw-away database: no need to wait for the disk
                    cursor.execute("SET LOCAL synchronous_commit TO off")
            territory = Territory.objects.create(name="Bench territory", intercommunale="BENCH", slug="bench")
            communes = _communes(territory, COMMUNES, "bench")
            first = communes[0]
            referent = _user(data.referent)
            Membership.objects.create(user=referent, role=Role.REFERENT, territory=territory)
            for username, role in (("bench-staff", Role.STAFF), ("bench-college", Role.COLLEGE)):
                Membership.objects.create(user=_user(username), role=role, territory=territory, commune=first)
            _milestones(first, 8)

            others = size["campaigns"] - 1
            per_commune, extra = divmod(size["responses"] - size["main_responses"], max(1, others))
            main = _campaign(first, referent, rng, size["main_responses"])
            for index, commune in enumerate(communes[1 : 1 + others]):
                count = per_commune + (1 if index < extra else 0)
                _campaign(commune, referent, rng, count, source=main.questionnaire)

            per_roadmap = size["sheets"] // size["roadmaps"]
            roadmaps = [_roadmap(c, referent, rng, per_roadmap) for c in communes[: size["roadmaps"]]]
            _score(roadmaps)
            editions = _barometer(territory, communes, rng)

            data.rows = {n: build_rows(n, rng) for n in (1, 50)}
        analyse()
    data.commune = first.slug
    data.campaign = main.pk
    data.edition = editions[-1].pk
    data.seconds = round(elapsed(), 1)
    data.counts = {
        "communes": COMMUNES,
        "questionnaire_responses": QuestionnaireResponse.objects.filter(campaign__commune__territory=territory).count(),
        "questionnaire_answers": Answer.objects.filter(campaign__commune__territory=territory).count(),
        "project_sheets": ProjectSheet.objects.filter(roadmap__commune__territory=territory).count(),
        "barometer_editions": len(editions),
    }
    return data


def analyse() -> None:
    """VACUUM ANALYZE (PostgreSQL): the planner sees the bulk-loaded tables as they are."""
    from django.db import connection

    if not _postgresql():
        return
    connection.ensure_connection()
    raw = connection.connection
    autocommit = raw.autocommit
    raw.autocommit = True
    try:
        with raw.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    finally:
        raw.autocommit = autocommit


def database_name(default: str = "bench") -> str:
    """The database named by DATABASE_URL (`bench` by default), which the bench drops and creates again."""
    import os
    from urllib.parse import urlparse

    return urlparse(os.environ.get("DATABASE_URL", "")).path.lstrip("/") or default


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="full")
    parser.add_argument("--database", help="PostgreSQL database to (re)create (default: DATABASE_URL's, or bench)")
    args = parser.parse_args()
    where = fresh_database(args.database or database_name())
    setup_django()
    data = generate(args.scale)
    print(f"{where}: {data.counts} in {data.seconds} s")


if __name__ == "__main__":
    main()
