"""A Celery round trip through a real `celery -A stanton worker` process and Redis.

The `celery_worker` fixture starts the worker on a queue of its own; the task is enqueued
the way the application does it (outbox row, published on commit), and the test polls the
shared cache (Redis) for the worker's answer with a bounded deadline.

The outage tests run the worker against a Redis the test owns (`on_own_redis`), which keeps
nothing: stopping and starting it loses every message it held (issue 9, item 7).
"""

from __future__ import annotations

import time
import uuid
from datetime import timedelta

import pytest
import redis
from django.core.cache import cache
from django.db import transaction

from audit.events import AuditVerb
from audit.models import AuditEvent
from outbox.models import OutboxMessage
from outbox.services import outbox_resend_pending, task_enqueue
from tests.conftest import running_celery_worker

DEADLINE_SECONDS = 30


def wait_until(condition, *, seconds: float = DEADLINE_SECONDS) -> bool:
    """Poll an external process's effect until it shows or the deadline passes."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)  # polling a real worker, not waiting for time to pass in the code
    return condition()


def wait_for_cache(key: str, *, deadline: float) -> str | None:
    """Poll an external process's result until it appears or the deadline passes."""
    while time.monotonic() < deadline:
        value = cache.get(key)
        if value is not None:
            return value
        time.sleep(0.1)  # polling a real worker, not waiting for time to pass in the code
    return cache.get(key)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_ping_round_trip_through_a_real_worker(celery_worker):
    token = uuid.uuid4().hex
    key = f"outbox-ping:{token}"
    assert cache.get(key) is None

    with transaction.atomic():
        message = task_enqueue("outbox.tasks.ping", token=token)
        # Nothing is published before the transaction commits.
        assert OutboxMessage.objects.get(pk=message.pk).sent_at is None

    message.refresh_from_db()
    assert message.sent_at is not None, message.last_error
    assert message.attempts == 1

    assert wait_for_cache(key, deadline=time.monotonic() + DEADLINE_SECONDS) == "pong"
    # The row is done only once the worker has run the task, not when it was published.
    assert wait_until(lambda: OutboxMessage.objects.get(pk=message.pk).done_at is not None)
    assert celery_worker.poll() is None  # the worker is still running


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_nothing_reaches_the_worker_when_the_transaction_rolls_back(celery_worker):
    rolled_back, committed = uuid.uuid4().hex, uuid.uuid4().hex

    with pytest.raises(RuntimeError), transaction.atomic():
        task_enqueue("outbox.tasks.ping", token=rolled_back)
        raise RuntimeError("the change failed")
    with transaction.atomic():
        task_enqueue("outbox.tasks.ping", token=committed)

    # The worker runs one task at a time in order: once the later one is done, the
    # rolled-back one would have been done too.
    deadline = time.monotonic() + DEADLINE_SECONDS
    assert wait_for_cache(f"outbox-ping:{committed}", deadline=deadline) == "pong"
    assert cache.get(f"outbox-ping:{rolled_back}") is None
    assert not OutboxMessage.objects.filter(kwargs__token=rolled_back).exists()
    assert OutboxMessage.objects.filter(kwargs__token=committed).count() == 1


def verifications() -> int:
    return AuditEvent.objects.filter(verb=AuditVerb.AUDIT_VERIFIED).count()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_task_lost_with_a_redis_restart_is_resent_and_runs_once(on_own_redis):
    """Published, then Redis restarts without persistence before any worker took it: the
    message is gone, the outbox row is not done, and the sweeper sends it again. The task
    (verify_audit_chain) writes one audit event per run, so its runs can be counted."""
    with transaction.atomic():
        message = task_enqueue("moderation.tasks.verify_audit_chain", user_id=None)
    message.refresh_from_db()
    assert message.sent_at is not None, message.last_error  # the broker took it
    assert message.done_at is None

    on_own_redis.stop()
    on_own_redis.start()
    assert redis.Redis.from_url(on_own_redis.url).dbsize() == 0  # the message is lost

    with running_celery_worker(on_own_redis.url) as worker:
        # Inside the grace period a published task is left alone (it may still be running).
        assert outbox_resend_pending(older_than=timedelta(0)) == 0
        assert outbox_resend_pending(older_than=timedelta(0), redeliver_after=timedelta(0)) == 1
        assert wait_until(lambda: OutboxMessage.objects.get(pk=message.pk).done_at is not None)
        assert verifications() == 1
        # Done: the sweeper has nothing more to send, and a later task of the same worker
        # runs after any second copy would have.
        assert outbox_resend_pending(older_than=timedelta(0), redeliver_after=timedelta(0)) == 0
        token = uuid.uuid4().hex
        with transaction.atomic():
            task_enqueue("outbox.tasks.ping", token=token)
        assert wait_for_cache(f"outbox-ping:{token}", deadline=time.monotonic() + 30) == "pong"
        assert verifications() == 1
        message.refresh_from_db()
        assert (message.deliveries, message.last_error) == (2, "")
        assert worker.poll() is None


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_worker_survives_a_redis_restart_and_runs_new_work(on_own_redis):
    with running_celery_worker(on_own_redis.url) as worker:
        log = worker.log_path
        on_own_redis.stop()
        assert wait_until(lambda: "Connection to broker lost" in log.read_text())
        # While Redis is away a request's task stays in the outbox, not done.
        with transaction.atomic():
            waiting = task_enqueue("moderation.tasks.verify_audit_chain", user_id=None)
        waiting.refresh_from_db()
        assert (waiting.sent_at, waiting.done_at) == (None, None)

        on_own_redis.start()
        assert wait_until(lambda: log.read_text().count("Connected to redis") >= 2, seconds=60)
        assert worker.poll() is None, log.read_text()

        # Beat's sweep sends the waiting task; it runs once, and so does new work.
        assert outbox_resend_pending(older_than=timedelta(0)) == 1
        token = uuid.uuid4().hex
        with transaction.atomic():
            task_enqueue("outbox.tasks.ping", token=token)
        assert wait_for_cache(f"outbox-ping:{token}", deadline=time.monotonic() + 30) == "pong"
        assert wait_until(lambda: OutboxMessage.objects.get(pk=waiting.pk).done_at is not None)
        assert verifications() == 1
        assert worker.poll() is None, log.read_text()
