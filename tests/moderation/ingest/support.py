"""Arranging ingestion scenes: Meta feed changes for one comment at chosen platform times,
delivered signed to the real webhook, and a comment hidden or removed by a real decision."""

from __future__ import annotations

import copy
import json

from django.urls import reverse

from moderation.queue.services import comment_decide
from tests.fixtures.ingest import load, sign
from tests.moderation.queue.support import flag

SECRET = "test-app-secret-0123456789"
PAGE_ID = "104857600123456"
COMMENT_ID = "998877665544_1122334455"
# Meta's times are Unix seconds; these follow the fixtures' own (2026-03-01 evening, UTC).
T0, T1, T2, T3 = 1772409600, 1772409900, 1772410200, 1772410500


def fb_change(verb: str, time: int, message: str | None = None) -> dict:
    """One Facebook feed change for the fixtures' comment, dated `time` by Meta."""
    payload = copy.deepcopy(load("meta_feed_add.json"))
    payload["entry"][0]["changes"] = payload["entry"][0]["changes"][:1]
    entry = payload["entry"][0]
    entry["time"] = time
    value = entry["changes"][0]["value"]
    value["verb"] = verb
    value["created_time"] = time - 5
    if message is None:
        value.pop("message", None)
    else:
        value["message"] = message
    if verb != "add":
        value.pop("post", None)
    return payload


def deliver(client, payload) -> dict:
    body = json.dumps(payload).encode()
    response = client.generic(
        "POST",
        reverse("webhooks-meta"),
        body,
        content_type="application/json",
        HTTP_X_HUB_SIGNATURE_256=sign(body, SECRET),
    )
    assert response.status_code == 200, response.content
    return response.json()


def city_decides(comment, actor, action: str):
    """A moderator's real decision (hide or remove) on an ingested comment: it is flagged
    first, as the queue requires."""
    word = comment.body.split()[0]
    flag(comment, category="commerce", word=word)
    return comment_decide(
        comment=comment,
        actor=actor,
        action=action,
        categories=["commerce"],
        rationale="Advertises a business (policy: commercial content).",
    )
