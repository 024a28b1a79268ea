"""Staff roles. Each is a Django group, created by migration 0002; a person may hold several."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied

ADMINISTRATOR = "Administrator"
SUPERVISOR = "Supervisor"
MODERATOR = "Moderator"
RECORDS_CLERK = "Records Clerk"
ALL_ROLES = (ADMINISTRATOR, SUPERVISOR, MODERATOR, RECORDS_CLERK)

ROLE_DESCRIPTIONS = {
    ADMINISTRATOR: "The City Manager's designee: manages staff, roles, sites and designations.",
    SUPERVISOR: "Reviews decisions, approves or rejects bans, maintains flag rules.",
    MODERATOR: "Works the queue of flagged comments on the sites they are designated for.",
    RECORDS_CLERK: "Answers Public Records Act requests from retained content.",
}


def role_names(user) -> frozenset[str]:
    """The user's roles, read once per request object and cached on it."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_stanton_roles", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._stanton_roles = cached
    return cached


def has_role(user, *roles: str) -> bool:
    return bool(role_names(user).intersection(roles))


def role_required(*roles: str) -> Callable:
    """View decorator: 403 unless the signed-in user holds one of `roles`."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not has_role(request.user, *roles):
                raise PermissionDenied("Your role does not allow this page.")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
