"""`POST /api/v1/comments/` and `POST /api/v1/subscribers/`.

Order of checks: a token in the URL (400), the token (401), the media type (415), the size
(413, before reading), UTF-8 and JSON (400), the envelope (400), the site (404 unknown, 403
not in the token's scope). Then each comment is validated and stored on its own.
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from moderation.ingest.api.body import read_json_body
from moderation.ingest.api.exceptions import InvalidBody, SiteNotInScope, UnknownSite
from moderation.ingest.api.serializers import (
    CommentBatchResultSerializer,
    ErrorSerializer,
    SnapshotCreatedSerializer,
)
from moderation.ingest.schemas import (
    MAX_BATCH,
    AwareDateTimeField,
    CommentBatchSerializer,
    ItemInvalid,
    SubscriberSnapshotSerializer,
)
from moderation.ingest.services import comments_ingest_batch, subscriber_snapshot_record
from moderation.models import ApiToken, Site

SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,80}$")

ERRORS = {
    400: OpenApiResponse(
        ErrorSerializer,
        description="Malformed JSON or envelope, invalid "
        "UTF-8, a batch over the limit, or a token in the URL.",
    ),
    401: OpenApiResponse(ErrorSerializer, description="Missing, unknown or revoked token."),
    403: OpenApiResponse(ErrorSerializer, description="The token is not scoped to the site."),
    404: OpenApiResponse(ErrorSerializer, description="No site has that slug."),
    413: OpenApiResponse(ErrorSerializer, description="The body is over the size limit."),
    415: OpenApiResponse(ErrorSerializer, description="Content-Type is not application/json."),
    429: OpenApiResponse(
        ErrorSerializer,
        description="Too many requests for this token, or too many failed attempts from this "
        "address (API_RATE_LIMIT, API_FAILED_ATTEMPT_RATE_LIMIT); Retry-After says when to "
        "try again.",
    ),
}


def _envelope(body: Any, *keys: str) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise InvalidBody(
            f"The body must be a JSON object with {', '.join(keys)}.", code="invalid_envelope"
        )
    missing = [key for key in keys if key not in body]
    if missing:
        raise InvalidBody(
            f"Missing: {', '.join(missing)}.",
            code="invalid_envelope",
            details={key: ["This field is required."] for key in missing},
        )
    return body


def site_for_token(token: ApiToken, slug: Any) -> Site:
    """The site a request names, if this token may send data for it."""
    if not isinstance(slug, str) or not SLUG.match(slug):
        raise InvalidBody(
            "site must be a site's slug (letters, digits, - and _).",
            code="invalid_envelope",
            details={"site": ["Not a slug."]},
        )
    site = Site.objects.filter(slug=slug).first()
    if site is None:
        raise UnknownSite(f"No site has the slug “{slug}”.")
    if not token.sites.filter(pk=site.pk).exists():
        raise SiteNotInScope(f"This token may not send data for “{slug}”.")
    return site


def _origin(token: ApiToken) -> dict[str, Any]:
    return {"token_id": token.pk, "token_prefix": token.prefix, "token_name": token.name}


class CommentBatchView(APIView):
    @extend_schema(
        operation_id="comments_ingest",
        summary=f"Send a batch of at most {MAX_BATCH} comments for one site",
        description=(
            "Idempotent on (site, external_id). Each comment is answered in order as "
            "`created`, `revised` (its text, platform state or attachments changed; an edit "
            "adds a revision and never overwrites), `unchanged`, or `rejected` with the "
            "reason (nothing of a rejected comment is stored). Body limit: "
            f"{settings.INGEST_MAX_BODY_BYTES:,} bytes."
        ),
        request=CommentBatchSerializer,
        responses={200: CommentBatchResultSerializer, **ERRORS},
    )
    def post(self, request):
        body = _envelope(
            read_json_body(request, limit=settings.INGEST_MAX_BODY_BYTES), "site", "comments"
        )
        comments = body["comments"]
        if not isinstance(comments, list) or not comments:
            raise InvalidBody(
                "comments must be a non-empty list of comment objects.", code="invalid_envelope"
            )
        if len(comments) > MAX_BATCH:
            raise InvalidBody(
                f"A batch holds at most {MAX_BATCH} comments; this one has {len(comments)}. "
                "Split it.",
                code="batch_too_large",
            )
        site = site_for_token(request.auth, body["site"])
        result = comments_ingest_batch(
            site=site, items=comments, source="api", origin=_origin(request.auth)
        )
        return Response(result.as_dict(), status=status.HTTP_200_OK)


class SubscriberSnapshotView(APIView):
    @extend_schema(
        operation_id="subscribers_snapshot",
        summary="Record a site's follower list as it stood at captured_at",
        description=(
            "The policy names the list of subscribers as a possible public record. At most "
            f"200,000 entries; body limit {settings.INGEST_MAX_SUBSCRIBER_BODY_BYTES:,} bytes."
        ),
        request=SubscriberSnapshotSerializer,
        responses={201: SnapshotCreatedSerializer, **ERRORS},
    )
    def post(self, request):
        body = _envelope(
            read_json_body(request, limit=settings.INGEST_MAX_SUBSCRIBER_BODY_BYTES),
            "site",
            "captured_at",
            "subscribers",
        )
        site = site_for_token(request.auth, body["site"])
        field = AwareDateTimeField()
        try:
            captured_at = field.run_validation(body["captured_at"])
        except Exception as exc:  # noqa: BLE001 - DRF ValidationError, reported as 400
            raise InvalidBody(
                "captured_at: " + _first_message(exc),
                code="invalid_envelope",
                details={"captured_at": [_first_message(exc)]},
            ) from exc
        try:
            snapshot = subscriber_snapshot_record(
                site=site,
                captured_at=captured_at,
                subscribers=body["subscribers"],
                source="api",
                origin=_origin(request.auth),
                raw_envelope={"site": body["site"], "captured_at": body["captured_at"]},
            )
        except ItemInvalid as exc:
            raise InvalidBody(exc.reason, code="invalid_subscribers") from exc
        return Response(
            {
                "id": snapshot.pk,
                "site": site.slug,
                "count": snapshot.subscriber_count,
                "captured_at": snapshot.captured_at.isoformat(),
            },
            status=status.HTTP_201_CREATED,
        )


def _first_message(exc: Exception) -> str:
    detail = getattr(exc, "detail", None)
    if isinstance(detail, list) and detail:
        return str(detail[0])
    return str(detail or exc)
