"""Deadline reminder emails: at most one per request per day (DeadlineReminder rows)."""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.roles import RECORDS_CLERK
from audit.events import AuditVerb
from audit.services import audit_record
from records.models import DeadlineReminder
from records.selectors.requests import open_requests_with_flags


def _recipients(request) -> list[str]:
    if request.assignee and request.assignee.is_active:
        return [request.assignee.email]
    return list(
        get_user_model()
        .objects.filter(is_active=True, groups__name=RECORDS_CLERK)
        .order_by("email")
        .values_list("email", flat=True)
    )


def reminders_send(*, today: date | None = None) -> int:
    """Email the assignee (or every clerk) about each open request due soon or overdue.
    Safe to run many times a day: the (request, day) row is written before the email goes."""
    today = today or timezone.localdate()
    sent = 0
    for request in open_requests_with_flags(today=today):
        if not (request.due_soon or request.overdue):
            continue
        kind = "overdue" if request.overdue else "due_soon"
        recipients = _recipients(request)
        if not recipients:
            continue
        try:
            with transaction.atomic():
                reminder = DeadlineReminder(
                    request=request, sent_on=today, kind=kind, recipients=recipients
                )
                reminder.save()
                audit_record(
                    actor=None,
                    verb=AuditVerb.RECORDS_REQUEST_REMINDER_SENT,
                    target=request,
                    data={"kind": kind, "recipients": recipients, "on": today},
                )
                due = request.effective_due_on
                subject = (
                    f"{request.number} is OVERDUE (was due {due:%a %b %d})"
                    if request.overdue
                    else f"{request.number} is due {due:%a %b %d}"
                )
                # Sent inside the transaction: if the email fails, no row says it was sent,
                # and the next run tries again.
                send_mail(
                    subject,
                    f"Public Records Act request {request.number} ({request.get_status_display()})"
                    f" has a determination due on {due:%A, %B %d, %Y}.\n"
                    "Open the records dashboard to act on it.",
                    None,
                    recipients,
                )
        except IntegrityError:
            continue  # already reminded today
        sent += 1
    return sent
