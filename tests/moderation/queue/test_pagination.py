"""The queue's keyset pagination and its constant number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from moderation.models import Comment
from moderation.queue.claims import claim_take
from moderation.queue.selectors import BadCursor, cursor_decode, cursor_encode, queue_page
from tests.conftest import sign_in
from tests.moderation.queue.support import flagged_comment

pytestmark = pytest.mark.django_db


def _fill(site, other_site, n):
    comments = []
    for i in range(n):
        target = site if i % 2 else other_site
        comments.append(flagged_comment(target, f"damn number {i}", score=0.5))
    return comments


def _walk(client, params):
    """Follow "Next" links to the end; return the ids in the order shown."""
    seen, query, pages = [], {**params}, 0
    while True:
        response = client.get(reverse("moderation:queue"), query)
        page = response.context["page"]
        seen += [row.comment.pk for row in page.rows]
        pages += 1
        if not page.next_cursor:
            return seen, pages
        query = {**params, "after": page.next_cursor}


@pytest.mark.parametrize("sort", ["priority", "age"])
def test_keyset_walk_has_no_duplicates_or_skips_with_equal_keys(
    client, site, other_site, supervisor, sort
):
    comments = _fill(site, other_site, 13)
    # Equal sort keys everywhere: same priority, same score, same flagged_at.
    same_time = timezone.now() - dt.timedelta(hours=1)
    Comment.objects.filter(pk__in=[c.pk for c in comments]).update(flagged_at=same_time)
    threat = flagged_comment(site, "I will hurt you", category="threat", word="hurt", score=0.9)
    sign_in(client, supervisor)
    seen, pages = _walk(client, {"sort": sort, "size": 4})
    assert len(seen) == len(set(seen)) == 14
    assert pages == 4
    if sort == "priority":
        assert seen[0] == threat.pk
        assert seen[1:] == sorted(c.pk for c in comments)  # ties broken by id
    else:
        assert seen[-1] == threat.pk  # flagged last


def test_priority_order(site, other_site, supervisor):
    low = flagged_comment(site, "buy now", category="commerce", word="buy", score=0.99)
    threat_low = flagged_comment(other_site, "hurt a", category="threat", word="hurt", score=0.3)
    threat_high = flagged_comment(site, "hurt b", category="threat", word="hurt", score=0.9)
    from moderation.queue.selectors import queue_comments

    page = queue_page(user=supervisor, queryset=queue_comments(supervisor), size=10)
    assert [r.comment.pk for r in page.rows] == [threat_high.pk, threat_low.pk, low.pk]


def test_bad_cursor_shows_the_first_page(client, site, moderator):
    flagged_comment(site)
    sign_in(client, moderator)
    response = client.get(reverse("moderation:queue"), {"after": "not-a-cursor"})
    assert response.status_code == 200
    assert "could not be read" in response.content.decode()
    assert len(response.context["page"].rows) == 1
    with pytest.raises(BadCursor):
        cursor_decode("age", cursor_encode("priority", [1, 0.5, timezone.now().isoformat(), 3]))


def test_page_size_is_capped(client, site, moderator):
    flagged_comment(site)
    sign_in(client, moderator)
    response = client.get(reverse("moderation:queue"), {"size": 1000})
    assert response.context["page"].size == 25  # rejected by the form: the default
    assert "less than or equal to 100" in response.content.decode()


@pytest.mark.parametrize("rows", [5, 50])
def test_queue_queries_are_constant(
    client, site, other_site, supervisor, moderator, django_assert_max_num_queries, rows
):
    comments = _fill(site, other_site, rows + 1)
    for comment in comments[::3]:
        claim_take(comment=comment, user=moderator)
    sign_in(client, supervisor)
    # 15 for the page as before, plus one aggregate for the tab counts (however many rows).
    with django_assert_max_num_queries(16):
        response = client.get(reverse("moderation:queue"), {"size": rows})
    assert len(response.context["page"].rows) == rows
    assert response.context["page"].next_cursor


def test_detail_queries_are_bounded(client, site, moderator, django_assert_max_num_queries):
    comment = flagged_comment(site)
    for i in range(12):
        flagged_comment(site, f"damn {i}", account=comment.account, post=comment.post)
    sign_in(client, moderator)
    with django_assert_max_num_queries(40):
        response = client.get(reverse("moderation:comment_detail", args=[comment.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("sort", ["priority", "age"])
def test_keyset_walk_matches_the_full_order(client, site, other_site, supervisor, sort):
    """Mixed priorities, scores and times with many ties: walking the pages gives exactly
    the order of sorting everything at once."""
    import random

    rng = random.Random(7)
    stamps = [timezone.now() - dt.timedelta(minutes=m) for m in (5, 10)]
    for i in range(30):
        category = rng.choice(["threat", "profanity", "commerce", "off_topic"])
        comment = flagged_comment(
            rng.choice([site, other_site]),
            f"damn hurt buy {i}",
            category=category,
            word="damn",
            score=rng.choice([0.2, 0.5]),
        )
        Comment.objects.filter(pk=comment.pk).update(flagged_at=rng.choice(stamps))
    rows = list(
        Comment.objects.exclude(queue_state="none").values_list(
            "id", "queue_priority", "queue_score", "flagged_at"
        )
    )
    if sort == "priority":
        expected = [r[0] for r in sorted(rows, key=lambda r: (-r[1], -r[2], r[3], r[0]))]
    else:
        expected = [r[0] for r in sorted(rows, key=lambda r: (r[3], r[0]))]
    sign_in(client, supervisor)
    seen, _pages = _walk(client, {"sort": sort, "size": 4})
    assert seen == expected
