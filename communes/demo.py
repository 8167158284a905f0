"""Demo data: the IGRETEC territory, its 30 communes, demo accounts and a few accompaniments.

The whole demo (`manage.py seed_demo`) is put together by `smartregion.demo`, which calls this module
first and then each app's own demo module: communes never import the apps built on them."""

import csv
from datetime import timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from communes import services
from communes.models import Accompaniment, Commune, Membership, Role, Territory

COMMUNES_CSV = Path(__file__).parent / "data" / "charleroi-metropole-communes.csv"
DEMO_PASSWORD = "demo"  # noqa: S105 - documented demo accounts, refused outside DEBUG without --force

# (commune, weeks since the start, phase, milestones done)
DEMO_ACCOMPANIMENTS = [
    ("Courcelles", 7, "roadmap", 5),
    ("Lobbes", 2, "diagnostic", 1),
    ("Fleurus", 5, "diagnostic", 2),
    ("Thuin", 12, "report", 6),
    ("Chimay", -1, "diagnostic", 0),
]


def _user(username: str, *, first_name: str, last_name: str, email: str):
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=username, defaults={"first_name": first_name, "last_name": last_name, "email": email}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def seed_territory() -> Territory:
    """The territory, its communes, the demo accounts and the accompaniments; can run twice."""
    territory, _ = Territory.objects.get_or_create(
        slug="charleroi-metropole", defaults={"name": "Charleroi Métropole", "intercommunale": "IGRETEC"}
    )
    with COMMUNES_CSV.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            Commune.objects.get_or_create(
                slug=slugify(row["name"]),
                defaults={"territory": territory, "name": row["name"], "province": row["province"]},
            )
    communes = {c.name: c for c in territory.communes.all()}

    referent = _user("referent", first_name="Claire", last_name="Dubois", email="referent@igretec.example")
    Membership.objects.get_or_create(user=referent, role=Role.REFERENT, territory=territory, commune=None)
    for username, commune_name, role, first, last in [
        ("staff-courcelles", "Courcelles", Role.STAFF, "Marc", "Lambert"),
        ("staff-lobbes", "Lobbes", Role.STAFF, "Sophie", "Renard"),
        ("college-courcelles", "Courcelles", Role.COLLEGE, "Jean", "Martin"),
    ]:
        user = _user(username, first_name=first, last_name=last, email=f"{username}@commune.example")
        Membership.objects.get_or_create(user=user, role=role, territory=territory, commune=communes[commune_name])

    today = timezone.localdate()
    for name, weeks_ago, phase, done in DEMO_ACCOMPANIMENTS:
        commune = communes[name]
        if Accompaniment.objects.filter(commune=commune).exists():
            continue
        accompaniment = services.accompaniment_start(
            commune=commune, actor=referent, kind="roadmap", start_date=today - timedelta(weeks=weeks_ago)
        )
        services.accompaniment_update(accompaniment=accompaniment, actor=referent, fields={"phase": phase})
        for milestone in accompaniment.milestones.order_by("due_date")[:done]:
            services.milestone_set_completed(milestone=milestone, actor=referent, completed=True)
            # Done when it was due, as it would have been ticked over the weeks, not all on the seeding day.
            milestone.completed_on = min(milestone.due_date, today)
            milestone.save(update_fields=["completed_on"])

    return territory
