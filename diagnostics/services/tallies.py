"""Running tallies of the counted answers (`AnswerTally`), kept by the services that save answers.

An answer counts when its response was submitted, it is shown (display conditions) and it has a value.
Every service that changes which answers count, or what a counted answer says, works out the change
from the answers before and after (`contributions`, `difference`) and applies it in its own transaction
with `tallies_apply`: one upsert per tally row that adds to the stored counts (INSERT … ON CONFLICT DO
UPDATE), in key order, so that concurrent respondents neither lose a count nor deadlock.

`tallies_check` recounts the tallies from the answers (the same GROUP BY the results used before the
tallies) and lists the differences; `tallies_rebuild` rewrites them.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count, Q, Sum

from diagnostics.models import Answer, AnswerTally

# campaign, question, grid statement (0: none), group, has a number, the number (0 without), chosen options
Key = tuple[int, int, int, int, bool, Decimal, str]
# answers, answers with an "other" text, sum of scores, scored answers
Counts = list

QUANTUM = Decimal("0.0001")  # Answer.number_value's decimal places
ZERO = Decimal(0).quantize(QUANTUM)
SCORE_TOLERANCE = 1e-6  # sums of floats added in another order differ in their last digits


def tally_key(campaign_id, question_id, row_id, group_id, number, choice_key) -> Key:
    if number is None:
        return (campaign_id, question_id, row_id or 0, group_id, False, ZERO, choice_key)
    return (campaign_id, question_id, row_id or 0, group_id, True, Decimal(number).quantize(QUANTUM), choice_key)


def is_counted(answer) -> bool:
    return bool(answer.submitted and answer.applicable and answer.has_value)


def contributions(answers: Iterable) -> dict[Key, Counts]:
    """What these answers (Answer objects, or rows with the same attributes) add to the tallies."""
    totals: dict[Key, Counts] = defaultdict(lambda: [0, 0, 0.0, 0])
    for answer in answers:
        if not is_counted(answer):
            continue
        counts = totals[
            tally_key(
                answer.campaign_id,
                answer.question_id,
                answer.row_id,
                answer.group_id,
                answer.number_value,
                answer.choice_key,
            )
        ]
        counts[0] += 1
        counts[1] += 1 if answer.other_text else 0
        if answer.score is not None:
            counts[2] += answer.score
            counts[3] += 1
    return dict(totals)


def difference(before: dict[Key, Counts], after: dict[Key, Counts]) -> dict[Key, Counts]:
    """What to add to the tallies to go from `before` to `after` (zero changes left out)."""
    result = {}
    for key in before.keys() | after.keys():
        old, new = before.get(key, [0, 0, 0.0, 0]), after.get(key, [0, 0, 0.0, 0])
        change = [new[0] - old[0], new[1] - old[1], new[2] - old[2], new[3] - old[3]]
        if change[0] or change[1] or change[3] or abs(change[2]) > 0:
            result[key] = change
    return result


def tallies_apply(changes: dict[Key, Counts]) -> int:
    """Add `changes` to the stored tallies (creating missing rows); returns the rows touched.

    Call it inside the transaction that changes the answers. Rows are written in key order so that two
    transactions touching the same rows lock them in the same order.
    """
    rows = [(*key, *counts) for key, counts in sorted(changes.items())]
    if not rows:
        return 0
    table = connection.ops.quote_name(AnswerTally._meta.db_table)
    key_columns = "campaign_id, question_id, row_key, group_id, has_number, number_value, choice_key"
    added = ", ".join(f"{c} = {table}.{c} + EXCLUDED.{c}" for c in ("answers", "others", "score_sum", "scored"))
    sql = (
        f"INSERT INTO {table} ({key_columns}, answers, others, score_sum, scored) "  # noqa: S608 - fixed names
        f"VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) "
        f"ON CONFLICT ({key_columns}) DO UPDATE SET {added}"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
    return len(rows)


def tallies_add(answers: Iterable) -> int:
    """Count these answers (just created or just made to count): the demo generator, a submission."""
    return tallies_apply(contributions(answers))


def tallies_forget(answers) -> int:
    """Take these answers (a queryset about to be deleted) out of the tallies, in the deleting transaction."""
    return tallies_apply(difference(contributions(answers.filter(submitted=True)), {}))


@transaction.atomic
def respondents_delete(*, respondents) -> int:
    """Delete respondents with their responses and answers (the admin), their answers leaving the tallies."""
    tallies_forget(Answer.objects.filter(response__respondent__in=respondents))
    deleted, _per_model = respondents.delete()
    return deleted


# Consistency ---------------------------------------------------------------------------------------


def _scope(queryset, campaign_ids):
    return queryset if campaign_ids is None else queryset.filter(campaign_id__in=list(campaign_ids))


def tallies_recount(*, campaign_ids: Iterable[int] | None = None) -> dict[Key, Counts]:
    """The tallies as the answers say, in one GROUP BY over them."""
    counted = Answer.objects.filter(submitted=True, applicable=True, has_value=True).order_by()
    rows = (
        _scope(counted, campaign_ids)
        .values("campaign_id", "question_id", "row_id", "group_id", "number_value", "choice_key")
        .annotate(n=Count("*"), others=Count("pk", filter=~Q(other_text="")), total=Sum("score"), scored=Count("score"))
    )
    result = {}
    for r in rows:
        key = tally_key(
            r["campaign_id"], r["question_id"], r["row_id"], r["group_id"], r["number_value"], r["choice_key"]
        )
        counts = result.setdefault(key, [0, 0, 0.0, 0])
        counts[0] += r["n"]
        counts[1] += r["others"]
        counts[2] += r["total"] or 0.0
        counts[3] += r["scored"]
    return result


def tallies_stored(*, campaign_ids: Iterable[int] | None = None) -> dict[Key, Counts]:
    rows = _scope(AnswerTally.objects.order_by(), campaign_ids).values_list(
        "campaign_id", *AnswerTally.KEY_COLUMNS, *AnswerTally.COUNT_COLUMNS
    )
    result = {}
    for campaign_id, question_id, row_key, group_id, has_number, number, choice_key, *counts in rows:
        if any(counts[:2]) or counts[3] or abs(counts[2]) > SCORE_TOLERANCE:
            key = tally_key(campaign_id, question_id, row_key, group_id, number if has_number else None, choice_key)
            result[key] = counts
    return result


@dataclass(frozen=True)
class TallyDifference:
    key: Key
    stored: tuple
    expected: tuple

    def __str__(self):
        campaign, question, row, group, has_number, number, choice = self.key
        value = f"number={number}" if has_number else f"choices={choice!r}"
        return (
            f"campaign {campaign} question {question} row {row} group {group} {value}: "
            f"stored {self.stored}, answers say {self.expected}"
        )


def _same(stored: Counts, expected: Counts) -> bool:
    return (
        stored[0] == expected[0]
        and stored[1] == expected[1]
        and stored[3] == expected[3]
        and abs(stored[2] - expected[2]) <= SCORE_TOLERANCE * max(1.0, abs(expected[2]))
    )


def tallies_check(*, campaign_ids: Iterable[int] | None = None) -> list[TallyDifference]:
    """Every tally row that differs from a recount of the answers (none when the services kept them)."""
    ids = None if campaign_ids is None else list(campaign_ids)
    stored, expected = tallies_stored(campaign_ids=ids), tallies_recount(campaign_ids=ids)
    empty = [0, 0, 0.0, 0]
    return [
        TallyDifference(key=key, stored=tuple(stored.get(key, empty)), expected=tuple(expected.get(key, empty)))
        for key in sorted(stored.keys() | expected.keys())
        if not _same(stored.get(key, empty), expected.get(key, empty))
    ]


@transaction.atomic
def tallies_rebuild(*, campaign_ids: Iterable[int] | None = None) -> int:
    """Rewrite the tallies from the answers (after a repair by hand); returns the rows written."""
    ids = None if campaign_ids is None else list(campaign_ids)
    _scope(AnswerTally.objects.all(), ids).delete()
    recount = tallies_recount(campaign_ids=ids)
    AnswerTally.objects.bulk_create(
        [
            AnswerTally(
                campaign_id=campaign_id,
                question_id=question_id,
                row_key=row_key,
                group_id=group_id,
                has_number=has_number,
                number_value=number,
                choice_key=choice_key,
                answers=counts[0],
                others=counts[1],
                score_sum=counts[2],
                scored=counts[3],
            )
            for (campaign_id, question_id, row_key, group_id, has_number, number, choice_key), counts in recount.items()
        ],
        batch_size=2000,
    )
    return len(recount)
