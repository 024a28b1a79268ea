"""Rate limits for the API and the Meta webhook, kept in Django's default cache (Redis when
REDIS_URL is set, so every gunicorn process and host counts together; DESIGN.md: "cache, rate
limits: Redis"). Sign-in has its own limit in `accounts.ratelimit`.

- `ApiTokenRateThrottle`: requests per token (API_RATE_LIMIT). One integration sending too
  fast is slowed without affecting the others.
- `ApiFailedAttemptThrottle`: failed attempts per address (API_FAILED_ATTEMPT_RATE_LIMIT): no
  token, an unknown or revoked one, a token in the URL. Once an address is over the limit,
  every request from it is refused until the window passes, even one with a valid token, so
  guessing tokens gains nothing from trying faster. Used by the authentication class.
- `WebhookAddressThrottle`: requests per address to the webhook (WEBHOOK_RATE_LIMIT,
  generous: Meta sends bursts).

Rates are read from settings when a throttle is made (per request), in DRF's "number/period"
form: "120/min", "20/minute", "1000/hour". An empty rate turns that limit off.
"""

from __future__ import annotations

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from accounts.ratelimit import client_address
from moderation.models import ApiToken


class _SettingsRateThrottle(SimpleRateThrottle):
    rate_setting: str

    def get_rate(self) -> str | None:
        return getattr(settings, self.rate_setting) or None

    def get_ident(self, request) -> str:
        # The address the server saw, as sign-in uses: X-Forwarded-For is whatever the
        # client wants it to be unless a proxy we run sets it.
        return client_address(request)


class ApiTokenRateThrottle(_SettingsRateThrottle):
    scope = "api_token"
    rate_setting = "API_RATE_LIMIT"

    def get_cache_key(self, request, view) -> str | None:
        token = request.auth
        if not isinstance(token, ApiToken):
            return None  # not a token's request: ApiFailedAttemptThrottle deals with those
        return self.cache_format % {"scope": self.scope, "ident": token.pk}


class ApiFailedAttemptThrottle(_SettingsRateThrottle):
    """Counts failures only (`record_failure`); `wait_if_blocked` answers whether an address
    is over the limit, without counting."""

    scope = "api_failed_attempt"
    rate_setting = "API_FAILED_ATTEMPT_RATE_LIMIT"

    def get_cache_key(self, request, view=None) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def _load(self, request) -> bool:
        """Read this address's recent failures; False when the limit is off."""
        if self.rate is None:
            return False
        self.key = self.get_cache_key(request)
        self.history = self.cache.get(self.key, [])
        self.now = self.timer()
        while self.history and self.history[-1] <= self.now - self.duration:
            self.history.pop()
        return True

    def wait_if_blocked(self, request) -> float | None:
        """Seconds to wait if the address has used up its failed attempts, else None."""
        if self._load(request) and len(self.history) >= self.num_requests:
            return self.wait()
        return None

    def record_failure(self, request) -> None:
        if self._load(request):
            self.throttle_success()  # i.e. add this attempt to the address's history


class WebhookAddressThrottle(_SettingsRateThrottle):
    scope = "webhook_address"
    rate_setting = "WEBHOOK_RATE_LIMIT"

    def get_cache_key(self, request, view=None) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
