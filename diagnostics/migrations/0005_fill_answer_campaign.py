"""Copy each answer's campaign from its response (and each chosen option's from its answer), and write
the answers' choice keys. Safe to run twice."""

from collections import defaultdict

from django.db import migrations
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    Answer = apps.get_model("diagnostics", "Answer")
    AnswerChoice = apps.get_model("diagnostics", "AnswerChoice")
    Response = apps.get_model("diagnostics", "Response")
    Answer.objects.filter(campaign__isnull=True).update(
        campaign=Subquery(Response.objects.filter(pk=OuterRef("response_id")).values("campaign_id")[:1])
    )
    AnswerChoice.objects.filter(campaign__isnull=True).update(
        campaign=Subquery(Answer.objects.filter(pk=OuterRef("answer_id")).values("campaign_id")[:1])
    )
    chosen = defaultdict(list)
    for answer_id, option_id in AnswerChoice.objects.values_list("answer_id", "option_id"):
        chosen[answer_id].append(option_id)
    answers = list(Answer.objects.filter(pk__in=list(chosen)).only("pk", "choice_key"))
    for answer in answers:
        answer.choice_key = ",".join(str(i) for i in sorted(chosen[answer.pk]))
    Answer.objects.bulk_update(answers, ["choice_key"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("diagnostics", "0004_answer_campaign")]

    # Going back only drops the columns (previous migration): nothing to undo here.
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
