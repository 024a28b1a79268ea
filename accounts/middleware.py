"""Session limits and the two-factor requirement, applied to every request."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

SIGNED_IN_AT = "stanton_signed_in_at"
LAST_SEEN = "stanton_last_seen"
# Write the idle stamp at most this often, so a page of htmx requests is not a storm of writes.
LAST_SEEN_RESOLUTION = 15


def session_stamp_sign_in(request) -> None:
    now = time.time()
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN] = now


class SessionLimitsMiddleware:
    """End a session after SESSION_IDLE_TIMEOUT without activity or SESSION_ABSOLUTE_TIMEOUT
    in all (NIST 800-63B AAL2 reauthentication: 30 minutes idle, 12 hours overall)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            started = request.session.get(SIGNED_IN_AT)
            last = request.session.get(LAST_SEEN)
            if started is None or last is None:
                session_stamp_sign_in(request)
            else:
                idle = now - last > settings.SESSION_IDLE_TIMEOUT.total_seconds()
                too_long = now - started > settings.SESSION_ABSOLUTE_TIMEOUT.total_seconds()
                if idle or too_long:
                    logout(request)
                    messages.info(request, _session_ended_message(idle=idle))
                    response = redirect_to_login(request.get_full_path())
                    if getattr(request, "htmx", False):
                        # htmx would swap the sign-in page into the fragment; go there instead.
                        response["HX-Redirect"] = response["Location"]
                    return response
                if now - last >= LAST_SEEN_RESOLUTION:
                    request.session[LAST_SEEN] = now
        return self.get_response(request)


def _session_ended_message(*, idle: bool) -> str:
    if idle:
        minutes = round(settings.SESSION_IDLE_TIMEOUT.total_seconds() / 60)
        return f"Your session ended after {minutes} minutes without activity. Please sign in again."
    hours = round(settings.SESSION_ABSOLUTE_TIMEOUT.total_seconds() / 3600)
    return f"Your session reached its {hours}-hour limit. Please sign in again."


class RequireMFAMiddleware:
    """With REQUIRE_MFA on, a signed-in user reaches nothing but the two-factor pages (and
    sign-out) until they have verified a TOTP code in this session."""

    EXEMPT_URL_NAMES = ("accounts:mfa_verify", "accounts:mfa_setup", "accounts:logout")

    def __init__(self, get_response):
        self.get_response = get_response
        self._exempt: tuple[str, ...] | None = None

    def exempt_paths(self) -> tuple[str, ...]:
        if self._exempt is None:
            self._exempt = tuple(reverse(name) for name in self.EXEMPT_URL_NAMES) + (
                settings.STATIC_URL,
                "/healthz",
            )
        return self._exempt

    def __call__(self, request):
        user = request.user
        if (
            settings.REQUIRE_MFA
            and user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(self.exempt_paths())
        ):
            target = "accounts:mfa_verify" if _has_confirmed_device(user) else "accounts:mfa_setup"
            response = redirect_to_login(request.get_full_path(), reverse(target))
            if request.htmx:
                response["HX-Redirect"] = response["Location"]
            return response
        return self.get_response(request)


def _has_confirmed_device(user) -> bool:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


class NoStoreWhenSignedInMiddleware:
    """No browser or proxy keeps a copy of what a signed-in person was sent, nor of the sign-in
    pages (OWASP ASVS 8.2.1): moderation records, CPRA-exempt material and packages must not
    come back from a shared computer's cache or its back button after sign-out.

    Django's own never-cache headers (`Cache-Control: max-age=0, no-cache, no-store,
    must-revalidate, private`, plus `Expires`) on every response to a signed-in person, and
    on the sign-in pages for everyone. Public pages (/rules/) stay cacheable for visitors, and
    static files are answered by WhiteNoise before this runs, with their own long lifetimes.
    """

    SIGN_IN_VIEWS = frozenset(
        {
            "accounts:login",
            "accounts:logout",
            "accounts:mfa_verify",
            "accounts:mfa_setup",
            "admin:login",
        }
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Read before the view too: signing out makes the user anonymous on the way back.
        signed_in = request.user.is_authenticated
        response = self.get_response(request)
        match = request.resolver_match
        if (
            signed_in
            or request.user.is_authenticated
            or (match is not None and match.view_name in self.SIGN_IN_VIEWS)
        ):
            add_never_cache_headers(response)
        return response
