"""Two integrations (or a retry racing the original) send the same new batch at once: every
comment is stored once, and each answer is consistent."""

from __future__ import annotations

import json
import threading

import pytest
from django.db import connection
from django.test import Client

from moderation.ingest.tokens import api_token_create
from moderation.models import Comment, CommentRevision, PublicAccount
from tests.fixtures.ingest import load


@pytest.mark.usefixtures("require_postgresql")
def test_the_same_batch_posted_twice_at_once_is_stored_once(transactional_db, site, admin):
    _, raw = api_token_create(name="Racer", sites=[site], actor=admin)
    body = json.dumps(load("api_batch.json")).encode()
    answers: list[dict] = []
    barrier = threading.Barrier(2)

    def send():
        try:
            barrier.wait(timeout=10)
            response = Client().generic(
                "POST",
                "/api/v1/comments/",
                body,
                content_type="application/json",
                HTTP_AUTHORIZATION=f"Bearer {raw}",
            )
            answers.append({"status": response.status_code, **response.json()})
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert [a["status"] for a in answers] == [200, 200], answers
    assert Comment.objects.count() == 4
    assert CommentRevision.objects.count() == 4
    assert PublicAccount.objects.count() == 4
    totals = [a["counts"] for a in answers]
    assert sum(t["created"] for t in totals) == 4  # each comment created by exactly one
    assert all(t["rejected"] == 0 for t in totals), totals
