"""Classifying a batch of stored comments: load, build context, classify, raise flags (all of
the batch's at once, in one transaction: `flags_raise_many`)."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db import connection
from django.db.models import Q
from django.db.models.functions import Coalesce

from moderation.flagging import engine
from moderation.flagging.detectors.profanity import offensiveness_prefetch
from moderation.flagging.detectors.relevance import post_topics_load
from moderation.flagging.engine import Context, classify_text
from moderation.flagging.learned import LearnedScorer
from moderation.flagging.rules import REPETITION, RuleSet, ruleset_load
from moderation.flagging.services import FoundFlags, flags_raise_many
from moderation.models import Comment, FlagSource, PlatformState, PublicAccount

# The fields of a comment (and its account) the classifier, the learned models, the flags and
# `raised_at` callers read, in `ClassifiedComment`'s order.
CLASSIFIED_FIELDS = (
    "id",
    "site_id",
    "post_id",
    "account_id",
    "account__is_legislative_body_member",
    "body",
    "content_hash",
    "posted_at",
    "captured_at",
)


@dataclass(frozen=True, slots=True)
class ClassifiedComment:
    """What classifying reads of one stored comment, as plain values: making a batch's 500
    comments and their accounts into model instances cost more CPU than the query that reads
    them (about 40 ms against 15), and only the comments that get a flag need one
    (`as_model`)."""

    pk: int
    site_id: int
    post_id: int | None
    account_id: int
    is_legislative_body_member: bool
    body: str
    content_hash: str
    posted_at: datetime | None
    captured_at: datetime

    def as_model(self) -> Comment:
        """The comment as `flags_raise_many` takes it (its fields that the flags read)."""
        return Comment(
            id=self.pk,
            site_id=self.site_id,
            post_id=self.post_id,
            account_id=self.account_id,
            body=self.body,
            content_hash=self.content_hash,
            posted_at=self.posted_at,
            captured_at=self.captured_at,
        )


# The most recent comments of one account considered for repetition: bounds the work on a
# flood while still seeing any burst that matters.
RECENT_PER_ACCOUNT = 200

logger = logging.getLogger(__name__)


def _when(comment) -> object:
    return comment.posted_at or comment.captured_at


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


# A time column as whole microseconds since the epoch, in PostgreSQL (EXTRACT gives a numeric:
# exact). Read so, a time costs an integer; as a timestamptz, Django's loader parses its text
# in Python, which for a batch's 500 comments cost more CPU than the rest of their rows.
MICROSECONDS_SQL = "(EXTRACT(EPOCH FROM {}) * 1000000)::bigint"


def _microseconds(moment: datetime) -> int:
    """A time as whole microseconds since the epoch, exactly (as MICROSECONDS_SQL)."""
    return (moment - _EPOCH) // _MICROSECOND


def _moment(microseconds: int | None) -> datetime | None:
    """The time MICROSECONDS_SQL read, as Django reads the column (an aware datetime in UTC)."""
    return None if microseconds is None else _EPOCH + microseconds * _MICROSECOND


def classified_comments(comment_ids: list[int]) -> list[ClassifiedComment]:
    """The comments (those not deleted on the platform) as classifying reads them, by id."""
    if connection.vendor != "postgresql":
        return [
            ClassifiedComment(*row)
            for row in Comment.objects.filter(pk__in=comment_ids)
            .exclude(platform_state=PlatformState.DELETED)
            .values_list(*CLASSIFIED_FIELDS)
            .order_by("pk")
        ]
    qn = connection.ops.quote_name
    sql = f"""
        SELECT c.id, c.site_id, c.post_id, c.account_id, a.is_legislative_body_member,
               c.body, c.content_hash, {MICROSECONDS_SQL.format("c.posted_at")},
               {MICROSECONDS_SQL.format("c.captured_at")}
        FROM {qn(Comment._meta.db_table)} AS c
            JOIN {qn(PublicAccount._meta.db_table)} AS a ON a.id = c.account_id
        WHERE c.id = ANY(%s) AND NOT c.platform_state = %s
        ORDER BY c.id
    """  # noqa: S608 - our own tables, quoted
    with connection.cursor() as cursor:
        cursor.execute(sql, [list(comment_ids), PlatformState.DELETED])
        return [
            ClassifiedComment(*row[:7], _moment(row[7]), _moment(row[8]))
            for row in cursor.fetchall()
        ]


def repetition_window(rules: RuleSet) -> timedelta | None:
    hours = [
        rule.settings.window_hours
        for index in rules.by_kind.get(REPETITION, ())
        for rule in [rules.rules[index]]
    ]
    return timedelta(hours=max(hours)) if hours else None


def recent_texts_by_comment(
    comments: list[ClassifiedComment], window: timedelta
) -> dict[int, tuple]:
    """For each comment, the bodies of its account's other comments within `window` of it.
    One query for the whole batch."""
    if not comments:
        return {}
    times = [_when(c) for c in comments]
    accounts = sorted({c.account_id for c in comments})
    rows = _recent_rows(accounts, min(times) - window, max(times) + window)
    by_account: dict[int, list[tuple]] = defaultdict(list)
    for pk, account_id, body, when in rows:
        if len(by_account[account_id]) < RECENT_PER_ACCOUNT:
            by_account[account_id].append((pk, body, when))
    result = {}
    span = window // _MICROSECOND
    for comment, moment in zip(comments, times, strict=True):
        when = _microseconds(moment)
        result[comment.pk] = tuple(
            body
            for pk, body, other_when in by_account[comment.account_id]
            if pk != comment.pk and abs(other_when - when) <= span
        )
    return result


def _recent_rows(accounts: list[int], lower: datetime, upper: datetime):
    """(id, account, body, time in microseconds) of these accounts' comments whose time (when
    posted, else when captured) is within [lower, upper], by when posted, descending (on
    PostgreSQL the undated first, as it orders NULL in descending order), then by id.

    On PostgreSQL, for each account, its RECENT_PER_ACCOUNT most recent in the window, by two
    scans of the (account, posted_at) index (the dated comments, the undated): the plan is
    the same with or without the table's statistics. As one OR over all the accounts, the
    plan depended on them: on a table never analysed, every comment of the window was read
    and filtered by account (a fresh ingestion database: 9,642 rows read for 800). The times
    are read as integers (MICROSECONDS_SQL)."""
    if connection.vendor != "postgresql":
        return [
            (pk, account_id, body, _microseconds(when))
            for pk, account_id, body, when in Comment.objects.filter(account_id__in=accounts)
            .filter(
                Q(posted_at__gte=lower, posted_at__lte=upper)
                | Q(posted_at__isnull=True, captured_at__gte=lower, captured_at__lte=upper)
            )
            .order_by("-posted_at", "-id")
            .annotate(when=Coalesce("posted_at", "captured_at"))
            .values_list("id", "account_id", "body", "when")
        ]
    table = connection.ops.quote_name(Comment._meta.db_table)
    microseconds = MICROSECONDS_SQL  # in each branch: the posted time, else the captured
    sql = f"""
        SELECT r.id, a.account_id, r.body, r.moment
        FROM unnest(%s::bigint[]) AS a (account_id) CROSS JOIN LATERAL (
            SELECT id, body, {microseconds.format("posted_at")} AS dated,
                   {microseconds.format("posted_at")} AS moment
            FROM {table}
            WHERE account_id = a.account_id AND posted_at >= %s AND posted_at <= %s
            UNION ALL
            SELECT id, body, NULL, {microseconds.format("captured_at")}
            FROM {table}
            WHERE account_id = a.account_id AND posted_at IS NULL
                AND captured_at >= %s AND captured_at <= %s
            ORDER BY dated DESC, id DESC
            LIMIT %s
        ) AS r
        ORDER BY a.account_id, r.dated DESC, r.id DESC
    """  # noqa: S608 - our own table, quoted
    with connection.cursor() as cursor:
        cursor.execute(sql, [accounts, lower, upper, lower, upper, RECENT_PER_ACCOUNT])
        return cursor.fetchall()


def comments_classify(
    *,
    comment_ids: list[int],
    rules: RuleSet | None = None,
    raised_at: Callable[[ClassifiedComment], datetime] | None = None,
) -> dict:
    """Classify the comments and raise their flags. Safe to run again: nothing is duplicated.
    `raised_at(comment)`, if given, dates each comment's flags (the demo's history).

    One comment whose classification fails or overruns its budget costs that comment only: it
    is logged and counted (`failed`, `failed_ids`), and the rest of the batch is flagged."""
    # What classifying and flagging read, no more: a comment's row is some 30 columns (the
    # platform's whole payload among them) and its account's a dozen, each made into Python
    # values for 500 comments a batch.
    comments = classified_comments(comment_ids)
    if not comments:
        return {"classified": 0, "flags": 0, "failed": 0, "failed_ids": [], "rules_skipped": 0}
    rules = rules if rules is not None else ruleset_load()
    window = repetition_window(rules)
    recent = recent_texts_by_comment(comments, window) if window else {}
    # The models learned from the City's decisions, read once per batch (learned.py).
    learned = LearnedScorer.load(rules)
    topics = post_topics_load(c.post_id for c in comments)  # the post and its thread
    failed: list[int] = []
    found: list[FoundFlags] = []
    offensiveness_prefetch([c.body for c in comments])  # the model scores a list at once
    for comment in comments:
        context = Context(
            site_id=comment.site_id,
            recent_texts=recent.get(comment.pk, ()),
            is_legislative_body_member=comment.is_legislative_body_member,
            **(topics[comment.post_id].context_fields() if comment.post_id in topics else {}),
        )
        try:
            candidates = classify_text(
                comment.body,
                rules=rules,
                context=context,
                budget_seconds=engine.COMMENT_BUDGET_SECONDS,
            )
            candidates += learned.candidates(comment, candidates)  # adds, never removes
        except Exception:  # noqa: BLE001 - a detector's fault costs this comment, not the batch
            logger.exception("Classification of comment %s failed; the batch goes on", comment.pk)
            failed.append(comment.pk)
            continue
        if candidates:
            when = raised_at(comment) if raised_at else None
            found.append(FoundFlags(comment.as_model(), candidates, when))
    # The batch's flags, queue places and audit events, written together in one transaction.
    created = flags_raise_many(found=found, source=FlagSource.RULE)
    raised = sum(len(flags) for flags in created.values())
    return {
        "classified": len(comments) - len(failed),
        "flags": raised,
        "failed": len(failed),
        "failed_ids": failed,
        "rules_skipped": len(rules.skipped),
    }
