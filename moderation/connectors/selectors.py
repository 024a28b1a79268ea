"""Reads for the connectors: the worklist, one action with its access check, a comment's
actions and what the platform is known to have done."""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from accounts.roles import ADMINISTRATOR, MODERATOR, SUPERVISOR, has_role
from moderation.connectors.clients import capabilities_for
from moderation.connectors.models import SiteConnection
from moderation.models import Comment, PlatformAction, PlatformState
from moderation.sites.selectors import designated_site_ids

WORKLIST_STATES = (PlatformAction.State.MANUAL, PlatformAction.State.FAILED)


def worklist_for_user(user) -> QuerySet[PlatformAction]:
    """What staff must do by hand, or look at again: manual and failed actions on the sites
    the user acts for (administrators: every site)."""
    query = PlatformAction.objects.filter(state__in=WORKLIST_STATES).select_related(
        "site", "comment", "ban__account", "decision"
    )
    if not has_role(user, ADMINISTRATOR):
        query = query.filter(site_id__in=designated_site_ids(user))
    return query.order_by("created_at", "id")


def get_platform_action_for_user(user, pk: int) -> PlatformAction:
    """404 for an action on a site the user does not act for; 403 for a role that does not
    act on the platforms (moderators, supervisors and administrators do)."""
    action = (
        PlatformAction.objects.select_related("site", "comment", "ban__account")
        .filter(pk=pk)
        .first()
    )
    if action is None:
        raise Http404("No such platform action.")
    admin = has_role(user, ADMINISTRATOR)
    if not admin and action.site_id not in designated_site_ids(user):
        raise Http404("No such platform action.")
    if not (admin or has_role(user, MODERATOR, SUPERVISOR)):
        raise PermissionDenied("Only moderators, supervisors and administrators act on it.")
    return action


def sites_needing_reconnection() -> QuerySet[SiteConnection]:
    return SiteConnection.objects.filter(needs_reconnection=True).select_related("site")


def comment_platform_actions(comment: Comment) -> list[dict]:
    """The comment's actions, newest first, each with its receipt pretty-printed (escaped by
    the template)."""
    rows = []
    for action in comment.platform_actions.select_related("done_by").order_by("-created_at"):
        rows.append(
            {
                "action": action,
                "receipt": json.dumps(action.receipt, indent=2, sort_keys=True, ensure_ascii=False)
                if action.receipt
                else "",
            }
        )
    return rows


@dataclass(frozen=True)
class PlatformStatus:
    city_state: str  # what the City decided the comment should be
    platform_state: str  # what the platform last reported ("" if never)
    confirmed: bool  # the platform is known to have carried out the City's state
    action_state: str  # the latest action's state for the City's state ("" if none)
    summary: str  # one sentence for people (pages, packages)


def comment_platform_status(
    comment: Comment, actions: list[PlatformAction] | None = None
) -> PlatformStatus:
    """The City's decision, the platform's state, and whether the one has been carried out on
    the other. `actions` may be given (newest first) to avoid a query per comment."""
    city = comment.platform_state
    if actions is None:
        actions = list(comment.platform_actions.order_by("-created_at", "-id"))
    kinds: dict[str, str] = {
        PlatformState.HIDDEN: PlatformAction.Kind.HIDE_COMMENT,
        PlatformState.REMOVED: PlatformAction.Kind.REMOVE_COMMENT,
        PlatformState.VISIBLE: PlatformAction.Kind.RESTORE_COMMENT,
    }
    wanted_kind = kinds.get(city)
    latest = next((a for a in actions if a.kind == wanted_kind), None)
    reported = comment.platform_reported_state or ""
    if latest is None:
        confirmed = city == PlatformState.VISIBLE or reported == city or city == "deleted"
        summary = (
            f"{comment.get_platform_state_display()}."
            if confirmed
            else f"{comment.get_platform_state_display()} by the City; the platform has not "
            "reported it."
        )
        return PlatformStatus(city, reported, confirmed, "", summary)
    confirmed = latest.state in PlatformAction.CARRIED_OUT
    label = comment.get_platform_state_display().lower()
    if confirmed:
        how = {
            "confirmed": "confirmed by the platform",
            "done_by_hand": "done by hand on the platform by staff",
            "done": "done on the platform",
        }[latest.state]
        summary = f"{label.capitalize()}: {how}."
    else:
        summary = (
            f"{label.capitalize()} by the City's decision; not confirmed on the platform "
            f"({latest.get_state_display().lower()})."
        )
    return PlatformStatus(city, reported, confirmed, latest.state, summary)


def site_capabilities(site) -> frozenset[str]:
    return capabilities_for(site.platform)
