"""Supervisors review decisions: the list to review (with consistency metrics), and upholding
or overturning one."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from accounts.roles import SUPERVISOR, role_required
from moderation.review.forms import ReviewForm
from moderation.review.selectors import (
    decisions_for_review,
    get_decision_for_reviewer,
    review_metrics,
)
from moderation.review.services import decision_review
from stanton.errors import ActionRefused


@role_required(SUPERVISOR)
@require_safe
def review_list(request):
    decisions = decisions_for_review(request.user)
    for decision in decisions:
        decision.is_own = decision.actor_id == request.user.pk
    return render(
        request,
        "moderation/audit/reviews.html",
        {"decisions": decisions, "metrics": review_metrics(request.user)},
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
        )
    except ActionRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Decision #{decision.pk} {form.cleaned_data['outcome']}.")
    return redirect("moderation:review_list")
