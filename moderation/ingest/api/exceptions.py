"""Every API error has one shape: {"error": {"code", "message", "details"}}."""

from __future__ import annotations

import logging

from rest_framework import exceptions, status
from rest_framework.response import Response

log = logging.getLogger(__name__)


class TokenInURL(exceptions.APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "token_in_url"
    default_detail = "Send the token in the Authorization header, never in the URL."


class BodyTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "body_too_large"
    default_detail = "The request body is too large."


class InvalidBody(exceptions.APIException):
    """Bad JSON, bad UTF-8, a bad envelope: the whole request is refused."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "invalid_body"
    default_detail = "The request body is not valid."

    def __init__(self, message: str, *, code: str = "invalid_body", details=None):
        super().__init__(message, code=code)
        self.details = details


class UnknownSite(exceptions.NotFound):
    default_code = "unknown_site"
    default_detail = "No site has that slug."


class SiteNotInScope(exceptions.PermissionDenied):
    default_code = "site_not_in_scope"
    default_detail = "This token is not allowed to send data for that site."


def error_response(code: str, message: str, status_code: int, details=None, headers=None):
    return Response(
        {"error": {"code": code, "message": message, "details": details}},
        status=status_code,
        headers=headers,
    )


def api_exception_handler(exc, context):
    # Imported here: rest_framework.views loads the authentication classes, which import this
    # module.
    from rest_framework.views import exception_handler

    response = exception_handler(exc, context)
    if response is None:
        # Not an API error: a defect. Log it with its traceback and still answer in JSON.
        log.exception("API: unexpected error", exc_info=exc)
        return error_response("server_error", "Something went wrong on our side.", 500)
    details = getattr(exc, "details", None)
    if isinstance(exc, exceptions.ValidationError):
        code, message, details = "invalid", "The request is not valid.", response.data
    elif isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else exc.default_code
        message = str(exc.detail) if not isinstance(exc.detail, dict | list) else exc.default_detail
    else:  # Http404, PermissionDenied turned into API errors by DRF
        code = {404: "not_found", 403: "permission_denied"}.get(response.status_code, "error")
        message = str(response.data.get("detail", "")) if isinstance(response.data, dict) else ""
    headers = {
        k: v
        for k, v in response.headers.items()
        if k in ("WWW-Authenticate", "Allow", "Retry-After")
    }
    return error_response(code, message, response.status_code, details, headers)
