"""Done-when, end to end: a batch posted to the API is classified by a real Celery worker
(against Redis and the test database) and its comments appear in the queue with flags."""

from __future__ import annotations

import json
import time

import pytest

from moderation.ingest.services import CLASSIFY_TASK
from moderation.ingest.tokens import api_token_create
from moderation.models import Comment, Flag, QueueState
from outbox.models import OutboxMessage
from tests.fixtures.ingest import load

DEADLINE_SECONDS = 60


def wait_for_flags(comment: Comment, *, deadline: float) -> bool:
    """Poll the database the worker writes to, until the flags appear or the deadline passes."""
    while time.monotonic() < deadline:
        if Flag.objects.filter(comment=comment).exists():
            return True
        time.sleep(0.2)  # polling a real worker, not waiting for time to pass in the code
    return Flag.objects.filter(comment=comment).exists()


@pytest.mark.worker
def test_a_posted_batch_is_flagged_by_a_real_worker(celery_worker, client, site, admin):
    _, raw = api_token_create(name="Worker test", sites=[site], actor=admin)
    payload = load("api_batch.json")

    response = client.generic(
        "POST",
        "/api/v1/comments/",
        json.dumps(payload).encode(),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )

    assert response.status_code == 200, response.content
    [message] = OutboxMessage.objects.filter(task_name=CLASSIFY_TASK)
    assert message.sent_at is not None, message.last_error  # published after the commit
    spam = Comment.objects.get(site=site, external_id="fb_c_1003")
    assert wait_for_flags(spam, deadline=time.monotonic() + DEADLINE_SECONDS), (
        "the worker did not flag the comment in time"
    )
    spam.refresh_from_db()
    assert spam.queue_state == QueueState.OPEN
    assert Flag.objects.filter(comment=spam).first().evidence.get("explanation")

    # Replaying the batch publishes nothing more and adds no flag.
    flags = Flag.objects.count()
    client.generic(
        "POST",
        "/api/v1/comments/",
        json.dumps(payload).encode(),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert OutboxMessage.objects.filter(task_name=CLASSIFY_TASK).count() == 1
    assert Flag.objects.count() == flags
    assert celery_worker.poll() is None
