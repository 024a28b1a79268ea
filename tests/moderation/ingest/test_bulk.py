"""A batch's new rows are inserted together (`bulk_create_with_history`): every row still
gets its '+' history row naming the same user, reason and time a `.save()` would, replies
and repeats within one batch come out as they did item by item, and the number of queries
does not grow with the batch."""

from __future__ import annotations

import copy
from datetime import UTC, datetime

import pytest
import time_machine

from audit.events import AuditVerb
from audit.models import AuditEvent
from moderation.ingest import services
from moderation.ingest.services import comments_ingest_batch
from moderation.models import Attachment, Comment, CommentRevision, Post, PublicAccount
from tests.fixtures.ingest import load

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
NEW_ROW_MODELS = (Comment, CommentRevision, PublicAccount, Post, Attachment)


@pytest.fixture
def batch():
    return load("api_batch.json")["comments"]


def ingest(site, items, **kwargs):
    kwargs.setdefault("source", "api")
    return comments_ingest_batch(site=site, items=items, **kwargs)


def new_comments(n: int, *, prefix: str = "bulk") -> list[dict]:
    """`n` new comments by n // 3 + 1 authors on two posts; every fourth replies to the one
    before it; every fifth has an attachment."""
    items = []
    for i in range(n):
        item = {
            "external_id": f"{prefix}_c_{i}",
            "post": {"external_id": f"{prefix}_p_{i % 2}", "body": f"Post {i % 2}"},
            "author": {"external_id": f"{prefix}_u_{i // 3}", "handle": f"user{i // 3}"},
            "body": f"Comment {i}",
            "posted_at": "2026-03-01T17:00:00Z",
        }
        if i % 4 == 3:
            item["parent_external_id"] = f"{prefix}_c_{i - 1}"
        if i % 5 == 0:
            item["attachments"] = [{"url": f"https://scontent.example.com/{prefix}/{i}.jpg"}]
        items.append(item)
    return items


def assert_one_creation_record_each(model, rows, *, user, reason):
    """Each row has exactly one history row, '+', by `user` for `reason` at NOW, holding
    the row's values."""
    history = {h.id: h for h in model.history.filter(id__in=[r.pk for r in rows])}
    assert len(history) == len(rows) == model.history.filter(id__in=history).count()
    tracked = [f.attname for f in model.history.model.tracked_fields]
    for row in rows:
        record = history[row.pk]
        assert record.history_type == "+"
        assert record.history_user == user
        assert record.history_change_reason == reason
        assert record.history_date == NOW
        assert {name: getattr(record, name) for name in tracked} == {
            name: getattr(row, name) for name in tracked
        }


@pytest.mark.parametrize("bulk_insert", [True, False], ids=["one-insert", "row-by-row"])
def test_every_new_row_gets_its_creation_history(site, admin, batch, monkeypatch, bulk_insert):
    """The same history rows whether the database takes a multi-row INSERT (PostgreSQL) or
    the rows are saved one by one (a database that cannot return the new ids)."""
    monkeypatch.setattr(services, "_inserts_return_ids", lambda: bulk_insert)
    with time_machine.travel(NOW, tick=False):
        result = ingest(site, batch, source="import", actor=admin)

    assert result.counts["created"] == 4
    comments = list(Comment.objects.filter(site=site))
    assert {c.pk for c in comments} == {r.comment_id for r in result.results}
    rows = {
        Comment: comments,
        CommentRevision: list(CommentRevision.objects.filter(comment__in=comments)),
        PublicAccount: list(PublicAccount.objects.filter(comments__in=comments).distinct()),
        Post: list(Post.objects.filter(site=site)),
        Attachment: list(Attachment.objects.filter(comment__in=comments)),
    }
    assert [len(rows[m]) for m in NEW_ROW_MODELS] == [4, 4, 4, 1, 1]
    for model in NEW_ROW_MODELS:
        assert_one_creation_record_each(model, rows[model], user=admin, reason="ingest:import")
    event = AuditEvent.objects.get(verb=AuditVerb.COMMENTS_INGESTED)
    assert event.data["created"] == [r.comment_id for r in result.results]
    assert event.data["accounts_created"] == 4 and event.data["posts_created"] == 1


def test_an_api_batch_names_no_person_in_history(site, batch):
    with time_machine.travel(NOW, tick=False):
        ingest(site, batch[:2])
    comments = list(Comment.objects.filter(site=site))
    assert_one_creation_record_each(Comment, comments, user=None, reason="ingest:api")


def test_a_reply_to_an_earlier_comment_of_the_batch_is_linked_when_inserted(site):
    items = new_comments(8)
    result = ingest(site, items)

    assert result.counts["created"] == 8
    ids = [r.comment_id for r in result.results]
    for index in (3, 7):
        reply = Comment.objects.get(pk=ids[index])
        assert reply.parent_id == ids[index - 1]
        # Linked in the INSERT itself: no second history row setting the parent.
        assert list(reply.history.values_list("history_type", "parent_id")) == [
            ("+", ids[index - 1])
        ]
    assert Comment.objects.filter(site=site, parent__isnull=True).count() == 6


def test_the_same_comment_twice_in_one_batch_is_created_then_revised(site, batch):
    edited = copy.deepcopy(batch[0])
    edited["body"] = "Edited: will the sweeper come down Pacific St?"
    result = ingest(site, [batch[0], edited, copy.deepcopy(edited)])

    assert [r.status for r in result.results] == ["created", "revised", "unchanged"]
    comment = Comment.objects.get(site=site, external_id="fb_c_1001")
    assert {r.comment_id for r in result.results} == {comment.pk}
    assert list(comment.revisions.values_list("number", "body")) == [
        (1, batch[0]["body"]),
        (2, edited["body"]),
    ]
    assert comment.body == edited["body"]
    assert list(comment.history.order_by("history_id").values_list("history_type", flat=True)) == [
        "+",
        "~",
    ]
    assert result.classify_comment_ids == [comment.pk]
    event = AuditEvent.objects.get(verb=AuditVerb.COMMENT_UPDATED_FROM_PLATFORM)
    assert event.data["changes"]["body"]["revision"] == 2


def test_an_author_renamed_later_in_the_batch_is_created_then_updated(site, batch):
    renamed = copy.deepcopy(batch[1])
    renamed["external_id"] = "fb_c_1099"
    renamed["author"] = {**batch[0]["author"], "display_name": "Maria Gonzalez"}
    result = ingest(site, [batch[0], renamed])

    assert [r.status for r in result.results] == ["created", "created"]
    account = PublicAccount.objects.get(external_id="fb_u_501")
    assert account.display_name == "Maria Gonzalez"
    assert list(account.history.order_by("history_id").values_list("history_type", flat=True)) == [
        "+",
        "~",
    ]
    assert Comment.objects.filter(account=account).count() == 2


def test_a_post_described_later_in_the_batch_is_created_then_updated(site, batch):
    bare = copy.deepcopy(batch[1])  # names post fb_p_77 without its text
    bare["parent_external_id"] = None
    result = ingest(site, [bare, batch[0]])

    assert [r.status for r in result.results] == ["created", "created"]
    post = Post.objects.get(site=site, external_id="fb_p_77")
    assert post.body.startswith("Street sweeping")
    assert post.history.count() == 2
    assert Comment.objects.filter(post=post).count() == 2


def test_a_reply_to_a_new_comment_sent_again_in_the_batch_links_both(site, batch):
    """An existing comment without a parent learns it from a parent created in the batch."""
    ingest(site, [batch[1]])  # the reply first, its parent unknown
    result = ingest(site, [batch[0], batch[1]])

    assert [r.status for r in result.results] == ["created", "unchanged"]
    reply = Comment.objects.get(site=site, external_id="fb_c_1002")
    assert reply.parent_id == result.results[0].comment_id


@pytest.mark.parametrize("size", [10, 200])
def test_the_queries_do_not_grow_with_the_batch(
    require_postgresql, site, size, django_assert_max_num_queries
):
    """On PostgreSQL (SQLite splits a multi-row INSERT at its limit of bound variables)."""
    items = new_comments(size, prefix=f"n{size}")
    # Savepoint and release, 4 look-ups, 2 INSERTs (row + history) for each of 5 tables and
    # a second round for replies, the audit chain, one outbox row each for classification,
    # needs-response detection and attachment copies, and one look-up of which new comments
    # are by members of a legislative body (the Brown Act monitor): 26 in all, for 10 or 200.
    with django_assert_max_num_queries(26):
        result = ingest(site, items)
    assert result.counts["created"] == size
    assert Comment.history.filter(site_id=site.pk, history_type="+").count() == size
    assert CommentRevision.objects.filter(comment__site=site).count() == size

    # The look-ups (one more for the replay: which comments' state the City has decided), and
    # nothing written.
    with django_assert_max_num_queries(9):
        again = ingest(site, items)
    assert again.counts["unchanged"] == size
