from django.db import migrations

from smartregion.collation import FRENCH


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE COLLATION IF NOT EXISTS {FRENCH} (provider = icu, locale = 'fr-BE')")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP COLLATION IF EXISTS {FRENCH}")


class Migration(migrations.Migration):
    dependencies = [("smartregion", "0001_form_submissions")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
