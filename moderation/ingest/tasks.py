"""The attachment task: one per ingested batch that recorded new attachments. Thin and
idempotent: `attachment_fetch` leaves an attachment that already has a stored copy alone.

A refused address, an HTTP error or an oversized body is permanent: recorded in
`fetch_error` and not retried. A timeout or connection failure is retried later, with
exponential backoff, for those attachments only (not in eager mode, where the demo would wait
on it), until `RETRY_POLICY["max_retries"]`; the last failure stays in `fetch_error`.
"""

from __future__ import annotations

import time

from celery import shared_task
from celery.utils.time import get_exponential_backoff_interval
from django.db import transaction

from moderation.ingest.attachments import attachment_fetch
from moderation.models import Attachment
from outbox.services import task_enqueue
from stanton.celery import RETRY_POLICY

FETCH_TASK = "moderation.ingest.fetch_attachments"
# Each fetch may take up to ATTACHMENT_FETCH_TIMEOUT; past this budget the rest goes to a new
# task, well inside the worker's soft time limit (300 s).
TIME_BUDGET_SECONDS = 240


@shared_task(bind=True, name=FETCH_TASK, max_retries=RETRY_POLICY["max_retries"])
def fetch_attachments(self, attachment_ids: list[int]) -> dict:
    ids = [int(pk) for pk in attachment_ids]
    existing = set(Attachment.objects.filter(pk__in=ids).values_list("pk", flat=True))
    stored, failed, retry = [], [], []
    todo = [pk for pk in dict.fromkeys(ids) if pk in existing]
    started = time.monotonic()
    for index, pk in enumerate(todo):
        if time.monotonic() - started > TIME_BUDGET_SECONDS:
            with transaction.atomic():
                task_enqueue(FETCH_TASK, attachment_ids=todo[index:])
            break
        attachment = attachment_fetch(attachment_id=pk)
        if attachment.file:
            stored.append(pk)
        elif attachment.fetch_retryable:
            retry.append(pk)
        else:
            failed.append(pk)
    if retry and not self.request.is_eager and self.request.retries < self.max_retries:
        countdown = get_exponential_backoff_interval(
            factor=1,
            retries=self.request.retries,
            maximum=RETRY_POLICY["retry_backoff_max"],
            full_jitter=RETRY_POLICY["retry_jitter"],
        )
        raise self.retry(kwargs={"attachment_ids": retry}, countdown=countdown)
    return {"stored": stored, "failed": failed, "retryable": retry}
