from django.db import migrations
from django.db.models import OuterRef, Subquery


def fill_territory(apps, schema_editor):
    """Every existing record belonged to a commune: its territory is the commune's (safe to run twice)."""
    Activity = apps.get_model("communes", "Activity")
    Commune = apps.get_model("communes", "Commune")
    Activity.objects.filter(territory__isnull=True).update(
        territory=Subquery(Commune.objects.filter(pk=OuterRef("commune_id")).values("territory_id")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("communes", "0007_activity_territory_changes"),
    ]

    # Reverse: nothing to undo (the column goes away with the schema migration's reverse).
    operations = [migrations.RunPython(fill_territory, migrations.RunPython.noop)]
