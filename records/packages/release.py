"""The release a requester opens: `index.html`, `index.csv` and, when asked for, `index.pdf`.

`index.html` is one self-contained page (its CSS inline; no script, no image, no font, no
link outside the package but the relative ones to the package's own attachments): every record
with its site, post, place in the thread, local time with the time zone, its full text with
each redaction drawn as a box that names the exemption (citation and plain name), its
revisions, its moderation history in words, and what the platform has done. `index.pdf` is
the same page printed by WeasyPrint, which is told to fetch nothing.

Platform text is hostile (DESIGN.md invariant 6): every string of it goes through Django's
escaping, inside an element with `dir="auto"` or a `<bdi>` so a right-to-left override cannot
reach our own words. The redaction boxes are the one piece of markup made from a record: the
builder marks each redacted span with a token holding a random nonce of this build
(`RedactionTokens`), which platform text cannot contain, so a comment that *writes*
"[REDACTED — …]" stays text and never becomes a box. records.jsonl and index.csv get the plain
"[REDACTED — <citation>]" marker in place of each token.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.template.loader import render_to_string
from django.utils import dateformat, timezone
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString

from moderation.models import (
    BanScope,
    BanState,
    DecisionAction,
    FlagSource,
    Platform,
    PlatformState,
    PolicyCategory,
    ReviewState,
)
from records.models import Redaction

LOCAL_FORMAT = "l, F j, Y, g:i a T"  # Wednesday, March 4, 2026, 12:00 p.m. PST
# The page is assembled around the records, which are written one by one to a spool file.
RECORDS_SLOT = "<!-- the records -->"

# index.csv: one row a record, in this order, under these names. The keys are what a script
# relies on (they are in the manifest beside the names); the names are for people.
INDEX_COLUMNS: list[tuple[str, str]] = [
    ("kind", "Record type"),
    ("id", "Record ID"),
    ("site", "Site"),
    ("account", "Account"),
    ("date", "Date and time (Pacific)"),
    ("platform_state", "State on the platform"),
    ("on_the_platform", "What the platform has done"),
    ("excerpt", "Text (start)"),
]
INDEX_HEADER = [label for _key, label in INDEX_COLUMNS]

KIND_LABELS = {
    "comment": "Comment",
    "post": "City post",
    "decision": "Moderation decision",
    "ban": "Ban",
    "subscriber_snapshot": "Subscriber list",
    "posting_request": "Request to post",
}


def _choice_label(choices, value: Any) -> str:
    if value in (None, ""):
        return ""
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


def local_time(value: str | None) -> str:
    """An ISO date-time from a record, in Stanton's time with its zone (America/Los_Angeles);
    an ISO date stays a date."""
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    if len(value) == 10:  # a date, such as a posting request's day received
        return dateformat.format(date.fromisoformat(value), "l, F j, Y")
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.utc)
    return dateformat.format(timezone.localtime(moment), LOCAL_FORMAT)


# Plain names for the catalogue's exemptions, shown beside the citation on each redaction box.
# An exemption an administrator adds gets its code in words until it has a name of its own.
PLAIN_NAMES = {
    "personnel-medical": "Personnel, medical or similar files",
    "employee-home-contact": "Home contact details of a public employee",
    "public-interest-balancing": "Public interest in withholding outweighs disclosure",
    "attorney-client": "Attorney-client privilege",
    "exempt-other-law": "Exempt under another law",
    "preliminary-drafts": "Preliminary drafts and notes",
    "pending-litigation": "Prepared for pending litigation or a claim",
    "investigation-records": "Investigation records",
    "information-security": "Information security records",
    "official-information": "Official information received in confidence",
    "constitutional-privacy": "Privacy of a member of the public",
}


def exemption_name(exemption) -> str:
    own = getattr(exemption, "name", "")
    if own:
        return own
    return PLAIN_NAMES.get(exemption.code) or exemption.code.replace("-", " ").capitalize()


# --- redaction tokens ------------------------------------------------------------------------
class RedactionTokens:
    """Markers for the redacted spans of one build: "\\ue000<nonce><redaction id>\\ue001".

    The nonce is random per build, so no text received from a platform can hold a token; a
    token found in a record is therefore one the builder wrote."""

    def __init__(self, rows: Iterable[Redaction], plain: Callable[[Redaction], str]):
        self.nonce = secrets.token_hex(12)
        self.rows = {r.pk: r for r in rows}
        self._plain = plain  # the marker records.jsonl and index.csv show
        self._pattern = re.compile("\ue000" + self.nonce + r"(\d+)\ue001")

    def mark(self, redaction: Redaction) -> str:
        return f"\ue000{self.nonce}{redaction.pk}\ue001"

    def _redaction(self, match: re.Match) -> Redaction:
        return self.rows[int(match.group(1))]

    def plain_text(self, text: str) -> str:
        if "\ue000" not in text:
            return text
        return self._pattern.sub(lambda m: self._plain(self._redaction(m)), text)

    def plain(self, value: Any) -> Any:
        """`value` (a record, or part of one) with each token replaced by the plain marker."""
        if isinstance(value, str):
            return self.plain_text(value)
        if isinstance(value, dict):
            return {k: self.plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.plain(v) for v in value]
        return value

    def html(self, text: Any) -> SafeString:
        """Escaped text with each token drawn as a box naming its exemption."""
        text = "" if text is None else str(text)
        pieces: list[str] = []
        pos = 0
        for match in self._pattern.finditer(text):
            pieces.append(conditional_escape(text[pos : match.start()]))
            exemption = self._redaction(match).exemption
            pieces.append(
                format_html(
                    '<span class="redaction" role="note">Redacted: {} ({})</span>',
                    exemption.citation,
                    exemption_name(exemption),
                )
            )
            pos = match.end()
        pieces.append(conditional_escape(text[pos:]))
        # Each piece is escaped text or our own format_html markup (format_html_join leaves
        # escaped pieces as they are and escapes anything else).
        return format_html_join("", "{}", ((piece,) for piece in pieces))


# --- the page --------------------------------------------------------------------------------
@dataclass
class Labels:
    """Words for the codes a record carries, loaded once a build."""

    categories: dict[str, str]

    @classmethod
    def load(cls) -> Labels:
        return cls(categories=dict(PolicyCategory.objects.values_list("code", "name")))

    def category_list(self, codes: Iterable[str]) -> str:
        return "; ".join(self.categories.get(code, code) for code in codes)


class ReleasePage:
    """Renders the records of one build, one at a time, and the page around them."""

    def __init__(self, tokens: RedactionTokens, labels: Labels, comment_ids: set[int]):
        self.tokens = tokens
        self.labels = labels
        self.comment_ids = comment_ids  # to link a reply to its parent when it is here too

    # -- pieces shared by the kinds
    def _decision(self, d: dict[str, Any]) -> dict[str, Any]:
        if d.get("withheld"):
            return {"id": d["id"], "withheld": self.tokens.html(d["withheld"])}
        return {
            "id": d["id"],
            "when": local_time(d.get("decided_at")),
            "action": _choice_label(DecisionAction, d.get("action")),
            "categories": self.labels.category_list(d.get("categories") or []),
            "sub_reason": d.get("sub_reason") or "",
            "rationale": self.tokens.html(d.get("rationale")),
            "actor": d.get("actor") or "",
            "policy_version": d.get("policy_version") or "",
            "review": _choice_label(ReviewState, d.get("review_state")),
            "reviewed_by": d.get("reviewed_by") or "",
            "reviewed_at": local_time(d.get("reviewed_at")),
            "review_note": d.get("review_note") or "",
            "undoes": d.get("undoes"),
        }

    def _ban(self, b: dict[str, Any]) -> dict[str, Any]:
        if b.get("withheld"):
            return {"id": b["id"], "withheld": self.tokens.html(b["withheld"])}
        return {
            "id": b["id"],
            "state": _choice_label(BanState, b.get("state")),
            "scope": _choice_label(BanScope, b.get("scope")),
            "categories": self.labels.category_list(b.get("categories") or []),
            "findings": self.tokens.html(b.get("findings")),
            "duration_days": b.get("duration_days"),
            "proposed_by": b.get("proposed_by") or "",
            "proposed_at": local_time(b.get("proposed_at")),
            "decided_by": b.get("decided_by") or "",
            "decided_at": local_time(b.get("decided_at")),
            "decision_note": b.get("decision_note") or "",
            "starts_at": local_time(b.get("starts_at")),
            "ends_at": local_time(b.get("ends_at")),
            "lifted_at": local_time(b.get("lifted_at")),
            "lift_reason": b.get("lift_reason") or "",
            "account_handle": self.tokens.html(b.get("account_handle")),
            "evidence": [
                {"id": pk, "here": pk in self.comment_ids}
                for pk in b.get("evidence_comment_ids") or []
            ],
        }

    def _comment(self, r: dict[str, Any], context: dict[str, Any]) -> dict[str, Any]:
        history = r.get("moderation_history") or {}
        account = r.get("account") or {}
        post = context.get("post") or {}
        status = r.get("platform_status") or {}
        state = _choice_label(PlatformState, r.get("platform_state"))
        summary = status.get("summary") or ""
        return {
            "site_name": r.get("site_name") or r.get("site"),
            "platform": _choice_label(Platform, r.get("platform")),
            "post": {
                "id": r.get("post_id"),
                "withheld": self.tokens.html(post["withheld"]) if post.get("withheld") else "",
                "posted_at": local_time(post.get("posted_at")),
                "text": self.tokens.html(post.get("body")),
            },
            "parent": {"id": r["parent_id"], "here": r["parent_id"] in self.comment_ids}
            if r.get("parent_id")
            else None,
            "account_name": self.tokens.html(account.get("display_name")),
            "account_handle": self.tokens.html(account.get("handle")),
            "legislative_body_member": account.get("legislative_body_member"),
            "posted_at": local_time(r.get("posted_at")),
            "captured_at": local_time(r.get("captured_at")),
            "body": self.tokens.html(r.get("body")),
            "permalink": self.tokens.html(r.get("permalink")),
            "platform_state": state,
            # The summary often is the state again ("Visible."): then it is said once.
            "platform_summary": summary if summary.rstrip(". ") != state else "",
            "revisions": [
                {
                    "number": rev.get("number"),
                    "withheld": self.tokens.html(rev["withheld"]) if rev.get("withheld") else "",
                    "captured_at": local_time(rev.get("captured_at")),
                    "body": self.tokens.html(rev.get("body")),
                }
                for rev in r.get("revisions") or []
            ],
            "attachments": [
                {
                    "file": a.get("file"),
                    "media_type": a.get("media_type") or "",
                    "size": a.get("size"),
                    "source_url": a.get("source_url") or "",
                    "fetch_error": a.get("fetch_error") or "",
                }
                for a in r.get("attachments") or []
            ],
            "flags": [
                {
                    "when": local_time(f.get("created_at")),
                    "source": _choice_label(FlagSource, f.get("source")),
                    "category": self.labels.category_list([f.get("category", "")]),
                    "sub_reason": f.get("sub_reason") or "",
                    "resolved": f.get("status") == "resolved",
                    "resolved_at": local_time(f.get("resolved_at")),
                }
                for f in history.get("flags") or []
            ],
            "decisions": [self._decision(d) for d in history.get("decisions") or []],
            "bans": [self._ban(b) for b in history.get("bans") or []],
            "platform_reports": [
                {
                    "when": local_time(p.get("reported_at")),
                    "by": p.get("reported_by") or "",
                    "reference": p.get("platform_reference") or "",
                }
                for p in history.get("platform_reports") or []
            ],
            "city_replies": [
                {
                    "when": local_time(reply.get("sent_at")),
                    "by": reply.get("sent_by") or "",
                    "text": reply.get("text") or "",
                }
                for reply in r.get("city_replies") or []
            ],
        }

    def record(self, record: dict[str, Any], context: dict[str, Any] | None = None) -> str:
        """One record's section of the page (`record` still holds the redaction tokens)."""
        kind = record.get("kind", "")
        view: dict[str, Any] = {
            "kind": kind,
            "kind_label": KIND_LABELS.get(kind, kind),
            "id": record.get("id"),
            "anchor": f"{kind}-{record.get('id')}",
            "site": record.get("site") or "",
            "withheld": self.tokens.html(record["withheld"]) if record.get("withheld") else "",
        }
        if not view["withheld"]:
            if kind == "comment":
                view.update(self._comment(record, context or {}))
            elif kind == "post":
                view.update(
                    posted_at=local_time(record.get("posted_at")),
                    body=self.tokens.html(record.get("body")),
                    permalink=self.tokens.html(record.get("permalink")),
                )
            elif kind == "decision":
                view.update(
                    decision=self._decision(record),
                    comment={
                        "id": record.get("comment_id"),
                        "here": record.get("comment_id") in self.comment_ids,
                    },
                )
            elif kind == "ban":
                view.update(ban=self._ban(record))
            elif kind == "subscriber_snapshot":
                subscribers = record.get("subscribers")
                view.update(
                    captured_at=local_time(record.get("captured_at")),
                    subscriber_count=record.get("subscriber_count"),
                    subscribers=[self.tokens.html(_subscriber_line(s)) for s in subscribers]
                    if isinstance(subscribers, list)
                    else [self.tokens.html(subscribers)],
                )
            elif kind == "posting_request":
                view.update(
                    received_on=local_time(record.get("received_on")),
                    requester_type=record.get("requester_type") or "",
                    requester_name=record.get("requester_name") or "",
                    body=self.tokens.html(record.get("body")),
                    decision=record.get("decision") or "",
                    decision_reason=record.get("decision_reason") or "",
                    reply_text=record.get("reply_text") or "",
                    decided_by=record.get("decided_by") or "",
                    decided_at=local_time(record.get("decided_at")),
                )
        return render_to_string("records/package/_record.html", {"r": view})


def _subscriber_line(subscriber: Any) -> str:
    if isinstance(subscriber, dict):
        name = subscriber.get("name") or subscriber.get("display_name") or ""
        handle = subscriber.get("handle") or subscriber.get("username") or ""
        ident = subscriber.get("id") or subscriber.get("external_id") or ""
        parts = [str(p) for p in (name, f"@{handle}" if handle else "", ident) if p]
        return " · ".join(parts) or str(subscriber)
    return str(subscriber)


def page_frame(context: dict[str, Any]) -> tuple[str, str]:
    """The page before and after the records."""
    page = render_to_string("records/package/index.html", context)
    head, slot, foot = page.partition(RECORDS_SLOT)
    if not slot or RECORDS_SLOT in foot:
        raise RuntimeError("the package page template must hold the records slot once")
    return head, foot


def refusing_fetcher():
    """WeasyPrint's URL fetcher for packages: the page needs nothing from anywhere, so every
    fetch is refused (WeasyPrint then leaves the resource out)."""
    import weasyprint

    class FetchNothing(weasyprint.URLFetcher):
        def fetch(self, url, headers=None):
            raise ValueError(f"a package page fetches nothing ({url[:60]})")

    return FetchNothing(fail_on_errors=False)


def write_pdf(page_html: str, target) -> None:
    """Print the page to `target` (a writable binary file). WeasyPrint lays the whole page out
    in memory: a PDF is built only for requesters who ask for one."""
    import weasyprint

    weasyprint.HTML(string=page_html, url_fetcher=refusing_fetcher()).write_pdf(target=target)
