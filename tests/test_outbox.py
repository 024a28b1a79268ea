"""The task outbox: a row in the same transaction, published on commit, re-sent when the
broker was away. A request that enqueues work never hangs and never loses the change."""

from __future__ import annotations

import time
import uuid
from datetime import timedelta

import pytest
import time_machine
from celery import current_app
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from audit.events import AuditVerb
from audit.models import AuditEvent
from moderation.models import Site
from moderation.sites import services as moderation_services
from outbox.models import OutboxMessage
from outbox.services import outbox_resend_pending, task_enqueue

UNREACHABLE_BROKER = "redis://127.0.0.1:1/0"


def _reset_broker_pools() -> None:
    """Celery caches its connection and producer pools per broker URL; drop them."""
    if current_app._pool is not None:
        current_app._pool.force_close_all()
    current_app._pool = None
    current_app.amqp._producer_pool = None


@pytest.fixture
def broker_away():
    """Eager mode off and the broker pointed at a port nobody listens on."""
    conf = current_app.conf
    previous = (conf.broker_url, conf.broker_write_url, conf.task_always_eager)
    conf.broker_url = UNREACHABLE_BROKER
    conf.broker_write_url = None
    conf.task_always_eager = False
    _reset_broker_pools()
    try:
        yield
    finally:
        conf.broker_url, conf.broker_write_url, conf.task_always_eager = previous
        _reset_broker_pools()


def change_and_enqueue(admin, token: str) -> Site:
    """What a request does: change something and enqueue its follow-up in one transaction."""
    with transaction.atomic():
        site = moderation_services.site_create(
            actor=admin, platform="x", name="Stanton on X", slug="x-main", handle="@Stanton"
        )
        task_enqueue("outbox.tasks.ping", token=token)
    return site


@pytest.mark.django_db(transaction=True)
def test_broker_away_does_not_hang_or_lose_the_change_and_resend_delivers(admin, broker_away):
    token = uuid.uuid4().hex

    started = time.monotonic()
    change_and_enqueue(admin, token)
    elapsed = time.monotonic() - started

    assert elapsed < 10, f"enqueue with the broker away took {elapsed:.1f}s"
    assert Site.objects.filter(slug="x-main").exists()  # the committed change is kept
    assert AuditEvent.objects.filter(verb=AuditVerb.SITE_CREATED).count() == 1
    message = OutboxMessage.objects.get()
    assert message.task_name == "outbox.tasks.ping"
    assert message.kwargs == {"token": token}
    assert message.sent_at is None
    assert message.attempts == 1
    assert message.last_error

    # While the broker is still away the sweeper fails fast too and keeps the row.
    started = time.monotonic()
    assert outbox_resend_pending(older_than=timedelta(0)) == 0
    assert time.monotonic() - started < 10
    message.refresh_from_db()
    assert (message.sent_at, message.attempts) == (None, 2)


@pytest.mark.django_db(transaction=True)
def test_resend_publishes_pending_messages_once(admin, broker_away):
    token = uuid.uuid4().hex
    change_and_enqueue(admin, token)
    assert OutboxMessage.objects.get().sent_at is None

    # The broker is back (eager mode stands in for it: the task runs as a worker would).
    current_app.conf.task_always_eager = True

    assert outbox_resend_pending(older_than=timedelta(0)) == 1

    message = OutboxMessage.objects.get()
    assert message.sent_at is not None
    assert message.last_error == ""
    assert cache.get(f"outbox-ping:{token}") == "pong"
    # A second sweep has nothing to do.
    cache.delete(f"outbox-ping:{token}")
    assert outbox_resend_pending(older_than=timedelta(0)) == 0
    assert cache.get(f"outbox-ping:{token}") is None
    assert OutboxMessage.objects.get().attempts == 2


def test_resend_waits_for_the_configured_delay(db, settings):
    """Beat's sweeper leaves a message alone while its own on-commit publish may still run."""
    settings.OUTBOX_RESEND_AFTER = timedelta(seconds=60)
    with time_machine.travel("2026-04-01 09:00 -0700", tick=False) as traveller:
        message = OutboxMessage.objects.create(
            task_name="outbox.tasks.ping", kwargs={"token": "late"}
        )

        traveller.shift(timedelta(seconds=59))
        assert outbox_resend_pending() == 0

        traveller.shift(timedelta(seconds=2))
        assert outbox_resend_pending() == 1

        message.refresh_from_db()
        assert message.sent_at is not None
        assert cache.get("outbox-ping:late") == "pong"


def test_resend_outbox_command(db, capsys):
    OutboxMessage.objects.create(task_name="outbox.tasks.ping", kwargs={"token": "cmd"})

    call_command("resend_outbox")

    assert "Published 1 pending task(s)." in capsys.readouterr().out
    assert OutboxMessage.objects.get().sent_at is not None
    call_command("resend_outbox")
    assert "Published 0 pending task(s)." in capsys.readouterr().out


def test_beat_task_resends(db, settings):
    from outbox.tasks import resend_pending

    settings.OUTBOX_RESEND_AFTER = timedelta(0)
    OutboxMessage.objects.create(task_name="outbox.tasks.ping", kwargs={"token": "beat"})

    assert resend_pending.apply().get() == 1
    assert cache.get("outbox-ping:beat") == "pong"


def test_nothing_is_published_when_the_transaction_rolls_back(
    db, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        task_enqueue("outbox.tasks.ping", token="rolled-back")
        raise RuntimeError("the change failed")

    assert callbacks == []
    assert not OutboxMessage.objects.exists()
    assert cache.get("outbox-ping:rolled-back") is None


def test_published_only_after_commit(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message = task_enqueue("outbox.tasks.ping", token="after-commit")
        assert cache.get("outbox-ping:after-commit") is None

    assert len(callbacks) == 1
    callbacks[0]()
    message.refresh_from_db()
    assert message.sent_at is not None
    assert cache.get("outbox-ping:after-commit") == "pong"


def test_unknown_task_stays_pending_with_the_error(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        task_enqueue("outbox.tasks.no_such_task", thing=1)

    message = OutboxMessage.objects.get()
    assert message.sent_at is None
    assert "no_such_task" in message.last_error


# --- done only when the task has run; lost messages are sent again ----------------------------
def test_a_row_is_done_once_its_task_has_run(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = task_enqueue("outbox.tasks.ping", token="ran")

    message.refresh_from_db()
    assert message.done_at is not None and message.sent_at is not None
    assert message.deliveries == 1
    assert str(message).endswith("(done)")


def test_a_task_published_but_never_done_is_sent_again_after_the_grace_period(db, settings):
    """Its message was lost (Redis restarted without persistence, or a worker died)."""
    settings.OUTBOX_REDELIVER_AFTER = timedelta(minutes=30)
    with time_machine.travel("2026-04-01 09:00 -0700", tick=False) as traveller:
        message = OutboxMessage.objects.create(
            task_name="outbox.tasks.ping", kwargs={"token": "lost"}
        )
        OutboxMessage.objects.filter(pk=message.pk).update(
            sent_at=timezone.now(), deliveries=1, attempts=1
        )

        traveller.shift(timedelta(minutes=29))
        assert outbox_resend_pending() == 0  # it may still be running
        assert cache.get("outbox-ping:lost") is None

        traveller.shift(timedelta(minutes=2))
        assert outbox_resend_pending() == 1
        assert cache.get("outbox-ping:lost") == "pong"
        message.refresh_from_db()
        assert message.done_at is not None and message.deliveries == 2

        traveller.shift(timedelta(hours=2))
        assert outbox_resend_pending() == 0  # done: never sent again


def test_resending_stops_after_the_maximum_deliveries_and_says_so(db, settings, caplog):
    settings.OUTBOX_MAX_DELIVERIES = 3
    message = OutboxMessage.objects.create(task_name="outbox.tasks.ping", kwargs={"token": "x"})
    OutboxMessage.objects.filter(pk=message.pk).update(
        sent_at=timezone.now() - timedelta(hours=1), deliveries=3
    )

    assert outbox_resend_pending() == 0
    assert cache.get("outbox-ping:x") is None
    assert "1 task(s) sent 3 times without completing" in caplog.text


def test_every_task_of_the_portal_closes_its_outbox_row():
    from outbox.celery import OutboxTask

    current_app.loader.import_default_modules()
    ours = [task for name, task in current_app.tasks.items() if not name.startswith("celery.")]
    assert ours and all(isinstance(task, OutboxTask) for task in ours)
