"""`copy_insert` (audit/pgcopy.py) stores exactly what `bulk_create` stores, column by column,
for the models ingestion and the tasks insert in bulk, with hostile text, JSON, naive and
aware times, choices members and nulls; and a failed COPY leaves nothing behind."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.pgcopy import copy_insert, copy_supported
from moderation.models import (
    Attachment,
    Comment,
    CommentRevision,
    Flag,
    FlagSource,
    PlatformState,
    PolicyCategory,
    Post,
    PublicAccount,
    ResponseNeed,
)
from tests.conftest import on_postgresql
from tests.factories import CommentFactory, PostFactory, PublicAccountFactory, SiteFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not on_postgresql(), reason="COPY is PostgreSQL's"),
]

HOSTILE = [
    "tab\there, newline\nthere, CR\r, backslash \\ and \\N and \\.",
    "quotes \"double\" and 'single', {braces}, [brackets], commas, ",
    "unicode: café, 東京, עברית, emoji 🙂‍↔️, zero-width \u200b, RTL \u202e",
    "",
    "\\",
]
PAYLOAD = {
    "text": 'a "quoted" \\ value\twith\ttabs',
    "nested": {"list": [1, 2.5, None, True, "x\ny"], "empty": {}},
    "unicode": "東京 🙂",
}
NAIVE = dt.datetime(2026, 3, 9, 2, 30)  # a naive time: Django makes it aware (with a warning)


def _stored(model, pks, skip=("id",)):
    rows = model.objects.filter(pk__in=pks).order_by("pk").values()
    return [{k: v for k, v in row.items() if k not in skip} for row in rows]


def _both(model, make, skip=("id",)):
    """Insert the same rows with `bulk_create` and with `copy_insert`; return what each stored."""
    old = model.objects.bulk_create(make("old"))
    new = copy_insert(model, make("new"))
    assert all(row.pk is not None and not row._state.adding for row in new)
    assert [row.pk for row in new] == sorted(row.pk for row in new)
    return _stored(model, [r.pk for r in old], skip), _stored(model, [r.pk for r in new], skip)


def _strip(rows, key):
    return [{k: (v.replace("new", "old") if k == key else v) for k, v in r.items()} for r in rows]


@pytest.mark.filterwarnings("ignore:DateTimeField .* received a naive datetime")
def test_comments_and_revisions_are_stored_as_bulk_create_stores_them():
    site = SiteFactory()
    post = PostFactory(site=site)
    account = PublicAccountFactory()
    parent = CommentFactory(site=site, post=post)

    def comments(prefix):
        return [
            Comment(
                site=site,
                post=post if i % 2 else None,
                parent=parent if i % 3 == 0 else None,
                account=account,
                external_id=f"{prefix}-{i}",
                body=text,
                content_hash=f"{i:064d}",
                posted_at=NAIVE if i == 1 else timezone.now().replace(microsecond=i),
                permalink="https://example.com/p?q=\"x\"&r='y'" if i == 2 else "",
                platform_state=PlatformState.HIDDEN if i == 3 else PlatformState.VISIBLE,
                raw_payload=PAYLOAD if i % 2 else {},
                captured_at=timezone.now().replace(microsecond=0),
                updated_at=timezone.now().replace(microsecond=0),
                queue_score=0.1 * i,
            )
            for i, text in enumerate(HOSTILE)
        ]

    old, new = _both(Comment, comments)
    assert len(new) == len(HOSTILE)
    assert _strip(new, "external_id") == old
    assert [r["body"] for r in new] == HOSTILE
    assert new[1]["raw_payload"] == PAYLOAD
    assert new[1]["posted_at"] == timezone.make_aware(NAIVE)  # Django's rule for a naive time

    def revisions(prefix):
        target = Comment.objects.get(external_id=f"{prefix}-0")
        return [
            CommentRevision(
                comment=target,
                number=i + 1,
                body=text,
                content_hash="f" * 64,
                raw_payload=PAYLOAD,
                captured_at=timezone.now().replace(microsecond=0),
            )
            for i, text in enumerate(HOSTILE)
        ]

    old, new = _both(CommentRevision, revisions, skip=("id", "comment_id"))
    assert new == old


def test_accounts_posts_attachments_flags_and_response_needs_as_bulk_create():
    site = SiteFactory()
    comment = CommentFactory(site=site)
    category = PolicyCategory.objects.get(code="threat")

    def accounts(prefix):
        return [
            PublicAccount(
                external_id=f"{prefix}-{i}",
                handle=text,
                display_name=text[:50],
                first_seen_at=timezone.now().replace(microsecond=0),
            )
            for i, text in enumerate(HOSTILE)
        ]

    def posts(prefix):
        return [
            Post(
                site=site,
                external_id=f"{prefix}-{i}",
                body=text,
                posted_at=None,
                captured_at=timezone.now().replace(microsecond=0),
            )
            for i, text in enumerate(HOSTILE)
        ]

    def attachments(prefix):
        return [
            Attachment(
                comment=comment,
                source_url=f"https://cdn.example.com/{prefix}/{i}.jpg",
                media_type="image/jpeg" if i else "",
                size=2**40 + i if i else None,
                captured_at=timezone.now().replace(microsecond=0),
            )
            for i in range(3)
        ]

    def flags(prefix):
        return [
            Flag(
                comment=comment,
                source=FlagSource.RULE,
                category=category,
                detector="threats",
                score=0.85,
                evidence={"spans": [{"start": 0, "end": 4, "text": text}], "explanation": text},
                fingerprint=f"{prefix}-{i}",
                created_at=timezone.now().replace(microsecond=0),
            )
            for i, text in enumerate(HOSTILE)
        ]

    asking = {
        "old": CommentFactory.create_batch(len(HOSTILE)),
        "new": CommentFactory.create_batch(len(HOSTILE)),
    }

    def needs(prefix):
        return [
            ResponseNeed(
                comment=asking[prefix][i],
                kind="question",
                topic="general",
                cues=[text, prefix, 'b "c"', "d\\e"],
                detected_at=timezone.now().replace(microsecond=0),
                due_on=timezone.localdate(),
            )
            for i, text in enumerate(HOSTILE)
        ]

    for model, make, key in (
        (PublicAccount, accounts, "external_id"),
        (Post, posts, "external_id"),
        (Attachment, attachments, "source_url"),
        (Flag, flags, "fingerprint"),
    ):
        old, new = _both(model, make)
        assert new and _strip(new, key) == old, model.__name__
    old, new = _both(ResponseNeed, needs, skip=("id", "comment_id"))
    assert [r["cues"][1] for r in new] == ["new"] * len(HOSTILE)
    for row in (*old, *new):
        row["cues"][1] = "-"
    assert new == old


def test_a_failed_copy_leaves_no_row_and_the_transaction_usable():
    site = SiteFactory()
    PostFactory(site=site, external_id="taken")
    rows = [Post(site=site, external_id=e, body="x") for e in ("fresh-1", "taken", "fresh-2")]
    with pytest.raises(IntegrityError), transaction.atomic():
        copy_insert(Post, rows)
    assert not Post.objects.filter(external_id__startswith="fresh-").exists()
    assert copy_insert(Post, [Post(site=site, external_id="fresh-3", body="x")])[0].pk


def test_rows_that_already_have_ids_are_refused():
    site = SiteFactory()
    row = Post(site=site, external_id="x", body="x", pk=10_000_000)
    assert not copy_supported(Post, [row])
    with pytest.raises(ValueError, match="rows without ids"):
        copy_insert(Post, [row])
    assert copy_insert(Post, []) == []


def test_a_related_row_inserted_after_it_was_assigned_gives_its_id():
    site = SiteFactory()
    account = PublicAccount(external_id="late", handle="late")
    comment = Comment(site=site, account=account, external_id="c", body="x", content_hash="0")
    copy_insert(PublicAccount, [account])
    copy_insert(Comment, [comment])
    assert Comment.objects.get(pk=comment.pk).account_id == account.pk
