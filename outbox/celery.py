"""The base class of every Celery task of the portal (`stanton.celery`): it closes the loop
of the outbox. A task published from an outbox row carries the row's id in a header; when the
task has run to success its row is marked done, and until then beat re-sends it (at least
once, end to end: a message lost with a Redis restart or a dead worker is not lost work)."""

from __future__ import annotations

import logging

from celery import Task
from django.db import DatabaseError

log = logging.getLogger(__name__)


class OutboxTask(Task):
    def _outbox_id(self) -> int | None:
        from outbox.services import OUTBOX_HEADER

        headers = self.request.headers or {}
        value = headers.get(OUTBOX_HEADER, getattr(self.request, OUTBOX_HEADER, None))
        try:
            return int(value) if value is not None else None
        except (TypeError, ValueError):
            return None

    def on_success(self, retval, task_id, args, kwargs):
        message_id = self._outbox_id()
        if message_id is None:
            return  # beat's own tasks, or a task sent without the outbox
        from outbox.services import outbox_mark_done

        try:
            outbox_mark_done(message_id=message_id)
        except DatabaseError:
            # The task has run; if its row cannot say so now, it runs once more later, which
            # an idempotent task allows.
            log.exception("outbox: could not mark #%s done", message_id)

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        message_id = self._outbox_id()
        if message_id is None:
            return
        from outbox.services import outbox_record_failure

        try:
            outbox_record_failure(message_id=message_id, error=f"{type(exc).__name__}: {exc}")
        except DatabaseError:
            log.exception("outbox: could not record the failure of #%s", message_id)
