"""A person's data export holds what their account did (the audit records where they are the actor)."""

import json

import pytest
from django.urls import reverse

from communes import services
from communes.models import ActivityVerb
from privacy.models import PersonKind
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def export_url(territory, pk):
    return reverse("privacy:person-export", kwargs={"slug": territory.slug, "kind": PersonKind.RESPONDENT, "pk": pk})


def test_the_export_lists_what_the_same_address_account_did(
    referent_client, territory, commune_a, commune_other, marie, referent, django_capture_on_commit_callbacks
):
    account = UserFactory(username="marie", email="MARIE@courcelles.example")
    MembershipFactory(user=account, commune=commune_a)
    services.commune_update(commune=commune_a, actor=account, fields={"population": 30000})
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_create(
            territory=territory, actor=account, email="friend@courcelles.example", role="staff", commune=commune_a
        )
    services.audit_record(commune=commune_other, actor=account, verb=ActivityVerb.COMMUNE_UPDATED, subject="BEP")
    services.audit_record(commune=commune_a, actor=referent, verb=ActivityVerb.MILESTONE_ADDED, subject="Not hers")
    data = json.loads(referent_client.get(export_url(territory, marie.pk)).content)
    activity = data["activity"]
    assert [(a["commune"], a["subject"]) for a in activity] == [("Courcelles", ""), ("Courcelles", "")]
    assert len(activity[1]["changed_fields"]) == 1
    body = json.dumps(data)
    assert "friend@" not in body and "Not hers" not in body and "BEP" not in body


def test_no_account_no_activity(referent_client, territory, marie):
    data = json.loads(referent_client.get(export_url(territory, marie.pk)).content)
    assert data["activity"] == []
