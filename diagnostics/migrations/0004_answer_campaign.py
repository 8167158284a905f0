import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("diagnostics", "0003_workspace")]

    operations = [
        migrations.AddField(
            model_name="answer",
            name="campaign",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="diagnostics.campaign"
            ),
        ),
        migrations.AddField(
            model_name="answerchoice",
            name="campaign",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="diagnostics.campaign"
            ),
        ),
        migrations.AddField(
            model_name="answer",
            name="choice_key",
            field=models.CharField(blank=True, max_length=500),
        ),
        migrations.AddIndex(
            model_name="answer",
            index=models.Index(
                condition=models.Q(("text_value", ""), _negated=True) | models.Q(("other_text", ""), _negated=True),
                fields=["campaign", "question"],
                name="answer_campaign_texts",
            ),
        ),
    ]
