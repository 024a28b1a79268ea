"""The Meta webhook, `/webhooks/meta/`: Facebook Page feed and Instagram comment changes.

GET is Meta's verification handshake. POST must carry `X-Hub-Signature-256`, checked against
the raw body before anything is parsed: an unsigned or wrongly signed request gets 403 and
nothing is stored. A change for a page no site maps to is acknowledged (200) and logged, not
refused: Meta retries non-200 answers for hours, and retrying cannot make the page known.
Requests are limited per address (WEBHOOK_RATE_LIMIT, generous): over it, 429 and Retry-After.
"""

from __future__ import annotations

import logging
import math
import re

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, JsonResponse
from django.utils.http import parse_header_parameters
from django.views.decorators.csrf import csrf_exempt

from moderation.ingest.api.throttling import WebhookAddressThrottle
from moderation.ingest.meta import (
    SIGNATURE_HEADER,
    parse_meta_payload,
    signature_valid,
    verify_token_valid,
)
from moderation.ingest.reactions import reactions_record
from moderation.ingest.services import comments_ingest_batch
from moderation.models import Site
from stanton.strictjson import BodyInvalidUTF8, BodyMalformed, loads_strict

log = logging.getLogger(__name__)

CHALLENGE = re.compile(r"^[A-Za-z0-9_.-]{1,200}$")


def _error(code: str, message: str, status: int) -> JsonResponse:
    return JsonResponse(
        {"error": {"code": code, "message": message, "details": None}}, status=status
    )


@login_not_required
@csrf_exempt
def meta_webhook(request):
    throttle = WebhookAddressThrottle()
    if not throttle.allow_request(request, None):
        wait = throttle.wait()
        response = _error("throttled", "Too many requests from this address; retry later.", 429)
        response["Retry-After"] = str(max(1, math.ceil(wait or throttle.duration)))
        return response
    if request.method == "GET":
        return _verify(request)
    if request.method == "POST":
        return _receive(request)
    response = _error("method_not_allowed", "Use GET (verification) or POST.", 405)
    response["Allow"] = "GET, POST"
    return response


def _verify(request) -> HttpResponse:
    mode = request.GET.get("hub.mode")
    challenge = request.GET.get("hub.challenge", "")
    if (
        mode == "subscribe"
        and verify_token_valid(
            presented=request.GET.get("hub.verify_token"), expected=settings.META_VERIFY_TOKEN
        )
        and CHALLENGE.match(challenge)
    ):
        return HttpResponse(challenge, content_type="text/plain; charset=utf-8")
    return _error("verification_failed", "Verification token or mode not accepted.", 403)


def _receive(request) -> JsonResponse:
    secret = settings.META_APP_SECRET
    if not secret:
        return _error("not_configured", "The Meta webhook is not configured here.", 503)
    limit = settings.INGEST_MAX_BODY_BYTES
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return _error("bad_content_length", "The Content-Length header is not a number.", 400)
    if declared > limit:
        return _error("body_too_large", f"The body is larger than {limit:,} bytes.", 413)
    body = request.read(limit + 1)
    if len(body) > limit:
        return _error("body_too_large", f"The body is larger than {limit:,} bytes.", 413)
    if not signature_valid(body=body, header=request.META.get(SIGNATURE_HEADER), secret=secret):
        log.warning(
            "meta webhook: missing or wrong signature from %s", request.META.get("REMOTE_ADDR")
        )
        return _error("bad_signature", "Missing or wrong X-Hub-Signature-256.", 403)
    media_type, _ = parse_header_parameters(request.META.get("CONTENT_TYPE", ""))
    if media_type.lower() != "application/json":
        return _error("unsupported_media_type", "Send Content-Type: application/json.", 415)
    try:
        payload = loads_strict(body)
    except BodyInvalidUTF8 as exc:
        return _error("invalid_utf8", str(exc), 400)
    except BodyMalformed as exc:
        return _error("invalid_json", str(exc), 400)

    parsed = parse_meta_payload(payload)
    answer = {"sites": [], "ignored": parsed.ignored[:50], "rejected": parsed.rejected[:50]}
    for (platform, page_id), items in parsed.items.items():
        site = Site.objects.filter(platform=platform, platform_page_id=page_id).first()
        if site is None:
            log.warning(
                "meta webhook: no site for %s page %s; %d change(s) ignored",
                platform,
                page_id,
                len(items),
            )
            answer["ignored"].append(f"no site for {platform} page {page_id}")
            continue
        result = comments_ingest_batch(
            site=site,
            items=items,
            source="webhook",
            origin={"provider": "meta", "object": payload.get("object"), "page_id": page_id},
        )
        answer["sites"].append(result.as_dict())
    # Reactions after the comments: a reaction in the same delivery as its comment finds it.
    for (platform, page_id), reactions in parsed.reactions.items():
        site = Site.objects.filter(platform=platform, platform_page_id=page_id).first()
        if site is None:
            answer["ignored"].append(f"no site for {platform} page {page_id}")
            continue
        answer.setdefault("reactions", []).append(
            {"site": site.slug, **reactions_record(site=site, items=reactions).as_dict()}
        )
    for rejection in parsed.rejected:
        log.warning("meta webhook: change rejected: %s", rejection)
    return JsonResponse(answer, status=200)
