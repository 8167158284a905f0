"""Before e-mails become unique: of accounts sharing an address (any case), the oldest keeps it.

The others lose their address (they can set a new one from their profile); deterministic (by primary key)
and reversible as a no-op, since the cleared addresses cannot be told apart again.
"""

from django.db import migrations


def resolve_duplicates(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    seen = set()
    for pk, email in User.objects.exclude(email="").order_by("pk").values_list("pk", "email").iterator():
        key = email.strip().lower()
        if key in seen:
            User.objects.filter(pk=pk).update(email="")
        else:
            seen.add(key)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(resolve_duplicates, migrations.RunPython.noop)]
