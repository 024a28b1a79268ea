"""Fixed-window rate limits on the shared cache (Redis in production, so every gunicorn process
and host counts together). The one place the portal
counts requests: sign-in per address (below), and the API per token, failed API attempts per
address and the Meta webhook per address (`moderation.ingest.api.throttling`).

A count is one `cache.add(key, 0)` then `cache.incr(key)`. Redis's INCR is atomic, so N
concurrent requests against a limit L let exactly L through, in every process (DRF's
SimpleRateThrottle reads a list, appends and writes it back: concurrent requests overwrite each
other's hits, and 198 of 400 got through a limit of 120). The key names its window
(`time // window`) and lives a little longer than it, so it cannot expire between the add and
the incr while its window is current.

When the cache is unreachable a limit lets the request through (fails open) and says so in the
log, once a minute at most however many requests arrive. Refusing instead would turn a Redis
outage into lost comments (the platforms do not resend) and no sign-in; the per-account lockout
that protects passwords (django-axes) is kept in the database and still applies. `/healthz`
reports Redis as unavailable meanwhile.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.template.loader import render_to_string
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

# What a cache that cannot be reached raises: redis-py's errors, and the OS's socket errors.
CACHE_UNREACHABLE = (RedisError, OSError)
OUTAGE_LOG_INTERVAL = 60  # seconds between two log lines about the same outage

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Rate:
    limit: int
    window: int  # seconds

    @classmethod
    def parse(cls, text: str | None) -> Rate | None:
        """DRF's "number/period" form ("120/min", "20/minute", "1000/hour", "5/s"); an empty
        value turns the limit off (None)."""
        if not text:
            return None
        number, _, period = text.partition("/")
        try:
            limit, window = int(number), PERIODS[period.strip()[:1].lower()]
        except (ValueError, KeyError):
            raise ValueError(f"Not a rate: {text!r} (use e.g. 120/min).") from None
        return cls(limit=limit, window=window)


def client_address(request) -> str:
    """The address the server saw. X-Forwarded-For is whatever the client wants it to be
    unless a proxy we run sets it."""
    return request.META.get("REMOTE_ADDR", "unknown")


def _key(scope: str, ident: str, window: int) -> str:
    return f"ratelimit:{scope}:{ident}:{int(time.time() // window)}"


def retry_after(window: int) -> int:
    """Seconds until the current window ends (at least 1): when a refused caller may retry."""
    return max(1, math.ceil(window - time.time() % window))


class _OutageLog:
    """Log a cache outage once per OUTAGE_LOG_INTERVAL, with how many requests it let through
    since the last line, instead of one line per request of a flood."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self._lock:
            self._last = -math.inf
            self._unlogged = 0

    def report(self, scope: str, exc: BaseException) -> None:
        now = time.monotonic()
        with self._lock:
            if now - self._last < OUTAGE_LOG_INTERVAL:
                self._unlogged += 1
                return
            unlogged, self._unlogged, self._last = self._unlogged, 0, now
        log.error(
            "rate limits: the cache is unreachable (%s: %s); letting requests through "
            "unlimited (%s; %d more since the last report)",
            type(exc).__name__,
            exc,
            scope,
            unlogged,
        )


outage_log = _OutageLog()


def hit(scope: str, ident: str, *, limit: int, window: int) -> bool:
    """Count one hit; True while the caller is within `limit` hits per `window` seconds, and
    True when the cache cannot be reached (fail open, logged)."""
    key = _key(scope, ident, window)
    try:
        cache.add(key, 0, timeout=window + 5)
        try:
            count = cache.incr(key)
        except ValueError:  # gone between add and incr (only if the cache dropped it)
            cache.add(key, 1, timeout=window + 5)
            count = 1
    except CACHE_UNREACHABLE as exc:
        outage_log.report(scope, exc)
        return True
    return count <= limit


def used_up(scope: str, ident: str, *, limit: int, window: int) -> bool:
    """Whether the caller has already used all `limit` hits of this window, without counting
    one (False when the cache cannot be reached)."""
    try:
        count = cache.get(_key(scope, ident, window)) or 0
    except CACHE_UNREACHABLE as exc:
        outage_log.report(scope, exc)
        return False
    return count >= limit


def rate_limited(*, scope: str, limit_setting: str, window_setting: str, methods=("POST",)):
    """View decorator: answer 429 once an address exceeds the limit per window, both read
    from settings on each request (so deployments and tests can change them)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            limit = getattr(settings, limit_setting)
            window = getattr(settings, window_setting)
            if request.method in methods and not hit(
                scope, client_address(request), limit=limit, window=window
            ):
                body = render_to_string("429.html", {"window": window}, request=request)
                response = HttpResponse(body, status=429)
                response["Retry-After"] = str(window)
                return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
