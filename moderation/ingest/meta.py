"""Meta (Facebook Pages and Instagram) webhook payloads: the signature, and the mapping of
comment changes onto API-shaped items for `comments_ingest_batch`.

Shapes handled (Meta's Webhooks reference, "Page" feed and "Instagram" comments fields):

    {"object": "page", "entry": [{"id": "<page id>", "time": 1700000000, "changes": [
        {"field": "feed", "value": {"item": "comment", "verb": "add|edited|remove|hide|unhide",
         "comment_id", "post_id", "parent_id", "message", "created_time",
         "from": {"id", "name"}  (older payloads: "sender_id", "sender_name"),
         "post": {"permalink_url", ...}, "photo"/"video": "<url>"}}]}]}

    {"object": "instagram", "entry": [{"id": "<IG account id>", "time": 1700000000,
        "changes": [{"field": "comments", "value": {"id", "text", "from": {"id", "username"},
                     "media": {"id", "media_product_type"}, "parent_id"}}]}]}

    {"field": "feed", "value": {"item": "reaction", "verb": "add|edit|remove",
     "reaction_type": "like|love|care|haha|wow|sad|angry", "comment_id" (or "parent_id"),
     "post_id", "created_time", "from": {"id", "name"}}}

A reaction on a comment is kept as a `Reaction` (moderation/ingest/reactions.py), for the
record and the Brown Act monitor; a reaction on the City's post itself is not kept.

Instagram's Business Login sends `field`/`value` on the entry itself, without `changes`; both
are read. A top-level Facebook comment's `parent_id` is the post id: it has no parent comment.

Each change is dated by the platform's own clock, the latest of `entry.time` (when Meta
recorded the change), `value.created_time` and `value.edited_time`: the signature covers
them, so a replayed old body keeps its old time and cannot win over a newer change.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from rest_framework import serializers

from moderation.ingest.schemas import (
    AwareDateTimeField,
    CommentItem,
    ItemInvalid,
    parse_comment_item,
)
from moderation.models import Platform

SIGNATURE_HEADER = "HTTP_X_HUB_SIGNATURE_256"

FACEBOOK_VERBS = {
    "add": "visible",
    "edited": None,  # the text changed; the state is not reported
    "edit": None,
    # Meta's "remove" does not say who removed it (its author, a Page admin, Meta): recorded as
    # removed on the platform, never as "deleted by its author".
    "remove": "removed",
    "hide": "hidden",
    "unhide": "visible",
}
INSTAGRAM_FIELDS = ("comments", "live_comments")


def signature_valid(*, body: bytes, header: str | None, secret: str) -> bool:
    """`X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body, keyed with the app
    secret>`, compared in constant time. An empty secret never validates."""
    if not secret or not header or not header.startswith("sha256="):
        return False
    expected = hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    provided = header[len("sha256=") :].strip().lower()
    return hmac.compare_digest(expected.encode("ascii"), provided.encode("latin-1", "replace"))


def verify_token_valid(*, presented: str | None, expected: str) -> bool:
    if not expected or presented is None:
        return False
    return hmac.compare_digest(expected.encode("utf-8"), presented.encode("utf-8", "surrogatepass"))


@dataclass(frozen=True)
class ReactionItem:
    """One reaction change on a comment, as Meta reported it (validated)."""

    comment_external_id: str
    author_external_id: str
    author_name: str
    kind: str
    verb: str
    reacted_at: datetime
    raw: dict[str, Any]


@dataclass
class MetaBatch:
    """Items grouped by (platform, page id), plus what was skipped and why."""

    items: dict[tuple[str, str], list[CommentItem]] = field(default_factory=dict)
    reactions: dict[tuple[str, str], list[ReactionItem]] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)
    rejected: list[dict[str, Any]] = field(default_factory=list)


def _id(value: Any) -> Any:
    """Meta's ids are numeric strings; an integer id is taken as its digits."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def _iso(timestamp: Any) -> Any:
    """Meta times are Unix seconds (or, in some payloads, ISO strings)."""
    if isinstance(timestamp, int | float) and not isinstance(timestamp, bool):
        try:
            return datetime.fromtimestamp(timestamp, UTC).isoformat()
        except (OverflowError, OSError, ValueError):
            return None
    return timestamp if isinstance(timestamp, str) else None


def _when(timestamp: Any) -> datetime | None:
    iso = _iso(timestamp)
    if iso is None:
        return None
    try:
        return AwareDateTimeField().run_validation(iso)
    except serializers.ValidationError:
        return None


def _change_time(*timestamps: Any) -> datetime | None:
    """The platform's time of a change: the latest of the times it carries."""
    times = [when for when in map(_when, timestamps) if when is not None]
    return max(times) if times else None


def _url(value: Any) -> str | None:
    return value if isinstance(value, str) and value.startswith(("https://", "http://")) else None


def _changes(entry: dict[str, Any]) -> list[Any]:
    changes = entry.get("changes")
    if isinstance(changes, list):
        return changes
    if "field" in entry and "value" in entry:
        return [{"field": entry["field"], "value": entry["value"]}]
    return []


def parse_meta_payload(payload: Any) -> MetaBatch:
    batch = MetaBatch()
    if not isinstance(payload, dict):
        batch.ignored.append("The payload is not a JSON object.")
        return batch
    obj = payload.get("object")
    platform = {"page": Platform.FACEBOOK, "instagram": Platform.INSTAGRAM}.get(obj)
    if platform is None:
        batch.ignored.append(f"object {str(obj)[:40]!r} is not handled")
        return batch
    entries = payload.get("entry")
    if not isinstance(entries, list):
        batch.ignored.append("No entry list.")
        return batch
    for entry in entries:
        if not isinstance(entry, dict):
            batch.ignored.append("An entry is not an object.")
            continue
        page_id = _id(entry.get("id"))
        if not isinstance(page_id, str) or not page_id:
            batch.ignored.append("An entry has no page id.")
            continue
        for change in _changes(entry):
            raw = {
                "object": obj,
                "entry_id": page_id,
                "entry_time": entry.get("time"),
                "change": change,
            }
            value = change.get("value") if isinstance(change, dict) else None
            if (
                platform == Platform.FACEBOOK
                and isinstance(value, dict)
                and value.get("item") == "reaction"
            ):
                reaction, why = _facebook_reaction(value, entry, raw)
                if reaction is None:
                    batch.ignored.append(why)
                else:
                    batch.reactions.setdefault((platform, page_id), []).append(reaction)
                continue
            if platform == Platform.FACEBOOK:
                data, why = _facebook_item(change, entry)
            else:
                data, why = _instagram_item(change, entry)
            if data is None:
                batch.ignored.append(why)
                continue
            value = change.get("value") if isinstance(change.get("value"), dict) else {}
            when = _change_time(
                entry.get("time"), value.get("created_time"), value.get("edited_time")
            )
            try:
                item = parse_comment_item(data, raw=raw, body_required=False, reported_at=when)
            except ItemInvalid as exc:
                batch.rejected.append(
                    {"external_id": data.get("external_id"), "reason": exc.reason}
                )
                continue
            batch.items.setdefault((platform, page_id), []).append(item)
    return batch


def _facebook_item(change: Any, entry: dict[str, Any]) -> tuple[dict | None, str]:
    if not isinstance(change, dict) or change.get("field") != "feed":
        return None, "not a feed change"
    value = change.get("value")
    if not isinstance(value, dict) or value.get("item") != "comment":
        return None, "feed change that is not about a comment"
    verb = value.get("verb")
    if verb not in FACEBOOK_VERBS:
        return None, f"comment verb {str(verb)[:20]!r} is not handled"
    sender = value.get("from")
    if not isinstance(sender, dict):  # older payloads
        sender = {"id": value.get("sender_id"), "name": value.get("sender_name")}
    post_id = _id(value.get("post_id"))
    parent_id = _id(value.get("parent_id"))
    post_info = value.get("post") if isinstance(value.get("post"), dict) else {}
    message = value.get("message")
    data: dict[str, Any] = {
        "external_id": _id(value.get("comment_id")),
        "posted_at": _iso(value.get("created_time")) or _iso(entry.get("time")),
    }
    if FACEBOOK_VERBS[verb] is not None:
        data["platform_state"] = FACEBOOK_VERBS[verb]
    if verb == "add":
        data["body"] = message if message is not None else ""
    elif verb in ("edited", "edit"):
        data["body"] = message  # None (not sent) keeps the text we have
    elif isinstance(message, str):
        data["body"] = message
    if sender.get("id") is not None:
        data["author"] = {"external_id": _id(sender.get("id"))}
        if isinstance(sender.get("name"), str):
            data["author"]["display_name"] = sender["name"]
    if post_id is not None:
        data["post"] = {"external_id": post_id}
        if _url(post_info.get("permalink_url")):
            data["post"]["permalink"] = post_info["permalink_url"]
    if parent_id is not None and parent_id != post_id:
        data["parent_external_id"] = parent_id
    attachments = [
        {"url": url, "media_type": kind}
        for kind in ("photo", "video")
        if (url := _url(value.get(kind)))
    ]
    if attachments:
        data["attachments"] = attachments
    return data, ""


REACTION_VERBS = ("add", "edit", "remove")
MAX_ID = 200


def _facebook_reaction(
    value: dict[str, Any], entry: dict[str, Any], raw: dict[str, Any]
) -> tuple[ReactionItem | None, str]:
    verb = value.get("verb")
    if verb not in REACTION_VERBS:
        return None, f"reaction verb {str(verb)[:20]!r} is not handled"
    post_id = _id(value.get("post_id"))
    target = _id(value.get("comment_id"))
    if target is None:
        parent = _id(value.get("parent_id"))
        target = parent if parent != post_id else None
    if target is None:
        return None, "reaction on a post, not on a comment"
    sender = value.get("from") if isinstance(value.get("from"), dict) else {}
    author = _id(sender.get("id"))
    kind = value.get("reaction_type")
    when = _change_time(value.get("created_time"), entry.get("time"))
    problems = []
    if not isinstance(target, str) or not target or len(target) > MAX_ID:
        problems.append("comment_id")
    if not isinstance(author, str) or not author or len(author) > MAX_ID:
        problems.append("from.id")
    if not isinstance(kind, str) or not kind.strip() or len(kind) > 40:
        problems.append("reaction_type")
    if when is None:
        problems.append("created_time")
    if problems:
        return None, "reaction without a valid " + ", ".join(problems)
    name = sender.get("name")
    return (
        ReactionItem(
            comment_external_id=str(target),
            author_external_id=str(author),
            author_name=name[:300] if isinstance(name, str) else "",
            kind=str(kind).strip().casefold(),
            verb=verb,
            reacted_at=when,  # type: ignore[arg-type]
            raw=raw,
        ),
        "",
    )


def _instagram_item(change: Any, entry: dict[str, Any]) -> tuple[dict | None, str]:
    if not isinstance(change, dict) or change.get("field") not in INSTAGRAM_FIELDS:
        return None, "not a comments change"
    value = change.get("value")
    if not isinstance(value, dict):
        return None, "comments change without a value"
    sender = value.get("from") if isinstance(value.get("from"), dict) else {}
    media = value.get("media") if isinstance(value.get("media"), dict) else {}
    text = value.get("text")
    data: dict[str, Any] = {
        "external_id": _id(value.get("id")),
        # Instagram sends no comment time: the notification's time is the closest we have.
        "posted_at": _iso(entry.get("time")),
        "body": text if text is not None else "",
        "platform_state": "visible",
    }
    if sender.get("id") is not None:
        data["author"] = {"external_id": _id(sender.get("id"))}
        if isinstance(sender.get("username"), str):
            data["author"]["handle"] = sender["username"]
    if media.get("id") is not None:
        data["post"] = {"external_id": _id(media.get("id"))}
    if value.get("parent_id") is not None:
        data["parent_external_id"] = _id(value.get("parent_id"))
    return data, ""
