"""Validation of what arrives from the platforms. Platform content is hostile input:
every field is checked for type, length and form before anything is
written, and a value PostgreSQL could not store (a NUL character, a lone surrogate) is refused
rather than half-saved.

The API, the webhook and the importer all turn their input into `CommentItem`s here.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator
from django.utils.dateparse import parse_datetime
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

MAX_BATCH = 1000
MAX_EXTERNAL_ID = 200
MAX_BODY = 100_000
MAX_HANDLE = 200
MAX_DISPLAY_NAME = 300
MAX_PERMALINK = 1000
MAX_ATTACHMENT_URL = 2000
MAX_MEDIA_TYPE = 100
MAX_ATTACHMENTS = 50
MAX_SUBSCRIBERS = 200_000
MAX_NESTING = 32
# A comment's time must be a real moment: this also keeps far-off years, which overflow when
# converted to UTC, out of the database.
EARLIEST_YEAR, LATEST_YEAR = 1990, 2200

PLATFORM_STATES = ("visible", "hidden", "removed", "deleted")


class ItemInvalid(Exception):
    """One comment failed validation. `reason` is one line; `errors` the field details."""

    def __init__(self, reason: str, errors: Any = None):
        super().__init__(reason)
        self.reason = reason
        self.errors = errors if errors is not None else {}


# --- Storable JSON ------------------------------------------------------------------------------
def unstorable_text_problem(value: Any) -> str | None:
    """Why `value` (any JSON) cannot be stored in PostgreSQL text/jsonb, or None if it can.

    PostgreSQL refuses the NUL character in text and jsonb, UTF-8 cannot encode a lone
    surrogate (JSON allows "\\ud800"), and jsonb has no NaN or infinity (a caller handing us
    a Python float the strict JSON reader would have refused). Walks iteratively, so deep
    nesting cannot exhaust the stack, and refuses nesting deeper than MAX_NESTING."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        current, depth = stack.pop()
        if depth > MAX_NESTING:
            return f"nested deeper than {MAX_NESTING} levels"
        if isinstance(current, str):
            problem = _string_problem(current)
            if problem:
                return problem
        elif isinstance(current, float) and not math.isfinite(current):
            return "holds a number that is not finite (NaN or infinity)"
        elif isinstance(current, dict):
            for key, item in current.items():
                problem = _string_problem(key) if isinstance(key, str) else None
                if problem:
                    return problem
                stack.append((item, depth + 1))
        elif isinstance(current, list):
            stack.extend((item, depth + 1) for item in current)
    return None


def _string_problem(text: str) -> str | None:
    if "\x00" in text:
        return "contains a NUL character, which cannot be stored"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "contains invalid Unicode (a lone surrogate)"
    return None


# --- Fields ---------------------------------------------------------------------------------------
class StrictCharField(serializers.CharField):
    """A string and only a string: DRF's CharField would turn 12 or 1.5 into "12"/"1.5"."""

    def __init__(self, **kwargs):
        kwargs.setdefault("trim_whitespace", False)  # stored exactly as received
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class ExternalIdField(StrictCharField):
    """A platform's id for something. Meta sends numeric strings; ids are never numbers here
    (a 17-digit id would lose precision in some JSON clients)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", MAX_EXTERNAL_ID)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if not value.strip():
            raise serializers.ValidationError("This field may not be blank.")
        return value


class WebURLField(StrictCharField):
    """An http(s) URL. Other schemes (javascript:, data:, file:, ftp:) are refused."""

    validator = URLValidator(schemes=["http", "https"])

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if value == "":
            return value
        try:
            self.validator(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError("Enter an http or https URL.") from exc
        return value


@extend_schema_field(OpenApiTypes.DATETIME)
class AwareDateTimeField(serializers.Field):
    """ISO 8601 with a time zone (or Z). A naive time is ambiguous and refused."""

    default_error_messages = {
        "invalid": "Enter an ISO 8601 date and time with a time zone, e.g. 2026-03-01T09:30:00Z.",
        "naive": "The time has no time zone; add Z or an offset such as -08:00.",
        "range": f"The year must be between {EARLIEST_YEAR} and {LATEST_YEAR}.",
    }

    def to_internal_value(self, data):
        if not isinstance(data, str) or len(data) > 64:
            self.fail("invalid")
        try:
            value = parse_datetime(data.strip())
        except ValueError:
            value = None
        if value is None:
            self.fail("invalid")
        if value.tzinfo is None or value.utcoffset() is None:
            self.fail("naive")
        if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
            self.fail("range")
        return value.astimezone(UTC)

    def to_representation(self, value):
        return value.isoformat()


# --- Serializers (also the OpenAPI schema) ------------------------------------------------
class PostSerializer(serializers.Serializer):
    external_id = ExternalIdField()
    body = StrictCharField(max_length=MAX_BODY, required=False, allow_blank=True, allow_null=True)
    permalink = WebURLField(
        max_length=MAX_PERMALINK, required=False, allow_blank=True, allow_null=True
    )
    posted_at = AwareDateTimeField(required=False, allow_null=True)


class AuthorSerializer(serializers.Serializer):
    external_id = ExternalIdField()
    handle = StrictCharField(
        max_length=MAX_HANDLE, required=False, allow_blank=True, allow_null=True
    )
    display_name = StrictCharField(
        max_length=MAX_DISPLAY_NAME, required=False, allow_blank=True, allow_null=True
    )


class AttachmentSerializer(serializers.Serializer):
    url = WebURLField(max_length=MAX_ATTACHMENT_URL)
    media_type = StrictCharField(
        max_length=MAX_MEDIA_TYPE, required=False, allow_blank=True, allow_null=True
    )

    def validate_url(self, value):
        if not value:
            raise serializers.ValidationError("This field may not be blank.")
        return value


class CommentItemSerializer(serializers.Serializer):
    """One comment as the API, the importer (JSON Lines) and, after mapping, the webhook
    send it."""

    external_id = ExternalIdField()
    post = PostSerializer(required=False, allow_null=True)
    parent_external_id = ExternalIdField(required=False, allow_null=True)
    author = AuthorSerializer()
    body = StrictCharField(max_length=MAX_BODY, allow_blank=True)
    posted_at = AwareDateTimeField()
    permalink = WebURLField(
        max_length=MAX_PERMALINK, required=False, allow_blank=True, allow_null=True
    )
    attachments = AttachmentSerializer(many=True, required=False, max_length=MAX_ATTACHMENTS)
    platform_state = serializers.ChoiceField(
        choices=PLATFORM_STATES,
        required=False,
        help_text="The comment's state on the platform. Leave it out when you do not know: "
        "an absent state is no report (a new comment is then taken as visible). The portal "
        "records it as the platform's report, beside the City's own decision, and never lets "
        "it undo one.",
    )
    edited_at = AwareDateTimeField(
        required=False,
        allow_null=True,
        help_text="When the platform says the text was last edited, if it was. Changes are "
        "ordered by the platform's time (this, else posted_at): one older than what the "
        "portal holds is recorded but not applied.",
    )

    def __init__(self, *args, body_required: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not body_required:
            # The webhook's remove/hide/unhide changes may carry no text: keep what we have.
            self.fields["body"].required = False
            self.fields["body"].allow_null = True
            self.fields["posted_at"].required = False
            self.fields["posted_at"].allow_null = True
            self.fields["author"].required = False
            self.fields["author"].allow_null = True


class CommentBatchSerializer(serializers.Serializer):
    """The envelope of `POST /api/v1/comments/` (the items are validated one by one)."""

    site = StrictCharField(max_length=80, help_text="The site's slug.")
    comments = CommentItemSerializer(
        many=True,
        allow_empty=False,
        max_length=MAX_BATCH,
        help_text=f"At most {MAX_BATCH} comments.",
    )


class SubscriberSerializer(serializers.Serializer):
    external_id = ExternalIdField()
    handle = StrictCharField(max_length=MAX_HANDLE, required=False, allow_null=True)
    display_name = StrictCharField(max_length=MAX_DISPLAY_NAME, required=False, allow_null=True)


class SubscriberSnapshotSerializer(serializers.Serializer):
    """The body of `POST /api/v1/subscribers/` (documentation; validated by
    `validate_subscribers`, which is fast enough for 200,000 entries)."""

    site = StrictCharField(max_length=80)
    captured_at = AwareDateTimeField()
    subscribers = SubscriberSerializer(many=True, max_length=MAX_SUBSCRIBERS)


# --- What the services receive ------------------------------------------------------------
@dataclass(frozen=True)
class AuthorData:
    external_id: str
    handle: str = ""
    display_name: str = ""


@dataclass(frozen=True)
class PostData:
    external_id: str
    body: str | None = None
    permalink: str = ""
    posted_at: datetime | None = None
    raw: Any = None


@dataclass(frozen=True)
class AttachmentData:
    url: str
    media_type: str = ""


@dataclass
class CommentItem:
    """One validated comment. `body` None means "not reported: keep the text we have";
    `platform_state` None means "not reported" (never "visible"). `reported_at` is the
    platform's own time of this change, by which changes to one comment are ordered."""

    external_id: str
    author: AuthorData | None  # None only from the webhook's state changes
    body: str | None
    posted_at: datetime | None
    raw: Any
    permalink: str = ""
    platform_state: str | None = None
    post: PostData | None = None
    parent_external_id: str | None = None
    attachments: list[AttachmentData] = field(default_factory=list)
    reported_at: datetime | None = None


def flatten_errors(errors: Any, prefix: str = "") -> list[str]:
    """Serializer errors as "field.sub: message" lines."""
    lines: list[str] = []
    if isinstance(errors, dict):
        for key, value in errors.items():
            name = "" if key == "non_field_errors" else str(key)
            path = f"{prefix}.{name}" if prefix and name else prefix or name
            lines += flatten_errors(value, path)
    elif isinstance(errors, list):
        if all(not isinstance(e, dict | list) for e in errors):
            lines += [f"{prefix}: {e}" if prefix else str(e) for e in errors]
        else:
            for index, value in enumerate(errors):
                if value:
                    lines += flatten_errors(value, f"{prefix}[{index}]")
    elif errors:
        lines.append(f"{prefix}: {errors}" if prefix else str(errors))
    return lines


@functools.cache
def _item_serializer(body_required: bool) -> CommentItemSerializer:
    """One serializer per shape, reused for every item: building a serializer deep-copies
    all its fields, which was half the cost of validating a comment. Its fields keep no state
    between calls; `run_validation` is what `is_valid` calls, and raises the same errors."""
    serializer = CommentItemSerializer(body_required=body_required)
    serializer.fields  # noqa: B018 - bind the fields once, here
    return serializer


# --- The common case, checked without DRF ---------------------------------------------------
# A connector's item is nearly always plainly valid; checked field by field by DRF it cost a
# third of the API request. `_plain_comment_item` takes only what it can tell is valid under
# exactly the rules the serializers above apply (after `unstorable_text_problem` has passed,
# so no NUL or lone surrogate is left for DRF's validators to find), and returns the values
# DRF would; anything else (a field missing, a null where none is allowed, an unknown type,
# attachments, a value DRF would refuse) returns None and DRF validates the item, with its
# own messages. tests/moderation/ingest/test_plain_items.py compares both on many items.
_PLAIN_KEYS = frozenset(
    (
        "external_id",
        "post",
        "parent_external_id",
        "author",
        "body",
        "posted_at",
        "permalink",
        "platform_state",
        "edited_at",
    )
)
_NOT_PLAIN = object()


def _plain_text(value: Any, max_length: int, *, blank: bool, null: bool) -> Any:
    """A StrictCharField's value (trim_whitespace off), or _NOT_PLAIN."""
    if value is None:
        return None if null else _NOT_PLAIN
    if not isinstance(value, str) or len(value) > max_length or (value == "" and not blank):
        return _NOT_PLAIN
    return value


def _plain_external_id(value: Any) -> Any:
    if not isinstance(value, str) or len(value) > MAX_EXTERNAL_ID or not value.strip():
        return _NOT_PLAIN
    return value


def _plain_url(value: Any, max_length: int) -> Any:
    """A WebURLField's value (blank and null allowed), or _NOT_PLAIN."""
    value = _plain_text(value, max_length, blank=True, null=True)
    if value:
        try:
            WebURLField.validator(value)
        except DjangoValidationError:
            return _NOT_PLAIN
    return value


def _plain_time(value: Any, *, null: bool) -> Any:
    if value is None:
        return None if null else _NOT_PLAIN
    try:
        return _TIME_FIELD.to_internal_value(value)
    except serializers.ValidationError:
        return _NOT_PLAIN


_TIME_FIELD = AwareDateTimeField()


def _plain_comment_item(data: dict) -> dict[str, Any] | None:
    """What `CommentItemSerializer().run_validation(data)` returns for a plainly valid item,
    or None when DRF is to decide."""
    if not _PLAIN_KEYS.issuperset(data):
        return None
    out: dict[str, Any] = {}
    for name, check in (
        ("external_id", _plain_external_id),
        ("body", lambda v: _plain_text(v, MAX_BODY, blank=True, null=False)),
        ("posted_at", lambda v: _plain_time(v, null=False)),
    ):
        if name not in data:
            return None
        out[name] = check(data[name])
    author = data.get("author")
    if not isinstance(author, dict) or not {"external_id", "handle", "display_name"}.issuperset(
        author
    ):
        return None
    plain_author = {"external_id": _plain_external_id(author.get("external_id"))}
    for name, limit in (("handle", MAX_HANDLE), ("display_name", MAX_DISPLAY_NAME)):
        if name in author:
            plain_author[name] = _plain_text(author[name], limit, blank=True, null=True)
    out["author"] = plain_author
    if "post" in data:
        post = data["post"]
        if post is None:
            out["post"] = None
        elif not isinstance(post, dict) or not {
            "external_id",
            "body",
            "permalink",
            "posted_at",
        }.issuperset(post):
            return None
        else:
            plain_post = {"external_id": _plain_external_id(post.get("external_id"))}
            if "body" in post:
                plain_post["body"] = _plain_text(post["body"], MAX_BODY, blank=True, null=True)
            if "permalink" in post:
                plain_post["permalink"] = _plain_url(post["permalink"], MAX_PERMALINK)
            if "posted_at" in post:
                plain_post["posted_at"] = _plain_time(post["posted_at"], null=True)
            out["post"] = plain_post
    if "parent_external_id" in data:
        parent = data["parent_external_id"]
        out["parent_external_id"] = None if parent is None else _plain_external_id(parent)
    if "permalink" in data:
        out["permalink"] = _plain_url(data["permalink"], MAX_PERMALINK)
    if "platform_state" in data:
        state = data["platform_state"]
        out["platform_state"] = state if state in PLATFORM_STATES else _NOT_PLAIN
    if "edited_at" in data:
        out["edited_at"] = _plain_time(data["edited_at"], null=True)
    values = [*out.values(), *plain_author.values(), *(out.get("post") or {}).values()]
    if any(value is _NOT_PLAIN for value in values):
        return None
    return out


def parse_comment_item(
    data: Any,
    *,
    raw: Any = None,
    body_required: bool = True,
    reported_at: datetime | None = None,
) -> CommentItem:
    """Validate one comment (API shape). `raw` is what to store as received (defaults to
    `data`). `reported_at` is the platform's time of the change when the caller knows it
    better than the item says (the webhook's notification time); otherwise it is the item's
    `edited_at`, else its `posted_at`. Raises ItemInvalid naming the problem."""
    raw = data if raw is None else raw
    if not isinstance(data, dict):
        raise ItemInvalid("Each comment must be a JSON object.")
    problem = unstorable_text_problem(data) or (raw is not data and unstorable_text_problem(raw))
    if problem:
        raise ItemInvalid(f"The comment {problem}.")
    try:
        v = (_plain_comment_item(data) if body_required else None) or _item_serializer(
            body_required
        ).run_validation(data)
    except serializers.ValidationError as exc:
        errors = exc.detail
        lines = flatten_errors(errors)
        raise ItemInvalid("; ".join(lines[:5]) or "Invalid comment.", errors) from None
    post = v.get("post")
    author = v.get("author")
    return CommentItem(
        external_id=v["external_id"],
        author=AuthorData(
            external_id=author["external_id"],
            handle=author.get("handle") or "",
            display_name=author.get("display_name") or "",
        )
        if author
        else None,
        body=v.get("body"),
        posted_at=v.get("posted_at"),
        raw=raw,
        permalink=v.get("permalink") or "",
        # Absent is not a state: defaulting it to "visible" let every re-send undo a hide.
        platform_state=v.get("platform_state") or None,
        post=PostData(
            external_id=post["external_id"],
            body=post.get("body"),
            permalink=post.get("permalink") or "",
            posted_at=post.get("posted_at"),
            raw=data.get("post"),
        )
        if post
        else None,
        parent_external_id=v.get("parent_external_id") or None,
        attachments=[
            AttachmentData(url=a["url"], media_type=a.get("media_type") or "")
            for a in v.get("attachments") or []
        ],
        reported_at=reported_at or v.get("edited_at") or v.get("posted_at"),
    )


def validate_subscribers(entries: Any) -> list[dict[str, Any]]:
    """Check a follower list quickly (hand-written: a serializer is too slow for 200,000
    entries). Returns the entries as received; raises ItemInvalid naming the first problem."""
    if not isinstance(entries, list):
        raise ItemInvalid("subscribers: Expected a list of objects.")
    if len(entries) > MAX_SUBSCRIBERS:
        raise ItemInvalid(f"subscribers: At most {MAX_SUBSCRIBERS} entries.")
    limits = {
        "external_id": MAX_EXTERNAL_ID,
        "handle": MAX_HANDLE,
        "display_name": MAX_DISPLAY_NAME,
    }
    for index, entry in enumerate(entries):
        where = f"subscribers[{index}]"
        if not isinstance(entry, dict):
            raise ItemInvalid(f"{where}: Expected an object.")
        external_id = entry.get("external_id")
        if not isinstance(external_id, str) or not external_id.strip():
            raise ItemInvalid(f"{where}.external_id: A non-empty string is required.")
        for name, limit in limits.items():
            value = entry.get(name)
            if value is None and name != "external_id":
                continue
            if not isinstance(value, str):
                raise ItemInvalid(f"{where}.{name}: Expected a string.")
            if len(value) > limit:
                raise ItemInvalid(f"{where}.{name}: At most {limit} characters.")
        problem = unstorable_text_problem(entry)
        if problem:
            raise ItemInvalid(f"{where}: The entry {problem}.")
    return entries
