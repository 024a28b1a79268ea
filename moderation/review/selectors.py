"""Reading the supervisors' review queue, the consistency metrics, and the notifications
that tell staff how their decisions fared."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.roles import SUPERVISOR, has_role
from moderation.bans.selectors import bans_visible_to
from moderation.models import (
    Ban,
    BanState,
    Comment,
    Decision,
    DecisionAction,
    DecisionCategory,
    PolicyCategory,
    QueueState,
    ReviewNotification,
    ReviewState,
)
from moderation.sites.selectors import designated_site_ids

METRICS_DAYS = 30
REVIEW_LIST_LIMIT = 100
NOTIFICATIONS_ON_HOME = 10


def get_decision_for_reviewer(user, pk: int) -> Decision:
    if not has_role(user, SUPERVISOR):
        raise PermissionDenied("Only supervisors review decisions.")
    decision = (
        Decision.objects.select_related("comment", "comment__site", "actor").filter(pk=pk).first()
    )
    if decision is None:
        raise Http404("No such decision.")
    if decision.comment.site_id not in designated_site_ids(user):
        raise PermissionDenied("You are not designated for this decision's site.")
    return decision


# --- the review queue ---
@dataclass(frozen=True)
class ReviewQueue:
    """What waits for the supervisors of the user's sites: ban proposals to approve or reject,
    escalated comments to decide, and decisions to uphold or overturn."""

    bans: list[Ban]
    escalations: list[Comment]
    decisions: list[Decision]
    categories: list[PolicyCategory]
    # How many of each wait in all (the lists show the oldest REVIEW_LIST_LIMIT).
    totals: dict[str, int]


def _decisions_waiting(user) -> QuerySet[Decision]:
    return (
        Decision.objects.filter(
            comment__site_id__in=designated_site_ids(user), review_state=ReviewState.UNREVIEWED
        )
        .exclude(action__in=(DecisionAction.ESCALATE, DecisionAction.UNDO))
        # A decision its maker undid (a new decision on the record) has nothing left to review.
        .exclude(undone_by__isnull=False)
    )


def _escalations_waiting(user) -> QuerySet[Comment]:
    return Comment.objects.filter(
        site_id__in=designated_site_ids(user), queue_state=QueueState.ESCALATED
    ).exclude(queue_state=QueueState.NONE)  # the queue's partial indexes' condition


def _bans_waiting(user) -> QuerySet[Ban]:
    return bans_visible_to(user).filter(state=BanState.PROPOSED)


def decisions_for_review(user, *, limit: int = REVIEW_LIST_LIMIT) -> list[Decision]:
    """Decisions on the user's sites waiting for review, oldest first: every judgment-call
    hide or removal, and every decision drawn for the random sample when it was made
    (moderation/review/sampling.py). Both are recorded as `unreviewed` on the decision."""
    return list(
        _decisions_waiting(user)
        .select_related("comment", "comment__site", "comment__account", "actor", "policy_version")
        .prefetch_related("categories")
        .order_by("decided_at", "id")[:limit]
    )


def escalations_for_review(user, *, limit: int = REVIEW_LIST_LIMIT) -> list[Comment]:
    """Escalated comments on the user's sites, oldest first, each with its escalations
    (`escalations`, newest first: the first is the one that stands)."""
    return list(
        _escalations_waiting(user)
        .select_related("site", "account")
        .prefetch_related(
            Prefetch(
                "decisions",
                queryset=Decision.objects.filter(action=DecisionAction.ESCALATE)
                .select_related("actor")
                .order_by("-decided_at", "-id"),
                to_attr="escalations",
            )
        )
        .order_by("flagged_at", "id")[:limit]
    )


def bans_for_review(user, *, limit: int = REVIEW_LIST_LIMIT) -> list[Ban]:
    """Proposed bans on the user's sites, oldest first. Decided only on the ban's own page,
    with the evidence in view."""
    return list(_bans_waiting(user).order_by("proposed_at", "id")[:limit])


def review_queue(user) -> ReviewQueue:
    """The whole review queue, in a fixed number of queries however long it is."""
    return ReviewQueue(
        bans=bans_for_review(user),
        escalations=escalations_for_review(user),
        decisions=decisions_for_review(user),
        categories=list(PolicyCategory.objects.order_by("position", "code")),
        totals={
            "bans": _bans_waiting(user).count(),
            "escalations": _escalations_waiting(user).count(),
            "decisions": _decisions_waiting(user).count(),
        },
    )


def review_metrics(user, *, days: int = METRICS_DAYS) -> dict[str, Any]:
    """Consistency at a glance for the supervisor's sites over the last `days` days:
    decisions per category per moderator, and each moderator's overturn rate."""
    since = timezone.now() - timedelta(days=days)
    site_ids = designated_site_ids(user)
    per_category = list(
        DecisionCategory.objects.filter(
            decision__decided_at__gte=since, decision__comment__site_id__in=site_ids
        )
        .values("decision__actor__full_name", "decision__actor__email", "category__name")
        .annotate(n=Count("id"))
        .order_by("decision__actor__full_name", "category__name")
    )
    per_moderator = list(
        Decision.objects.filter(decided_at__gte=since, comment__site_id__in=site_ids)
        .exclude(action=DecisionAction.ESCALATE)
        .values("actor__full_name", "actor__email")
        .annotate(
            total=Count("id"),
            reviewed=Count(
                "id", filter=Q(review_state__in=[ReviewState.UPHELD, ReviewState.OVERTURNED])
            ),
            overturned=Count("id", filter=Q(review_state=ReviewState.OVERTURNED)),
        )
        .order_by("actor__full_name")
    )
    for row in per_moderator:
        row["overturn_rate"] = (
            round(100 * row["overturned"] / row["reviewed"]) if row["reviewed"] else None
        )
    return {"days": days, "per_category": per_category, "per_moderator": per_moderator}


# --- notifications ---
def notifications_for(user) -> QuerySet[ReviewNotification]:
    """The user's review notifications, newest first, with what a row shows."""
    return (
        ReviewNotification.objects.filter(recipient_id=user.pk)
        .select_related("decision", "decision__comment", "decision__comment__site", "reviewer")
        .order_by("-created_at", "-id")
    )


def unread_notifications(user, *, limit: int = NOTIFICATIONS_ON_HOME) -> list[ReviewNotification]:
    return list(notifications_for(user).filter(read_at__isnull=True)[:limit])


def unread_notification_count(user) -> int:
    return ReviewNotification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


def get_notification_for_user(user, pk: int) -> ReviewNotification:
    """A notification, for the person it was sent to; anyone else is told there is none."""
    notification = notifications_for(user).filter(pk=pk).first()
    if notification is None:
        raise Http404("No such notification.")
    return notification
