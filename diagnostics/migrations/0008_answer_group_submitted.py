import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("diagnostics", "0007_answer_campaign_scores_index")]

    operations = [
        migrations.AddField(
            model_name="answer",
            name="group",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.RESTRICT,
                related_name="+",
                to="diagnostics.respondentgroup",
            ),
        ),
        migrations.AddField(model_name="answer", name="submitted", field=models.BooleanField(default=False)),
    ]
