"""django-axes hooks: which account an attempt is for, and the page a locked-out person sees."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render


def lockout_username(request, credentials: dict | None = None) -> str | None:
    """The account a sign-in attempt names, normalised as sign-in matches it (email, any case).

    Without this, axes looks for a field named after USERNAME_FIELD ("email"), finds nothing in
    the sign-in form's "username", and keys every lockout on the address alone; and "Pat@" and
    "pat@" would each get their own five tries.
    """
    value = None
    if credentials:
        value = credentials.get("username") or credentials.get("email")
    if value is None and request is not None:
        value = request.POST.get("username")
    if isinstance(value, str):
        return value.strip().lower()
    return value


def locked_out(request, original_response=None, credentials: dict | None = None):
    """The lockout page (HTTP 429), saying how long the lock lasts in plain words."""
    minutes = max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    return render(
        request,
        "accounts/locked_out.html",
        {"cooloff_minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )
