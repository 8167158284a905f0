"""Smoke test of the admin pages of accounts and communes, for a superuser."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import (
    AccompanimentFactory,
    ActivityFactory,
    InvitationFactory,
    MilestoneFactory,
)

pytestmark = pytest.mark.django_db

APPS = {"accounts", "communes"}
MODELS = sorted((model for model in admin.site._registry if model._meta.app_label in APPS), key=lambda m: m._meta.label)


@pytest.fixture
def admin_client_(client_for, superuser, commune_a, staff_a, referent):
    MilestoneFactory(accompaniment=AccompanimentFactory(commune=commune_a))
    InvitationFactory(commune=commune_a, invited_by=referent)
    ActivityFactory(commune=commune_a, actor=referent)
    return client_for(superuser)


def test_models_are_registered():
    assert {m._meta.model_name for m in MODELS} >= {"user", "commune", "membership", "invitation", "accompaniment"}


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_admin_pages_open(admin_client_, model):
    info = (model._meta.app_label, model._meta.model_name)
    assert admin_client_.get(reverse("admin:{}_{}_changelist".format(*info))).status_code == 200
    assert admin_client_.get(reverse("admin:{}_{}_add".format(*info))).status_code == 200
    obj = model._default_manager.first()
    assert obj is not None
    assert admin_client_.get(reverse("admin:{}_{}_change".format(*info), args=[obj.pk])).status_code == 200


def test_non_staff_referent_cannot_open_the_admin(referent_client):
    response = referent_client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert "/admin/login/" in response.url
