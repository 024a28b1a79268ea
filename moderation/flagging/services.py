"""Raising and resolving flags, and keeping each comment's place in the queue."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import (
    Aggregate,
    Case,
    F,
    Max,
    Min,
    OuterRef,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Least
from django.utils import timezone

from audit.events import AuditVerb
from audit.history import bulk_create_copying_history, history_rows_copy
from audit.services import AuditEntry, audit_record_many
from moderation.models import Comment, Flag, FlagRule, FlagSource, PolicyCategory, QueueState


@dataclass(frozen=True)
class FlagCandidate:
    """What a detector found. `spans` are character offsets into the comment's body."""

    category: str  # PolicyCategory.code
    detector: str
    score: float
    explanation: str
    spans: list[dict[str, Any]] = field(default_factory=list)  # [{"start", "end", "text"}]
    sub_reason: str = ""
    rule_id: int | None = None

    def fingerprint(self, content_hash: str) -> str:
        key = f"{self.detector}|{self.category}|{self.sub_reason}|{self.rule_id}|{content_hash}"
        return hashlib.sha256(key.encode()).hexdigest()


QUEUE_FIELDS = ["queue_state", "queue_priority", "queue_score", "flagged_at", "queue_categories"]
# Rows per INSERT/UPDATE statement in the batch writes: far below PostgreSQL's 65,535
# parameters per statement for the widest row (a comment's history), so an ingestion batch
# (at most 1,000 comments) is a handful of statements.
WRITE_BATCH_SIZE = 1000


def queue_categories_joined(codes) -> str:
    """How `Comment.queue_categories` holds its open flags' categories: ",a,b," (sorted)."""
    codes = sorted(set(codes))
    return f",{','.join(codes)}," if codes else ""


class CategoryCodesJoined(Aggregate):
    """`queue_categories_joined` in SQL, over a set of flags' category codes."""

    function = "STRING_AGG"
    template = "',' || %(function)s(DISTINCT %(expressions)s, ',' ORDER BY %(expressions)s) || ','"
    output_field = TextField()

    def as_sqlite(self, compiler, connection, **extra_context):
        # The demo's SQLite: the same text, its codes in no particular order.
        return super().as_sql(
            compiler,
            connection,
            function="GROUP_CONCAT",
            template="',' || %(function)s(DISTINCT %(expressions)s) || ','",
            **extra_context,
        )


def comment_queue_refresh(*, comment: Comment) -> Comment:
    """Recompute the comment's queue fields from its open flags (call inside a transaction)."""
    open_flags = list(
        Flag.objects.filter(comment=comment, status=Flag.Status.OPEN)
        .order_by()
        .values_list("category__code", "category__queue_priority", "score", "created_at")
    )
    if not open_flags:
        if comment.queue_state == QueueState.OPEN:
            comment.queue_state = QueueState.NONE
        comment.queue_priority, comment.queue_score = 0, 0.0
        comment.queue_categories = ""
        if comment.queue_state == QueueState.NONE:
            comment.flagged_at = None
    else:
        codes, priorities, scores, times = zip(*open_flags, strict=True)
        if comment.queue_state == QueueState.NONE:
            comment.queue_state = QueueState.OPEN
        comment.queue_priority = max(priorities)
        comment.queue_score = float(max(scores) or 0.0)
        comment.queue_categories = queue_categories_joined(codes)
        # In the queue since its earliest open flag (raised now, or dated by `raised_at`).
        comment.flagged_at = comment.flagged_at or min(min(times), timezone.now())
    comment.save(update_fields=QUEUE_FIELDS)
    return comment


def comments_queue_enter(*, comment_ids: list[int], actor=None) -> list[Comment]:
    """For comments that have just been flagged (each has an open flag; call inside the
    transaction, with the rows locked): what `comment_queue_refresh` sets, computed by the
    database in one UPDATE for them all, then their history rows in one INSERT, as one save
    each would have written. Returns the comments with their id, site and queue fields as now
    stored (any other field is read on access)."""
    if not comment_ids:
        return []
    now = timezone.now()
    if connection.vendor == "postgresql":
        comments = _queue_enter_returning(comment_ids, now)
    else:
        comments = _queue_enter_orm(comment_ids, now)
    # What `Comment.history.bulk_history_create(comments, update=True, ...)` writes, copied
    # from the rows by PostgreSQL (audit/history.py).
    history_rows_copy(
        comments,
        Comment,
        history_type="~",
        batch_size=WRITE_BATCH_SIZE,
        default_user=_history_user(actor),
        default_change_reason="",
    )
    return comments


# The comment's fields `comments_queue_enter` returns, in the model's order (`Model.from_db`).
_ENTERED_FIELDS = [
    f for f in Comment._meta.concrete_fields if f.attname in {"id", "site_id", *QUEUE_FIELDS}
]


def _queue_enter_returning(comment_ids: list[int], now: datetime) -> list[Comment]:
    """PostgreSQL: the open flags of all the comments aggregated once, joined to the comments
    in one UPDATE ... FROM, which returns what it stored. (As one correlated subquery per
    field, the same UPDATE ran four aggregates per comment, each reading its flags again, and
    the comments were read back by a second query.)"""
    qn = connection.ops.quote_name
    flag, category = Flag._meta, PolicyCategory._meta
    sql = f"""
        UPDATE {qn(Comment._meta.db_table)} AS c SET
            queue_state = CASE WHEN c.queue_state = %s THEN %s ELSE c.queue_state END,
            queue_priority = o.priority,
            queue_score = o.score,
            -- In the queue since its earliest open flag (raised now, or dated by `raised_at`).
            flagged_at = COALESCE(c.flagged_at, LEAST(o.first, %s)),
            queue_categories = o.codes
        FROM (
            SELECT f.comment_id, MAX(p.queue_priority) AS priority, MAX(f.score) AS score,
                   MIN(f.created_at) AS first,
                   ',' || STRING_AGG(DISTINCT p.code, ',' ORDER BY p.code) || ',' AS codes
            FROM {qn(flag.db_table)} AS f JOIN {qn(category.db_table)} AS p
                ON p.id = f.category_id
            WHERE f.comment_id = ANY(%s) AND f.status = %s
            GROUP BY f.comment_id
        ) AS o
        WHERE c.id = o.comment_id
        RETURNING {", ".join(f"c.{qn(str(f.column))}" for f in _ENTERED_FIELDS)}
    """  # noqa: S608 - our own tables and columns, quoted
    params: list[Any] = [QueueState.NONE, QueueState.OPEN, now, list(comment_ids), Flag.Status.OPEN]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = sorted(cursor.fetchall())
    names = [f.attname for f in _ENTERED_FIELDS]
    return [Comment.from_db(connection.alias, names, row) for row in rows]


def _queue_enter_orm(comment_ids: list[int], now: datetime) -> list[Comment]:
    """Elsewhere (the demo's SQLite): the same values, one correlated subquery per field; the
    comments are read whole again (less raw_payload), since their history rows are made from
    these instances."""
    open_flags = Flag.objects.filter(comment=OuterRef("pk"), status=Flag.Status.OPEN).order_by()

    def of_open_flags(expression, name: str):
        return Subquery(
            open_flags.values("comment").annotate(**{name: expression}).values(name)[:1]
        )

    Comment.objects.filter(pk__in=comment_ids).update(
        queue_state=Case(
            When(queue_state=QueueState.NONE, then=Value(QueueState.OPEN)),
            default=F("queue_state"),
        ),
        queue_priority=of_open_flags(Max("category__queue_priority"), "priority"),
        queue_score=of_open_flags(Max("score"), "score"),
        flagged_at=Coalesce(
            F("flagged_at"), Least(of_open_flags(Min("created_at"), "first"), Value(now))
        ),
        queue_categories=of_open_flags(CategoryCodesJoined("category__code"), "codes"),
    )
    return list(Comment.objects.filter(pk__in=comment_ids).order_by("pk").defer("raw_payload"))


def _history_user(actor):
    return actor if getattr(actor, "pk", None) else None


@dataclass(frozen=True)
class FoundFlags:
    """What the classifier found in one comment, for `flags_raise_many`."""

    comment: Comment
    candidates: list[FlagCandidate]
    raised_at: datetime | None = None


@transaction.atomic
def flags_raise(
    *,
    comment: Comment,
    candidates: list[FlagCandidate],
    source: str = FlagSource.RULE,
    actor=None,
    raised_at: datetime | None = None,
) -> list[Flag]:
    """Write one Flag per new candidate; a candidate already raised on this text is skipped
    (so a re-run of the classifier adds nothing). Never hides or removes anything.

    `raised_at` dates flags raised after the fact (the demo's history); never in the future."""
    created = flags_raise_many(
        found=[FoundFlags(comment, candidates, raised_at)], source=source, actor=actor
    )
    return created.get(comment.pk, [])


def flags_raise_many(
    *, found: list[FoundFlags], source: str = FlagSource.RULE, actor=None
) -> dict[int, list[Flag]]:
    """`flags_raise` for a batch of comments in one transaction and a constant number of
    queries: the comments are locked (as every service changing a comment's queue place locks
    it), then the new flags, their history, the comments' queue places and their history are
    each written in one statement, and one `flags.raised` audit event per comment that got a
    flag, as before, appended to the chain together. Returns the new flags by comment id."""
    found = [item for item in found if item.candidates]
    if not found:
        return {}  # nothing to write: not even a transaction
    with transaction.atomic():
        return _flags_write(found=found, source=source, actor=actor)


def comments_lock_for_flags(ids) -> set[int]:
    """Lock these comments, in id order (one locking order for every writer: no deadlock
    between batches), for changing their flags and queue places; returns the ids found.

    FOR NO KEY UPDATE, the lock PostgreSQL's own UPDATE of a non-key column takes: it excludes
    every other writer of the comment (a decision's FOR UPDATE, another classification run)
    as FOR UPDATE did, but not a transaction that only inserts rows pointing at the comment
    (FOR KEY SHARE: the response task's needs for the same batch, which used to wait for the
    classification to commit)."""
    return set(
        Comment.objects.select_for_update(of=("self",), no_key=True)
        .filter(pk__in=set(ids))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _flags_write(*, found: list[FoundFlags], source: str, actor) -> dict[int, list[Flag]]:
    locked = comments_lock_for_flags(item.comment.pk for item in found)
    categories = {
        c.code: c
        for c in PolicyCategory.objects.filter(
            code__in={cand.category for item in found for cand in item.candidates}
        )
    }
    rule_ids = {cand.rule_id for item in found for cand in item.candidates if cand.rule_id}
    known_rules = set(FlagRule.objects.filter(pk__in=rule_ids).values_list("pk", flat=True))
    # Read after the lock: a run that raced this one has committed its flags by now, so a
    # flag it raised is seen here and skipped, never inserted twice.
    existing = set(
        Flag.objects.filter(comment_id__in=locked).values_list("comment_id", "fingerprint")
    )
    now = timezone.now()
    new_flags: list[Flag] = []
    for item in found:
        comment = item.comment
        if comment.pk not in locked:
            continue
        for cand in item.candidates:
            # The fingerprint of the text that was classified (the caller's copy).
            fingerprint = cand.fingerprint(item.comment.content_hash)
            if (comment.pk, fingerprint) in existing or cand.category not in categories:
                continue
            existing.add((comment.pk, fingerprint))
            new_flags.append(
                Flag(
                    comment_id=comment.pk,
                    source=source,
                    category=categories[cand.category],
                    sub_reason=cand.sub_reason,
                    rule_id=cand.rule_id if cand.rule_id in known_rules else None,
                    detector=cand.detector,
                    score=max(0.0, min(1.0, float(cand.score))),
                    evidence={"spans": cand.spans, "explanation": cand.explanation},
                    fingerprint=fingerprint,
                    raised_by=actor,
                    created_at=min(item.raised_at, now) if item.raised_at else now,
                )
            )
    if not new_flags:
        return {}
    bulk_create_copying_history(
        new_flags, Flag, batch_size=WRITE_BATCH_SIZE, default_user=_history_user(actor)
    )
    created: dict[int, list[Flag]] = {}
    for flag in new_flags:
        created.setdefault(flag.comment_id, []).append(flag)
    flagged = {c.pk: c for c in comments_queue_enter(comment_ids=sorted(created), actor=actor)}
    for item in found:  # the caller's copies see their new place in the queue
        if item.comment.pk in flagged:
            for name in QUEUE_FIELDS:
                setattr(item.comment, name, getattr(flagged[item.comment.pk], name))
    audit_record_many(
        [
            AuditEntry(
                actor=actor,
                verb=AuditVerb.FLAGS_RAISED,
                target=comment,
                site_id=comment.site_id,
                data={
                    "flags": [
                        {
                            "id": f.pk,
                            "category": f.category.code,
                            "detector": f.detector,
                            "score": f.score,
                        }
                        for f in created[comment.pk]
                    ],
                    "source": source,
                },
            )
            for comment in flagged.values()
        ]
    )
    return created
