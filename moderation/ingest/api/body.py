"""Reading a JSON request body safely: media type, size before reading, strict UTF-8 and
strict JSON (no NaN, Infinity or 1e400: stanton/strictjson.py), each refused with its own
error code."""

from __future__ import annotations

from typing import Any

from django.utils.http import parse_header_parameters
from rest_framework import exceptions
from rest_framework.parsers import BaseParser

from moderation.ingest.api.exceptions import BodyTooLarge, InvalidBody
from stanton.strictjson import BodyInvalidUTF8, BodyMalformed, loads_strict


def read_json_body(request, *, limit: int) -> Any:
    """Parse the body of a DRF `request` as JSON, refusing anything over `limit` bytes
    before reading it (413), a media type other than application/json (415), invalid UTF-8
    and malformed JSON (400)."""
    content_type = request.META.get("CONTENT_TYPE", "")
    media_type, params = parse_header_parameters(content_type)
    charset = params.get("charset", "utf-8").lower()
    if media_type.lower() != "application/json" or charset not in ("utf-8", "utf8"):
        raise exceptions.UnsupportedMediaType(
            content_type or "(none)",
            detail=f"Send Content-Type: application/json (UTF-8); got {content_type or 'none'}.",
        )
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError as exc:
        raise InvalidBody(
            "The Content-Length header is not a number.", code="bad_content_length"
        ) from exc
    too_large = BodyTooLarge(f"The body is larger than the limit of {limit:,} bytes.")
    if declared > limit:
        raise too_large
    # Read at most one byte more than allowed, whatever Content-Length said.
    data = request._request.read(limit + 1)
    if len(data) > limit:
        raise too_large
    if not data:
        raise InvalidBody("The body is empty; send a JSON object.", code="empty_body")
    try:
        return loads_strict(data)
    except BodyInvalidUTF8 as exc:
        raise InvalidBody(str(exc), code="invalid_utf8") from exc
    except BodyMalformed as exc:
        raise InvalidBody(str(exc), code="invalid_json") from exc


class StrictJSONParser(BaseParser):
    """DRF's default parser (settings.REST_FRAMEWORK), for any view that reads `request.data`:
    DRF's own JSONParser refuses NaN but reads 1e400 as infinity, which jsonb cannot store.
    The ingestion views read their bodies with `read_json_body` instead (size first)."""

    media_type = "application/json"

    def parse(self, stream, media_type=None, parser_context=None) -> Any:
        try:
            return loads_strict(stream.read() if stream is not None else b"")
        except ValueError as exc:
            raise exceptions.ParseError(str(exc)) from exc
