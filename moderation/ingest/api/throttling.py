"""Rate limits for the API and the Meta webhook, counted by `accounts.ratelimit` (atomic
fixed-window counters in Redis, shared by every process; they let requests through when Redis
is unreachable, so an outage never costs a comment the platform will not resend).

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
from rest_framework.throttling import BaseThrottle

from accounts import ratelimit
from moderation.models import ApiToken


class _SettingsRateThrottle(BaseThrottle):
    scope: str
    rate_setting: str

    def __init__(self) -> None:
        self.rate = ratelimit.Rate.parse(getattr(settings, self.rate_setting))
        self.duration = self.rate.window if self.rate else None

    def get_ident(self, request) -> str:
        # The address the server saw, as sign-in uses (see ratelimit.client_address).
        return ratelimit.client_address(request)

    def ident_for(self, request) -> str | None:
        return self.get_ident(request)

    def allow_request(self, request, view) -> bool:
        ident = self.ident_for(request)
        if self.rate is None or ident is None:
            return True
        return ratelimit.hit(self.scope, ident, limit=self.rate.limit, window=self.rate.window)

    def wait(self) -> float | None:
        """Seconds until the window ends (DRF's Retry-After)."""
        return ratelimit.retry_after(self.rate.window) if self.rate else None


class ApiTokenRateThrottle(_SettingsRateThrottle):
    scope = "api_token"
    rate_setting = "API_RATE_LIMIT"

    def ident_for(self, request) -> str | None:
        token = request.auth
        if not isinstance(token, ApiToken):
            return None  # not a token's request: ApiFailedAttemptThrottle deals with those
        return str(token.pk)


class ApiFailedAttemptThrottle(_SettingsRateThrottle):
    """Counts failures only (`record_failure`); `wait_if_blocked` answers whether an address
    is over the limit, without counting."""

    scope = "api_failed_attempt"
    rate_setting = "API_FAILED_ATTEMPT_RATE_LIMIT"

    def wait_if_blocked(self, request) -> float | None:
        """Seconds to wait if the address has used up its failed attempts, else None."""
        if self.rate is not None and ratelimit.used_up(
            self.scope, self.get_ident(request), limit=self.rate.limit, window=self.rate.window
        ):
            return self.wait()
        return None

    def record_failure(self, request) -> None:
        if self.rate is not None:
            ratelimit.hit(
                self.scope, self.get_ident(request), limit=self.rate.limit, window=self.rate.window
            )


class WebhookAddressThrottle(_SettingsRateThrottle):
    scope = "webhook_address"
    rate_setting = "WEBHOOK_RATE_LIMIT"
