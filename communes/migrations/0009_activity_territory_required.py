import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("communes", "0008_fill_activity_territory"),
    ]

    operations = [
        migrations.AlterField(
            model_name="activity",
            name="territory",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="activities", to="communes.territory"
            ),
        ),
        migrations.AddIndex(
            model_name="activity",
            index=models.Index(fields=["territory", "-created_at"], name="activity_territory_recent"),
        ),
    ]
