"""Per-integration API tokens: created by administrators (portal or `create_api_token`),
scoped to sites, revocable, and stored only as a SHA-256 hash. The token itself is shown
once, at creation."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.roles import ADMINISTRATOR, has_role
from audit.events import AuditVerb
from audit.services import audit_record
from moderation.models import ApiToken, Site
from stanton.errors import ActionRefused

TOKEN_PREFIX = "stn_"  # noqa: S105 - a label, not a secret
PREFIX_LENGTH = 12  # "stn_" and 8 characters: enough to tell tokens apart in a list
# last_used_at is written at most this often, so a busy integration is not a write per request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def token_hash(raw_token: str) -> str:
    return hashlib.sha256(raw_token.encode("utf-8")).hexdigest()


@transaction.atomic
def api_token_create(*, name: str, sites: Iterable[Site], actor) -> tuple[ApiToken, str]:
    """Make a token for `sites`. Returns the row and the raw token, which is not kept."""
    sites = list(sites)
    name = name.strip()
    if not name:
        raise ActionRefused("Give the token a name (which integration uses it).")
    if not sites:
        raise ActionRefused("A token must be scoped to at least one site.")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        name=name,
        prefix=raw[:PREFIX_LENGTH],
        token_hash=token_hash(raw),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    token._history_user = token.created_by
    token.save()
    token.sites.set(sites)
    # One event; it names a site only when the token has exactly one.
    audit_record(
        actor=actor,
        verb=AuditVerb.API_TOKEN_CREATED,
        target=token,
        site_id=sites[0].pk if len(sites) == 1 else None,
        data={"name": name, "prefix": token.prefix, "sites": sorted(s.slug for s in sites)},
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor) -> ApiToken:
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        raise ActionRefused("This token was already revoked.")
    token.revoked_at = timezone.now()
    token.revoked_by = actor if getattr(actor, "pk", None) else None
    token._history_user = token.revoked_by
    token.save(update_fields=["revoked_at", "revoked_by"])
    sites = list(token.sites.order_by("slug"))
    audit_record(
        actor=actor,
        verb=AuditVerb.API_TOKEN_REVOKED,
        target=token,
        site_id=sites[0].pk if len(sites) == 1 else None,
        data={"name": token.name, "prefix": token.prefix, "sites": [s.slug for s in sites]},
    )
    return token


def api_token_for_raw(raw_token: str) -> ApiToken | None:
    """The token row for a presented token, revoked or not; None if unknown.

    Looked up by its SHA-256: the comparison happens on the hash in an index, so timing
    reveals nothing about how much of a guess was right."""
    if not raw_token or len(raw_token) > 200:
        return None
    return ApiToken.objects.filter(token_hash=token_hash(raw_token)).first()


def api_token_mark_used(*, token: ApiToken) -> None:
    """Stamp last_used_at, at most once a minute. Not a moderation record: a plain UPDATE."""
    now = timezone.now()
    if token.last_used_at and now - token.last_used_at < LAST_USED_RESOLUTION:
        return
    ApiToken.objects.filter(pk=token.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_RESOLUTION)
    ).update(last_used_at=now)
    token.last_used_at = now


# --- reads ----------------------------------------------------------------------------------------
def api_tokens_for_admin(user) -> QuerySet[ApiToken]:
    if not has_role(user, ADMINISTRATOR):
        raise PermissionDenied("Only administrators manage API tokens.")
    return ApiToken.objects.select_related("created_by", "revoked_by").prefetch_related("sites")


def get_api_token_for_admin(user, pk: int) -> ApiToken:
    """The access helper for API tokens."""
    try:
        return api_tokens_for_admin(user).get(pk=pk)
    except ApiToken.DoesNotExist as exc:
        raise Http404("No such API token.") from exc
