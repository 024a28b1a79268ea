"""The audit log, its chain verification, and a comment's history."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from accounts.roles import ADMINISTRATOR, SUPERVISOR, role_required
from moderation.auditlog.filters import AuditEventFilter
from moderation.auditlog.selectors import (
    audit_chain_status,
    audit_events_visible_to,
    audit_rows,
    comment_history_context,
)
from moderation.comments.selectors import get_comment_for_user
from outbox.services import task_enqueue

AUDIT_PAGE_SIZES = (50, 100, 200)


def _page_size(request) -> int:
    try:
        size = int(request.GET.get("per_page", AUDIT_PAGE_SIZES[0]))
    except ValueError:
        return AUDIT_PAGE_SIZES[0]
    return size if size in AUDIT_PAGE_SIZES else AUDIT_PAGE_SIZES[0]


@role_required(ADMINISTRATOR, SUPERVISOR)
@require_safe
def audit_log(request):
    """Newest first, keyset-paginated on `seq` (`?before=<seq>`): no OFFSET, no COUNT(*)."""
    events = AuditEventFilter(
        request.GET or None, queryset=audit_events_visible_to(request.user), request=request
    )
    queryset = events.qs if (not events.is_bound or events.is_valid()) else events.queryset.none()
    before = request.GET.get("before", "")
    if before.isdigit():
        queryset = queryset.filter(seq__lt=int(before))
    size = _page_size(request)
    page = list(queryset.select_related("actor").order_by("-seq")[: size + 1])
    has_more = len(page) > size
    page = page[:size]
    return render(
        request,
        "moderation/audit/log.html",
        {
            "filter": events,
            "rows": audit_rows(page),
            "next_before": page[-1].seq if has_more else None,
            "paged": before.isdigit(),
            "chain": audit_chain_status(),
            "per_page": size,
        },
    )


@role_required(ADMINISTRATOR, SUPERVISOR)
@require_POST
def audit_verify(request):
    """Verification walks the whole chain: it runs as a task, and the page shows its result."""
    with transaction.atomic():
        task_enqueue("moderation.tasks.verify_audit_chain", user_id=request.user.pk)
    messages.info(
        request, "Verification of the audit chain has started; its result appears on this page."
    )
    return redirect("moderation:audit_log")


@require_safe
@role_required(ADMINISTRATOR, SUPERVISOR)
def comment_history(request, pk: int):
    comment = get_comment_for_user(request.user, pk, for_audit=True)
    return render(
        request,
        "moderation/audit/comment_history.html",
        {"comment": comment, **comment_history_context(comment)},
    )
