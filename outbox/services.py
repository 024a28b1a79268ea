"""Enqueue Celery tasks durably: row now, publish on commit, done when the task has run, and
re-sent while it is not (see outbox.models for the states)."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from outbox.models import OutboxMessage

log = logging.getLogger(__name__)

# The message header carrying the outbox row's id to the worker (Celery keeps custom headers
# on a retry, so the retried run still finds its row).
OUTBOX_HEADER = "stanton_outbox_id"


def task_enqueue(task_name: str, **kwargs: Any) -> OutboxMessage:
    """Record the task in this transaction; publish it once the transaction commits.

    Tasks take ids (JSON-safe values), never model instances.
    """
    message = OutboxMessage.objects.create(task_name=task_name, kwargs=kwargs)
    transaction.on_commit(lambda: outbox_publish(message_id=message.pk))
    return message


def _registered_task(name: str):
    """The task by name. `autodiscover_tasks()` is lazy: a worker imports every app's
    `tasks.py` when it starts, but a web process never does, so the first eager run of a
    task there would not find it. Import them the way the worker does, once."""
    if name not in current_app.tasks:
        current_app.loader.import_default_modules()
    return current_app.tasks[name]


def outbox_publish(*, message_id: int) -> bool:
    """Send one message that is not done to the broker. Returns False (and keeps it) on
    failure; the row stays not done until a worker has run the task."""
    message = OutboxMessage.objects.filter(pk=message_id, done_at__isnull=True).first()
    if message is None:
        return True
    OutboxMessage.objects.filter(pk=message.pk).update(attempts=F("attempts") + 1)
    headers = {OUTBOX_HEADER: message.pk}
    try:
        if current_app.conf.task_always_eager:
            # The demo has no broker: run the task here, as Celery's eager mode would.
            _registered_task(message.task_name).apply(
                kwargs=message.kwargs, headers=headers, throw=True
            )
        else:
            current_app.send_task(
                message.task_name, kwargs=message.kwargs, headers=headers, retry=False
            )
    except Exception as exc:  # noqa: BLE001 - any broker failure leaves the row to resend
        log.warning("outbox: could not publish %s #%s: %s", message.task_name, message.pk, exc)
        OutboxMessage.objects.filter(pk=message.pk).update(last_error=str(exc)[:2000])
        return False
    OutboxMessage.objects.filter(pk=message.pk).update(
        sent_at=timezone.now(), deliveries=F("deliveries") + 1, last_error=""
    )
    return True


def outbox_mark_done(*, message_id: int) -> None:
    """The task of this row has run to success (called by the worker, outbox.celery)."""
    OutboxMessage.objects.filter(pk=message_id, done_at__isnull=True).update(
        done_at=timezone.now(), last_error=""
    )


def outbox_record_failure(*, message_id: int, error: str) -> None:
    """The task failed for good (its retries used up): keep why; the row stays not done, so
    the sweeper sends it again after OUTBOX_REDELIVER_AFTER, up to OUTBOX_MAX_DELIVERIES."""
    OutboxMessage.objects.filter(pk=message_id, done_at__isnull=True).update(
        last_error=error[:2000]
    )


def outbox_resend_pending(
    *,
    older_than: timedelta | None = None,
    redeliver_after: timedelta | None = None,
    limit: int = 500,
) -> int:
    """Publish the messages that need it; returns how many were sent.

    - never published, and older than `older_than` (OUTBOX_RESEND_AFTER): the on-commit
      publish failed (or is still running, hence the delay);
    - published more than `redeliver_after` (OUTBOX_REDELIVER_AFTER) ago and still not done:
      the message was lost, or its task failed; sent again at most OUTBOX_MAX_DELIVERIES
      times in all.
    """
    if older_than is None:
        older_than = settings.OUTBOX_RESEND_AFTER
    if redeliver_after is None:
        redeliver_after = settings.OUTBOX_REDELIVER_AFTER
    now = timezone.now()
    never_sent = Q(sent_at__isnull=True, created_at__lte=now - older_than)
    lost = Q(sent_at__lte=now - redeliver_after, deliveries__lt=settings.OUTBOX_MAX_DELIVERIES)
    ids = list(
        OutboxMessage.objects.filter(done_at__isnull=True)
        .filter(never_sent | lost)
        .order_by("id")
        .values_list("id", flat=True)[:limit]
    )
    given_up = OutboxMessage.objects.filter(
        done_at__isnull=True,
        sent_at__lte=now - redeliver_after,
        deliveries__gte=settings.OUTBOX_MAX_DELIVERIES,
    ).count()
    if given_up:
        log.error(
            "outbox: %d task(s) sent %d times without completing; see their last_error",
            given_up,
            settings.OUTBOX_MAX_DELIVERIES,
        )
    return sum(1 for message_id in ids if outbox_publish(message_id=message_id))
