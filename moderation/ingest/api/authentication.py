"""Bearer-token authentication for the API. Sessions are not accepted here, so a browser's
cookie can never make an API call (and the API needs no CSRF protection)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication
from rest_framework.permissions import BasePermission

from moderation.ingest.api.exceptions import TokenInURL
from moderation.ingest.api.throttling import ApiFailedAttemptThrottle
from moderation.ingest.tokens import api_token_for_raw, api_token_mark_used
from moderation.models import ApiToken

# Query parameters a client might put a token in. A token in a URL ends up in proxy and
# server logs and browser history, so such a request is refused even when the token is valid.
URL_TOKEN_PARAMETERS = ("token", "access_token", "api_key", "apikey", "key", "bearer")


class BearerTokenAuthentication(BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        # Failed attempts are limited per address before the token is even looked at: past
        # the limit, a right guess is refused like a wrong one (moderation.ingest.api.throttling).
        guard = ApiFailedAttemptThrottle()
        wait = guard.wait_if_blocked(request)
        if wait is not None:
            raise exceptions.Throttled(wait)
        try:
            return self._authenticate(request)
        except exceptions.APIException:
            guard.record_failure(request)
            raise

    def _authenticate(self, request):
        in_url = [name for name in request.query_params if name.lower() in URL_TOKEN_PARAMETERS]
        if in_url:
            raise TokenInURL(
                f"Send the token in the Authorization header, never in the URL "
                f"(found ?{in_url[0]}=). Treat that token as exposed and revoke it."
            )
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if not header:
            return None
        parts = header.split()
        if len(parts) != 2 or parts[0].lower() != "bearer":
            raise exceptions.AuthenticationFailed(
                'Use the header "Authorization: Bearer <token>".', code="bad_authorization_header"
            )
        token = api_token_for_raw(parts[1])
        if token is None:
            raise exceptions.AuthenticationFailed("The token is not valid.", code="invalid_token")
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed("The token was revoked.", code="revoked_token")
        api_token_mark_used(token=token)
        # No staff user stands behind a token: history and audit rows name no person, and the
        # audit event records the token instead.
        return AnonymousUser(), token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class HasApiToken(BasePermission):
    """A valid, unrevoked token was presented (site scope is checked per request body)."""

    message = "Send a valid API token: Authorization: Bearer <token>."

    def has_permission(self, request, view):
        if isinstance(request.auth, ApiToken):
            return True
        ApiFailedAttemptThrottle().record_failure(request)  # no token at all: a failed attempt
        return False


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = BearerTokenAuthentication
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A per-integration API token (stn_…), made by an administrator.",
        }
