"""The platforms' APIs, as each documents them, behind one small interface.

Each connector says what it can do (`capabilities`) and does one action at a time, returning a
`CallResult` or raising one of the errors below; it never touches the database. Base URLs come
from settings (META_GRAPH_URL, YOUTUBE_API_URL) so tests point them at a local server.

- Meta Graph API, Facebook Page comments: `POST /{comment-id}` with `is_hidden` (hide,
  unhide), `DELETE /{comment-id}` (remove), `POST /{comment-id}/comments` (reply),
  `POST /{page-id}/blocked` and `DELETE /{page-id}/blocked` with `user` (ban, unban).
- Meta Graph API, Instagram comments: `POST /{ig-comment-id}` with `hide`, `DELETE`,
  `POST /{ig-comment-id}/replies`. Instagram has no ban through the API.
- YouTube Data API v3: `comments.setModerationStatus` (heldForReview to hide, rejected to
  remove, with `banAuthor` to ban, published to restore), `comments.insert` (reply). A ban
  without a comment to reject has no interface: by hand.

Errors: Graph answers `{"error": {"code": …, "error_subcode": …, "message": …}}`; code 190 is
an expired or revoked token; codes 4, 17, 32, 613 and 80001-80014 are rate limits (retried,
whatever the HTTP status); other 4xx are refused for good. YouTube answers
`{"error": {"code": …, "errors": [{"reason": …}]}}`; 401 is a token to renew; the reasons
rateLimitExceeded, userRateLimitExceeded and quotaExceeded are retried later. Timeouts, 429 and
5xx are retried, honouring Retry-After and Meta's X-App-Usage / X-Business-Use-Case-Usage."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import requests
from django.conf import settings

HIDE = "hide_comment"
REMOVE = "remove_comment"
RESTORE = "restore_comment"
BAN = "ban_account"
UNBAN = "unban_account"
REPLY = "reply_comment"

# Meta's rate-limit error codes (Graph API "Rate Limiting" and "Handling errors").
META_THROTTLE_CODES = {4, 17, 32, 613} | set(range(80001, 80015))
META_TOKEN_CODES = {190, 102}
YOUTUBE_RETRY_REASONS = {"rateLimitExceeded", "userRateLimitExceeded", "quotaExceeded"}
USAGE_HIGH = 95  # percent of an app's or a business's quota: wait before the next call
KEPT_HEADERS = (
    "retry-after",
    "x-app-usage",
    "x-business-use-case-usage",
    "x-fb-trace-id",
    "x-fb-request-id",
    "content-type",
)


@dataclass
class CallResult:
    receipt: dict[str, Any]
    result_id: str = ""
    # The platform's quota is nearly used: the next call should wait this many seconds.
    slow_down: int | None = None


@dataclass
class ConnectorError(Exception):
    message: str
    receipt: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.message


class RetryableError(ConnectorError):
    """A timeout, a rate limit or a server error: try again later."""

    def __init__(self, message: str, receipt: dict | None = None, retry_after: int | None = None):
        super().__init__(message, receipt or {})
        self.retry_after = retry_after


class RefusedError(ConnectorError):
    """The platform refused the call (4xx): retrying the same call cannot help."""


class TokenExpiredError(RefusedError):
    """The token is expired or revoked: the site must be reconnected."""


class AlreadyDoneError(ConnectorError):
    """The platform says the thing is already so (a comment already deleted)."""


def _timeout() -> tuple[float, float]:
    """Connect and read timeouts (seconds), from settings."""
    return (5.0, float(settings.CONNECTOR_TIMEOUT_SECONDS))


def _body(response: requests.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return response.text[:2000]


def _receipt(method: str, path: str, params: dict, response: requests.Response) -> dict:
    shown = {k: v for k, v in params.items() if k != "access_token"}
    return {
        "request": f"{method} {path}",
        "params": shown,
        "status": response.status_code,
        "headers": {k: v for k, v in response.headers.items() if k.lower() in KEPT_HEADERS},
        "body": _body(response),
    }


def _retry_after(response: requests.Response) -> int | None:
    value = response.headers.get("Retry-After", "").strip()
    if value.isdigit():
        return int(value)
    return None


def meta_usage_wait(headers) -> int | None:
    """Seconds to wait when Meta's usage headers say a quota is (nearly) used up.

    X-App-Usage: {"call_count": %, "total_time": %, "total_cputime": %}.
    X-Business-Use-Case-Usage: {"<business id>": [{"call_count": %, …,
    "estimated_time_to_regain_access": minutes}]}."""
    wait = None
    app = _json_header(headers.get("X-App-Usage"))
    if isinstance(app, dict) and any(
        isinstance(v, (int, float)) and v >= USAGE_HIGH for v in app.values()
    ):
        wait = 300
    business = _json_header(headers.get("X-Business-Use-Case-Usage"))
    if isinstance(business, dict):
        for entries in business.values():
            for entry in entries if isinstance(entries, list) else []:
                if not isinstance(entry, dict):
                    continue
                minutes = entry.get("estimated_time_to_regain_access") or 0
                high = any(
                    isinstance(entry.get(k), (int, float)) and entry[k] >= USAGE_HIGH
                    for k in ("call_count", "total_time", "total_cputime")
                )
                if minutes or high:
                    wait = max(wait or 0, int(minutes) * 60 or 300)
    return wait


def _json_header(value: str | None) -> Any:
    if not value:
        return None
    try:
        return json.loads(value)
    except ValueError:
        return None


class Connector:
    name = "manual"
    capabilities: frozenset[str] = frozenset()

    def __init__(self, token: str):
        self.token = token

    def can(self, kind: str) -> bool:
        return kind in self.capabilities

    def perform(self, action) -> CallResult:  # pragma: no cover - each connector has its own
        raise NotImplementedError


class MetaConnector(Connector):
    """Facebook Page comments through the Graph API."""

    name = "meta"
    capabilities = frozenset({HIDE, RESTORE, REMOVE, REPLY, BAN, UNBAN})

    def _call(self, method: str, path: str, params: dict) -> CallResult:
        url = settings.META_GRAPH_URL.rstrip("/") + "/" + path.lstrip("/")
        data = {**params, "access_token": self.token}
        try:
            response = requests.request(
                method, url, data=data if method != "GET" else None, timeout=_timeout()
            )
        except requests.Timeout as exc:
            raise RetryableError(
                "The platform did not answer in time.", {"request": f"{method} {path}"}
            ) from exc
        except requests.ConnectionError as exc:
            raise RetryableError(
                "The platform could not be reached.", {"request": f"{method} {path}"}
            ) from exc
        receipt = _receipt(method, path, params, response)
        body = receipt["body"]
        if response.ok:
            result_id = str(body.get("id", "")) if isinstance(body, dict) else ""
            return CallResult(receipt, result_id, meta_usage_wait(response.headers))
        error = body.get("error", {}) if isinstance(body, dict) else {}
        code = error.get("code")
        message = str(error.get("message") or f"HTTP {response.status_code}")[:500]
        if code in META_TOKEN_CODES:
            raise TokenExpiredError(f"The access token was refused: {message}", receipt)
        if (
            response.status_code == 429
            or response.status_code >= 500
            or code in META_THROTTLE_CODES
            or error.get("is_transient")
        ):
            wait = _retry_after(response) or meta_usage_wait(response.headers)
            raise RetryableError(f"The platform asked to wait: {message}", receipt, wait)
        if method == "DELETE" and code == 100 and "does not exist" in message.lower():
            raise AlreadyDoneError(message, receipt)
        raise RefusedError(f"The platform refused: {message}", receipt)

    def perform(self, action) -> CallResult:
        comment_id = action.comment.external_id if action.comment_id else ""
        kind = action.kind
        if kind in (HIDE, RESTORE):
            return self._call(
                "POST", comment_id, {"is_hidden": "true" if kind == HIDE else "false"}
            )
        if kind == REMOVE:
            return self._call("DELETE", comment_id, {})
        if kind == REPLY:
            return self._call("POST", f"{comment_id}/comments", {"message": action.reply_text})
        if kind in (BAN, UNBAN):
            user = action.ban.account.external_id
            method = "POST" if kind == BAN else "DELETE"
            return self._call(method, f"{action.site.platform_page_id}/blocked", {"user": user})
        raise RefusedError(f"{self.name} cannot do {kind}.")


class InstagramConnector(MetaConnector):
    """Instagram comments through the Graph API (no ban)."""

    name = "instagram"
    capabilities = frozenset({HIDE, RESTORE, REMOVE, REPLY})

    def perform(self, action) -> CallResult:
        comment_id = action.comment.external_id if action.comment_id else ""
        kind = action.kind
        if kind in (HIDE, RESTORE):
            return self._call("POST", comment_id, {"hide": "true" if kind == HIDE else "false"})
        if kind == REMOVE:
            return self._call("DELETE", comment_id, {})
        if kind == REPLY:
            return self._call("POST", f"{comment_id}/replies", {"message": action.reply_text})
        raise RefusedError(f"{self.name} cannot do {kind}.")


class YouTubeConnector(Connector):
    """YouTube comments through the Data API v3 (OAuth bearer token)."""

    name = "youtube"
    capabilities = frozenset({HIDE, RESTORE, REMOVE, REPLY})

    def _call(self, method: str, path: str, params: dict, body: dict | None = None) -> CallResult:
        url = settings.YOUTUBE_API_URL.rstrip("/") + "/" + path.lstrip("/")
        headers = {"Authorization": f"Bearer {self.token}"}
        try:
            response = requests.request(
                method, url, params=params, json=body, headers=headers, timeout=_timeout()
            )
        except requests.Timeout as exc:
            raise RetryableError(
                "The platform did not answer in time.", {"request": f"{method} {path}"}
            ) from exc
        except requests.ConnectionError as exc:
            raise RetryableError(
                "The platform could not be reached.", {"request": f"{method} {path}"}
            ) from exc
        receipt = _receipt(method, path, params, response)
        data = receipt["body"]
        if response.ok:
            result_id = str(data.get("id", "")) if isinstance(data, dict) else ""
            return CallResult(receipt, result_id)
        error = data.get("error", {}) if isinstance(data, dict) else {}
        reasons = {e.get("reason") for e in error.get("errors", []) if isinstance(e, dict)}
        message = str(error.get("message") or f"HTTP {response.status_code}")[:500]
        if response.status_code == 401:
            raise TokenExpiredError(f"The access token was refused: {message}", receipt)
        if (
            response.status_code in (429,)
            or response.status_code >= 500
            or reasons & (YOUTUBE_RETRY_REASONS)
        ):
            wait = _retry_after(response) or (3600 if "quotaExceeded" in reasons else None)
            raise RetryableError(f"The platform asked to wait: {message}", receipt, wait)
        if method == "DELETE" and response.status_code == 404:
            raise AlreadyDoneError(message, receipt)
        raise RefusedError(f"The platform refused: {message}", receipt)

    def perform(self, action) -> CallResult:
        comment_id = action.comment.external_id if action.comment_id else ""
        status = {HIDE: "heldForReview", REMOVE: "rejected", RESTORE: "published"}
        if action.kind in status:
            return self._call(
                "POST",
                "youtube/v3/comments/setModerationStatus",
                {"id": comment_id, "moderationStatus": status[action.kind]},
            )
        if action.kind == REPLY:
            return self._call(
                "POST",
                "youtube/v3/comments",
                {"part": "snippet"},
                {"snippet": {"parentId": comment_id, "textOriginal": action.reply_text}},
            )
        raise RefusedError(f"{self.name} cannot do {action.kind}.")


CONNECTORS: dict[str, type[Connector]] = {
    "facebook": MetaConnector,
    "instagram": InstagramConnector,
    "youtube": YouTubeConnector,
}


def capabilities_for(platform: str) -> frozenset[str]:
    """What the portal can do through the platform's API (everything else is by hand)."""
    connector = CONNECTORS.get(platform)
    return connector.capabilities if connector else frozenset()
