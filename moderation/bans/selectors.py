"""Reading bans. `get_ban_for_user` is the only way a view obtains a ban (invariant 5).

Who sees a ban: moderators and supervisors designated for a site the ban covers (its own site,
or for a platform-wide ban any City site on that platform).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.roles import MODERATOR, SUPERVISOR, has_role
from audit.models import AuditEvent
from moderation.models import (
    Ban,
    BanScope,
    Comment,
    Decision,
    DecisionAction,
    PublicAccount,
    ReviewState,
    Site,
)
from moderation.sites.selectors import designated_site_ids

BAN_LIST_PAGE_SIZE = 50


def covering_sites(site_ids: Iterable[int]) -> Q:
    """Bans covering any of `site_ids`: a site ban on one of them, or a platform-wide ban on
    the platform of one of them (one subquery, no extra round trip)."""
    site_ids = list(site_ids)
    platforms = Site.objects.filter(pk__in=site_ids).values("platform")
    return Q(scope=BanScope.SITE, site_id__in=site_ids) | Q(
        scope=BanScope.PLATFORM, site__platform__in=platforms
    )


def ban_list_queryset() -> QuerySet[Ban]:
    """Bans with everything a list row shows, in a constant number of queries."""
    return Ban.objects.select_related(
        "account", "site", "proposed_by", "decided_by", "lifted_by", "policy_version"
    ).prefetch_related("categories")


def bans_visible_to(user) -> QuerySet[Ban]:
    if not has_role(user, MODERATOR, SUPERVISOR):
        return Ban.objects.none()
    return ban_list_queryset().filter(covering_sites(designated_site_ids(user)))


def get_ban_for_user(user, pk: int) -> Ban:
    """404 when there is no such ban; 403 for a role or designation that does not reach it."""
    if not has_role(user, MODERATOR, SUPERVISOR):
        raise PermissionDenied("Only moderators and supervisors see bans.")
    ban = ban_list_queryset().filter(pk=pk).first()
    if ban is None:
        raise Http404("No such ban.")
    if not bans_visible_to(user).filter(pk=pk).exists():
        raise PermissionDenied("You are not designated for a site this ban covers.")
    return ban


def ban_covered_site_names(bans: Iterable[Ban]) -> dict[int, list[str]]:
    """{ban id: names of the sites it covers}, with one query for any number of bans."""
    bans = list(bans)
    platforms = {b.site.platform for b in bans if b.scope == BanScope.PLATFORM}
    by_platform: dict[str, list[str]] = {}
    if platforms:
        for site in Site.objects.filter(platform__in=platforms).order_by("name"):
            by_platform.setdefault(site.platform, []).append(site.name)
    return {
        b.pk: by_platform.get(b.site.platform, [])
        if b.scope == BanScope.PLATFORM
        else [b.site.name]
        for b in bans
    }


def ban_detail_context(ban: Ban) -> dict[str, Any]:
    """What the ban page shows beyond the ban itself: evidence, history and audit events."""
    evidence = list(
        Comment.objects.filter(ban_evidence=ban)
        .select_related("site", "post")
        .order_by("posted_at", "id")
    )
    history = list(
        Ban.history.filter(id=ban.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    events = list(
        AuditEvent.objects.filter(target_type=Ban._meta.label_lower, target_id=str(ban.pk))
        .select_related("actor")
        .order_by("seq")
    )
    return {
        "evidence": evidence,
        "history": history,
        "events": events,
        "platform_actions": list(
            ban.platform_actions.select_related("site").order_by("created_at", "id")
        ),
        "covered_sites": ban_covered_site_names([ban])[ban.pk],
    }


ACCOUNT_HISTORY_LIMIT = 100


def ban_account_history(ban: Ban, user) -> dict[str, Any]:
    """The banned account's record on the viewer's sites, for deciding the ban: every decision
    on its comments (newest first) and its other bans. One query per list."""
    decisions = list(
        Decision.objects.filter(
            comment__account_id=ban.account_id, comment__site_id__in=designated_site_ids(user)
        )
        .select_related("actor", "comment", "comment__site", "reviewed_by")
        .prefetch_related("categories")
        .order_by("-decided_at", "-id")[:ACCOUNT_HISTORY_LIMIT]
    )
    other_bans = list(
        bans_visible_to(user)
        .filter(account_id=ban.account_id)
        .exclude(pk=ban.pk)
        .order_by("-proposed_at", "-id")[:ACCOUNT_HISTORY_LIMIT]
    )
    return {"account_decisions": decisions, "account_bans": other_bans}


def accounts_with_removed_comments(
    user, *, search: str = "", limit: int = 50
) -> list[PublicAccount]:
    """Accounts with removed comments on the user's sites: where a ban proposal starts."""
    qs = PublicAccount.objects.filter(
        comments__site_id__in=designated_site_ids(user), comments__platform_state="removed"
    )
    if search:
        qs = qs.filter(
            Q(handle__icontains=search) | Q(display_name__icontains=search) | Q(external_id=search)
        )
    return list(qs.distinct().order_by("platform", "handle")[:limit])


def removed_comments_of_account(user, account: PublicAccount) -> QuerySet[Comment]:
    """The account's comments on the user's sites that were removed (current state removed, or
    a remove decision not overturned): the comments a ban may cite as evidence."""
    removed_by_decision = (
        Decision.objects.filter(action=DecisionAction.REMOVE)
        .exclude(review_state=ReviewState.OVERTURNED)
        .values("comment_id")
    )
    return (
        Comment.objects.filter(account=account, site_id__in=designated_site_ids(user))
        .filter(Q(platform_state="removed") | Q(pk__in=removed_by_decision))
        .select_related("site")
        .order_by("-posted_at", "-id")
    )
