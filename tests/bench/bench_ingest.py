"""Benchmark: `POST /api/v1/comments/` with a full batch. Not part of `make test`; run it with

    DATABASE_URL=postgres://... .venv/bin/python -m pytest tests/bench/bench_ingest.py -s \
        -p no:cacheprovider -o python_files="bench_*.py"     # or: make bench

It posts BENCH_BATCH (1,000 by default) NEW comments through the test client (300 authors,
10 posts, a reply in every five, an attachment in every ten), then replays the same batch
(every item `unchanged`), and prints the seconds and SQL queries of each request with the
most frequent statements. The bounds asserted are loose ceilings that catch a return of
per-comment lookups, not a timing target.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from moderation.ingest.tokens import api_token_create
from moderation.models import Comment, CommentRevision

N = int(os.environ.get("BENCH_BATCH", "1000"))
URL = "/api/v1/comments/"


def _batch(site) -> dict:
    comments = []
    for i in range(N):
        item = {
            "external_id": f"bench_c_{i}",
            "post": {
                "external_id": f"bench_p_{i % 10}",
                "body": f"City post {i % 10}",
                "permalink": f"https://www.facebook.com/StantonCA/posts/{i % 10}",
                "posted_at": "2026-03-01T16:00:00Z",
            },
            "author": {
                "external_id": f"bench_u_{i % 300}",
                "handle": f"user{i % 300}",
                "display_name": f"User {i % 300}",
            },
            "body": f"Comment number {i} about street sweeping on Pacific St.",
            "posted_at": "2026-03-01T17:12:05-08:00",
            "permalink": f"https://www.facebook.com/StantonCA/posts/1?comment_id={i}",
            "platform_state": "visible",
        }
        if i % 5 == 4:
            item["parent_external_id"] = f"bench_c_{i - 1}"
        if i % 10 == 0:
            item["attachments"] = [
                {"url": f"https://scontent.example.com/{i}.jpg", "media_type": "image/jpeg"}
            ]
        comments.append(item)
    return {"site": site.slug, "comments": comments}


def _shape(sql: str) -> str:
    """A statement with its literals and IN-lists folded, to group the queries."""
    sql = re.sub(r"'(?:[^']|'')*'", "?", sql)
    sql = re.sub(r"\b\d+\b", "?", sql)
    sql = re.sub(r"\((?:\s*\?\s*,)+\s*\?\s*\)", "(…)", sql)
    return sql[:150]


def _post(client, token, body: bytes):
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = client.generic(
            "POST",
            URL,
            body,
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )
        seconds = time.perf_counter() - start
    assert response.status_code == 200, response.content[:500]
    return response.json(), seconds, queries.captured_queries


def _report(label: str, seconds: float, captured) -> None:
    print(
        f"\n{label}: {N} comments in {seconds:.2f} s, {len(captured)} queries "
        f"({len(captured) / N:.2f} per comment)"
    )
    for shape, count in Counter(_shape(q["sql"]) for q in captured).most_common(8):
        print(f"  {count:6d}  {shape}")


@pytest.mark.django_db
def test_ingest_a_full_batch_then_replay_it(require_postgresql, client, site, admin):
    _, raw = api_token_create(name="Bench", sites=[site], actor=admin)
    body = json.dumps(_batch(site)).encode()

    result, seconds, captured = _post(client, raw, body)
    _report("new batch", seconds, captured)
    assert result["counts"]["created"] == N
    assert Comment.objects.filter(site=site).count() == N
    assert CommentRevision.objects.filter(comment__site=site).count() == N
    assert Comment.history.filter(site_id=site.pk, history_type="+").count() == N
    assert Comment.objects.filter(site=site, parent__isnull=False).count() == N // 5

    result, seconds_again, captured_again = _post(client, raw, body)
    _report("replay", seconds_again, captured_again)
    assert result["counts"]["unchanged"] == N
    # Ceilings, far above the measured figures, that catch per-comment lookups coming back.
    assert len(captured_again) < 50
