"""Reads shared by views, the API and tasks. The access helpers live here: every view gets
its objects through one of them."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from accounts.roles import ADMINISTRATOR, has_role
from moderation.models import Designation, Site


def designated_site_ids(user) -> frozenset[int]:
    """Sites the user may moderate now. Read from the database on every request, so a
    revoked designation stops working on the very next one. Cached per request object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_stanton_site_ids", None)
    if cached is None:
        cached = frozenset(
            Designation.objects.in_force().filter(user=user).values_list("site_id", flat=True)
        )
        user._stanton_site_ids = cached
    return cached


def sites_for_user(user) -> QuerySet[Site]:
    """Sites the user may moderate (designations in force)."""
    return Site.objects.filter(pk__in=designated_site_ids(user)).order_by("name")


def get_site_for_admin(user, slug: str) -> Site:
    """Site management is for administrators only."""
    if not has_role(user, ADMINISTRATOR):
        raise PermissionDenied("Only administrators manage sites.")
    try:
        return Site.objects.get(slug=slug)
    except Site.DoesNotExist as exc:
        raise Http404("No such site.") from exc


def get_designation_for_admin(user, site: Site, pk: int) -> Designation:
    if not has_role(user, ADMINISTRATOR):
        raise PermissionDenied("Only administrators manage designations.")
    try:
        return Designation.objects.select_related("user", "site").get(pk=pk, site=site)
    except Designation.DoesNotExist as exc:
        raise Http404("No such designation.") from exc
