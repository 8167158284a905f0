"""Install the smart-diagnostic questionnaire template (French and English). Safe to run twice."""

from django.db import migrations

from diagnostics.data import questionnaire_template_v1


def _models(apps):
    return {
        name: apps.get_model("diagnostics", name)
        for name in ["Questionnaire", "Section", "Question", "Option", "GridRow", "QuestionPillar"]
    }


def install(apps, schema_editor):
    questionnaire_template_v1.install(**_models(apps))


def uninstall(apps, schema_editor):
    questionnaire_template_v1.uninstall(Questionnaire=apps.get_model("diagnostics", "Questionnaire"))


class Migration(migrations.Migration):
    dependencies = [("diagnostics", "0001_questionnaires")]

    operations = [migrations.RunPython(install, uninstall)]
