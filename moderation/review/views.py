"""Supervisors review decisions: the review queue (ban proposals, escalations, decisions to
review, with consistency metrics), and upholding or overturning one. Everyone whose decision
was reviewed reads the notification and marks it read."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST, require_safe

from accounts.roles import SUPERVISOR, role_required
from moderation.review.forms import ReviewForm
from moderation.review.sampling import review_sample_rate
from moderation.review.selectors import (
    get_decision_for_reviewer,
    get_notification_for_user,
    notifications_for,
    review_metrics,
    review_queue,
)
from moderation.review.services import decision_review, review_notification_read
from stanton.errors import ActionRefused

NOTIFICATIONS_PAGE_SIZE = 50


@role_required(SUPERVISOR)
@require_safe
def review_list(request):
    queue = review_queue(request.user)
    for decision in queue.decisions:
        decision.is_own = decision.actor_id == request.user.pk
    for ban in queue.bans:
        ban.is_own = ban.proposed_by_id == request.user.pk
    return render(
        request,
        "moderation/audit/reviews.html",
        {
            "queue": queue,
            "decisions": queue.decisions,
            "metrics": review_metrics(request.user),
            "sample_percent": round(review_sample_rate() * 100, 2),
        },
    )


@require_POST
@role_required(SUPERVISOR)
def review_decide(request, pk: int):
    decision = get_decision_for_reviewer(request.user, pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("moderation:review_list")
    try:
        decision_review(
            decision=decision,
            actor=request.user,
            outcome=form.cleaned_data["outcome"],
            note=form.cleaned_data["note"],
            category=form.category_code(),
        )
    except ActionRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Decision #{decision.pk} {form.cleaned_data['outcome']}.")
    return redirect("moderation:review_list")


@require_safe
def notification_list(request):
    page = Paginator(notifications_for(request.user), NOTIFICATIONS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "moderation/review/notifications.html",
        {"page": page, "notifications": list(page.object_list), "next": request.get_full_path()},
    )


@require_POST
def notification_read(request, pk: int):
    notification = get_notification_for_user(request.user, pk)
    review_notification_read(notification=notification, actor=request.user)
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("moderation:review_notifications")
