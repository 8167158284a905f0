"""Copy each answer's respondent group and submitted state from its response. Safe to run twice.

Apart from the schema changes around it: PostgreSQL refuses to alter a table with pending deferred
foreign-key checks in the same transaction."""

from django.db import migrations
from django.db.models import Exists, OuterRef, Subquery


def fill(apps, schema_editor):
    Answer = apps.get_model("diagnostics", "Answer")
    Response = apps.get_model("diagnostics", "Response")
    Answer.objects.update(
        group=Subquery(Response.objects.filter(pk=OuterRef("response_id")).values("group_id")[:1]),
        submitted=Exists(Response.objects.filter(pk=OuterRef("response_id"), submitted_at__isnull=False)),
    )


class Migration(migrations.Migration):
    dependencies = [("diagnostics", "0008_answer_group_submitted")]

    # Going back only drops the columns (previous migration): nothing to undo here.
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
