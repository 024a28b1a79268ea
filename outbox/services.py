"""Enqueue Celery tasks durably: row now, publish on commit, re-send if the publish failed."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from outbox.models import OutboxMessage

log = logging.getLogger(__name__)


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
    """Send one pending message to the broker. Returns False (and keeps it) on failure."""
    message = OutboxMessage.objects.filter(pk=message_id, sent_at__isnull=True).first()
    if message is None:
        return True
    OutboxMessage.objects.filter(pk=message.pk).update(attempts=F("attempts") + 1)
    try:
        if current_app.conf.task_always_eager:
            # The demo has no broker: run the task here, as Celery's eager mode would.
            _registered_task(message.task_name).apply(kwargs=message.kwargs, throw=True)
        else:
            current_app.send_task(message.task_name, kwargs=message.kwargs, retry=False)
    except Exception as exc:  # noqa: BLE001 - any broker failure leaves the row pending
        log.warning("outbox: could not publish %s #%s: %s", message.task_name, message.pk, exc)
        OutboxMessage.objects.filter(pk=message.pk).update(last_error=str(exc)[:2000])
        return False
    OutboxMessage.objects.filter(pk=message.pk).update(sent_at=timezone.now(), last_error="")
    return True


def outbox_resend_pending(*, older_than: timedelta | None = None, limit: int = 500) -> int:
    """Publish messages still pending after `older_than`; returns how many were sent."""
    if older_than is None:
        older_than = settings.OUTBOX_RESEND_AFTER
    cutoff = timezone.now() - older_than
    ids = list(
        OutboxMessage.objects.filter(sent_at__isnull=True, created_at__lte=cutoff)
        .order_by("id")
        .values_list("id", flat=True)[:limit]
    )
    return sum(1 for message_id in ids if outbox_publish(message_id=message_id))
