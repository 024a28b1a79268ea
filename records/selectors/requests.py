"""Request lists with deadline flags, computed once per page (constant queries)."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Count, QuerySet
from django.utils import timezone

from records import deadlines
from records.models import CLOSED_STATUSES, RecordsRequest


def requests_list(*, status: str = "", assignee=None) -> QuerySet[RecordsRequest]:
    qs = RecordsRequest.objects.select_related("assignee").annotate(
        package_count=Count("packages", distinct=True)
    )
    if status == "open":
        qs = qs.exclude(status__in=CLOSED_STATUSES)
    elif status:
        qs = qs.filter(status=status)
    if assignee is not None:
        qs = qs.filter(assignee=assignee)
    return qs.order_by("-received_on", "-sequence")


def annotate_deadlines(requests, *, today: date | None = None) -> list[RecordsRequest]:
    """Set `.due_soon` and `.overdue` (the determination is due soon / late: Gov. Code
    7922.535(a)) and `.production_late` (past the estimate given for the records) on each
    request, with one closures query for all."""
    today = today or timezone.localdate()
    requests = list(requests)
    closures = deadlines.city_closures(today - timedelta(days=1), today + timedelta(days=60))
    now = timezone.now()
    for request in requests:
        request.production_late = bool(
            not request.is_closed
            and request.records_available_at is not None
            and request.produced_on is None
            and request.records_available_at < now
        )
        if request.is_closed or request.determination_sent_on is not None:
            request.due_soon, request.overdue = False, False
        else:
            request.due_soon, request.overdue = deadlines.deadline_flags(
                today, request.effective_due_on, closures
            )
    return requests


def open_requests_with_flags(*, today: date | None = None) -> list[RecordsRequest]:
    qs = RecordsRequest.objects.select_related("assignee").exclude(status__in=CLOSED_STATUSES)
    return annotate_deadlines(qs.order_by("due_on", "sequence"), today=today)
