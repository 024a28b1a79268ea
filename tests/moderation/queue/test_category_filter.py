"""The queue's category filter reads the comment's own list of its open flags' categories
(`queue_categories`, kept by the flag and decision services), so on PostgreSQL it is a range
scan of that category's partial index in queue order (issue 16)."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from moderation.comments.services import comment_flag
from moderation.models import Comment, DecisionAction, QueueState
from moderation.queue.filters import QueueFilter
from moderation.queue.selectors import SORT_ORDER, SORT_PRIORITY, page_keys_query
from moderation.queue.services import comment_decide
from tests.moderation.queue.support import flag, flagged_comment, make_comment

pytestmark = pytest.mark.django_db


def _filtered(site, code: str):
    base = Comment.objects.filter(
        site_id__in=[site.pk], queue_state__in=[QueueState.OPEN, QueueState.ESCALATED]
    ).exclude(queue_state=QueueState.NONE)
    filterset = QueueFilter({"category": code}, queryset=base, request=None)
    assert filterset.is_valid(), filterset.errors
    return filterset.qs.filter(flagged_at__isnull=False)


def test_the_list_follows_the_open_flags(site, moderator):
    comment = flagged_comment(site, "damn it, I will hurt you", word="damn")
    assert comment.queue_categories == ",profanity,"
    comment_flag(comment=comment, actor=moderator, category="threat", note="A threat of harm.")
    comment.refresh_from_db()
    assert comment.queue_categories == ",profanity,threat,"
    assert comment.history.first().queue_categories == ",profanity,threat,"
    assert set(_filtered(site, "threat")) == {comment}
    assert set(_filtered(site, "profanity")) == {comment}
    assert not _filtered(site, "off_topic").exists()
    # A decision answers the open flags: the comment leaves the queue and its list empties.
    comment_decide(
        comment=comment,
        actor=moderator,
        action=DecisionAction.KEEP,
        categories=[],
        rationale="Heated, but not a threat.",
    )
    comment.refresh_from_db()
    assert (comment.queue_state, comment.queue_categories) == (QueueState.NONE, "")
    assert not _filtered(site, "threat").exists()


def test_a_second_batch_adds_its_categories_to_the_list(site):
    comment = flagged_comment(site, "damn, buy my stuff", word="damn")
    flag(comment, category="commerce", word="buy", detector="test-sales")
    assert comment.queue_categories == ",commerce,profanity,"
    untouched = make_comment(site, "Thanks!")
    assert untouched.queue_categories == ""


def test_the_filtered_page_is_a_range_scan_of_the_category_index(
    require_postgresql, site, other_site
):
    for i in range(3):
        flagged_comment(site, f"I will hurt you {i}", category="threat", word="hurt")
        flagged_comment(other_site, f"damn {i}")
    query = page_keys_query(_filtered(site, "threat"), [site.pk], SORT_ORDER[SORT_PRIORITY], 26)
    sql, params = query.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        # A table this small would be read whole; what matters is that the index can serve
        # the query in its order (its condition is implied by the query's), so no sort.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Index Scan using queue_threat on moderation_comment" in plan, plan
    assert "Sort" not in plan, plan
    assert [pk for pk, *_ in query] == list(
        _filtered(site, "threat").order_by(*SORT_ORDER[SORT_PRIORITY]).values_list("pk", flat=True)
    )
