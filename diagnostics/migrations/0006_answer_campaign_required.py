import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("diagnostics", "0005_fill_answer_campaign")]

    operations = [
        migrations.AlterField(
            model_name="answer",
            name="campaign",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="+", to="diagnostics.campaign"
            ),
        ),
        migrations.AlterField(
            model_name="answerchoice",
            name="campaign",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="+", to="diagnostics.campaign"
            ),
        ),
    ]
