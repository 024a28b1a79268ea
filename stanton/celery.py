"""The Celery app: JSON only, bounded time, late acknowledgement, one task at a time.

`acks_late` with a prefetch of 1 means a task whose worker dies is delivered again, so every
task must be idempotent. Tasks retry with exponential backoff.
Every task derives from `outbox.celery.OutboxTask`, which marks its outbox row done once it
has run; the outbox re-sends what the broker lost (README, "Production", Queue).
"""

import logging
import os

from celery import Celery
from celery.schedules import crontab
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stanton.settings")

# The longest a task may run (hard limit; the soft one lets it clean up first), and the longest
# a retry waits (RETRY_POLICY below).
TASK_SOFT_TIME_LIMIT = 300
TASK_TIME_LIMIT = 360
RETRY_BACKOFF_MAX = 600
# Redis redelivers a message not acknowledged within this many seconds (a worker killed with
# its task, or a retry waiting for its countdown, holds one unacknowledged). Above the longest
# task plus the longest retry wait, so a live task is not handed to a second worker; well below
# kombu's default of an hour, so a killed worker's task runs again within 20 minutes.
VISIBILITY_TIMEOUT = 1200
assert VISIBILITY_TIMEOUT > TASK_TIME_LIMIT + RETRY_BACKOFF_MAX

app = Celery("stanton", task_cls="outbox.celery:OutboxTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.update(
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
    task_soft_time_limit=TASK_SOFT_TIME_LIMIT,
    task_time_limit=TASK_TIME_LIMIT,
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
    # A publish that cannot reach Redis fails fast; the outbox keeps the work and re-sends it.
    task_publish_retry=False,
    broker_connection_timeout=2,
    broker_connection_retry_on_startup=True,
    # A worker keeps reconnecting for as long as Redis is away (the default gives up after
    # 100 attempts, some 45 minutes, and the worker exits for good).
    broker_connection_retry=True,
    broker_connection_max_retries=None,
    # A task running when the connection drops is left to finish (its message goes back to
    # the queue and its second run finds the work done). Cancelling it instead would leave,
    # e.g., a package half built and marked building until it goes stale.
    worker_cancel_long_running_tasks_on_connection_loss=False,
    broker_transport_options={
        "socket_connect_timeout": 2,
        "socket_timeout": 5,
        "visibility_timeout": VISIBILITY_TIMEOUT,
    },
    beat_schedule={
        "outbox-resend": {"task": "outbox.tasks.resend_pending", "schedule": 60.0},
        "moderation-expire-bans": {"task": "moderation.tasks.expire_bans", "schedule": 60.0},
        # Platform calls that failed for now (timeout, rate limit, 5xx), once their wait is over.
        "moderation-resend-platform-actions": {
            "task": "moderation.tasks.resend_platform_actions",
            "schedule": 30.0,
        },
        # The classifier learned from the City's decisions (idempotent: nothing new, no work).
        "moderation-train-learned-models": {
            "task": "moderation.flagging.train_learned_models",
            "schedule": crontab(minute=17),
        },
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
    "retry_backoff_max": RETRY_BACKOFF_MAX,
    "retry_jitter": True,
    "max_retries": 8,
}


@worker_process_init.connect
def _start_worker_process(**_kwargs) -> None:
    """Each worker process loads the detectors, the card and bank-number recognisers
    (presidio, some 3 s of imports) and the English word list the misspelling check reads
    (moderation/flagging/typos.py) when it starts, rather than in the first classification
    task it is given, then freezes what it loaded (stanton/startup.py): each full collection
    used to walk all of it again, ~180 ms every few batches (a tenth of a task's CPU)."""
    try:
        from moderation.flagging import engine  # noqa: F401 - the detectors and their tables
        from moderation.flagging.detectors.personal_more import _recognizers

        _recognizers()
        from moderation.flagging.typos import english_words

        english_words()
    except Exception:  # noqa: BLE001 - the first task loads them instead, as before
        logging.getLogger(__name__).exception("Loading the detectors at worker start failed")
    from stanton.startup import settle_process

    settle_process(urls=False)
