"""Reading the decisions awaiting a supervisor's review, and the consistency metrics."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.db.models.functions import Mod
from django.http import Http404
from django.utils import timezone

from accounts.roles import SUPERVISOR, has_role
from moderation.models import Decision, DecisionAction, DecisionCategory, ReviewState
from moderation.sites.selectors import designated_site_ids

# Besides every judgment-call hide/removal (review_state "unreviewed"), supervisors review a
# deterministic sample of the other decisions: those whose id is a multiple of 10 (about 10%).
# Deterministic, so the sample cannot be gamed by re-loading the page and every supervisor
# sees the same items; ids are assigned in order, so the sample spreads evenly over time.
REVIEW_SAMPLE_MODULUS = 10
REVIEW_WINDOW_DAYS = 90
METRICS_DAYS = 30


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


# --- reviews ---
def decisions_for_review(user, *, limit: int = 100) -> list[Decision]:
    """Decisions on the supervisor's sites still waiting for review: every judgment-call
    hide/removal, plus the deterministic sample of the rest (see REVIEW_SAMPLE_MODULUS)."""
    since = timezone.now() - timedelta(days=REVIEW_WINDOW_DAYS)
    sampled = Q(review_state=ReviewState.NOT_REQUIRED, sample=0, decided_at__gte=since)
    return list(
        Decision.objects.annotate(sample=Mod("id", REVIEW_SAMPLE_MODULUS))
        .filter(comment__site_id__in=designated_site_ids(user))
        .exclude(action__in=(DecisionAction.ESCALATE, DecisionAction.UNDO))
        # A decision its maker undid (a new decision on the record) has nothing left to review.
        .exclude(undone_by__isnull=False)
        .filter(Q(review_state=ReviewState.UNREVIEWED) | sampled)
        .select_related("comment", "comment__site", "comment__account", "actor", "policy_version")
        .prefetch_related("categories")
        .order_by("decided_at", "id")[:limit]
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
