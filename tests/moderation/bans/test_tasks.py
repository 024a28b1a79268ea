"""Bans end by themselves: the Celery task, on beat's schedule, through a real worker."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone

from audit.events import AuditVerb
from audit.models import AuditEvent
from moderation.bans.services import ban_approve
from moderation.models import Ban, BanState
from moderation.tasks import expire_bans
from outbox.services import task_enqueue
from stanton.celery import app
from tests.factories import DesignationFactory
from tests.moderation.bans.scene import propose, removed_comment

DEADLINE_SECONDS = 30


def approved_in_the_past(moderator, supervisor, site, admin, *, days_ago: int, duration: int):
    """A ban approved `days_ago` days ago (both people were designated back then)."""
    since = timezone.localdate() - timedelta(days=days_ago + 1)
    for user in (moderator, supervisor):
        DesignationFactory(user=user, site=site, designated_by=admin, starts_on=since)
    with time_machine.travel(timezone.now() - timedelta(days=days_ago), tick=False):
        ban = propose(moderator, site, removed_comment(site), duration_days=duration)
        return ban_approve(ban=ban, actor=supervisor, note="")


def test_beat_runs_the_expiry_every_minute():
    entry = app.conf.beat_schedule["moderation-expire-bans"]
    assert entry["task"] == "moderation.tasks.expire_bans"
    assert entry["schedule"] == 60.0
    assert expire_bans.name in app.tasks


@pytest.mark.django_db
def test_the_task_expires_due_bans_and_a_second_run_does_nothing(
    moderator, supervisor, site, admin
):
    ban = approved_in_the_past(moderator, supervisor, site, admin, days_ago=8, duration=7)
    assert expire_bans.apply().get() == 1
    assert expire_bans.apply().get() == 0
    ban.refresh_from_db()
    assert ban.state == BanState.EXPIRED
    assert AuditEvent.objects.filter(verb=AuditVerb.BAN_EXPIRED).count() == 1


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_expiry_through_a_real_worker(
    celery_worker, transactional_db, moderator, supervisor, site, admin
):
    ban = approved_in_the_past(moderator, supervisor, site, admin, days_ago=2, duration=1)
    assert Ban.objects.get(pk=ban.pk).state == BanState.ACTIVE

    with transaction.atomic():
        task_enqueue("moderation.tasks.expire_bans")

    deadline = time.monotonic() + DEADLINE_SECONDS
    while time.monotonic() < deadline:
        if Ban.objects.get(pk=ban.pk).state == BanState.EXPIRED:
            break
        time.sleep(0.1)  # polling a real worker, not waiting for time to pass in the code
    assert Ban.objects.get(pk=ban.pk).state == BanState.EXPIRED
    event = AuditEvent.objects.get(verb=AuditVerb.BAN_EXPIRED)
    assert event.actor is None and event.target_id == str(ban.pk)
    assert celery_worker.poll() is None
