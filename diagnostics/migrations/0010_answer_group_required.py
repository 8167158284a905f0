import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("diagnostics", "0009_fill_answer_group_submitted")]

    operations = [
        migrations.AlterField(
            model_name="answer",
            name="group",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.RESTRICT,
                related_name="+",
                to="diagnostics.respondentgroup",
            ),
        ),
    ]
