"""A durable record of every task we asked Celery to run, kept until the task has run.

The row is written in the same transaction as the change that needs the task, and the task
is published after commit with the row's id in a message header. The row is done only when a
worker has run the task to success (`done_at`, set by the task base class in
`outbox.celery`). Until then beat's sweeper (`resend_pending`, or `manage.py resend_outbox`)
publishes it again:

- never published (Redis was away at commit): after OUTBOX_RESEND_AFTER;
- published but not done (the message was lost: Redis restarted without persistence, or a
  worker died and the broker forgot it): after OUTBOX_REDELIVER_AFTER, which is longer than
  the longest task may run, so a task still running is not sent twice in the ordinary case,
  at most OUTBOX_MAX_DELIVERIES times.

Delivery is therefore at least once, end to end; every task is idempotent, so a
second run is harmless.
"""

from django.db import models


class OutboxMessage(models.Model):
    task_name = models.CharField(max_length=200)
    kwargs = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    # The last time the task was handed to the broker (None: never, so far).
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # When a worker finished the task successfully; the row needs nothing more after that.
    done_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)  # publishes tried
    deliveries = models.PositiveIntegerField(default=0)  # publishes the broker accepted
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(
                fields=["sent_at", "created_at"],
                name="outbox_undone_idx",
                condition=models.Q(done_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        if self.done_at:
            state = "done"
        elif self.sent_at:
            state = "sent"
        else:
            state = "pending"
        return f"{self.task_name} #{self.pk} ({state})"
