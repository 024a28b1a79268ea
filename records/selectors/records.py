"""Reading one retained record's redactable text, by kind and id."""

from __future__ import annotations

import json

from moderation.models import Ban, Comment, CommentRevision, Decision, Post, SubscriberSnapshot
from records.models import TargetType


def subscribers_text(subscribers) -> str:
    return json.dumps(subscribers, ensure_ascii=False, sort_keys=True)


def texts_of(target_type: str, obj) -> dict[str, str]:
    """The redactable text fields of a loaded record (the same strings packages write)."""
    if target_type == TargetType.COMMENT:
        return {
            "body": obj.body,
            "account_handle": obj.account.handle,
            "account_display_name": obj.account.display_name,
            "permalink": obj.permalink,
        }
    if target_type == TargetType.REVISION:
        return {"body": obj.body}
    if target_type == TargetType.POST:
        return {"body": obj.body, "permalink": obj.permalink}
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


def record_field_text(target_type: str, target_id: int, field: str) -> str | None:
    """The field's text; "" field means the record as a whole (returns "" if it exists)."""
    obj = record_get(target_type, target_id)
    if obj is None:
        return None
    if not field:
        return ""
    return texts_of(target_type, obj).get(field)
