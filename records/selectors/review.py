"""One page of a request's search results, for the clerk's review: each record with why it
matched, whether it is in the release, its redactable text marked with its redactions, and
the redacted preview. A constant number of queries per page, whatever its size."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, prefetch_related_objects

from moderation.models import CommentReply
from records.models import RecordsRequest, Redaction, TargetType, field_label
from records.selectors import highlight, preview
from records.selectors.records import texts_of
from records.selectors.search import KINDS, MATCHERS, SearchCriteria
from records.selectors.selection import excluded_ids

PAGE_SIZE = 20
# The search kind → the kind of record a redaction names (posting requests are the City's
# correspondence about posting, not redacted here).
TARGET_OF_KIND = {
    "comments": TargetType.COMMENT,
    "posts": TargetType.POST,
    "decisions": TargetType.DECISION,
    "bans": TargetType.BAN,
    "snapshots": TargetType.SNAPSHOT,
}
# The part of each kind shown for selecting on the review page (the editor shows every part).
MAIN_FIELD = {
    "comments": "body",
    "posts": "body",
    "decisions": "rationale",
    "bans": "findings",
}
KIND_LABELS = dict(KINDS)


@dataclass
class ReviewField:
    name: str
    label: str
    marked: Any
    released: Any


@dataclass
class ReviewRow:
    kind: str
    id: int
    title: str
    summary: str
    target_type: str | None
    excluded: bool
    withheld: Redaction | None = None
    excerpts: list = field(default_factory=list)
    fields: list[ReviewField] = field(default_factory=list)


def comments_for_review(criteria: SearchCriteria):
    return (
        MATCHERS["comments"](criteria)
        .select_related("account", "site")
        .prefetch_related(
            "revisions",
            Prefetch(
                "city_replies",
                queryset=CommentReply.objects.filter(state=CommentReply.State.SENT),
            ),
        )
    )


def with_match_texts(comments: list) -> list:
    """`comments` with what `match_texts` reads (revisions, sent replies) in two queries."""
    prefetch_related_objects(
        comments,
        "revisions",
        Prefetch(
            "city_replies",
            queryset=CommentReply.objects.filter(state=CommentReply.State.SENT),
        ),
    )
    return comments


def _queryset(kind: str, criteria: SearchCriteria):
    if kind == "comments":
        return comments_for_review(criteria)
    qs = MATCHERS[kind](criteria)
    if kind in ("posts", "snapshots", "posting_requests"):
        return qs.select_related("site")
    if kind == "decisions":
        return qs.select_related("comment__site")
    if kind == "bans":
        return qs.select_related("account", "site")
    return qs


def _title_and_summary(kind: str, obj) -> tuple[str, str]:
    if kind == "comments":
        return f"Comment {obj.pk}", (
            f"{obj.site.name} · {obj.account} · {obj.get_platform_state_display()}"
        )
    if kind == "posts":
        return f"Post {obj.pk}", obj.site.name
    if kind == "decisions":
        return f"Decision {obj.pk}", f"{obj.get_action_display()} on comment {obj.comment_id}"
    if kind == "bans":
        return f"Ban {obj.pk}", f"{obj.account} · {obj.get_state_display()}"
    if kind == "snapshots":
        return (
            f"Subscriber snapshot {obj.pk}",
            f"{obj.site.name} · {obj.subscriber_count} subscribers",
        )
    return f"Posting request {obj.pk}", obj.requester_name


def match_texts(kind: str, obj) -> list[tuple[str, str]]:
    if kind == "comments":
        texts = [("Text", obj.body)]
        texts += [
            (f"Revision {rev.number}", rev.body)
            for rev in obj.revisions.all()
            if rev.body != obj.body
        ]
        texts += [("The City's reply", reply.text) for reply in obj.city_replies.all()]
        return texts
    if kind == "posts":
        return [("Text", obj.body)]
    if kind == "decisions":
        return [("Rationale", obj.rationale)]
    if kind == "bans":
        return [("Findings", obj.findings)]
    if kind == "posting_requests":
        return [
            ("Requester", obj.requester_name),
            ("Text", obj.content),
            ("Reply", obj.reply_text),
        ]
    return []


def review_page(
    request: RecordsRequest, criteria: SearchCriteria, kind: str, page_number: Any
) -> tuple[Page, list[ReviewRow]]:
    page = Paginator(_queryset(kind, criteria), PAGE_SIZE).get_page(page_number)
    objects = list(page.object_list)
    ids = [obj.pk for obj in objects]
    excluded = excluded_ids(request, kind, ids)
    target_type = TARGET_OF_KIND.get(kind)
    by_record: dict[int, list[Redaction]] = defaultdict(list)
    if target_type and ids:
        for r in Redaction.objects.filter(
            request=request, target_type=target_type, target_id__in=ids, withdrawn_at__isnull=True
        ).select_related("exemption"):
            by_record[r.target_id].append(r)
    rows = []
    for obj in objects:
        title, summary = _title_and_summary(kind, obj)
        redactions = by_record.get(obj.pk, [])
        row = ReviewRow(
            kind=kind,
            id=obj.pk,
            title=title,
            summary=summary,
            target_type=target_type,
            excluded=obj.pk in excluded,
            withheld=next((r for r in redactions if not r.field), None),
            excerpts=highlight.excerpts(criteria.keyword, match_texts(kind, obj)),
        )
        name = MAIN_FIELD.get(kind)
        if name and target_type:
            texts = texts_of(target_type, obj)
            by_field: dict[str, list[Redaction]] = defaultdict(list)
            for r in redactions:
                by_field[r.field].append(r)
            text = texts[name]
            own = preview.field_redactions(texts, by_field, name)
            row.fields.append(
                ReviewField(
                    name=name,
                    label=field_label(name),
                    marked=preview.marked_html(text, own),
                    released=preview.released_html(text, own),
                )
            )
        rows.append(row)
    return page, rows


def review_tabs(criteria: SearchCriteria, counts: dict[str, int], request: RecordsRequest):
    """Each kind with its count of found records and of those excluded (one query)."""
    from records.selectors.selection import exclusions_by_kind

    excluded = exclusions_by_kind(request)
    return [
        {
            "kind": kind,
            "label": label,
            "count": counts.get(kind, 0),
            "excluded": len(excluded.get(kind, [])),
        }
        for kind, label in KINDS
        if kind in criteria.kinds
    ]
