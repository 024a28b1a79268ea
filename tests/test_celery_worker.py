"""A Celery round trip through a real `celery -A stanton worker` process and Redis.

The `celery_worker` fixture starts the worker on a queue of its own; the task is enqueued
the way the application does it (outbox row, published on commit), and the test polls the
shared cache (Redis) for the worker's answer with a bounded deadline.
"""

from __future__ import annotations

import time
import uuid

import pytest
from django.core.cache import cache
from django.db import transaction

from outbox.models import OutboxMessage
from outbox.services import task_enqueue

DEADLINE_SECONDS = 30


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
