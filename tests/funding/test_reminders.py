"""Deadline reminders: N days ahead (N per territory), once per deadline and person even if beat runs twice,
to the referent and the staff concerned, with an unsubscribe link per person."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from funding import services, tasks
from funding.models import FundingSettings, ReminderSent
from tests.funding.conftest import make_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def soon(territory, referent):
    today = timezone.localdate()
    return make_call(territory, referent, rounds=[(today - timedelta(days=30), today + timedelta(days=10))])


def test_the_task_is_scheduled_by_beat():
    assert any(entry["task"] == "funding.reminders_send" for entry in settings.CELERY_BEAT_SCHEDULE.values())


def test_a_deadline_within_n_days_reminds_the_referent_and_the_staff_concerned(
    soon, sheet, referent, staff_a, staff_b, college_a
):
    assert tasks.reminders_send() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([referent.email, staff_a.email])
    assert soon.title in mail.outbox[0].subject
    assert "/funding/reminders/stop/" in mail.outbox[0].body


def test_beat_running_twice_sends_once(soon, sheet, referent, staff_a):
    assert tasks.reminders_send() == 2
    assert tasks.reminders_send() == 0
    assert len(mail.outbox) == 2 and ReminderSent.objects.count() == 2


def test_a_deadline_further_than_n_days_waits(territory, referent, soon, sheet, staff_a):
    FundingSettings.objects.create(territory=territory, reminder_days=5)
    assert tasks.reminders_send() == 0
    later = timezone.localdate() + timedelta(days=5)
    assert services.reminders_send(today=later) == 2


def test_reminders_switched_off(territory, soon, sheet, referent, staff_a):
    FundingSettings.objects.create(territory=territory, reminders_enabled=False)
    assert tasks.reminders_send() == 0 and not mail.outbox


def test_the_unsubscribe_link_stops_them_for_that_person_only(client, territory, soon, sheet, referent, staff_a):
    token = services.unsubscribe_token(user_id=staff_a.pk, territory_id=territory.pk)
    client.post(f"/funding/reminders/stop/{token}/")
    assert tasks.reminders_send() == 1
    assert [m.to for m in mail.outbox] == [[referent.email]]


def test_a_failed_send_is_retried_next_time(soon, sheet, referent, staff_a, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("SMTP down")

    monkeypatch.setattr(services, "send_mail", broken)
    assert tasks.reminders_send() == 0
    assert not ReminderSent.objects.exists()
    monkeypatch.undo()
    assert tasks.reminders_send() == 2
