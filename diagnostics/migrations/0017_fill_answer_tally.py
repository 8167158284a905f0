"""Count the answers already stored into the running tallies (0016), as `tallies_rebuild` does."""

from decimal import Decimal

from django.db import migrations
from django.db.models import Count, Q, Sum

QUANTUM = Decimal("0.0001")


def fill(apps, schema_editor):
    Answer = apps.get_model("diagnostics", "Answer")
    AnswerTally = apps.get_model("diagnostics", "AnswerTally")
    AnswerTally.objects.all().delete()  # so that running it twice counts once
    rows = (
        Answer.objects.filter(submitted=True, applicable=True, has_value=True)
        .order_by()
        .values("campaign_id", "question_id", "row_id", "group_id", "number_value", "choice_key")
        .annotate(n=Count("*"), others=Count("pk", filter=~Q(other_text="")), total=Sum("score"), scored=Count("score"))
    )
    batch = []
    for r in rows.iterator(chunk_size=2000):
        number = r["number_value"]
        batch.append(
            AnswerTally(
                campaign_id=r["campaign_id"],
                question_id=r["question_id"],
                row_key=r["row_id"] or 0,
                group_id=r["group_id"],
                has_number=number is not None,
                number_value=Decimal(0) if number is None else Decimal(number).quantize(QUANTUM),
                choice_key=r["choice_key"],
                answers=r["n"],
                others=r["others"],
                score_sum=r["total"] or 0.0,
                scored=r["scored"],
            )
        )
        if len(batch) >= 2000:
            AnswerTally.objects.bulk_create(batch)
            batch = []
    AnswerTally.objects.bulk_create(batch)


def empty(apps, schema_editor):
    apps.get_model("diagnostics", "AnswerTally").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("diagnostics", "0016_answer_tally"),
    ]

    operations = [migrations.RunPython(fill, empty)]
