"""Build a disclosure package: a ZIP streamed to a temporary file, then to Django storage.

Memory stays bounded whatever the size: records are read with `.iterator(chunk_size=...)`
(prefetching each chunk's revisions, flags, decisions and bans), each member is written through
`ZipFile.open(name, "w")` while its SHA-256 and size are computed, the two indexes are
spooled to temporary files and copied in afterwards, and the finished archive is hashed and
handed to `default_storage.save` from disk. Nothing holds the whole archive in RAM (index.pdf,
built only when asked for, is laid out in memory by WeasyPrint).

What the requester reads is `index.html` (and `index.pdf`, the same page printed) and
`index.csv`: see records/packages/release.py. The letters a package carries are the ones sent,
exactly as sent (records.selectors.packages.PACKAGE_LETTERS); a letter not sent yet is not in it.

Redactions (Gov. Code 7922.000, 7922.525: withhold the exempt portion, disclose the rest) change
exactly what they name and nothing else:

- a **span** of a field: the characters start..end are replaced by "[REDACTED — <citation>]",
  and the text before and after the span is written unchanged;
- a **whole field**: the field's value is replaced by the marker;
- a **whole record**: the record is listed as withheld ({"kind", "id", "withheld"}, and in
  index.csv and redaction_log.csv) and none of its content or attachments is written.

A record's redactions reach one place beyond the field itself: *verbatim copies of that field
in the same record* (see `RecordRedactor`). The raw payload the platform sent carries the
comment's text, author name and permalink again, and the current revision repeats the body; a
string value there that is exactly the field's original text is the same data, so the same spans
are replaced at the same offsets. Keys are never changed, other records are never touched, and
nothing is found by searching for the redacted text: where the same personal data appears in
another record (an older revision, a ban's findings, another comment quoting it), the clerk
redacts it there on purpose. A decision or ban serialised inside its comment's history is that
same record, so its own redactions apply there too. A redacted body loses its content hash
(a SHA-256 of a short redacted value, a phone number, can be brute-forced); other fields' hashes
stay.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import logging
import tempfile
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.files import File
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch
from django.utils import timezone

from moderation.connectors.selectors import comment_platform_status
from moderation.models import Attachment, CommentReply, Decision, PlatformAction
from records.forms import criteria_from_json
from records.models import (
    DisclosurePackage,
    RecordsRequest,
    Redaction,
    TargetType,
)
from records.packages.naming import attachment_member
from records.packages.release import (
    INDEX_COLUMNS,
    INDEX_HEADER,
    Labels,
    RedactionTokens,
    ReleasePage,
    exemption_name,
    page_frame,
    write_pdf,
)
from records.selectors.packages import letters_in_package
from records.selectors.records import subscribers_text, texts_of
from records.selectors.search import MATCHERS, CriteriaError, SearchCriteria
from records.services.packages import (
    package_complete,
    package_fail,
    package_progress,
    package_start,
)

log = logging.getLogger(__name__)

GENERATOR_VERSION = "stanton-records-package/1.1"
CHUNK_SIZE = 500
COPY_BUFFER = 1024 * 1024
# Where the archive is assembled before it goes to storage (tests point it elsewhere).
TEMP_DIR: str | None = None


def marker(citation: str) -> str:
    return f"[REDACTED — {citation}]"


def plain_mark(redaction: Redaction) -> str:
    return marker(redaction.exemption.citation)


Mark = Callable[[Redaction], str]


# --- redactions ----------------------------------------------------------------------------------
def redact_text(text: str, redactions: list[Redaction], mark: Mark = plain_mark) -> str:
    """`text` with these redactions (all of one field, or of verbatim copies of it) applied:
    a whole-field one replaces it all; spans are replaced by the marker, exactly, nothing
    around them. Overlapping spans merge into one marker. `mark` writes the marker (the
    builder's tokens, see records/packages/release.py)."""
    if not redactions:
        return text
    whole = [r for r in redactions if r.start is None]
    if whole:
        return mark(whole[0])
    spans = sorted(redactions, key=lambda r: (r.start, r.end, r.pk))
    if any(
        r.end > len(text)
        or (
            r.text_sha256
            and hashlib.sha256(text[r.start : r.end].encode("utf-8")).hexdigest() != r.text_sha256
        )
        for r in spans
    ):
        # The text moved since the clerk marked it: withhold the whole field, never guess.
        return mark(spans[0])
    out, pos = [], 0
    for r in spans:
        if r.start < pos:  # overlaps the previous span: that marker covers it up to r.end
            pos = max(pos, r.end)
            continue
        out.append(text[pos : r.start])
        out.append(mark(r))
        pos = r.end
    out.append(text[pos:])
    return "".join(out)


@dataclass
class RedactionPlan:
    """The request's active redactions, indexed by the record and field each one names.

    A redaction applies to its own record only. Nothing is ever found and replaced across
    records, or in JSON keys: that turned a one-character span "1" into markers inside every
    other record's dates, ids and hashes (issue 9). See `RecordRedactor` for the one place a
    redaction reaches beyond its field: verbatim copies of that field inside the same record.
    """

    by_field: dict[tuple[str, int, str], list[Redaction]] = field(default_factory=dict)
    withheld_records: dict[tuple[str, int], Redaction] = field(default_factory=dict)
    rows: list[Redaction] = field(default_factory=list)
    mark: Mark = plain_mark

    @classmethod
    def for_request(cls, request: RecordsRequest) -> RedactionPlan:
        plan = cls()
        plan.rows = list(
            Redaction.objects.filter(request=request, withdrawn_at__isnull=True)
            .select_related("exemption", "created_by")
            .order_by("id")
        )
        by_field: dict[tuple[str, int, str], list[Redaction]] = defaultdict(list)
        for r in plan.rows:
            if not r.field:
                plan.withheld_records.setdefault((r.target_type, r.target_id), r)
            else:
                by_field[(r.target_type, r.target_id, r.field)].append(r)
        plan.by_field = dict(by_field)
        return plan

    def field_redactions(self, target_type: str, target_id: int, name: str) -> list[Redaction]:
        return self.by_field.get((target_type, target_id, name), [])

    def apply_field(self, target_type: str, target_id: int, name: str, text: str) -> str:
        """The field's text with this record's redactions of that field applied."""
        return redact_text(text, self.field_redactions(target_type, target_id, name), self.mark)

    def withheld(self, target_type: str, target_id: int) -> str | None:
        """The marker that replaces a withheld record, or None."""
        redaction = self.withheld_records.get((target_type, target_id))
        return self.mark(redaction) if redaction else None

    def redactor(self, target_type: str, target_id: int, texts: dict[str, str]) -> RecordRedactor:
        """The redactor of one record, given its redactable fields' original texts."""
        return RecordRedactor(
            {
                name: (text, found)
                for name, text in texts.items()
                if (found := self.field_redactions(target_type, target_id, name))
            },
            self.mark,
        )


class RecordRedactor:
    """One record's field redactions, and their verbatim copies inside that record.

    A record carries some of its fields more than once: the platform's raw payload holds the
    comment's text (Meta's "message"), the author's name and the permalink, and the current
    revision repeats the body. A redaction of the field covers those copies too, but only
    where a string value *in this record* is exactly the field's original text: then it is the
    same data and the same spans apply to it at the same offsets. A copy is never found by
    searching for the redacted span, and keys are never touched, so nothing else changes; text
    that merely contains the span (an older revision, another record quoting it) is other
    content, which the clerk redacts there on purpose.
    """

    def __init__(self, fields: dict[str, tuple[str, list[Redaction]]], mark: Mark = plain_mark):
        self.fields = fields
        self.mark = mark
        self._by_text: dict[str, list[Redaction]] = defaultdict(list)
        for text, redactions in fields.values():
            if text:  # an empty field has no copies: "" elsewhere is not its data
                self._by_text[text].extend(redactions)

    def __bool__(self) -> bool:
        return bool(self.fields)

    def including(self, name: str, text: str, redactions: list[Redaction]) -> RecordRedactor:
        """This redactor plus one more field (a nested revision's own body redactions)."""
        if not redactions:
            return self
        return RecordRedactor({**self.fields, name: (text, redactions)}, self.mark)

    def text(self, value: str) -> str:
        """A string of this record (a field or a copy of one): the redactions of every field of
        this record whose original text it is, at the same offsets."""
        found = self._by_text.get(value)
        if not found:
            return value
        return redact_text(value, list({r.pk: r for r in found}.values()), self.mark)

    def json(self, value: Any) -> Any:
        """A JSON value of this record (a raw payload) with copied fields redacted. Values only:
        a key is the platform's structure, not content."""
        if not self._by_text:
            return value
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, dict):
            return {k: self.json(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.json(v) for v in value]
        return value


# --- zip members ---------------------------------------------------------------------------------
class HashingMember:
    """A member being written: counts bytes and hashes them on the way into the ZIP."""

    def __init__(self, zf: zipfile.ZipFile, name: str):
        self.name = name
        info = zipfile.ZipInfo(name, date_time=timezone.localtime().timetuple()[:6])
        info.compress_type = zipfile.ZIP_DEFLATED
        self._stream = zf.open(info, "w", force_zip64=True)
        self._hash = hashlib.sha256()
        self.size = 0
        self._open = zf.__dict__.setdefault("_portal_open_members", [])
        self._open.append(self)

    def write(self, data: bytes | str) -> None:
        if isinstance(data, str):
            data = data.encode("utf-8")
        self._hash.update(data)
        self.size += len(data)
        self._stream.write(data)

    def close(self) -> dict[str, Any]:
        self._stream.close()
        if self in self._open:
            self._open.remove(self)
        return {"sha256": self._hash.hexdigest(), "size": self.size}

    @staticmethod
    def abort_open(zf: zipfile.ZipFile) -> None:
        """After an error: close a half-written member so the real exception surfaces (the
        archive is discarded anyway)."""
        members = zf.__dict__.get("_portal_open_members", [])
        while members:
            member = members.pop()
            # The original error is what matters; a failure to close this one is not.
            with contextlib.suppress(Exception):
                member._stream.close()


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _json_line(record: dict[str, Any]) -> str:
    return json.dumps(record, cls=DjangoJSONEncoder, ensure_ascii=False, sort_keys=True) + "\n"


def _csv_safe(value: Any) -> str:
    """Spreadsheet formula injection (OWASP): a cell starting with = + - @ is prefixed."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _excerpt(text: str, length: int = 160) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= length else text[: length - 1] + "…"


# --- serialising each kind -----------------------------------------------------------------------
# A decision or ban is serialised on its own and again inside its comment's moderation history:
# both are that one record, so its own redactions (and withholding) apply in both places.
def _decision_dict(d: Decision, plan: RedactionPlan) -> dict[str, Any]:
    withheld = plan.withheld(TargetType.DECISION, d.pk)
    if withheld:
        return {"id": d.pk, "withheld": withheld}
    return {
        "id": d.pk,
        "action": d.action,
        "categories": sorted(c.code for c in d.categories.all()),
        "sub_reason": d.sub_reason,
        "rationale": plan.apply_field(TargetType.DECISION, d.pk, "rationale", d.rationale),
        # Whether the rationale is the moderator's words or a template they accepted.
        "rationale_source": d.rationale_source,
        "undoes": d.undoes_id,
        "policy_version": str(d.policy_version) if d.policy_version_id else None,
        "actor": d.actor.full_name if d.actor_id else None,
        "decided_at": _iso(d.decided_at),
        "previous_platform_state": d.previous_platform_state,
        "review_state": d.review_state,
        "reviewed_by": d.reviewed_by.full_name if d.reviewed_by_id else None,
        "reviewed_at": _iso(d.reviewed_at),
        "review_note": d.review_note,
    }


def _ban_dict(b, plan: RedactionPlan) -> dict[str, Any]:
    withheld = plan.withheld(TargetType.BAN, b.pk)
    if withheld:
        return {"id": b.pk, "withheld": withheld}
    return {
        "id": b.pk,
        "account_id": b.account_id,
        "scope": b.scope,
        "site": b.site.slug,
        "categories": sorted(c.code for c in b.categories.all()),
        "findings": plan.apply_field(TargetType.BAN, b.pk, "findings", b.findings),
        "duration_days": b.duration_days,
        "policy_version": str(b.policy_version) if b.policy_version_id else None,
        "state": b.state,
        "proposed_by": b.proposed_by.full_name if b.proposed_by_id else None,
        "proposed_at": _iso(b.proposed_at),
        "decided_by": b.decided_by.full_name if b.decided_by_id else None,
        "decided_at": _iso(b.decided_at),
        "decision_note": b.decision_note,
        "starts_at": _iso(b.starts_at),
        "ends_at": _iso(b.ends_at),
        "lifted_at": _iso(b.lifted_at),
        "lift_reason": b.lift_reason,
    }


def _platform_status(c) -> dict[str, Any]:
    status = comment_platform_status(c, list(c.platform_actions.all()))
    return {
        "confirmed": status.confirmed,
        "action_state": status.action_state,
        "summary": status.summary,
    }


def _comment_record(c, plan: RedactionPlan) -> dict[str, Any]:
    """A comment with its revisions, attachments and moderation history. Its redactions reach
    its fields and their verbatim copies in this record (RecordRedactor), and nothing else."""
    redactor = plan.redactor(TargetType.COMMENT, c.pk, texts_of(TargetType.COMMENT, c))
    body = redactor.text(c.body)

    revisions = []
    for rev in c.revisions.all():
        withheld = plan.withheld(TargetType.REVISION, rev.pk)
        if withheld:
            revisions.append({"id": rev.pk, "number": rev.number, "withheld": withheld})
            continue
        # The revision's own redactions, plus the comment's where the revision repeats one of
        # its fields verbatim (the current revision is the body again).
        rev_redactor = redactor.including(
            "revision body", rev.body, plan.field_redactions(TargetType.REVISION, rev.pk, "body")
        )
        rev_body = rev_redactor.text(rev.body)
        revisions.append(
            {
                "id": rev.pk,
                "number": rev.number,
                "body": rev_body,
                # A SHA-256 of redacted text would let anyone confirm a guess of it.
                "content_hash": rev.content_hash if rev_body == rev.body else None,
                "captured_at": _iso(rev.captured_at),
                "raw_payload": rev_redactor.json(rev.raw_payload),
            }
        )
    return {
        "kind": "comment",
        "id": c.pk,
        "site": c.site.slug,
        "site_name": c.site.name,
        "platform": c.site.platform,
        "post_id": c.post_id,
        "parent_id": c.parent_id,
        "external_id": redactor.text(c.external_id),
        "account": {
            "id": c.account_id,
            "platform": c.account.platform,
            "external_id": redactor.text(c.account.external_id),
            "handle": redactor.text(c.account.handle),
            "display_name": redactor.text(c.account.display_name),
            "legislative_body_member": c.account.is_legislative_body_member,
        },
        "body": body,
        "content_hash": c.content_hash if body == c.body else None,
        "posted_at": _iso(c.posted_at),
        "permalink": redactor.text(c.permalink),
        "platform_state": c.platform_state,
        # What the platform is known to have done of the City's decision: a removal the
        # platform has not confirmed is never reported as done (moderation.connectors).
        "platform_reported_state": c.platform_reported_state,
        "platform_status": _platform_status(c),
        "captured_at": _iso(c.captured_at),
        "updated_at": _iso(c.updated_at),
        "raw_payload": redactor.json(c.raw_payload),
        "revisions": revisions,
        "attachments": [
            {
                "id": a.pk,
                "source_url": a.source_url,
                "media_type": a.media_type,
                "sha256": a.sha256,
                "size": a.size,
                "captured_at": _iso(a.captured_at),
                "file": attachment_member(a.pk, a.file.name) if a.file else None,
                "fetch_error": a.fetch_error,
            }
            for a in c.attachments.all()
        ],
        "moderation_history": {
            "flags": [
                {
                    "id": fl.pk,
                    "source": fl.source,
                    "category": fl.category.code,
                    "sub_reason": fl.sub_reason,
                    "detector": fl.detector,
                    "score": fl.score,
                    "evidence": fl.evidence,
                    "status": fl.status,
                    "created_at": _iso(fl.created_at),
                    "resolved_at": _iso(fl.resolved_at),
                }
                for fl in c.flags.all()
            ],
            "decisions": [_decision_dict(d, plan) for d in c.decisions.all()],
            "bans": [_ban_dict(b, plan) for b in c.ban_evidence.all()],
            # Reports of the account to the platform, beside the decisions they follow.
            "platform_reports": [
                {
                    "id": r.pk,
                    "decision_id": r.decision_id,
                    "reported_at": _iso(r.reported_at),
                    "reported_by": r.reported_by.full_name,
                    "platform_reference": r.platform_reference,
                }
                for d in c.decisions.all()
                for r in d.platform_reports.all()
            ],
        },
        # The City's replies as sent (moderation/responses): checked for staff personal
        # information before they went out, so they carry no redactions of their own.
        "city_replies": [
            {
                "id": r.pk,
                "text": r.text,
                "sent_at": _iso(r.sent_at),
                "sent_by": r.sent_by.full_name if r.sent_by_id else None,
                "exception_reason": r.exception_reason or None,
                "platform_action_state": r.platform_action.state if r.platform_action_id else None,
            }
            for r in c.city_replies.all()
        ],
    }


def _comments(criteria: SearchCriteria) -> Iterator:
    decisions = (
        Decision.objects.select_related("actor", "reviewed_by", "policy_version")
        .prefetch_related("categories", "platform_reports__reported_by")
        .order_by("decided_at", "id")
    )
    from moderation.models import Ban

    bans = Ban.objects.select_related(
        "site", "proposed_by", "decided_by", "policy_version"
    ).prefetch_related("categories")
    return (
        MATCHERS["comments"](criteria)
        .select_related("site", "account", "post")
        .prefetch_related(
            "revisions",
            "attachments",
            "flags__category",
            Prefetch(
                "platform_actions",
                queryset=PlatformAction.objects.order_by("-created_at", "-id"),
            ),
            Prefetch("decisions", queryset=decisions),
            Prefetch("ban_evidence", queryset=bans),
            Prefetch(
                "city_replies",
                queryset=CommentReply.objects.filter(state=CommentReply.State.SENT)
                .select_related("sent_by", "platform_action")
                .order_by("sent_at", "id"),
            ),
        )
        .iterator(chunk_size=CHUNK_SIZE)
    )


def _simple_records(kind: str, criteria: SearchCriteria, plan: RedactionPlan) -> Iterator[dict]:
    qs = MATCHERS[kind](criteria)
    if kind == "posts":
        for p in qs.select_related("site").iterator(chunk_size=CHUNK_SIZE):
            redactor = plan.redactor(TargetType.POST, p.pk, texts_of(TargetType.POST, p))
            yield {
                "kind": "post",
                "id": p.pk,
                "site": p.site.slug,
                "external_id": redactor.text(p.external_id),
                "body": redactor.text(p.body),
                "permalink": redactor.text(p.permalink),
                "posted_at": _iso(p.posted_at),
                "captured_at": _iso(p.captured_at),
                "raw_payload": redactor.json(p.raw_payload),
                "redacted": bool(redactor),
            }
    elif kind == "decisions":
        qs = qs.select_related(
            "actor", "reviewed_by", "policy_version", "comment__site"
        ).prefetch_related("categories")
        for d in qs.iterator(chunk_size=CHUNK_SIZE):
            yield {
                "kind": "decision",
                "comment_id": d.comment_id,
                "site": d.comment.site.slug,
                **_decision_dict(d, plan),
            }
    elif kind == "bans":
        qs = qs.select_related(
            "site", "account", "proposed_by", "decided_by", "policy_version"
        ).prefetch_related("categories", "evidence")
        for b in qs.iterator(chunk_size=CHUNK_SIZE):
            yield {
                "kind": "ban",
                **_ban_dict(b, plan),
                "account_handle": b.account.handle,
                "evidence_comment_ids": sorted(c.pk for c in b.evidence.all()),
            }
    elif kind == "posting_requests":
        for r in qs.select_related("site", "logged_by", "decided_by").iterator(
            chunk_size=CHUNK_SIZE
        ):
            yield {
                "kind": "posting_request",
                "id": r.pk,
                "site": r.site.slug if r.site_id else "",
                "requester_type": r.requester_type,
                "requester_name": r.requester_name,
                "requester_contact": r.requester_contact,
                "body": r.content,
                "received_on": r.received_on.isoformat(),
                "decision": r.decision or None,
                "decision_reason": r.decision_reason,
                "reply_text": r.reply_text,
                "decided_by": r.decided_by.full_name if r.decided_by_id else None,
                "decided_at": _iso(r.decided_at),
            }
    elif kind == "snapshots":
        for s in qs.select_related("site").iterator(chunk_size=CHUNK_SIZE):
            text = subscribers_text(s.subscribers)
            applied = plan.apply_field(TargetType.SNAPSHOT, s.pk, "subscribers", text)
            yield {
                "kind": "subscriber_snapshot",
                "id": s.pk,
                "site": s.site.slug,
                "captured_at": _iso(s.captured_at),
                "subscriber_count": s.subscriber_count,
                "subscribers": s.subscribers if applied == text else applied,
            }


TARGET_OF_KIND = {
    "comments": TargetType.COMMENT,
    "posts": TargetType.POST,
    "decisions": TargetType.DECISION,
    "bans": TargetType.BAN,
    "snapshots": TargetType.SNAPSHOT,
}


def _csv_time(value: str | None) -> str:
    """A record's ISO time as Stanton's local time with its zone, sortable: 2026-03-04 12:00
    PST (a date stays a date)."""
    if not value or len(value) == 10:
        return value or ""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S %Z")


def _index_fields(record: dict[str, Any]) -> list[Any]:
    """One index.csv row, in the order of `INDEX_COLUMNS` (records/packages/release.py)."""
    return [
        record.get("kind"),
        record.get("id"),
        record.get("site", ""),
        (record.get("account") or {}).get("handle")
        if record["kind"] == "comment"
        else record.get("account_handle", ""),
        _csv_time(
            record.get("posted_at")
            or record.get("decided_at")
            or record.get("proposed_at")
            or record.get("captured_at")
            or record.get("received_on")
        ),
        record.get("platform_state", ""),
        (record.get("platform_status") or {}).get("summary", ""),
        _excerpt(
            record.get("body")
            or record.get("rationale")
            or record.get("findings")
            or record.get("withheld")
            or ""
        ),
    ]


# --- the build -----------------------------------------------------------------------------------
class _Progress:
    def __init__(self, package_id: int, total: int):
        self.package_id, self.total, self.done, self._last = package_id, max(total, 1), 0, -1

    def tick(self, n: int = 1, message: str = "") -> None:
        self.done += n
        pct = min(90, int(self.done * 90 / self.total))
        if pct != self._last:
            self._last = pct
            package_progress(
                package_id=self.package_id,
                progress=pct,
                message=message or f"Writing records ({self.done} of {self.total})",
            )


def _post_context(comment, plan: RedactionPlan) -> dict[str, Any]:
    """The City's post a comment answers, for the readable page: with the post's own
    redactions (it is another record), or withheld when the post is."""
    post = comment.post
    if post is None:
        return {}
    withheld = plan.withheld(TargetType.POST, post.pk)
    if withheld:
        return {"withheld": withheld}
    redactor = plan.redactor(TargetType.POST, post.pk, texts_of(TargetType.POST, post))
    return {"body": redactor.text(post.body), "posted_at": _iso(post.posted_at)}


def _copy(tmp, out: HashingMember) -> None:
    tmp.flush()
    tmp.seek(0)
    while chunk := tmp.read(COPY_BUFFER):
        out.write(chunk)


def _write_archive(package: DisclosurePackage, fileobj) -> tuple[dict, dict]:
    request = package.request
    plan = RedactionPlan.for_request(request)
    # Redacted spans are written as this build's tokens, drawn as boxes on the readable page
    # and turned into the plain marker for records.jsonl and index.csv.
    tokens = RedactionTokens(plan.rows, plain=plain_mark)
    plan.mark = tokens.mark
    criteria: SearchCriteria | None = None
    if package.criteria:
        criteria = criteria_from_json(package.criteria)
    counts = dict.fromkeys(MATCHERS, 0)
    totals = {kind: (MATCHERS[kind](criteria).count() if criteria else 0) for kind in MATCHERS}
    progress = _Progress(package.pk, sum(totals.values()))
    comment_ids: set[int] = (
        set(MATCHERS["comments"](criteria).values_list("pk", flat=True))
        if criteria is not None and totals["comments"]
        else set()
    )
    page = ReleasePage(tokens, Labels.load(), comment_ids)
    files: dict[str, dict[str, Any]] = {}
    tmp_dir = TEMP_DIR

    with (
        zipfile.ZipFile(fileobj, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as zf,
        tempfile.TemporaryFile("w+", encoding="utf-8", newline="", dir=tmp_dir) as csv_tmp,
        tempfile.TemporaryFile("w+", encoding="utf-8", dir=tmp_dir) as html_tmp,
    ):
        try:
            index_csv = csv.writer(csv_tmp)
            index_csv.writerow(INDEX_HEADER)

            def emit(
                member: HashingMember, record: dict[str, Any], context: dict | None = None
            ) -> None:
                plain = tokens.plain(record)
                member.write(_json_line(plain))
                row = ["" if v is None else str(v) for v in _index_fields(plain)]
                index_csv.writerow([_csv_safe(v) for v in row])
                html_tmp.write(page.record(record, context))

            withheld_comment_ids: set[int] = set()
            member = HashingMember(zf, "records.jsonl")
            if criteria is not None:
                for comment in _comments(criteria):
                    withheld = plan.withheld(TargetType.COMMENT, comment.pk)
                    if withheld:
                        # Withheld: the record is listed (and logged) but none of its content,
                        # attachments included, is in the package.
                        withheld_comment_ids.add(comment.pk)
                        emit(
                            member,
                            {
                                "kind": "comment",
                                "id": comment.pk,
                                "site": comment.site.slug,
                                "withheld": withheld,
                            },
                        )
                    else:
                        emit(
                            member,
                            _comment_record(comment, plan),
                            {"post": _post_context(comment, plan)},
                        )
                    counts["comments"] += 1
                    progress.tick()
                for kind in ("posts", "decisions", "bans", "snapshots", "posting_requests"):
                    for record in _simple_records(kind, criteria, plan):
                        # Posting requests are whole records, not redacted field by field.
                        target = TARGET_OF_KIND.get(kind)
                        withheld = plan.withheld(target, record["id"]) if target else None
                        if withheld:
                            record = {
                                "kind": record["kind"],
                                "id": record["id"],
                                "withheld": withheld,
                            }
                        emit(member, record)
                        counts[kind] += 1
                        progress.tick()
            files["records.jsonl"] = member.close()

            # Attachments as stored, under names that cannot leave the archive.
            package_progress(package_id=package.pk, progress=91, message="Copying attachments")
            attachments_count = 0
            if criteria is not None and "comments" in criteria.kinds:
                attachments = (
                    Attachment.objects.filter(
                        comment_id__in=MATCHERS["comments"](criteria).values("pk")
                    )
                    .exclude(file="")
                    .exclude(comment_id__in=withheld_comment_ids)
                    .order_by("id")
                )
                for attachment in attachments.iterator(chunk_size=CHUNK_SIZE):
                    name = attachment_member(attachment.pk, attachment.file.name)
                    try:
                        source = attachment.file.open("rb")
                    except (FileNotFoundError, OSError) as exc:
                        log.warning(
                            "package %s: attachment %s missing: %s", package.pk, attachment.pk, exc
                        )
                        continue
                    with source:
                        out = HashingMember(zf, name)
                        while chunk := source.read(COPY_BUFFER):
                            out.write(chunk)
                        files[name] = out.close()
                    attachments_count += 1
            counts["attachments"] = attachments_count
            counts["total"] = sum(counts[k] for k in MATCHERS)

            letters = letters_in_package(request)
            for name, letter in letters.items():
                out = HashingMember(zf, name)
                out.write(letter.body)  # exactly the text that was sent
                files[name] = out.close()

            package_progress(package_id=package.pk, progress=94, message="Writing the indexes")
            exemptions = {r.exemption.citation: r.exemption for r in plan.rows}
            head, foot = page_frame(
                {
                    "req": request,
                    "package": package,
                    "counts": counts,
                    "generated_at": timezone.localtime(),
                    "generator_version": GENERATOR_VERSION,
                    "exemptions": [
                        {
                            "citation": e.citation,
                            "name": exemption_name(e),
                            "description": e.description,
                        }
                        for _citation, e in sorted(exemptions.items())
                    ],
                    "withheld_records": len(plan.withheld_records),
                    "withheld_portions": sum(1 for r in plan.rows if r.field),
                    "letters": [
                        {"file": name, "letter": letter} for name, letter in letters.items()
                    ],
                    "include_pdf": package.include_pdf,
                    "attachments": counts["attachments"],
                }
            )
            out = HashingMember(zf, "index.html")
            out.write(head)
            _copy(html_tmp, out)
            out.write(foot)
            files["index.html"] = out.close()
            out = HashingMember(zf, "index.csv")
            _copy(csv_tmp, out)
            files["index.csv"] = out.close()

            if package.include_pdf:
                package_progress(package_id=package.pk, progress=95, message="Printing the PDF")
                html_tmp.seek(0)
                out = HashingMember(zf, "index.pdf")
                write_pdf(head + html_tmp.read() + foot, out)
                files["index.pdf"] = out.close()

            log_buffer = io.StringIO()
            writer = csv.writer(log_buffer)
            writer.writerow(
                [
                    "redaction_id",
                    "record",
                    "field",
                    "span_start",
                    "span_end",
                    "scope",
                    "exemption",
                    "redacted_by",
                    "redacted_at",
                ]
            )
            for r in plan.rows:
                writer.writerow(
                    [
                        r.pk,
                        f"{r.target_type}:{r.target_id}",
                        r.field or "(whole record)",
                        "" if r.start is None else r.start,
                        "" if r.end is None else r.end,
                        r.scope,
                        _csv_safe(r.exemption.citation),
                        _csv_safe(r.created_by.full_name),
                        r.created_at.isoformat(),
                    ]
                )
            out = HashingMember(zf, "redaction_log.csv")
            out.write(log_buffer.getvalue())
            files["redaction_log.csv"] = out.close()

            manifest = {
                "request": request.number,
                "criteria": package.criteria,
                "generated_at": timezone.now().isoformat(),
                "generator_version": GENERATOR_VERSION,
                "package_id": package.pk,
                "counts": counts,
                "redactions": len(plan.rows),
                # index.csv's columns in order: the key a script relies on, the name it shows.
                "index_columns": [{"key": k, "name": n} for k, n in INDEX_COLUMNS],
                # Each letter carried, as sent (see PACKAGE_LETTERS).
                "letters": {
                    name: {
                        "letter_id": letter.pk,
                        "kind": letter.kind,
                        "subject": letter.subject,
                        "sent_at": letter.sent_at.isoformat(),
                    }
                    for name, letter in sorted(letters.items())
                },
                "files": {name: files[name] for name in sorted(files)},
            }
            out = HashingMember(zf, "manifest.json")
            out.write(json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
            out.close()
        except BaseException:
            HashingMember.abort_open(zf)
            raise
    return manifest, counts


def _file_sha256(fileobj) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    fileobj.seek(0)
    while chunk := fileobj.read(COPY_BUFFER):
        digest.update(chunk)
        size += len(chunk)
    fileobj.seek(0)
    return digest.hexdigest(), size


def package_build(*, package_id: int) -> DisclosurePackage | None:
    """Build one package (the Celery task and `manage.py build_package` both call this).
    Returns None when there was nothing to do (already complete, or being built elsewhere)."""
    package = package_start(package_id=package_id)
    if package is None:
        return None
    package = DisclosurePackage.objects.select_related(
        "request__assignee", "request__extended_by", "built_by"
    ).get(pk=package.pk)
    try:
        with tempfile.NamedTemporaryFile(suffix=".zip", dir=TEMP_DIR) as tmp:
            manifest, counts = _write_archive(package, tmp)
            tmp.flush()
            sha256, size = _file_sha256(tmp)
            package_progress(package_id=package.pk, progress=97, message="Saving the archive")
            stem = f"{package.request.number}-package-{package.pk}"
            name = default_storage.save(
                f"packages/{package.request.number}/{stem}.zip", File(tmp, name=f"{stem}.zip")
            )
        return package_complete(
            package_id=package.pk,
            file_name=name,
            sha256=sha256,
            size=size,
            manifest=manifest,
            counts=counts,
            generator_version=GENERATOR_VERSION,
        )
    except CriteriaError as exc:
        package_fail(package_id=package.pk, error=str(exc))
        raise
    except Exception as exc:
        package_fail(package_id=package.pk, error=f"{type(exc).__name__}: {exc}")
        raise
