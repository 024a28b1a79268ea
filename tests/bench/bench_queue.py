"""Benchmark: the queue page at scale. Not part of `make test`; run it with

    DATABASE_URL=postgres://... .venv/bin/python -m pytest tests/bench/bench_queue.py -s \
        -p no:cacheprovider            # BENCH_COMMENTS=100000 by default

It inserts BENCH_COMMENTS comments over three sites (half of them waiting in the queue, one
open flag each), then times the queue page (first page, and a page deep in the queue reached
by following the keyset cursor) through the Django test client and the selector alone, and
prints the EXPLAIN plans of the page's key query, which should show scans of the partial
indexes `moderation_queue_priority` / `moderation_queue_age` and no sort of the whole queue.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import time

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from moderation.models import Comment, Flag, PolicyCategory, Post, PublicAccount, QueueState
from moderation.queue.selectors import (
    SORT_ORDER,
    _after,
    cursor_decode,
    page_keys_query,
    queue_comments,
    queue_page,
)
from tests.conftest import sign_in

N = int(os.environ.get("BENCH_COMMENTS", "100000"))
BATCH = 5000


def _explain(queryset) -> str:
    sql, params = queryset.query.get_compiler(using="default").as_sql()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def _timed(fn, repeat=5):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), min(times), max(times)


@pytest.mark.django_db
def test_queue_page_at_scale(require_postgresql, client, site, other_site, supervisor):
    from tests.factories import SiteFactory

    third = SiteFactory(name="Stanton on X", slug="x-main", platform="x")
    from moderation.models import Designation

    Designation.objects.create(user=supervisor, site=third, designated_by=supervisor)
    sites = [site, other_site, third]
    categories = list(PolicyCategory.objects.all())
    posts = [
        Post.objects.create(site=s, external_id=f"bench-post-{s.pk}", body="Bench post")
        for s in sites
    ]
    accounts = [
        PublicAccount.objects.create(
            platform="facebook", external_id=f"bench-{i}", handle=f"bench{i}"
        )
        for i in range(300)
    ]
    now = timezone.now()
    start = time.perf_counter()
    # BENCHMARK SETUP ONLY: bulk_create bypasses the services (and so history and the audit
    # log) to insert volume quickly. Never do this with moderation state anywhere else.
    for offset in range(0, N, BATCH):
        batch = []
        for i in range(offset, min(offset + BATCH, N)):
            queued = i % 2 == 0
            category = categories[i % len(categories)]
            batch.append(
                Comment(
                    site=sites[i % 3],
                    post=posts[i % 3],
                    account=accounts[i % len(accounts)],
                    external_id=f"bench-{i}",
                    body=f"Bench comment {i} with some damn text",
                    content_hash=f"{i:064d}",
                    posted_at=now - dt.timedelta(minutes=i),
                    queue_state=QueueState.OPEN if queued else QueueState.NONE,
                    queue_priority=category.queue_priority if queued else 0,
                    # few distinct scores and times: many equal keys, as in real queues
                    queue_score=round((i % 20) / 20, 2) if queued else 0.0,
                    flagged_at=now - dt.timedelta(seconds=i // 10) if queued else None,
                )
            )
        created = Comment.objects.bulk_create(batch)
        Flag.objects.bulk_create(
            [  # BENCHMARK SETUP ONLY, as above
                Flag(
                    comment=c,
                    source="rule",
                    category=categories[int(c.external_id[6:]) % 16],
                    detector="bench",
                    score=c.queue_score,
                    fingerprint=f"bench-{c.pk}",
                    evidence={"spans": [{"start": 24, "end": 28, "text": "damn"}]},
                )
                for c in created
                if c.queue_state == QueueState.OPEN
            ]
        )
    insert_s = time.perf_counter() - start
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE moderation_comment")
        cursor.execute("ANALYZE moderation_flag")

    sign_in(client, supervisor)
    url = reverse("moderation:queue")
    print(
        f"\n=== queue benchmark: {N} comments ({N // 2} waiting) over 3 sites; "
        f"inserted in {insert_s:.1f}s ==="
    )

    for sort in ("priority", "age"):
        for size in (25, 100):
            med, lo, hi = _timed(lambda s=sort, z=size: client.get(url, {"sort": s, "size": z}))
            print(
                f"page via HTTP  sort={sort:<8} size={size:<3}: median {med:6.1f} ms "
                f"(min {lo:.1f}, max {hi:.1f})"
            )
        # walk 40 pages deep, then time that page
        params = {"sort": sort, "size": 100}
        for _ in range(40):
            page = client.get(url, params).context["page"]
            params = {**params, "after": page.next_cursor}
        med, lo, hi = _timed(lambda p=params: client.get(url, p))
        print(
            f"page via HTTP  sort={sort:<8} size=100 page 41 (4000 rows in): median {med:6.1f} ms"
        )

        med, lo, hi = _timed(
            lambda s=sort: queue_page(
                user=supervisor, queryset=queue_comments(supervisor), sort=s, size=50
            )
        )
        print(f"selector only  sort={sort:<8} size=50: median {med:6.1f} ms")

        order = SORT_ORDER[sort]
        base = queue_comments(supervisor).filter(flagged_at__isnull=False)
        print(f"\n--- EXPLAIN ANALYZE, first page, sort={sort} ---")
        print(_explain(page_keys_query(base, [s.pk for s in sites], order, 51)))
        deep = base.filter(*_after(sort, cursor_decode(sort, params["after"])))
        print(f"\n--- EXPLAIN ANALYZE, page 41, sort={sort} ---")
        plan = _explain(page_keys_query(deep, [s.pk for s in sites], order, 101))
        print(plan)
        index = "moderation_queue_priority" if sort == "priority" else "moderation_queue_age"
        assert index in plan
