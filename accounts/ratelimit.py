"""A fixed-window rate limit on the shared cache (Redis in production, so every gunicorn
process counts together). Used on sign-in; the API uses DRF's throttles on the same cache."""

from __future__ import annotations

import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.template.loader import render_to_string


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "unknown")


def hit(scope: str, ident: str, *, limit: int, window: int) -> bool:
    """Count one hit; True while the caller is within `limit` hits per `window` seconds."""
    bucket = int(time.time() // window)
    key = f"ratelimit:{scope}:{ident}:{bucket}"
    cache.add(key, 0, timeout=window + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.add(key, 1, timeout=window + 5)
        count = 1
    return count <= limit


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
