"""Finding the comments that ask the City something: one task per ingested batch, enqueued on
commit by ingestion beside the classification task (its own task, so neither waits for the
other). Idempotent: `response_needs_detect` skips comments that already hold a need."""

from __future__ import annotations

from celery import shared_task

from moderation.responses.services import response_needs_detect
from stanton.celery import RETRY_POLICY

DETECT_TASK = "moderation.responses.detect_response_needs"


@shared_task(name=DETECT_TASK, **RETRY_POLICY)
def detect_response_needs(comment_ids: list[int]) -> dict:
    return response_needs_detect(comment_ids=[int(pk) for pk in comment_ids])
