"""The queue of comments waiting for a decision, read with keyset pagination.

The queue's order is kept on the comment itself (`queue_priority`, `queue_score`,
`flagged_at`, maintained by the flag and decision services) and indexed by two partial
indexes on Comment (`moderation_queue_priority`, `moderation_queue_age`, both led by the
site). So a page is read per site as an index range scan that stops after `size + 1` rows;
with several sites the per-site reads are joined by one UNION ALL and cut to the page. No
query counts the table, and the cost of a page does not grow with the queue's length.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import connection
from django.db.models import BooleanField, Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from accounts.roles import SUPERVISOR, has_role
from moderation.comments.selectors import (
    active_bans_prefetch,
    ban_covers,
    evidence_segments,
    get_comment_for_user,
    open_flags_prefetch,
)
from moderation.models import Claim, Comment, Decision, Flag, FlagSource, PolicyCategory, QueueState
from moderation.queue.rationale import offered_templates, strongest_first
from moderation.sites.selectors import designated_site_ids
from stanton.counts import CappedCount
from stanton.strictjson import loads_strict

SORT_PRIORITY = "priority"
SORT_AGE = "age"
SORT_ORDER = {
    # Threats first (the category's queue priority), then the detector's score, then age.
    SORT_PRIORITY: ("-queue_priority", "-queue_score", "flagged_at", "id"),
    SORT_AGE: ("flagged_at", "id"),
}
DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 100
ROW_TEXT_LIMIT = 600


class BadCursor(ValueError):
    """The `after` cursor could not be read (edited by hand, or from another sort)."""


@dataclass(frozen=True)
class QueueRow:
    comment: Comment
    segments: list[tuple[str, bool]]
    truncated: bool
    flags: list[Flag]
    claim_holder: Any
    claim_until: datetime | None
    banned: bool
    # What one keystroke on the row records: hide/remove under this category (the strongest
    # open flag's) with this rationale (its template, filled in); None/"" when no template
    # can be completed, and then the row offers only "open".
    quick_category: PolicyCategory | None = None
    quick_rationale: str = ""
    # Made once per page rather than by the template for every row (a page of 100 rows had
    # ~700 `{% url %}` tags and an include per row for the text): the row's links, and its
    # text with the matches marked, escaped piece by piece (format_html), never marked safe.
    detail_url: str = ""
    quick_url: str = ""
    account_url: str = ""
    segments_html: str = ""


@dataclass(frozen=True)
class QueuePage:
    rows: list[QueueRow]
    next_cursor: str | None
    sort: str
    size: int


def queue_comments(user) -> QuerySet[Comment]:
    """Comments waiting for a decision on the sites the user is designated for: every state
    but "none" (the others are open and escalated). The `exclude(queue_state="none")` is the
    partial indexes' condition word for word, so the planner may use them; it is the only
    condition on the state, since a second one meaning the same (`queue_state IN ('open',
    'escalated')`) had the planner multiply two selectivities of 3 % each, expect a handful of
    rows per site and sort a whole site's queue instead of reading the first page off
    `moderation_queue_priority` (117 ms instead of 1 ms at 1M comments)."""
    return Comment.objects.filter(site_id__in=designated_site_ids(user)).exclude(
        queue_state=QueueState.NONE
    )


def _sort_key(sort: str, values: tuple) -> list:
    _pk, priority, score, flagged_at = values
    stamp = flagged_at.isoformat()
    return [priority, score, stamp, _pk] if sort == SORT_PRIORITY else [stamp, _pk]


def cursor_encode(sort: str, key: list) -> str:
    raw = json.dumps({"sort": sort, "key": key}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def cursor_decode(sort: str, cursor: str) -> list:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        data = loads_strict(raw)
        if data["sort"] != sort:
            raise BadCursor("The page marker belongs to another sort order.")
        key = data["key"]
        if sort == SORT_PRIORITY:
            priority, score, stamp, pk = key
            score = float(score)
            if not math.isfinite(score):  # float("nan") reads a string too
                raise BadCursor("The page marker could not be read.")
            return [int(priority), score, datetime.fromisoformat(stamp), int(pk)]
        stamp, pk = key
        return [datetime.fromisoformat(stamp), int(pk)]
    except BadCursor:
        raise
    except (binascii.Error, ValueError, TypeError, KeyError) as exc:
        raise BadCursor("The page marker could not be read.") from exc


def _after(sort: str, key: list) -> list:
    """Filters for rows strictly after `key` in the sort order. The leading bound is
    redundant but lets the index scan start at the key instead of at the top of the site:
    for priority order it is one row comparison, `(queue_priority, queue_score) <= (p, s)`,
    which PostgreSQL takes as an index condition because both columns are descending in
    `moderation_queue_priority`; for age order, `flagged_at >= f`."""
    if sort == SORT_PRIORITY:
        priority, score, flagged_at, pk = key
        table = connection.ops.quote_name(Comment._meta.db_table)
        # Identifiers from the model, values as parameters: nothing from the request is spliced.
        bound = RawSQL(  # noqa: S611
            f"({table}.{connection.ops.quote_name('queue_priority')}, "
            f"{table}.{connection.ops.quote_name('queue_score')}) <= (%s, %s)",
            (priority, score),
            output_field=BooleanField(),
        )
        return [
            bound,
            (
                Q(queue_priority__lt=priority)
                | Q(queue_priority=priority, queue_score__lt=score)
                | Q(queue_priority=priority, queue_score=score, flagged_at__gt=flagged_at)
                | Q(queue_priority=priority, queue_score=score, flagged_at=flagged_at, id__gt=pk)
            ),
        ]
    flagged_at, pk = key
    return [
        Q(flagged_at__gte=flagged_at)
        & (Q(flagged_at__gt=flagged_at) | Q(flagged_at=flagged_at, id__gt=pk))
    ]


KEY_FIELDS = ("id", "queue_priority", "queue_score", "flagged_at")


def page_keys_query(scoped: QuerySet[Comment], sites: list[int], order, limit: int) -> QuerySet:
    """The query for the first `limit` sort keys of `scoped`: read per site so each read is
    one range scan of the site-led partial index, then merged by one outer ORDER BY/LIMIT."""
    branches = [
        scoped.filter(site_id=site_id).order_by(*order).values_list(*KEY_FIELDS)[:limit]
        for site_id in sites
    ]
    if len(branches) == 1:
        return branches[0]
    if connection.features.supports_slicing_ordering_in_compound:
        return branches[0].union(*branches[1:], all=True).order_by(*order)[:limit]
    # SQLite (the demo) cannot slice inside a UNION: one ordered read, fine at demo size.
    return scoped.filter(site_id__in=sites).order_by(*order).values_list(*KEY_FIELDS)[:limit]


def _page_keys(scoped: QuerySet[Comment], sites: list[int], order, limit: int) -> list[tuple]:
    return list(page_keys_query(scoped, sites, order, limit))


def queue_page(
    *,
    user,
    queryset: QuerySet[Comment],
    site_ids: Iterable[int] | None = None,
    sort: str = SORT_PRIORITY,
    after: str | None = None,
    size: int = DEFAULT_PAGE_SIZE,
) -> QueuePage:
    """One page of the (already filtered) queue `queryset`, after the `after` cursor.

    Two queries whatever the page size, plus one per prefetch: the keys of the page, then the
    rows with their site, post, account and claim, their open flags, and active bans.
    """
    if sort not in SORT_ORDER:
        sort = SORT_PRIORITY
    size = max(1, min(int(size), MAX_PAGE_SIZE))
    order = SORT_ORDER[sort]
    sites = sorted(set(site_ids) if site_ids is not None else designated_site_ids(user))
    if not sites:
        return QueuePage(rows=[], next_cursor=None, sort=sort, size=size)
    scoped = queryset.filter(flagged_at__isnull=False)
    if after:
        scoped = scoped.filter(*_after(sort, cursor_decode(sort, after)))
    keys = _page_keys(scoped, sites, order, size + 1)
    has_more = len(keys) > size
    keys = keys[:size]
    next_cursor = cursor_encode(sort, _sort_key(sort, keys[-1])) if has_more else None
    rows = queue_rows([values[0] for values in keys])
    return QueuePage(rows=rows, next_cursor=next_cursor, sort=sort, size=size)


class _PkUrls:
    """`reverse(name, args=[pk])` for many pks: reversed once with a marker pk, then the
    marker replaced (the URL patterns are `<int:pk>`, so only the pk differs)."""

    MARKER = 987654321987654321

    def __init__(self, name: str) -> None:
        self.prefix, _, self.suffix = reverse(name, args=[self.MARKER]).partition(str(self.MARKER))

    def __call__(self, pk: int) -> str:
        return f"{self.prefix}{int(pk)}{self.suffix}"


def segments_markup(segments: list[tuple[str, bool]]) -> SafeString:
    """What `moderation/queue/_segments.html` renders, built in Python for the queue's rows:
    each segment escaped by format_html, matches inside <mark>, all inside one <bdi>."""
    pieces = format_html_join(
        "",
        "{}",
        (
            (format_html('<mark class="portal-highlight">{}</mark>', text) if match else text,)
            for text, match in segments
        ),
    )
    return format_html("<bdi>{}</bdi>", pieces)


def queue_rows(ids: list[int]) -> list[QueueRow]:
    """The rows for these comment ids, in this order (the caller has checked access): one
    query for the comments with their site, post, account and claim, one per prefetch."""
    by_id = (
        Comment.objects.select_related("site", "post", "account", "claim__user")
        .defer("raw_payload", "post__raw_payload")  # a row shows neither payload
        .prefetch_related(open_flags_prefetch(), active_bans_prefetch())
        .in_bulk(ids)
    )
    now = timezone.now()
    detail_url = _PkUrls("moderation:comment_detail")
    quick_url = _PkUrls("moderation:comment_quick_decide")
    account_url = _PkUrls("moderation:account_detail")
    rows = []
    for pk in ids:
        comment = by_id.get(pk)
        if comment is None:
            continue
        try:
            claim = comment.claim
        except ObjectDoesNotExist:
            claim = None
        live = claim is not None and claim.expires_at > now
        text = comment.body[:ROW_TEXT_LIMIT]
        spans = [s for flag in comment.open_flags for s in (flag.evidence or {}).get("spans", [])]
        flags = strongest_first(comment.open_flags)
        quick_category = flags[0].category if flags else None
        quick_rationale = ""
        if quick_category is not None:
            offered = offered_templates([quick_category], flags)
            quick_rationale = offered.get(quick_category.code, "")
        segments = evidence_segments(text, spans)
        rows.append(
            QueueRow(
                comment=comment,
                segments=segments,
                truncated=len(comment.body) > ROW_TEXT_LIMIT,
                flags=flags,
                claim_holder=claim.user if live else None,
                claim_until=claim.expires_at if live else None,
                banned=any(ban_covers(ban, comment) for ban in comment.account.active_bans),
                quick_category=quick_category if quick_rationale else None,
                quick_rationale=quick_rationale,
                detail_url=detail_url(comment.pk),
                quick_url=quick_url(comment.pk),
                account_url=account_url(comment.account_id),
                segments_html=segments_markup(segments),
            )
        )
    return rows


REPORTED_SOURCES = (FlagSource.PUBLIC, FlagSource.PLATFORM)


def reported_filter() -> Exists:
    """Comments with an open report from the public or the platform."""
    return Exists(
        Flag.objects.filter(
            comment=OuterRef("pk"), status=Flag.Status.OPEN, source__in=REPORTED_SOURCES
        )
    )


# A tab shows its exact count up to this many, then "1,000+" (as professional queues do): the
# count reads at most TAB_COUNT_CAP + 1 rows of an index, whatever the queue's length.
TAB_COUNT_CAP = 1000


def queue_tab_counts(user) -> dict[str, CappedCount]:
    """How many comments each queue tab holds, in one query of four capped counts: each reads
    at most TAB_COUNT_CAP + 1 rows of an index (`moderation_queue_state`, and for reports
    `moderation_flag_open_report`), so its cost does not grow with the queue."""
    waiting = queue_comments(user)
    tabs = {
        "flagged": waiting.filter(queue_state=QueueState.OPEN),
        "escalated": waiting.filter(queue_state=QueueState.ESCALATED),
        "reported": waiting.filter(reported_filter()),
        "all": waiting,
    }
    limit = TAB_COUNT_CAP + 1
    # Identifiers and the limit are the code's own; the tabs' conditions are parameters.
    parts, params = [], []
    for key, queryset in tabs.items():
        sql, sql_params = queryset.order_by().values("id")[:limit].query.sql_with_params()
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS {key}_rows) AS {key}")  # noqa: S608
        params.extend(sql_params)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        values = cursor.fetchone()
    return {
        key: CappedCount(value, cap=TAB_COUNT_CAP) for key, value in zip(tabs, values, strict=True)
    }


def get_decision_for_user(user, pk: int) -> Decision:
    """A decision, for a moderator or supervisor who may act on its comment (the comment's
    access check answers 404/403)."""
    comment_id = Decision.objects.filter(pk=pk).values_list("comment_id", flat=True).first()
    if comment_id is None:
        raise Http404("No such decision.")
    get_comment_for_user(user, comment_id, for_action=True)
    return Decision.objects.select_related("comment", "actor").get(pk=pk)


def queue_next_comment_id(*, user, after_comment: Comment) -> int | None:
    """The comment to open after deciding `after_comment`: the first in priority order that
    nobody else is working on, and that the user may decide (escalated ones: supervisors)."""
    now = timezone.now()
    states = [QueueState.OPEN]
    if has_role(user, SUPERVISOR):
        states.append(QueueState.ESCALATED)
    candidates = (
        queue_comments(user)
        .filter(queue_state__in=states, flagged_at__isnull=False)
        .exclude(pk=after_comment.pk)
        .exclude(
            pk__in=Claim.objects.filter(expires_at__gt=now).exclude(user=user).values("comment_id")
        )
    )
    sites = sorted(designated_site_ids(user))
    if not sites:
        return None
    keys = _page_keys(candidates, sites, SORT_ORDER[SORT_PRIORITY], 1)
    return keys[0][0] if keys else None
