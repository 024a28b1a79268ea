"""Reading one retained record's redactable text, by kind and id."""

from __future__ import annotations

import json

from moderation.models import Ban, Comment, CommentRevision, Decision, Post, SubscriberSnapshot
from records.models import RAW_PAYLOAD_KINDS, RAW_PAYLOAD_PREFIX, Redaction, TargetType


def subscribers_text(subscribers) -> str:
    return json.dumps(subscribers, ensure_ascii=False, sort_keys=True)


def _pointer_token(key: object) -> str:
    # RFC 6901: "~" is written "~0" and "/" is written "~1" inside a reference token.
    return str(key).replace("~", "~0").replace("/", "~1")


def raw_payload_texts(payload: object, pointer: str = "") -> dict[str, str]:
    """Every non-empty string value of a raw payload, by "raw_payload" + its JSON Pointer.
    Values only: keys are the platform's structure. (A package replaces a redacted value
    wherever the same string is a value in this record's payload: it is the same data.)"""
    found: dict[str, str] = {}
    if isinstance(payload, dict):
        for key, value in payload.items():
            found.update(raw_payload_texts(value, f"{pointer}/{_pointer_token(key)}"))
    elif isinstance(payload, list):
        for index, value in enumerate(payload):
            found.update(raw_payload_texts(value, f"{pointer}/{index}"))
    elif isinstance(payload, str) and payload and pointer:
        found["raw_payload" + pointer] = payload
    return found


def texts_of(target_type: str, obj) -> dict[str, str]:
    """The redactable text fields of a loaded record (the same strings packages write)."""
    if target_type == TargetType.COMMENT:
        return {
            "body": obj.body,
            "account_handle": obj.account.handle,
            "account_display_name": obj.account.display_name,
            "permalink": obj.permalink,
            "external_id": obj.external_id,
            "account_external_id": obj.account.external_id,
            **raw_payload_texts(obj.raw_payload),
        }
    if target_type == TargetType.REVISION:
        return {"body": obj.body}
    if target_type == TargetType.POST:
        return {
            "body": obj.body,
            "permalink": obj.permalink,
            "external_id": obj.external_id,
            **raw_payload_texts(obj.raw_payload),
        }
    if target_type == TargetType.DECISION:
        return {"rationale": obj.rationale}
    if target_type == TargetType.BAN:
        return {"findings": obj.findings}
    if target_type == TargetType.SNAPSHOT:
        return {"subscribers": subscribers_text(obj.subscribers)}
    raise ValueError(target_type)


MODELS = {
    TargetType.COMMENT: Comment.objects.select_related("account", "site"),
    TargetType.REVISION: CommentRevision.objects.select_related("comment"),
    TargetType.POST: Post.objects.select_related("site"),
    TargetType.DECISION: Decision.objects.select_related("comment"),
    TargetType.BAN: Ban.objects.select_related("account", "site"),
    TargetType.SNAPSHOT: SubscriberSnapshot.objects.select_related("site"),
}


def record_get(target_type: str, target_id: int):
    queryset = MODELS.get(target_type)
    if queryset is None:
        return None
    return queryset.filter(pk=target_id).first()


def is_raw_payload_field(target_type: str, field: str) -> bool:
    return target_type in RAW_PAYLOAD_KINDS and field.startswith(RAW_PAYLOAD_PREFIX)


def record_field_text(target_type: str, target_id: int, field: str) -> str | None:
    """The field's text; "" field means the record as a whole (returns "" if it exists)."""
    obj = record_get(target_type, target_id)
    if obj is None:
        return None
    if not field:
        return ""
    return texts_of(target_type, obj).get(field)


def comment_revisions_to_review(comment: Comment, redactions) -> list[dict]:
    """The comment's revisions, for the redaction editor. A redaction of the comment's body
    reaches only the revision that is the same text (the current one); an older revision is a
    record of its own, so the clerk is shown which ones still contain text redacted from this
    comment (after that revision's own redactions for the same request) and redacts them
    there, on purpose: never by search-and-replace in the package."""
    fields = texts_of(TargetType.COMMENT, comment)
    redacted: list[str] = []
    request_ids = set()
    for r in redactions:
        if r.withdrawn_at is not None or not r.field:
            continue
        request_ids.add(r.request_id)
        text = fields.get(r.field) or ""
        redacted.append(text if r.start is None else text[r.start : r.end])
    revisions = list(comment.revisions.order_by("number", "id"))
    own: dict[int, list] = {}
    for r in Redaction.objects.filter(
        request_id__in=request_ids,
        target_type=TargetType.REVISION,
        target_id__in=[rev.pk for rev in revisions],
        withdrawn_at__isnull=True,
    ):
        own.setdefault(r.target_id, []).append(r)
    rows = []
    for revision in revisions:
        same = revision.body == comment.body
        remaining = revision.body
        for r in own.get(revision.pk, []):
            if r.start is None:  # the whole body or the whole revision is withheld
                remaining = ""
                break
            # NUL never occurs in stored text, so nothing can match across a cut-out span.
            remaining = remaining[: r.start] + "\0" * (r.end - r.start) + remaining[r.end :]
        rows.append(
            {
                "revision": revision,
                "same_as_body": same,
                "repeats_redacted_text": not same
                and any(text and text in remaining for text in redacted),
            }
        )
    return rows
