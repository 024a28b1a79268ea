"""The Celery app: JSON only, bounded time, late acknowledgement, one task at a time.

`acks_late` with a prefetch of 1 means a task whose worker dies is delivered again, so every
task must be idempotent (DESIGN.md, invariant 8). Tasks retry with exponential backoff.
"""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stanton.settings")

app = Celery("stanton")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.update(
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
    task_soft_time_limit=300,
    task_time_limit=360,
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
    # A publish that cannot reach Redis fails fast; the outbox keeps the work and re-sends it.
    task_publish_retry=False,
    broker_connection_timeout=2,
    broker_connection_retry_on_startup=True,
    broker_transport_options={"socket_connect_timeout": 2, "socket_timeout": 5},
    beat_schedule={
        "outbox-resend": {"task": "outbox.tasks.resend_pending", "schedule": 60.0},
        "moderation-expire-bans": {"task": "moderation.tasks.expire_bans", "schedule": 60.0},
        # Records deadline reminders, once a day at 7:00 Pacific (CELERY_TIMEZONE).
        "records-deadline-reminders": {
            "task": "records.tasks.send_deadline_reminders",
            "schedule": crontab(hour=7, minute=0),
        },
    },
)
app.autodiscover_tasks()

# Defaults every task of ours inherits: retry with backoff on errors the task lists.
RETRY_POLICY = {
    "autoretry_for": (ConnectionError, TimeoutError),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 8,
}
