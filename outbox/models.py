"""A durable record of every task we asked Celery to run.

The row is written in the same transaction as the change that needs the task, and the task
is published after commit. If Redis is away at that moment the row stays pending and the
sweeper (`resend_pending`, on Celery beat, or `manage.py resend_outbox`) publishes it later,
so committed work is never lost and a request never waits on the broker.
"""

from django.db import models


class OutboxMessage(models.Model):
    task_name = models.CharField(max_length=200)
    kwargs = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(
                fields=["created_at"],
                name="outbox_pending_idx",
                condition=models.Q(sent_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.task_name} #{self.pk} ({'sent' if self.sent_at else 'pending'})"
