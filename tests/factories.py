"""factory_boy factories for the models of every app; users get the password "pw"."""

from datetime import timedelta

import factory
from django.utils import timezone
from django.utils.text import slugify
from factory.django import DjangoModelFactory, Password

from accounts.models import User
from communes.models import (
    Accompaniment,
    AccompanimentKind,
    AccompanimentStatus,
    Activity,
    ActivityVerb,
    Commune,
    Invitation,
    Membership,
    Milestone,
    Phase,
    Province,
    Role,
    Territory,
)

PASSWORD = "pw"


class TerritoryFactory(DjangoModelFactory):
    class Meta:
        model = Territory

    name = factory.Sequence(lambda n: f"Territory {n}")
    intercommunale = factory.Sequence(lambda n: f"INTER{n}")
    slug = factory.Sequence(lambda n: f"territory-{n}")


class CommuneFactory(DjangoModelFactory):
    class Meta:
        model = Commune

    territory = factory.SubFactory(TerritoryFactory)
    name = factory.Sequence(lambda n: f"Commune {n}")
    # The sequence keeps slugs unique even when two tests pick the same name.
    slug = factory.LazyAttributeSequence(lambda o, n: f"{slugify(o.name)}-{n}")
    province = Province.HAINAUT


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    first_name = factory.Sequence(lambda n: f"First{n}")
    last_name = factory.Sequence(lambda n: f"Last{n}")
    password = Password(PASSWORD)


class MembershipFactory(DjangoModelFactory):
    """Commune staff by default; `MembershipFactory(referent=True, territory=...)` for a referent."""

    class Meta:
        model = Membership

    class Params:
        referent = factory.Trait(role=Role.REFERENT, commune=None)
        college = factory.Trait(role=Role.COLLEGE)

    user = factory.SubFactory(UserFactory)
    role = Role.STAFF
    commune = factory.SubFactory(CommuneFactory)
    territory = factory.LazyAttribute(lambda o: o.commune.territory if o.commune else TerritoryFactory())


class AccompanimentFactory(DjangoModelFactory):
    class Meta:
        model = Accompaniment

    commune = factory.SubFactory(CommuneFactory)
    kind = AccompanimentKind.ROADMAP
    phase = Phase.DIAGNOSTIC
    status = AccompanimentStatus.IN_PROGRESS
    start_date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(weeks=2))
    planned_end_date = factory.LazyAttribute(lambda o: Accompaniment.default_end(o.start_date))


class MilestoneFactory(DjangoModelFactory):
    class Meta:
        model = Milestone

    accompaniment = factory.SubFactory(AccompanimentFactory)
    title = factory.Sequence(lambda n: f"Milestone {n}")
    phase = Phase.DIAGNOSTIC
    due_date = factory.LazyAttribute(lambda o: o.accompaniment.start_date + timedelta(weeks=4))
    completed_on = None


class ActivityFactory(DjangoModelFactory):
    class Meta:
        model = Activity

    commune = factory.SubFactory(CommuneFactory)
    territory = factory.LazyAttribute(lambda o: o.commune.territory)
    actor = None
    verb = ActivityVerb.COMMUNE_UPDATED
    subject = ""


class InvitationFactory(DjangoModelFactory):
    """A pending invitation of commune staff; traits for the other states."""

    class Meta:
        model = Invitation

    class Params:
        referent = factory.Trait(role=Role.REFERENT, commune=None)
        expired = factory.Trait(expires_at=factory.LazyFunction(lambda: timezone.now() - timedelta(minutes=1)))
        revoked = factory.Trait(revoked_at=factory.LazyFunction(timezone.now))
        accepted = factory.Trait(accepted_at=factory.LazyFunction(timezone.now))

    email = factory.Sequence(lambda n: f"invitee{n}@example.org")
    role = Role.STAFF
    commune = factory.SubFactory(CommuneFactory)
    territory = factory.LazyAttribute(lambda o: o.commune.territory if o.commune else TerritoryFactory())
    invited_by = None
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))
