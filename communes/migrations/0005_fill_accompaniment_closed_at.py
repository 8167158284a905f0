"""Completed accompaniments get a closing time: their last change (the best estimate there is). Runs twice safely."""

from django.db import migrations
from django.db.models import F


def fill(apps, schema_editor):
    Accompaniment = apps.get_model("communes", "Accompaniment")
    Accompaniment.objects.filter(status="completed", closed_at__isnull=True).update(closed_at=F("updated_at"))


def unfill(apps, schema_editor):
    Accompaniment = apps.get_model("communes", "Accompaniment")
    Accompaniment.objects.update(closed_at=None)


class Migration(migrations.Migration):
    dependencies = [("communes", "0004_accompaniment_closed_at")]

    operations = [migrations.RunPython(fill, unfill)]
