"""Detection on a real Celery worker: a batch posted to the API is read by
`detect_response_needs` (its own task, published on commit) and the question is listed."""

from __future__ import annotations

import json
import time

import pytest

from moderation.ingest.services import RESPONSE_NEEDS_TASK
from moderation.ingest.tokens import api_token_create
from moderation.models import Comment, ResponseNeed
from outbox.models import OutboxMessage
from tests.fixtures.ingest import load

DEADLINE_SECONDS = 60


def wait_for_need(comment: Comment, *, deadline: float) -> bool:
    """Poll the database the worker writes to, until the need appears or the deadline passes."""
    while time.monotonic() < deadline:
        if ResponseNeed.objects.filter(comment=comment).exists():
            return True
        time.sleep(0.2)  # polling a real worker, not waiting for time to pass in the code
    return ResponseNeed.objects.filter(comment=comment).exists()


@pytest.mark.worker
def test_a_posted_question_is_listed_by_a_real_worker(celery_worker, client, site, admin):
    _, raw = api_token_create(name="Worker test", sites=[site], actor=admin)
    response = client.generic(
        "POST",
        "/api/v1/comments/",
        json.dumps(load("api_batch.json")).encode(),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 200, response.content
    [message] = OutboxMessage.objects.filter(task_name=RESPONSE_NEEDS_TASK)
    assert message.sent_at is not None, message.last_error
    asked = Comment.objects.get(site=site, external_id="fb_c_1001")  # "Will the sweeper …?"
    assert wait_for_need(asked, deadline=time.monotonic() + DEADLINE_SECONDS), (
        "the worker did not list the question in time"
    )
    need = ResponseNeed.objects.get(comment=asked)
    assert need.state == "open" and need.due_on > asked.posted_at.date()
    assert celery_worker.poll() is None
