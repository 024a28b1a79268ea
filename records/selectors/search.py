"""Search over retained content for a records request (reads only).

Comments are found whatever their platform state (removed, hidden, deleted by the author) and
by the text of every revision, not only the latest. On PostgreSQL the keyword is a full-text
search (websearch syntax: words, "quoted phrases", -exclusions) over each text's stored
search vector (a generated column with a GIN index, migration records 0010); elsewhere (the
SQLite demo) a case-insensitive substring match.

At a million comments a keyword can match tens of thousands: `comments_page` ranks the hits
and loads only the rows the page shows, and counts are separate queries.

Text searched with a plain substring match (rationales, findings, replies, posting requests)
reads the same syntax (`keyword_q`), and a "quoted phrase" is exact everywhere: full-text
search stems words ("hearings" finds "hearing"), so a phrase is also matched as written.
Several sites at once, the phrases and the records a clerk excluded are applied around each
kind's matcher (`_narrowed`), apart from the matchers themselves.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import BooleanField, Count, Exists, Expression, OuterRef, Q, QuerySet, Window
from django.db.models.functions import Coalesce
from django.utils import timezone

from moderation.models import (
    Ban,
    Comment,
    CommentReply,
    CommentRevision,
    Decision,
    Post,
    PostingRequest,
    SubscriberSnapshot,
)
from stanton.counts import CappedCount, capped_sum

KINDS = (
    ("comments", "Comments (with every revision)"),
    ("posts", "The City's posts"),
    ("decisions", "Moderation decisions"),
    ("bans", "Bans"),
    ("snapshots", "Subscriber snapshots"),
    ("posting_requests", "Communications submitted for posting"),
)
KIND_KEYS = tuple(k for k, _ in KINDS)


class CriteriaError(ValueError):
    """Saved or submitted criteria that do not validate."""


@dataclass(frozen=True)
class SearchCriteria:
    site_id: int | None = None
    site_slug: str = ""
    account: str = ""
    date_from: date | None = None
    date_to: date | None = None
    keyword: str = ""
    platform_states: tuple[str, ...] = ()
    kinds: tuple[str, ...] = field(default=KIND_KEYS)
    # Several sites at once (site_id/site_slug stay for one site and for saved criteria).
    site_ids: tuple[int, ...] = ()
    site_slugs: tuple[str, ...] = ()
    # Records the clerk excluded from the release: ((kind, (id, ...)), ...). Set on a
    # package's frozen criteria only (records.services.packages.package_request).
    excluded: tuple[tuple[str, tuple[int, ...]], ...] = ()

    def __post_init__(self) -> None:
        # One site given the old way is the one-site case of several.
        if self.site_id and not self.site_ids:
            object.__setattr__(self, "site_ids", (self.site_id,))
            object.__setattr__(self, "site_slugs", (self.site_slug,) if self.site_slug else ())

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("site_id")
        data.pop("site_ids")
        data["date_from"] = self.date_from.isoformat() if self.date_from else ""
        data["date_to"] = self.date_to.isoformat() if self.date_to else ""
        data["platform_states"] = list(self.platform_states)
        data["kinds"] = list(self.kinds)
        data["site_slugs"] = list(self.site_slugs)
        data.pop("excluded")
        if self.excluded:
            data["excluded"] = {kind: list(ids) for kind, ids in self.excluded}
        return data

    def excluded_ids(self, kind: str) -> tuple[int, ...]:
        return next((ids for k, ids in self.excluded if k == kind), ())

    @property
    def is_empty(self) -> bool:
        return not (
            self.site_id
            or self.site_ids
            or self.account
            or self.date_from
            or self.date_to
            or self.keyword
            or self.platform_states
        )


def _bounds(criteria: SearchCriteria) -> tuple[datetime | None, datetime | None]:
    """Local (Pacific) calendar dates to UTC instants: [from 00:00, to + 1 day 00:00)."""
    tz = timezone.get_current_timezone()
    start = end = None
    if criteria.date_from:
        start = datetime.combine(criteria.date_from, time.min, tzinfo=tz)
    if criteria.date_to:
        end = datetime.combine(criteria.date_to + timedelta(days=1), time.min, tzinfo=tz)
    return start, end


def _time_q(field_name: str, criteria: SearchCriteria, fallback: str | None = None) -> Q:
    start, end = _bounds(criteria)
    q = Q()
    if start:
        q &= Q(**{f"{field_name}__gte": start})
    if end:
        q &= Q(**{f"{field_name}__lt": end})
    if fallback and (start or end):
        fb = Q(**{f"{field_name}__isnull": True})
        if start:
            fb &= Q(**{f"{fallback}__gte": start})
        if end:
            fb &= Q(**{f"{fallback}__lt": end})
        q = q | fb
    return q


def _account_q(prefix: str, account: str) -> Q:
    return (
        Q(**{f"{prefix}handle__iexact": account})
        | Q(**{f"{prefix}external_id": account})
        | Q(**{f"{prefix}display_name__iexact": account})
    )


def uses_full_text() -> bool:
    return connection.vendor == "postgresql"


class StoredColumn(Expression):
    """A column of the table that is not a model field (PostgreSQL only: the records
    migrations add them), named through the query's own alias so it also works inside a
    subquery."""

    column = ""

    def as_sql(self, compiler, connection):
        alias = compiler.query.get_initial_alias()
        return (
            f"{compiler.quote_name_unless_alias(alias)}.{connection.ops.quote_name(self.column)}",
            [],
        )


class StoredSearchVector(StoredColumn):
    """The row's `search_vector` column (migration records 0010)."""

    column = "search_vector"

    def __init__(self):
        from django.contrib.postgres.search import SearchVectorField

        super().__init__(output_field=SearchVectorField())


class CommentEdited(StoredColumn):
    """A comment's `edited` column (migration records 0015): true once a revision after the
    first is stored for it, kept by a trigger on the revisions' INSERT."""

    column = "edited"

    def __init__(self):
        super().__init__(output_field=BooleanField())


def _search_query(keyword: str):
    from django.contrib.postgres.search import SearchQuery

    return SearchQuery(keyword, config="english", search_type="websearch")


def _text_match_ids(model, keyword: str, value_field: str = "pk") -> QuerySet:
    """ids (or `value_field`) of rows whose body matches the keyword."""
    return _text_matching(model.objects.all(), keyword).values(value_field)


def _text_matching(qs: QuerySet, keyword: str) -> QuerySet:
    if uses_full_text():
        return qs.alias(records_fts=StoredSearchVector()).filter(records_fts=_search_query(keyword))
    return qs.filter(keyword_q(("body",), keyword))


def _sent_replies() -> QuerySet[CommentReply]:
    return CommentReply.objects.filter(state=CommentReply.State.SENT)


def _comments_base(criteria: SearchCriteria) -> QuerySet[Comment]:
    """The comments the criteria other than the keyword select."""
    qs = Comment.objects.all()
    if criteria.site_id:
        qs = qs.filter(site_id=criteria.site_id)
    if criteria.account:
        qs = qs.filter(_account_q("account__", criteria.account))
    if criteria.date_from or criteria.date_to:
        # Its platform time, or when captured if the platform gave none: in the words of the
        # index on that expression (records 0010), so a date range is an index range.
        start, end = _bounds(criteria)
        qs = qs.alias(search_time=Coalesce("posted_at", "captured_at"))
        if start:
            qs = qs.filter(search_time__gte=start)
        if end:
            qs = qs.filter(search_time__lt=end)
    if criteria.platform_states:
        qs = qs.filter(platform_state__in=criteria.platform_states)
    return qs


def comments_matching(criteria: SearchCriteria) -> QuerySet[Comment]:
    if "comments" not in criteria.kinds:
        return Comment.objects.none()
    qs = _comments_base(criteria)
    if criteria.keyword:
        # The latest text or ANY earlier revision: an edit never hides a comment from a request.
        # The City's sent replies are part of the comment's record and are searched with it.
        return _comments_with_text(qs, criteria.keyword).order_by("id")
    return qs.order_by("id")


def _comment_text_branches(qs: QuerySet[Comment], keyword: str) -> list[QuerySet[Comment]]:
    """PostgreSQL: the comments of `qs` matching the keyword, one queryset per way of
    matching, each read through its own index:
    (1) the latest text, by its stored vector (GIN) together with the other criteria;
    (2) earlier texts: only an edited comment has any. Ingestion stores a comment with
        its first revision holding the same text, and the body can only ever change to the
        text of a revision (the trigger of moderation 0012), so a comment with no revision
        after the first has no text but its body. The comment row says it has one (its
        `edited` column, kept by a trigger on the revisions, records 0015), and the edited
        comments of a date range are read off that column's small partial index, each
        then looked up among its own revisions (never the whole range: a tenth of the
        table at a million comments);
    (3) the City's sent replies."""
    replied = _sent_replies().filter(keyword_q(("text",), keyword)).values("comment_id")
    earlier_text = _text_matching(CommentRevision.objects.filter(comment=OuterRef("pk")), keyword)
    return [
        _text_matching(qs, keyword),
        qs.filter(CommentEdited()).filter(Exists(earlier_text)),
        qs.filter(pk__in=replied),
    ]


def _comments_with_text(qs: QuerySet[Comment], keyword: str) -> QuerySet[Comment]:
    """The comments of `qs` whose text, any revision's text or a sent reply matches."""
    if not uses_full_text():
        replied = _sent_replies().filter(keyword_q(("text",), keyword)).values("comment_id")
        return qs.filter(
            keyword_q(("body",), keyword)
            | Q(pk__in=_text_match_ids(CommentRevision, keyword, "comment_id"))
            | Q(pk__in=replied)
        )
    # One branch per way of matching (`_comment_text_branches`), joined by a UNION.
    first, *others = (b.values("pk") for b in _comment_text_branches(qs.order_by(), keyword))
    return Comment.objects.filter(pk__in=first.union(*others))


# A ranked page and a capped count read every hit of the latest texts through two bitmaps
# (the date range's index and the keyword's GIN index) ANDed together. At a million comments
# a 30-day range and a common word are ~100,000 and ~300,000 rows: past PostgreSQL's default
# work_mem (4MB) the bitmaps turn lossy, and the heap scan then rechecks every row of ~45,000
# pages instead of reading the ~26,000 that hold a hit (about twice the time). For these
# queries only, and for their transaction only.
SEARCH_WORK_MEM = "32MB"


@contextmanager
def _search_memory() -> Iterator[None]:
    """Run the enclosed queries with SEARCH_WORK_MEM (PostgreSQL): `SET LOCAL` in a
    transaction of their own; inside an enclosing one, the previous value is put back after."""
    if not uses_full_text():
        yield
        return
    enclosed = connection.in_atomic_block
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('work_mem'), set_config('work_mem', %s, true)",
            [SEARCH_WORK_MEM],
        )
        previous = cursor.fetchone()[0]
        yield
        # (After an error the rollback undoes the SET LOCAL itself.)
        if enclosed:
            cursor.execute("SELECT set_config('work_mem', %s, true)", [previous])


def comments_page(criteria: SearchCriteria, *, size: int) -> list[Comment]:
    """The first `size` matching comments, with their account and site: on PostgreSQL with a
    keyword, the best matches first (ts_rank over the stored vectors; a comment found only by
    an earlier revision or a reply ranks after those its latest text matches), else by id.
    Only the page's rows are loaded: the ranking reads ids and vectors, never whole rows.
    Several sites, exact phrases and exclusions apply (MATCHERS: `_narrowed`)."""
    qs = MATCHERS["comments"](criteria)
    if not (criteria.keyword and uses_full_text()):
        return list(qs.select_related("account", "site")[:size])
    ids = [pk for pk, _rank in comments_page_query(criteria, size=size)]
    rows = Comment.objects.select_related("account", "site").in_bulk(ids)
    return [rows[pk] for pk in ids if pk in rows]


def comments_page_query(criteria: SearchCriteria, *, size: int) -> QuerySet:
    """The page's comments, ranked (PostgreSQL, with a keyword), as `(id, rank)` rows.

    Each way of matching is ranked and cut to `size` on its own, then the (at most 3 x size)
    rows are merged by one outer ORDER BY/LIMIT: the first `size` overall are among each
    branch's first `size`, since a comment's rank is the same whichever branch finds it. The
    rank is computed where the stored vector is matched (GIN, with the date range's index),
    never by joining the whole table back for it (the seq scan of 1M rows this replaced)."""
    from django.contrib.postgres.search import SearchRank

    query = _search_query(criteria.keyword)
    base = _narrow("comments", criteria, _comments_base(criteria)).order_by()
    ranked = [
        branch.annotate(rank=SearchRank(StoredSearchVector(), query))
        .order_by("-rank", "pk")
        .values_list("pk", "rank")[:size]
        for branch in _comment_text_branches(base, criteria.keyword)
    ]
    return ranked[0].union(*ranked[1:]).order_by("-rank", "pk")[:size]


def comments_count(criteria: SearchCriteria, *, cap: int | None = None) -> int:
    """How many comments match; with `cap`, exact up to `cap` and a CappedCount "cap+" above
    it, reading at most cap + 1 rows of each way of matching (PostgreSQL, with a keyword:
    each branch cut to cap + 1, then one UNION; below the cap every branch was read whole)."""
    if cap is None or "comments" not in criteria.kinds:
        return MATCHERS["comments"](criteria).count()
    if not (criteria.keyword and uses_full_text()):
        return CappedCount(MATCHERS["comments"](criteria)[: cap + 1].count(), cap=cap)
    base = _narrow("comments", criteria, _comments_base(criteria)).order_by()
    branches = [b.values("pk")[: cap + 1] for b in _comment_text_branches(base, criteria.keyword)]
    return CappedCount(branches[0].union(*branches[1:]).count(), cap=cap)


def comments_preview(criteria: SearchCriteria, *, size: int, cap: int) -> tuple[int, list[Comment]]:
    """The search page's comments: their count (exact up to `cap`, "cap+" above it) and the
    first `size`, ranked, with account and site.

    On PostgreSQL with a keyword, the comments found by an earlier revision or a reply (few:
    only edited comments have earlier texts) are read once, as ids. The latest-text branch is
    read once through its indexes (GIN and the date range's): ranking its hits reads every
    one of them anyway, so the same read counts them (a window count), and no second scan
    cuts them to cap + 1. The page is the best `size` of both, as `comments_page_query`."""
    if not (criteria.keyword and uses_full_text() and "comments" in criteria.kinds):
        return comments_count(criteria, cap=cap), comments_page(criteria, size=size)
    from django.contrib.postgres.search import SearchRank

    base = _narrow("comments", criteria, _comments_base(criteria)).order_by()
    latest, earlier, replied = _comment_text_branches(base, criteria.keyword)
    query = _search_query(criteria.keyword)
    rank = SearchRank(StoredSearchVector(), query)
    with _search_memory():
        others = list(
            earlier.values_list("pk", flat=True).union(replied.values_list("pk", flat=True))
        )
        best = list(
            latest.annotate(rank=rank, hits=Window(Count("*")))
            .order_by("-rank", "pk")
            .values_list("pk", "rank", "hits")[:size]
        )
        # Each of the others with its rank, and whether the latest-text branch has it too
        # (its own text matches: the others are all of `base` already).
        also = (
            list(
                Comment.objects.filter(pk__in=others)
                .alias(records_fts=StoredSearchVector())
                .annotate(rank=rank, latest=Q(records_fts=query))
                .values_list("pk", "rank", "latest")
            )
            if others
            else []
        )
    hits = best[0][2] if best else 0
    count = CappedCount(hits + sum(1 for _pk, _rank, latest in also if not latest), cap=cap)
    ranked = {pk: rank for pk, rank, _hits in best}
    ranked.update((pk, rank) for pk, rank, _latest in also)
    ids = sorted(ranked, key=lambda pk: (-ranked[pk], pk))[:size]
    rows = Comment.objects.select_related("account", "site").in_bulk(ids)
    return count, [rows[pk] for pk in ids if pk in rows]


def posts_matching(criteria: SearchCriteria) -> QuerySet[Post]:
    # Posts are the City's own: no public account, no platform state of a comment.
    if "posts" not in criteria.kinds or criteria.account or criteria.platform_states:
        return Post.objects.none()
    qs = Post.objects.all()
    if criteria.site_id:
        qs = qs.filter(site_id=criteria.site_id)
    if criteria.date_from or criteria.date_to:
        qs = qs.filter(_time_q("posted_at", criteria, fallback="captured_at"))
    if criteria.keyword:
        # On the row itself (its stored vector, GIN), not `pk IN (the matching posts)`: that
        # read the posts twice, once for the date range and once for the keyword.
        qs = _text_matching(qs, criteria.keyword)
    return qs.order_by("id")


def decisions_matching(criteria: SearchCriteria) -> QuerySet[Decision]:
    if "decisions" not in criteria.kinds:
        return Decision.objects.none()
    qs = Decision.objects.all()
    if criteria.site_id:
        qs = qs.filter(comment__site_id=criteria.site_id)
    if criteria.account:
        qs = qs.filter(_account_q("comment__account__", criteria.account))
    if criteria.date_from or criteria.date_to:
        qs = qs.filter(_time_q("decided_at", criteria))
    if criteria.platform_states:
        qs = qs.filter(comment__platform_state__in=criteria.platform_states)
    if criteria.keyword:
        qs = qs.filter(keyword_q(("rationale",), criteria.keyword))
    return qs.order_by("id")


def bans_matching(criteria: SearchCriteria) -> QuerySet[Ban]:
    if "bans" not in criteria.kinds or criteria.platform_states:
        return Ban.objects.none()
    qs = Ban.objects.all()
    if criteria.site_id:
        qs = qs.filter(site_id=criteria.site_id)
    if criteria.account:
        qs = qs.filter(_account_q("account__", criteria.account))
    if criteria.date_from or criteria.date_to:
        qs = qs.filter(_time_q("proposed_at", criteria))
    if criteria.keyword:
        qs = qs.filter(keyword_q(("findings",), criteria.keyword))
    return qs.order_by("id")


def snapshots_matching(criteria: SearchCriteria) -> QuerySet[SubscriberSnapshot]:
    # A snapshot is a whole follower list: it matches by site and date only.
    if (
        "snapshots" not in criteria.kinds
        or criteria.account
        or criteria.keyword
        or criteria.platform_states
    ):
        return SubscriberSnapshot.objects.none()
    qs = SubscriberSnapshot.objects.all()
    if criteria.site_id:
        qs = qs.filter(site_id=criteria.site_id)
    if criteria.date_from or criteria.date_to:
        qs = qs.filter(_time_q("captured_at", criteria))
    return qs.order_by("id")


def posting_requests_matching(criteria: SearchCriteria) -> QuerySet[PostingRequest]:
    """Requests from outside parties to post on the City's pages (moderation/responses): the
    request, the City's decision and the reply sent. No public account or platform state."""
    if "posting_requests" not in criteria.kinds or criteria.account or criteria.platform_states:
        return PostingRequest.objects.none()
    qs = PostingRequest.objects.all()
    if criteria.site_id:
        qs = qs.filter(site_id=criteria.site_id)
    if criteria.date_from:
        qs = qs.filter(received_on__gte=criteria.date_from)
    if criteria.date_to:
        qs = qs.filter(received_on__lte=criteria.date_to)
    if criteria.keyword:
        qs = qs.filter(keyword_q(("content", "requester_name", "reply_text"), criteria.keyword))
    return qs.order_by("id")


# --- the keyword's syntax, several sites, exact phrases, exclusions ----------------------------
@dataclass(frozen=True)
class KeywordTerms:
    words: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()

    @property
    def positive(self) -> tuple[str, ...]:
        return self.phrases + self.words


_TERM_RE = re.compile(r'(-?)"([^"]*)"|(\S+)')


def keyword_terms(keyword: str) -> KeywordTerms:
    """PostgreSQL's websearch syntax, read the same way for substring matching: words (all of
    them), "quoted phrases", -word or -"phrase" to exclude; a bare "or" is dropped (every
    word is required, which narrows and never widens a full-text "or")."""
    words: list[str] = []
    phrases: list[str] = []
    excluded: list[str] = []
    for match in _TERM_RE.finditer(keyword or ""):
        negated, phrase, word = match.group(1), match.group(2), match.group(3)
        if phrase is not None:
            phrase = " ".join(phrase.split())
            if phrase:
                (excluded if negated else phrases).append(phrase)
            continue
        word = word.strip('"')
        if word.lower() == "or" or not word.strip("-"):
            continue
        if word.startswith("-"):
            excluded.append(word[1:])
        else:
            words.append(word)
    return KeywordTerms(tuple(words), tuple(phrases), tuple(excluded))


def phrase_pattern(phrase: str, *, python: bool = False) -> str:
    """A case-insensitive pattern for a phrase as written, whole words, any run of spaces
    between them ("budget hearing" is not found in "budget hearings"). `re.escape` only
    escapes punctuation, which PostgreSQL's regular expressions also read as the character;
    the word boundary is "\\y" there and "\\b" in Python's (SQLite's REGEXP, highlights)."""
    body = r"\s+".join(re.escape(part) for part in phrase.split())
    edge = r"\b" if python or not uses_full_text() else r"\y"
    start = edge if re.match(r"\w", phrase) else ""
    end = edge if re.search(r"\w$", phrase) else ""
    return f"{start}{body}{end}"


def keyword_q(fields: tuple[str, ...], keyword: str) -> Q:
    """Rows where the keyword matches one of `fields` by substring: every word and phrase in
    some field, and no excluded term in any."""
    terms = keyword_terms(keyword)
    if not (terms.positive or terms.excluded):
        return Q()
    q = Q()
    for term in terms.positive:
        lookup = "iregex" if " " in term else "icontains"
        value = phrase_pattern(term) if " " in term else term
        any_field = Q()
        for name in fields:
            any_field |= Q(**{f"{name}__{lookup}": value})
        q &= any_field
    for term in terms.excluded:
        for name in fields:
            q &= ~Q(**{f"{name}__icontains": term})
    return q


# Where each kind's records say which site they are on.
SITE_FIELD = {
    "comments": "site_id",
    "posts": "site_id",
    "decisions": "comment__site_id",
    "bans": "site_id",
    "snapshots": "site_id",
    "posting_requests": "site_id",
}


def _exact_phrases_q(kind: str, phrases: tuple[str, ...]) -> Q:
    """Full-text kinds: each quoted phrase as written (not stemmed), in the text searched."""
    q = Q()
    for phrase in phrases:
        pattern = phrase_pattern(phrase)
        if kind == "comments":
            q &= (
                Q(body__iregex=pattern)
                | Q(
                    pk__in=CommentRevision.objects.filter(body__iregex=pattern).values("comment_id")
                )
                | Q(pk__in=_sent_replies().filter(text__iregex=pattern).values("comment_id"))
            )
        elif kind == "posts":
            q &= Q(body__iregex=pattern)
    return q


def _narrow(kind: str, criteria: SearchCriteria, qs: QuerySet) -> QuerySet:
    """Several sites, exact phrases and exclusions, around a kind's matcher."""
    if criteria.site_ids:
        qs = qs.filter(**{f"{SITE_FIELD[kind]}__in": criteria.site_ids})
    if criteria.keyword and kind in ("comments", "posts"):
        phrases = keyword_terms(criteria.keyword).phrases
        if phrases:
            qs = qs.filter(_exact_phrases_q(kind, phrases))
    if excluded := criteria.excluded_ids(kind):
        qs = qs.exclude(pk__in=excluded)
    return qs


def _narrowed(kind: str, matcher):
    def matching(criteria: SearchCriteria) -> QuerySet:
        return _narrow(kind, criteria, matcher(criteria))

    matching.__name__ = matching.__qualname__ = matcher.__name__
    matching.__doc__ = matcher.__doc__
    return matching


MATCHERS = {
    kind: _narrowed(kind, matcher)
    for kind, matcher in {
        "comments": comments_matching,
        "posts": posts_matching,
        "decisions": decisions_matching,
        "bans": bans_matching,
        "snapshots": snapshots_matching,
        "posting_requests": posting_requests_matching,
    }.items()
}


# The search page's preview counts comments exactly up to this many, then "1,000+" (saved
# criteria and packages count them exactly).
PREVIEW_COUNT_CAP = 1000


def result_counts(criteria: SearchCriteria, *, comments: int | None = None) -> dict[str, int]:
    """How many records of each kind match, and the total; `comments` when the caller has
    counted them already (the search page's capped count, `comments_preview`)."""
    counts = {
        kind: (
            comments
            if kind == "comments" and comments is not None
            else MATCHERS[kind](criteria).count()
        )
        for kind in KIND_KEYS
    }
    counts["total"] = capped_sum(counts.values())
    return counts
