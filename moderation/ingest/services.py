"""Every write ingestion makes. The API, the Meta webhook and `import_comments` all call
`comments_ingest_batch`; the API's subscriber endpoint calls `subscriber_snapshot_record`.

Rules:
- Idempotent on (site, external_id): a comment sent again with the same text and state is
  `unchanged` and nothing is written.
- An edit never overwrites: it adds a `CommentRevision` (revision 1 is the text as first
  received), then moves `body`/`content_hash` to the new text (in that order: PostgreSQL
  refuses a comment text no revision holds).
- Changes are ordered by the platform's own time (`CommentItem.reported_at`: Meta's
  `entry.time`/`created_time`, the API's `edited_at`, else `posted_at`). A change dated before
  what we hold (a replayed or delayed webhook) is recorded, not applied: a new text becomes a
  revision marked `stale`, and a `comment.late_report_recorded` audit event keeps the raw item.
- What the platform says of a comment's state is the platform's report
  (`platform_reported_state`/`_at`/`platform_report_source`), kept beside the City's state
  (`platform_state`). An absent `platform_state` is no report. Once the City has decided the
  state (hide, remove, restore), a report never changes it, and one that differs is audited as
  `comment.platform_reported`; before that, the state follows the platform (`deleted`: the
  author deleted it; the text is kept).
- The raw item is stored beside the parsed row (`raw_payload` on the comment and revision).
- A rejected item leaves nothing of itself behind: the batch is stored in one savepoint, and
  if the database refuses anything it is stored again item by item, each in its own.
- Every row keeps its history: new rows are inserted together, and their '+' history rows
  (user, reason) copied from them by PostgreSQL (`audit.history.bulk_create_copying_history`,
  what `bulk_create_with_history` writes, without making each row twice in Python); changed
  rows are saved one by one.
- Once the batch commits, ONE classification task is published for the comments whose text is
  new (created or edited): `moderation.flagging.classify_comments(comment_ids=[...])`; and,
  if it recorded new attachments, ONE `moderation.ingest.fetch_attachments(attachment_ids=
  [...])`, which stores their copies (moderation/ingest/attachments.py).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import Max
from django.utils import timezone

from audit.events import AuditVerb
from audit.history import bulk_create_copying_history
from audit.services import audit_record
from moderation.connectors.services import platform_report_reconcile
from moderation.ingest.schemas import (
    CommentItem,
    ItemInvalid,
    parse_comment_item,
    validate_subscribers,
)
from moderation.models import (
    Attachment,
    Comment,
    CommentRevision,
    Decision,
    PlatformState,
    Post,
    PublicAccount,
    Site,
    SubscriberSnapshot,
)
from moderation.queue.services import NEW_STATE
from outbox.services import task_enqueue

log = logging.getLogger(__name__)

CLASSIFY_TASK = "moderation.flagging.classify_comments"
# Does the comment ask the City something? (moderation/responses/tasks.py)
BROWN_ACT_TASK = "moderation.tasks.scan_brown_act"
RESPONSE_NEEDS_TASK = "moderation.responses.detect_response_needs"
FETCH_ATTACHMENTS_TASK = "moderation.ingest.fetch_attachments"

CREATED, REVISED, UNCHANGED, REJECTED = "created", "revised", "unchanged", "rejected"
STATUSES = (CREATED, REVISED, UNCHANGED, REJECTED)


def content_hash(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


@dataclass
class ItemResult:
    external_id: str | None
    status: str
    comment_id: int | None = None
    reason: str = ""
    errors: Any = None
    changes: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"external_id": self.external_id, "status": self.status}
        if self.status == REJECTED:
            out["reason"] = self.reason
            if self.errors:
                out["errors"] = self.errors
        else:
            out["comment_id"] = self.comment_id
        if self.changes:
            out["changes"] = self.changes
        if self.stale:
            out["stale"] = self.stale
        return out


@dataclass
class BatchResult:
    site: Site
    results: list[ItemResult]
    classify_comment_ids: list[int]

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(STATUSES, 0)
        for result in self.results:
            counts[result.status] += 1
        return counts

    def as_dict(self) -> dict[str, Any]:
        return {
            "site": self.site.slug,
            "results": [r.as_dict() for r in self.results],
            "counts": self.counts,
        }


def _earlier(when: datetime | None, held_since: datetime | None) -> bool:
    """Is a change dated `when` older than what we hold (dated `held_since`)? Changes are
    ordered by the platform's own time. An undated change cannot be shown to be newer than a
    dated one, so it does not replace it; with nothing dated held, any change applies."""
    if held_since is None:
        return False
    return when is None or when < held_since


def _later(when: datetime | None, held_since: datetime | None) -> bool:
    return when is not None and (held_since is None or when > held_since)


def _external_id_of(raw: Any) -> str | None:
    value = raw.get("external_id") if isinstance(raw, dict) else None
    return value[:200] if isinstance(value, str) else None


@dataclass
class _NewComment:
    comment: Comment
    result: ItemResult
    parent: Comment | None  # a comment created earlier in this batch, not yet inserted


@dataclass
class _Pending:
    """Rows an item adds, kept until `_Batch.flush` inserts them together: a new account,
    post, comment, revision or attachment is only ever inserted, never changed before then."""

    accounts: list[PublicAccount] = field(default_factory=list)
    posts: list[Post] = field(default_factory=list)
    comments: list[_NewComment] = field(default_factory=list)
    revisions: list[CommentRevision] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(
            self.accounts or self.posts or self.comments or self.revisions or self.attachments
        )


# Rows per INSERT statement when a batch's new rows are written together.
INSERT_BATCH_SIZE = 500


def _inserts_return_ids() -> bool:
    """PostgreSQL (and SQLite 3.35+) hand back the ids of a multi-row INSERT."""
    return connection.features.can_return_rows_from_bulk_insert


class _Batch:
    """Lookups for one batch, loaded in a few queries up front and kept current as items are
    written. New rows wait in `pending` and are inserted together by `flush` (an INSERT per
    table, not per row); changes to existing rows are saved at once. An item whose savepoint
    rolls back forgets what it touched (`forget`), and what it forgot is looked up again."""

    def __init__(self, site: Site, items: list[CommentItem], *, actor, source: str):
        self.site, self.actor, self.source = site, actor, source
        ids = {i.external_id for i in items}
        parent_ids = {i.parent_external_id for i in items if i.parent_external_id} - ids
        # Lock the comments this batch may change, in id order, so two concurrent batches
        # touching the same comments queue up instead of deadlocking.
        self.comments: dict[str, Comment] = {
            c.external_id: c
            for c in Comment.objects.select_for_update()
            .filter(site=site, external_id__in=ids)
            .order_by("pk")
        }
        self.comment_ids: dict[str, int] = dict(
            Comment.objects.filter(site=site, external_id__in=parent_ids).values_list(
                "external_id", "pk"
            )
        )
        self.comment_ids.update({ext: c.pk for ext, c in self.comments.items()})
        self.attachment_urls: dict[int, set[str]] = {c.pk: set() for c in self.comments.values()}
        for comment_id, url in Attachment.objects.filter(
            comment__in=list(self.comments.values())
        ).values_list("comment_id", "source_url"):
            self.attachment_urls[comment_id].add(url)
        # Comments whose state the City has decided (hide, remove, restore): a platform
        # report is recorded beside that decision and never changes it. Read for the locked
        # comments up front; any other existing comment is looked up on first use.
        locked_ids = [c.pk for c in self.comments.values()]
        self.state_checked: set[int] = set(locked_ids)
        self.state_decided: set[int] = (
            set(
                Decision.objects.filter(
                    comment__in=locked_ids, action__in=list(NEW_STATE)
                ).values_list("comment_id", flat=True)
            )
            if locked_ids
            else set()
        )
        # The last revision number of each comment, so an edit needs no query to number its
        # revision (only comments whose text changes need it: loaded on first use).
        self.revision_numbers: dict[int, int] | None = None
        self.accounts: dict[str, PublicAccount] = {
            a.external_id: a
            for a in PublicAccount.objects.filter(
                platform=site.platform,
                external_id__in={i.author.external_id for i in items if i.author},
            )
        }
        self.posts: dict[str, Post] = {
            p.external_id: p
            for p in Post.objects.filter(
                site=site, external_id__in={i.post.external_id for i in items if i.post}
            )
        }
        # The lookups above are the whole truth for this batch, except for what a rolled-back
        # item forgot (a concurrent batch may have written it since): such keys are read again.
        self.recheck: set[tuple[str, str]] = set()
        self.pending = _Pending()
        # Attachments inserted by this batch; once an item rolled back (`forget`), some of
        # them may be gone with it, so they are looked up again before the task is published.
        self.new_attachments: list[Attachment] = []
        self.rolled_back = False
        self.counters = {"accounts_created": 0, "posts_created": 0, "posts_updated": 0}
        self.events: list[dict[str, Any]] = []
        self.unresolved_parents: list[tuple[Comment, str]] = []

    def forget(self, item: CommentItem) -> None:
        """Called after `item`'s savepoint rolled back (its rows were flushed, or dropped, in
        that savepoint): drop what it created or changed, to be read again if needed."""
        self.pending = _Pending()
        self.rolled_back = True
        comment = self.comments.pop(item.external_id, None)
        if comment is not None:
            self.attachment_urls.pop(comment.pk, None)
            if self.revision_numbers is not None:
                self.revision_numbers.pop(comment.pk, None)
        self.comment_ids.pop(item.external_id, None)
        self.recheck.add(("comment", item.external_id))
        if item.author:
            self.accounts.pop(item.author.external_id, None)
            self.recheck.add(("account", item.author.external_id))
        if item.post:
            self.posts.pop(item.post.external_id, None)
            self.recheck.add(("post", item.post.external_id))

    def _stamp(self, obj) -> None:
        obj._history_user = self.actor
        obj._change_reason = f"ingest:{self.source}"

    # --- writing new rows -----------------------------------------------------------------------
    def _insert(self, model, rows: list) -> None:
        """Insert new rows of one model, each with its '+' history row naming the same user
        and reason a `.save()` would (`_history_user` and `_change_reason`, set by `_stamp`),
        copied from the inserted rows in SQL (audit/history.py). A database that cannot
        return the new ids from a multi-row INSERT gets one `.save()` per row instead."""
        if _inserts_return_ids():
            bulk_create_copying_history(
                rows,
                model,
                batch_size=INSERT_BATCH_SIZE,
                default_user=self.actor,
                default_change_reason=f"ingest:{self.source}",
            )
        else:
            for row in rows:
                row.save()

    def flush(self) -> None:
        """Insert the pending rows: accounts and posts, then comments (a reply after the parent
        created in this batch), then their revisions and attachments."""
        pending, self.pending = self.pending, _Pending()
        if not pending:
            return
        if pending.accounts:
            self._insert(PublicAccount, pending.accounts)
        if pending.posts:
            self._insert(Post, pending.posts)
        waiting = pending.comments
        while waiting:
            # A reply only ever waits for a parent queued before it, so each round inserts
            # at least the first waiting comment.
            ready = [n for n in waiting if n.parent is None or n.parent.pk is not None]
            for new in ready:
                if new.parent is not None:
                    new.comment.parent_id = new.parent.pk
            self._insert(Comment, [n.comment for n in ready])
            waiting = [n for n in waiting if n.comment.pk is None]
        for new in pending.comments:
            comment = new.comment
            new.result.comment_id = comment.pk
            self.comment_ids[comment.external_id] = comment.pk
            self.attachment_urls.setdefault(comment.pk, set())
            if self.revision_numbers is not None:
                self.revision_numbers[comment.pk] = 1
        if pending.revisions:
            self._insert(CommentRevision, pending.revisions)
        if pending.attachments:
            self._insert(Attachment, pending.attachments)
            self.new_attachments.extend(pending.attachments)

    def _queue(self, row) -> None:
        self._stamp(row)
        if isinstance(row, PublicAccount):
            self.pending.accounts.append(row)
        elif isinstance(row, Post):
            self.pending.posts.append(row)
        elif isinstance(row, CommentRevision):
            self.pending.revisions.append(row)
        elif isinstance(row, Attachment):
            self.pending.attachments.append(row)
        else:  # pragma: no cover - a defect
            raise TypeError(f"Cannot queue {type(row).__name__}")

    # --- upserts -----------------------------------------------------------------------------
    def account_for(self, item: CommentItem) -> PublicAccount | None:
        author = item.author
        if author is None:
            return None
        account = self.accounts.get(author.external_id)
        if account is None and ("account", author.external_id) in self.recheck:
            account = PublicAccount.objects.filter(
                platform=self.site.platform, external_id=author.external_id
            ).first()
        if account is None:
            account = PublicAccount(
                platform=self.site.platform,
                external_id=author.external_id,
                handle=author.handle,
                display_name=author.display_name,
            )
            self._queue(account)
            self.counters["accounts_created"] += 1
        else:
            changed = [
                name
                for name in ("handle", "display_name")
                if getattr(author, name) and getattr(author, name) != getattr(account, name)
            ]
            if changed:
                if account.pk is None:  # created by an earlier item: insert it, then change it
                    self.flush()
                for name in changed:
                    setattr(account, name, getattr(author, name))
                self._stamp(account)
                account.save(update_fields=changed)
        self.accounts[author.external_id] = account
        return account

    def post_for(self, item: CommentItem) -> Post | None:
        data = item.post
        if data is None:
            return None
        post = self.posts.get(data.external_id)
        if post is None and ("post", data.external_id) in self.recheck:
            post = Post.objects.filter(site=self.site, external_id=data.external_id).first()
        if post is None:
            post = Post(
                site=self.site,
                external_id=data.external_id,
                body=data.body or "",
                permalink=data.permalink,
                posted_at=data.posted_at,
                raw_payload=data.raw if data.raw is not None else {},
            )
            self._queue(post)
            self.counters["posts_created"] += 1
        else:
            updates = {}
            if data.body is not None and data.body != post.body:
                updates["body"] = data.body
            if data.permalink and data.permalink != post.permalink:
                updates["permalink"] = data.permalink
            if data.posted_at and data.posted_at != post.posted_at:
                updates["posted_at"] = data.posted_at
            if updates:
                if post.pk is None:  # created by an earlier item: insert it, then change it
                    self.flush()
                for name, value in updates.items():
                    setattr(post, name, value)
                post.raw_payload = data.raw if data.raw is not None else post.raw_payload
                self._stamp(post)
                post.save(update_fields=[*updates, "raw_payload"])
                self.counters["posts_updated"] += 1
        self.posts[data.external_id] = post
        return post

    def parent_for(self, item: CommentItem) -> int | Comment | None:
        """The parent's id; or the parent itself when an earlier item of this batch created
        it and it is not inserted yet; None when the parent is not (yet) known."""
        ext = item.parent_external_id
        if not ext or ext == item.external_id:
            return None
        queued = self.comments.get(ext)
        if queued is not None and queued.pk is None:
            return queued
        if ext not in self.comment_ids and ("comment", ext) in self.recheck:
            found = (
                Comment.objects.filter(site=self.site, external_id=ext)
                .values_list("pk", flat=True)
                .first()
            )
            if found is not None:
                self.comment_ids[ext] = found
        return self.comment_ids.get(ext)

    def existing_comment(self, external_id: str) -> Comment | None:
        comment = self.comments.get(external_id)
        if comment is None and ("comment", external_id) in self.recheck:
            comment = (
                Comment.objects.select_for_update()
                .filter(site=self.site, external_id=external_id)
                .first()
            )
        return comment

    def city_decided_state(self, comment: Comment) -> bool:
        """Has the City decided this comment's state (a hide, remove or restore decision)?"""
        if comment.pk is None:
            return False
        if comment.pk not in self.state_checked:
            self.state_checked.add(comment.pk)
            if Decision.objects.filter(comment=comment, action__in=list(NEW_STATE)).exists():
                self.state_decided.add(comment.pk)
        return comment.pk in self.state_decided

    def next_revision_number(self, comment: Comment) -> int:
        if self.revision_numbers is None:
            self.revision_numbers = dict(
                CommentRevision.objects.filter(
                    comment__in=[c for c in self.comments.values() if c.pk is not None]
                )
                .values("comment_id")
                .annotate(n=Max("number"))
                .values_list("comment_id", "n")
            )
        number = self.revision_numbers.get(comment.pk)
        if number is None:  # a comment this batch did not lock up front
            number = (
                CommentRevision.objects.filter(comment=comment).aggregate(n=Max("number"))["n"] or 0
            )
        self.revision_numbers[comment.pk] = number + 1
        return number + 1

    # --- one item ---------------------------------------------------------------------------
    def ingest(self, item: CommentItem) -> ItemResult:
        comment = self.existing_comment(item.external_id)
        if comment is not None and comment.pk is None:
            # The same comment twice in one batch: the first is inserted, the second updates.
            self.flush()
        if comment is None and item.author is None:
            return ItemResult(
                item.external_id,
                REJECTED,
                reason="Unknown comment, and the change names no author.",
            )
        account = self.account_for(item)
        post = self.post_for(item)
        if comment is None:
            return self._create(item, account, post)
        return self._update(item, comment, post)

    def _create(self, item: CommentItem, account: PublicAccount, post: Post | None) -> ItemResult:
        now = timezone.now()
        body = item.body or ""
        parent = self.parent_for(item)
        comment = Comment(
            site=self.site,
            post=post,
            parent_id=parent if isinstance(parent, int) else None,
            account=account,
            external_id=item.external_id,
            body=body,
            content_hash=content_hash(body),
            posted_at=item.posted_at,
            permalink=item.permalink,
            # No report of its state: a comment the platform sends us is there to be seen.
            platform_state=item.platform_state or PlatformState.VISIBLE,
            platform_reported_state=item.platform_state or "",
            platform_reported_at=item.reported_at if item.platform_state else None,
            platform_report_source=self.source if item.platform_state else "",
            body_reported_at=item.reported_at,
            raw_payload=item.raw,
            captured_at=now,
            updated_at=now,
        )
        self._stamp(comment)
        result = ItemResult(item.external_id, CREATED)  # comment_id is set by flush
        self.pending.comments.append(
            _NewComment(comment, result, parent if isinstance(parent, Comment) else None)
        )
        self._queue(
            CommentRevision(
                comment=comment,
                number=1,
                body=body,
                content_hash=comment.content_hash,
                captured_at=now,
                reported_at=item.reported_at,
                raw_payload=item.raw,
            )
        )
        self._add_attachments(comment, item, known=set())
        self.comments[item.external_id] = comment
        wanted_parent = item.parent_external_id
        if wanted_parent and parent is None and wanted_parent != item.external_id:
            self.unresolved_parents.append((comment, wanted_parent))
        return result

    def _update(self, item: CommentItem, comment: Comment, post: Post | None) -> ItemResult:
        now = timezone.now()
        changes: dict[str, Any] = {}
        quiet: list[str] = []  # bookkeeping that does not make the comment "revised"
        stale: dict[str, Any] = {}  # reported, but older than what we hold: kept, not applied
        when = item.reported_at
        if item.body is not None:
            self._update_body(item, comment, now, changes, quiet, stale)
        if item.platform_state is not None:
            self._update_reported_state(item, comment, changes, quiet, stale)
        known = self.attachment_urls.get(comment.pk)
        if known is None:
            known = set(comment.attachments.values_list("source_url", flat=True))
            self.attachment_urls[comment.pk] = known
        added = self._add_attachments(comment, item, known=known)
        if added:
            changes["attachments"] = {"added": added}
        if comment.parent_id is None:
            parent = self.parent_for(item)
            if isinstance(parent, Comment):  # created earlier in this batch: insert it first
                self.flush()
                parent = parent.pk
            if parent and parent != comment.pk:
                comment.parent_id = parent
                quiet.append("parent")
        if comment.post_id is None and post is not None:
            if post.pk is None:
                self.flush()
            comment.post = post
            quiet.append("post")
        if changes or quiet:
            if changes:
                comment.raw_payload = item.raw
                comment.updated_at = now
            if "body" in changes:
                # The revision goes in first: on PostgreSQL the comment refuses a text that no
                # revision of it holds (moderation migration 0012), so no edit is silent.
                self.flush()
            self._stamp(comment)
            comment.save()
        if changes:
            self.events.append(
                {
                    "verb": AuditVerb.COMMENT_UPDATED_FROM_PLATFORM,
                    "target": comment,
                    "data": {
                        "external_id": comment.external_id,
                        "changes": changes,
                        "source": self.source,
                        "reported_at": when,
                    },
                }
            )
        if stale:
            # Recorded, not applied: the raw change is kept here (and a new text also as a
            # stale revision), so a replayed or delayed change loses nothing (invariant 1).
            self.events.append(
                {
                    "verb": AuditVerb.COMMENT_LATE_REPORT_RECORDED,
                    "target": comment,
                    "data": {
                        "external_id": comment.external_id,
                        "source": self.source,
                        "reported_at": when,
                        "stale": stale,
                        "raw": item.raw,
                    },
                }
            )
        status = REVISED if changes else UNCHANGED
        return ItemResult(
            item.external_id, status, comment.pk, changes=sorted(changes), stale=sorted(stale)
        )

    def _update_body(
        self,
        item: CommentItem,
        comment: Comment,
        now: datetime,
        changes: dict[str, Any],
        quiet: list[str],
        stale: dict[str, Any],
    ) -> None:
        """A new text adds a revision and becomes the body, unless the platform dates it
        before the text we hold (a replayed or late edit): then it is kept as a stale
        revision (if we never had that text) and the body stays as it is."""
        when = item.reported_at
        held_since = comment.body_reported_at or comment.posted_at
        new_hash = content_hash(item.body)
        if new_hash == comment.content_hash:
            if _later(when, held_since):  # the same text, known as of a later time
                comment.body_reported_at = when
                quiet.append("body_reported_at")
            return
        if _earlier(when, held_since):
            stale["body"] = {"content_hash": new_hash, "held_since": held_since}
            self.flush()  # a revision queued by this batch is looked up below
            known = CommentRevision.objects.filter(comment=comment, content_hash=new_hash)
            if not known.exists():
                revision = self._revision(comment, item, now, stale=True)
                stale["body"]["revision"] = revision.number
            return
        revision = self._revision(comment, item, now, stale=False)
        changes["body"] = {"revision": revision.number, "content_hash": revision.content_hash}
        comment.body, comment.content_hash = item.body, revision.content_hash
        comment.body_reported_at = when

    def _revision(
        self, comment: Comment, item: CommentItem, now: datetime, *, stale: bool
    ) -> CommentRevision:
        revision = CommentRevision(
            comment=comment,
            number=self.next_revision_number(comment),
            body=item.body,
            content_hash=content_hash(item.body),
            captured_at=now,
            reported_at=item.reported_at,
            stale=stale,
            raw_payload=item.raw,
        )
        self._queue(revision)
        return revision

    def _update_reported_state(
        self,
        item: CommentItem,
        comment: Comment,
        changes: dict[str, Any],
        quiet: list[str],
        stale: dict[str, Any],
    ) -> None:
        """Record what the platform reports of the comment's state as the platform's report,
        beside the City's state. Once the City has decided the state (hide, remove, restore),
        a report never changes it; a report that differs from it is audited
        (`comment.platform_reported`). Before any such decision the state follows the
        platform. A report the platform dates before the one we hold is not applied."""
        report, when = item.platform_state, item.reported_at
        same = report == comment.platform_reported_state
        if same and not _later(when, comment.platform_reported_at):
            return  # what we hold already (a retried delivery, a re-sent batch)
        if not same and _earlier(when, comment.platform_reported_at):
            stale["platform_state"] = {
                "reported": report,
                "held": comment.platform_reported_state,
                "held_since": comment.platform_reported_at,
            }
            return
        previous_report = comment.platform_reported_state or None
        comment.platform_reported_state = report
        comment.platform_reported_at = when
        comment.platform_report_source = self.source
        if comment.pk and report and not same:
            # The platform's report confirms the portal's open action for that state, or is
            # a change made on the platform that the portal did not ask for.
            self.events.extend(
                platform_report_reconcile(
                    comment=comment, reported_state=report, reported_at=when, source=self.source
                )
            )
        decided = self.city_decided_state(comment)
        if not decided and report != comment.platform_state:
            changes["platform_state"] = {"from": comment.platform_state, "to": report}
            comment.platform_state = report
            return
        differs_from_city = decided and report != comment.platform_state
        if same and not differs_from_city:
            quiet.append("platform_reported_at")  # the same report, as of a later time
            return
        changes["platform_report"] = {"from": previous_report, "to": report, "reported_at": when}
        if differs_from_city:
            # The platform, at a time after what we held, says otherwise than the City
            # decided (the hide not carried out yet, or undone on the platform): on record.
            self.events.append(
                {
                    "verb": AuditVerb.COMMENT_PLATFORM_REPORTED,
                    "target": comment,
                    "data": {
                        "external_id": comment.external_id,
                        "source": self.source,
                        "reported_state": report,
                        "reported_at": when,
                        "city_state": comment.platform_state,
                    },
                }
            )

    def _add_attachments(
        self, comment: Comment, item: CommentItem, *, known: set[str]
    ) -> list[str]:
        """Record each new attachment's address. The file is not fetched here (`file` stays
        empty): the batch's `fetch_attachments` task stores a copy, from the platforms' media
        hosts only; no link in comment text is ever followed."""
        added = []
        for attachment in item.attachments:
            if attachment.url in known:
                continue
            self._queue(
                Attachment(
                    comment=comment, source_url=attachment.url, media_type=attachment.media_type
                )
            )
            known.add(attachment.url)
            added.append(attachment.url)
        return added

    def resolve_parents_within_batch(self) -> None:
        """A reply may arrive before its parent in the same batch: link it once both exist."""
        self.flush()
        for comment, parent_ext in self.unresolved_parents:
            parent_id = self.comment_ids.get(parent_ext)
            if parent_id and comment.parent_id is None:
                comment.parent_id = parent_id
                self._stamp(comment)
                comment.save(update_fields=["parent"])


@transaction.atomic
def comments_ingest_batch(
    *,
    site: Site,
    items: Sequence[Any],
    source: str,
    origin: dict[str, Any] | None = None,
    actor=None,
) -> BatchResult:
    """Store a batch of comments for one site. `items` are API-shaped dicts (validated here)
    or `CommentItem`s already validated by the caller (webhook, importer). Returns one result
    per item, in order. `source` is "api", "webhook" or "import"; `origin` says which token,
    page or file (recorded in the audit event)."""
    results: list[ItemResult | None] = [None] * len(items)
    valid: list[tuple[int, CommentItem]] = []
    for index, raw in enumerate(items):
        if isinstance(raw, CommentItem):
            valid.append((index, raw))
            continue
        try:
            valid.append((index, parse_comment_item(raw)))
        except ItemInvalid as exc:
            results[index] = ItemResult(
                _external_id_of(raw), REJECTED, reason=exc.reason, errors=exc.errors or None
            )

    batch = _ingest_valid(site, valid, results, actor=actor, source=source)

    final = [r for r in results if r is not None]
    text_changed = [
        r.comment_id
        for r in final
        if r.comment_id and (r.status == CREATED or (r.status == REVISED and "body" in r.changes))
    ]
    classify_ids = list(dict.fromkeys(text_changed))  # in order, once each
    outcome = BatchResult(site=site, results=final, classify_comment_ids=classify_ids)
    counts = outcome.counts
    stale_ids = [r.comment_id for r in final if r.stale]
    if counts[CREATED] or counts[REVISED] or stale_ids:
        # Audit rows are written last: the chain lock is held from the first one until commit.
        for event in batch.events:
            audit_record(
                actor=actor,
                verb=event["verb"],
                target=event["target"],
                site_id=site.pk,
                data=event["data"],
            )
        audit_record(
            actor=actor,
            verb=AuditVerb.COMMENTS_INGESTED,
            target=site,
            site_id=site.pk,
            data={
                "source": source,
                "origin": origin or {},
                "counts": counts,
                **batch.counters,
                "created": [r.comment_id for r in final if r.status == CREATED],
                "revised": [r.comment_id for r in final if r.status == REVISED],
                # Changes older than what the portal holds: recorded, not applied.
                "stale": stale_ids,
                "rejected": [
                    {"external_id": r.external_id, "reason": r.reason[:300]}
                    for r in final
                    if r.status == REJECTED
                ][:100],
            },
        )
    if classify_ids:
        task_enqueue(CLASSIFY_TASK, comment_ids=classify_ids)
        task_enqueue(RESPONSE_NEEDS_TASK, comment_ids=classify_ids)
        # The Brown Act monitor, only for comments by members of a legislative body.
        members = list(
            Comment.objects.filter(
                pk__in=classify_ids, account__is_legislative_body_member=True
            ).values_list("pk", flat=True)
        )
        if members:
            task_enqueue(BROWN_ACT_TASK, comment_ids=members)
    # Store copies of the new attachments (moderation/ingest/attachments.py): one task.
    attachment_ids = [a.pk for a in batch.new_attachments if a.pk is not None]
    if attachment_ids and batch.rolled_back:
        attachment_ids = list(
            Attachment.objects.filter(pk__in=attachment_ids)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
    if attachment_ids:
        task_enqueue(FETCH_ATTACHMENTS_TASK, attachment_ids=attachment_ids)
    if counts[REJECTED]:
        log.info("ingest %s on %s: %s", source, site.slug, counts)
    return outcome


def _ingest_valid(
    site: Site, valid: list[tuple[int, CommentItem]], results: list, *, actor, source: str
) -> _Batch:
    """Store the validated items. First all of them in one savepoint (a savepoint per item
    costs two round trips, a fifth of the work); if the database refuses anything, that is
    rolled back and every item is stored again in its own savepoint, so only the item at fault
    is rejected and nothing of it is kept."""
    items = [item for _, item in valid]
    batch = _Batch(site, items, actor=actor, source=source)
    try:
        with transaction.atomic():
            outcomes = [batch.ingest(item) for item in items]
            batch.resolve_parents_within_batch()
    except DatabaseError:
        batch = _Batch(site, items, actor=actor, source=source)  # forget the rolled-back rows
        outcomes = [_ingest_with_savepoint(batch, item) for item in items]
        batch.resolve_parents_within_batch()
    for (index, _), outcome in zip(valid, outcomes, strict=True):
        results[index] = outcome
    return batch


def _ingest_with_savepoint(batch: _Batch, item: CommentItem) -> ItemResult:
    retries = 1
    while True:
        events, parents = len(batch.events), len(batch.unresolved_parents)
        counters = dict(batch.counters)
        try:
            with transaction.atomic():
                result = batch.ingest(item)
                batch.flush()
                return result
        except DatabaseError as exc:
            # The savepoint rolled back: forget what this item did in memory too.
            del batch.events[events:]
            del batch.unresolved_parents[parents:]
            batch.counters = counters
            batch.forget(item)
            if isinstance(exc, IntegrityError) and retries:
                # Most likely another batch created the same comment, account or post a
                # moment ago (the unique constraints serialise us): once more, as an update.
                retries -= 1
                continue
            log.warning("ingest: item %s rejected: %s", item.external_id, exc)
            return ItemResult(
                item.external_id,
                REJECTED,
                reason="The comment could not be stored; nothing of it was saved.",
            )


@transaction.atomic
def subscriber_snapshot_record(
    *,
    site: Site,
    captured_at: datetime,
    subscribers: Any,
    source: str,
    raw_envelope: dict[str, Any] | None = None,
    origin: dict[str, Any] | None = None,
    actor=None,
) -> SubscriberSnapshot:
    """Keep a site's follower list as it stood at `captured_at` (the policy names the list of
    subscribers as a possible public record). Raises ItemInvalid naming a bad entry."""
    entries = validate_subscribers(subscribers)
    snapshot = SubscriberSnapshot(
        site=site,
        captured_at=captured_at,
        subscriber_count=len(entries),
        subscribers=entries,
        raw_payload=raw_envelope or {},
    )
    snapshot._history_user = actor
    snapshot._change_reason = f"ingest:{source}"
    snapshot.save()
    audit_record(
        actor=actor,
        verb=AuditVerb.SUBSCRIBERS_SNAPSHOT_RECORDED,
        target=snapshot,
        site_id=site.pk,
        data={
            "source": source,
            "origin": origin or {},
            "count": len(entries),
            "captured_at": captured_at,
        },
    )
    return snapshot
