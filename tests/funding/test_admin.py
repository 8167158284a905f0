"""The admin pages of funding open for a superuser."""

import pytest
from django.urls import reverse

from funding import services

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["fundingcall", "application", "fundingsettings"])
def test_admin_pages_open(client_for, superuser, staff_a, call, sheet, territory, model):
    services.application_create(call=call, sheet=sheet, actor=staff_a, fields={})
    services.settings_update(territory=territory, actor=superuser, reminder_days=10, reminders_enabled=True)
    client = client_for(superuser)
    assert client.get(reverse(f"admin:funding_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:funding_{model}_add")).status_code == 200
