"""`comments_ingest_batch` and `subscriber_snapshot_record`: idempotency, revisions, states,
raw payloads, per-item rejection, audit rows and the one classification task per batch."""

from __future__ import annotations

import copy
from datetime import UTC, datetime

import pytest

from audit.events import AuditVerb
from audit.models import AuditEvent
from moderation.ingest.schemas import ItemInvalid
from moderation.ingest.services import (
    CLASSIFY_TASK,
    comments_ingest_batch,
    content_hash,
    subscriber_snapshot_record,
)
from moderation.models import (
    Attachment,
    Comment,
    CommentRevision,
    PlatformState,
    Post,
    PublicAccount,
    SubscriberSnapshot,
)
from outbox.models import OutboxMessage
from tests.fixtures.ingest import load
from tests.moderation.ingest.support import city_decides

pytestmark = pytest.mark.django_db


@pytest.fixture
def batch():
    return load("api_batch.json")["comments"]


def ingest(site, items, **kwargs):
    return comments_ingest_batch(site=site, items=items, source="api", **kwargs)


def classify_messages():
    return list(OutboxMessage.objects.filter(task_name=CLASSIFY_TASK).order_by("id"))


def test_a_batch_is_stored_with_raw_payloads_revisions_and_one_task(site, batch):
    result = ingest(site, batch)

    assert [r.status for r in result.results] == ["created"] * 4
    assert result.counts == {"created": 4, "revised": 0, "unchanged": 0, "rejected": 0}
    first = Comment.objects.get(site=site, external_id="fb_c_1001")
    assert first.body == batch[0]["body"]
    assert first.content_hash == content_hash(batch[0]["body"])
    assert first.raw_payload == batch[0]
    assert first.posted_at == datetime(2026, 3, 2, 1, 12, 5, tzinfo=UTC)
    assert first.account.display_name == "Maria G."
    assert first.post.body.startswith("Street sweeping")
    revision = first.revisions.get()
    assert (revision.number, revision.body, revision.raw_payload) == (1, first.body, batch[0])
    reply = Comment.objects.get(external_id="fb_c_1002")
    assert reply.parent == first
    assert Comment.objects.get(external_id="fb_c_1004").platform_state == PlatformState.HIDDEN
    attachment = Attachment.objects.get(comment__external_id="fb_c_1003")
    assert attachment.source_url == "https://scontent.example.com/deals4u-flyer.jpg"
    assert attachment.media_type == "image/jpeg"
    assert not attachment.file and attachment.fetch_error == ""  # not fetched here
    assert Post.objects.filter(site=site).count() == 1
    # History records the rows (no person behind an API batch).
    assert first.history.count() == 1

    [message] = classify_messages()
    assert message.kwargs == {"comment_ids": [r.comment_id for r in result.results]}
    event = AuditEvent.objects.get(verb=AuditVerb.COMMENTS_INGESTED)
    assert event.site_id == site.pk
    assert event.data["counts"]["created"] == 4
    assert event.data["created"] == [r.comment_id for r in result.results]
    assert event.data["source"] == "api"


def test_replaying_a_batch_changes_nothing(site, batch):
    ingest(site, batch)
    counts = (
        Comment.objects.count(),
        CommentRevision.objects.count(),
        Attachment.objects.count(),
        PublicAccount.objects.count(),
        Post.objects.count(),
        AuditEvent.objects.count(),
        OutboxMessage.objects.count(),
        Comment.history.count(),
    )

    again = ingest(site, copy.deepcopy(batch))

    assert [r.status for r in again.results] == ["unchanged"] * 4
    assert (
        Comment.objects.count(),
        CommentRevision.objects.count(),
        Attachment.objects.count(),
        PublicAccount.objects.count(),
        Post.objects.count(),
        AuditEvent.objects.count(),
        OutboxMessage.objects.count(),
        Comment.history.count(),
    ) == counts


def test_an_edit_adds_a_revision_and_keeps_the_original(site, batch):
    ingest(site, batch[:1])
    edited = copy.deepcopy(batch[0])
    edited["body"] = "Will the sweeper also come down Pacific St? (Edit: never mind, it came.)"

    result = ingest(site, [edited])

    [outcome] = result.results
    assert outcome.status == "revised" and outcome.changes == ["body"]
    comment = Comment.objects.get(external_id="fb_c_1001")
    assert comment.body == edited["body"]
    assert comment.content_hash == content_hash(edited["body"])
    assert comment.raw_payload == edited
    revisions = list(comment.revisions.order_by("number"))
    assert [(r.number, r.body) for r in revisions] == [(1, batch[0]["body"]), (2, edited["body"])]
    assert revisions[1].raw_payload == edited
    event = AuditEvent.objects.get(verb=AuditVerb.COMMENT_UPDATED_FROM_PLATFORM)
    assert event.target_id == str(comment.pk)
    assert event.data["changes"]["body"]["revision"] == 2
    # The edited text is classified again: a second task, for that comment alone.
    assert [m.kwargs for m in classify_messages()][-1] == {"comment_ids": [comment.pk]}


def test_deleted_by_author_keeps_the_text_and_is_not_reclassified(site, batch):
    ingest(site, batch[:1])
    deleted = {**copy.deepcopy(batch[0]), "platform_state": "deleted"}

    [outcome] = ingest(site, [deleted]).results

    assert outcome.status == "revised" and outcome.changes == ["platform_state"]
    comment = Comment.objects.get(external_id="fb_c_1001")
    assert comment.platform_state == PlatformState.DELETED
    assert comment.body == batch[0]["body"]
    assert comment.revisions.count() == 1
    assert len(classify_messages()) == 1  # only the first batch's
    event = AuditEvent.objects.get(verb=AuditVerb.COMMENT_UPDATED_FROM_PLATFORM)
    assert event.data["changes"]["platform_state"] == {"from": "visible", "to": "deleted"}


def test_a_city_removal_is_not_undone_by_the_platform_reporting_the_comment(site, batch, moderator):
    ingest(site, batch[:1])
    comment = Comment.objects.get(external_id="fb_c_1001")
    city_decides(comment, moderator, "remove")

    assert ingest(site, batch[:1]).results[0].status == "unchanged"
    comment.refresh_from_db()
    assert comment.platform_state == PlatformState.REMOVED

    # The platform saying it is gone is its report, beside the City's removal.
    ingest(site, [{**batch[0], "platform_state": "deleted"}])
    comment.refresh_from_db()
    assert comment.platform_state == PlatformState.REMOVED
    assert comment.platform_reported_state == PlatformState.DELETED


def test_a_rejected_item_leaves_nothing_and_the_rest_goes_in(site, batch):
    bad = copy.deepcopy(batch[1])
    bad["external_id"] = "fb_c_bad"
    bad["author"] = {"external_id": "fb_u_new_author"}
    bad["post"] = {"external_id": "fb_p_new_post"}
    bad["posted_at"] = "2026-03-01T17:30:00"  # no time zone

    result = ingest(site, [batch[0], bad, 42, {"external_id": 7}])

    statuses = [(r.external_id, r.status) for r in result.results]
    assert statuses == [
        ("fb_c_1001", "created"),
        ("fb_c_bad", "rejected"),
        (None, "rejected"),
        (None, "rejected"),
    ]
    assert "time zone" in result.results[1].reason
    assert "posted_at" in result.results[1].errors
    assert result.results[2].reason == "Each comment must be a JSON object."
    assert not Comment.objects.filter(external_id="fb_c_bad").exists()
    assert not PublicAccount.objects.filter(external_id="fb_u_new_author").exists()
    assert not Post.objects.filter(external_id="fb_p_new_post").exists()
    event = AuditEvent.objects.get(verb=AuditVerb.COMMENTS_INGESTED)
    assert event.data["counts"] == {"created": 1, "revised": 0, "unchanged": 0, "rejected": 3}


def test_a_database_failure_in_one_item_rolls_back_only_that_item(site, batch, monkeypatch):
    from django.db import DataError

    from moderation.ingest import services

    original = services._Batch._create

    def failing_create(self, item, account, post):
        if item.external_id == "fb_c_1002":
            original(self, item, account, post)  # writes rows, then fails
            raise DataError("simulated")
        return original(self, item, account, post)

    monkeypatch.setattr(services._Batch, "_create", failing_create)
    result = ingest(site, batch[:3])

    assert [r.status for r in result.results] == ["created", "rejected", "created"]
    assert not Comment.objects.filter(external_id="fb_c_1002").exists()
    assert not PublicAccount.objects.filter(external_id="fb_u_502").exists()
    assert classify_messages()[0].kwargs["comment_ids"] == [
        result.results[0].comment_id,
        result.results[2].comment_id,
    ]


def test_nothing_to_classify_enqueues_nothing(site, batch):
    ingest(site, batch[:1])
    ingest(site, batch[:1])
    ingest(site, [{"external_id": 1}])
    assert len(classify_messages()) == 1


def test_a_reply_before_its_parent_in_the_same_batch_is_linked(site, batch):
    ingest(site, [batch[1], batch[0]])
    reply = Comment.objects.get(external_id="fb_c_1002")
    assert reply.parent.external_id == "fb_c_1001"


def test_a_reply_whose_parent_is_unknown_keeps_the_id_and_links_when_resent(site, batch):
    ingest(site, [batch[1]])
    reply = Comment.objects.get(external_id="fb_c_1002")
    assert reply.parent is None and reply.raw_payload["parent_external_id"] == "fb_c_1001"

    ingest(site, [batch[0]])
    [outcome] = ingest(site, [batch[1]]).results

    assert outcome.status == "unchanged"  # linking the parent is bookkeeping, not a change
    reply.refresh_from_db()
    assert reply.parent.external_id == "fb_c_1001"


def test_the_same_external_id_on_another_site_is_another_comment(site, other_site, batch):
    ingest(site, batch[:1])
    [outcome] = ingest(other_site, batch[:1]).results
    assert outcome.status == "created"
    assert Comment.objects.filter(external_id="fb_c_1001").count() == 2


def test_author_details_are_updated_without_a_new_account(site, batch):
    ingest(site, batch[:1])
    renamed = copy.deepcopy(batch[0])
    renamed["author"]["display_name"] = "Maria Gonzalez"
    assert ingest(site, [renamed]).results[0].status == "unchanged"
    account = PublicAccount.objects.get(external_id="fb_u_501")
    assert account.display_name == "Maria Gonzalez"
    assert account.history.count() == 2


def test_new_attachments_on_a_resent_comment_are_added(site, batch):
    ingest(site, batch[2:3])
    more = copy.deepcopy(batch[2])
    more["attachments"].append({"url": "https://scontent.example.com/second.png"})
    [outcome] = ingest(site, [more]).results
    assert outcome.status == "revised" and outcome.changes == ["attachments"]
    assert Attachment.objects.filter(comment__external_id="fb_c_1003").count() == 2


@pytest.mark.parametrize(
    ("field", "value", "fragment"),
    [
        ("body", "x" * 100_001, "100000"),
        ("body", "nul\x00byte", "NUL"),
        ("body", "lone \ud800 surrogate", "surrogate"),
        ("body", 12, "valid string"),
        ("external_id", "x" * 201, "200"),
        ("external_id", "   ", "blank"),
        ("posted_at", "yesterday", "ISO 8601"),
        ("posted_at", "0001-01-01T00:00:00+05:00", "year"),
        ("permalink", "javascript:alert(1)", "http"),
        ("platform_state", "banished", "valid choice"),
        ("attachments", [{"url": "ftp://example.com/x.jpg"}], "http"),
        ("author", {"handle": "no id"}, "required"),
    ],
)
def test_invalid_fields_are_rejected_with_the_reason(site, batch, field, value, fragment):
    item = {**copy.deepcopy(batch[0]), field: value}
    [outcome] = ingest(site, [item]).results
    assert outcome.status == "rejected"
    assert fragment in outcome.reason, outcome.reason
    assert not Comment.objects.exists()


def test_subscriber_snapshot_is_kept_and_audited(site):
    entries = [
        {"external_id": str(n), "handle": f"fan{n}", "display_name": f"Fan {n}"} for n in range(3)
    ]
    captured = datetime(2026, 3, 1, 12, tzinfo=UTC)

    snapshot = subscriber_snapshot_record(
        site=site,
        captured_at=captured,
        subscribers=entries,
        source="api",
        raw_envelope={"site": site.slug},
    )

    snapshot.refresh_from_db()
    assert (snapshot.subscriber_count, snapshot.subscribers, snapshot.captured_at) == (
        3,
        entries,
        captured,
    )
    event = AuditEvent.objects.get(verb=AuditVerb.SUBSCRIBERS_SNAPSHOT_RECORDED)
    assert event.site_id == site.pk and event.data["count"] == 3


def test_an_invalid_subscriber_list_stores_nothing(site):
    with pytest.raises(ItemInvalid, match=r"subscribers\[1\]\.external_id"):
        subscriber_snapshot_record(
            site=site,
            captured_at=datetime(2026, 3, 1, tzinfo=UTC),
            subscribers=[{"external_id": "1"}, {"handle": "no id"}],
            source="api",
        )
    assert not SubscriberSnapshot.objects.exists()
    assert not AuditEvent.objects.filter(verb=AuditVerb.SUBSCRIBERS_SNAPSHOT_RECORDED).exists()


def test_a_unique_clash_with_a_concurrent_batch_is_retried_as_an_update(site, batch, monkeypatch):
    """Another batch created the same comment between our lookup and our insert: the unique
    constraint refuses ours, and the item is tried once more (now finding the row)."""
    from django.db import IntegrityError

    from moderation.ingest import services

    original = services._Batch._create
    calls = []

    def clashing_create(self, item, account, post):
        calls.append(item.external_id)
        if len(calls) <= 2:  # the one-savepoint attempt, then the first per-item attempt
            raise IntegrityError("duplicate key value violates unique constraint")
        return original(self, item, account, post)

    monkeypatch.setattr(services._Batch, "_create", clashing_create)
    [outcome] = ingest(site, batch[:1]).results

    assert outcome.status == "created"
    assert calls == ["fb_c_1001"] * 3
    assert Comment.objects.filter(external_id="fb_c_1001").count() == 1
    assert PublicAccount.objects.filter(external_id="fb_u_501").count() == 1
