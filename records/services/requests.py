"""Records requests: intake, numbering, status, assistance, extensions, search criteria."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from audit.events import AuditVerb
from audit.services import audit_record
from records import deadlines
from records.models import (
    ALLOWED_TRANSITIONS,
    CLOSED_STATUSES,
    RELEASING_OUTCOMES,
    AssistanceLogEntry,
    DeterminationOutcome,
    ExtensionReason,
    LetterKind,
    RecordsRequest,
    RequestStatus,
)
from records.services.letters import letter_send
from stanton.errors import ActionRefused, refuse_unless_valid

# Names the advisory lock that serialises number assignment (one per year of receipt).
NUMBER_LOCK_BASE = 7_160_500_000


def _next_sequence(year: int) -> int:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [NUMBER_LOCK_BASE + year])
    # SQLite serialises writers on the database file; the (year, sequence) unique constraint
    # is the backstop everywhere.
    last = RecordsRequest.objects.filter(year=year).aggregate(m=Max("sequence"))["m"]
    return (last or 0) + 1


@transaction.atomic
def request_create(
    *,
    actor,
    received_on: date,
    description: str,
    channel: str,
    requester_name: str = "",
    requester_contact: str = "",
    assignee=None,
    internal_notes: str = "",
    wants_pdf: bool = False,
) -> RecordsRequest:
    """Log a request: number PRA-YYYY-NNNN (year of receipt) and the determination due date."""
    if received_on > timezone.localdate():
        raise ActionRefused("The date received cannot be in the future.")
    year = received_on.year
    sequence = _next_sequence(year)
    request = RecordsRequest(
        number=f"PRA-{year}-{sequence:04d}",
        year=year,
        sequence=sequence,
        received_on=received_on,
        description=description,
        channel=channel,
        requester_name=requester_name,
        requester_contact=requester_contact,
        assignee=assignee,
        internal_notes=internal_notes,
        wants_pdf=wants_pdf,
        due_on=deadlines.determination_due_for(received_on),
        created_by=actor,
    )
    refuse_unless_valid(request)
    request._history_user = actor
    request.save()
    audit_record(
        actor=actor,
        verb=AuditVerb.RECORDS_REQUEST_CREATED,
        target=request,
        data={
            "number": request.number,
            "received_on": received_on,
            "channel": channel,
            "due_on": request.due_on,
            "assignee": getattr(assignee, "email", None),
        },
    )
    return request


# Outcomes that withhold records: the letter names who is responsible (Gov. Code 7922.540).
WITHHOLDING_OUTCOMES = frozenset({DeterminationOutcome.PARTLY, DeterminationOutcome.WITHHELD})
DETERMINATION_LETTERS: dict[str, str] = {
    DeterminationOutcome.DISCLOSABLE: LetterKind.DETERMINATION_FULL,
    DeterminationOutcome.PARTLY: LetterKind.DETERMINATION_PARTIAL,
    DeterminationOutcome.WITHHELD: LetterKind.DETERMINATION_DENIAL,
    DeterminationOutcome.NO_RECORDS: LetterKind.NO_RECORDS,
}


def _locked(request: RecordsRequest) -> RecordsRequest:
    return RecordsRequest.objects.select_for_update().get(pk=request.pk)


@transaction.atomic
def request_assign(*, actor, request: RecordsRequest, assignee) -> RecordsRequest:
    request = _locked(request)
    previous = request.assignee
    request.assignee = assignee
    request._history_user = actor
    request.save(update_fields=["assignee"])
    audit_record(
        actor=actor,
        verb=AuditVerb.RECORDS_REQUEST_ASSIGNED,
        target=request,
        data={"from": getattr(previous, "email", None), "to": getattr(assignee, "email", None)},
    )
    return request


@transaction.atomic
def request_transition(
    *, actor, request: RecordsRequest, status: str, determination: str = ""
) -> RecordsRequest:
    """Move along received → searching → review → a closing status (or withdrawn)."""
    request = _locked(request)
    if status not in ALLOWED_TRANSITIONS.get(request.status, ()):
        raise ActionRefused(
            f"A request that is “{request.get_status_display()}” cannot become "
            f"“{RequestStatus(status).label if status in RequestStatus.values else status}”."
        )
    if (
        status in CLOSED_STATUSES
        and status != RequestStatus.WITHDRAWN
        and not (determination or request.determination)
    ):
        # Gov. Code 7922.535(a): notify the requester of the determination and the reasons.
        raise ActionRefused("Write the determination (and its reasons) before closing.")
    previous = request.status
    request.status = status
    if determination:
        request.determination = determination
    if status in CLOSED_STATUSES:
        request.closed_on = timezone.localdate()
        if status != RequestStatus.WITHDRAWN and request.determination_sent_on is None:
            request.determination_sent_on = request.closed_on  # sent with the closing
        if status in (RequestStatus.FULFILLED, RequestStatus.PARTIALLY_DENIED):
            request.produced_on = request.closed_on
    request._history_user = actor
    request.save()
    audit_record(
        actor=actor,
        verb=AuditVerb.RECORDS_REQUEST_STATUS_CHANGED,
        target=request,
        data={"from": previous, "to": status, "determination": determination},
    )
    return request


@transaction.atomic
def assistance_log_add(
    *, actor, request: RecordsRequest, description: str, given_at=None
) -> AssistanceLogEntry:
    entry = AssistanceLogEntry(
        request=request,
        given_by=actor,
        description=description,
        given_at=given_at or timezone.now(),
    )
    refuse_unless_valid(entry)
    entry._history_user = actor
    entry.save()
    audit_record(
        actor=actor,
        verb=AuditVerb.RECORDS_REQUEST_ASSISTANCE_LOGGED,
        target=request,
        data={"entry": entry.pk, "description": description},
    )
    return entry


@transaction.atomic
def request_extend(
    *,
    actor,
    request: RecordsRequest,
    reasons: Iterable[str],
    notice_sent_on: date,
    new_due_on: date,
    note: str = "",
) -> RecordsRequest:
    """Gov. Code 7922.535(b)-(c): one extension, by written notice sent on or before the
    determination due date, citing the unusual circumstances (one or more), to a date at most
    14 days later."""
    request = _locked(request)
    errors: dict[str, str] = {}
    reasons = list(dict.fromkeys(reasons or ()))
    if request.is_extended or request.extension_reason:
        raise ActionRefused("This request has already been extended; the law allows one extension.")
    if request.is_closed:
        raise ActionRefused("A closed request cannot be extended.")
    if request.determination_sent_on:
        raise ActionRefused("The determination has been sent; there is nothing left to extend.")
    if not reasons or any(r not in ExtensionReason.values for r in reasons):
        errors["reasons"] = "Choose at least one reason from Gov. Code 7922.535(c)."
    if notice_sent_on > request.due_on:
        errors["notice_sent_on"] = (
            f"The notice must be sent on or before the determination due date "
            f"({request.due_on:%b %d, %Y})."
        )
    if notice_sent_on < request.received_on:
        errors["notice_sent_on"] = "The notice cannot predate the request."
    limit = deadlines.extension_limit_for(request.received_on)
    if new_due_on > limit:
        errors["new_due_on"] = (
            f"The new date can be no later than {limit:%b %d, %Y} (14 more days)."
        )
    if new_due_on <= request.due_on:
        errors["new_due_on"] = "The new date must be after the current due date."
    if errors:
        raise ActionRefused(errors)
    request.extension_reasons = reasons
    request.extension_notice_sent_on = notice_sent_on
    request.extended_due_on = new_due_on
    request.extension_note = note
    request.extended_by = actor
    request._history_user = actor
    request.save()
    audit_record(
        actor=actor,
        verb=AuditVerb.RECORDS_REQUEST_EXTENDED,
        target=request,
        data={
            "reasons": reasons,
            "notice_sent_on": notice_sent_on,
            "new_due_on": new_due_on,
            "limit": limit,
        },
    )
    # The notice goes out when the clerk extends (7922.535(b)), and is kept as sent.
    letter_send(actor=actor, request=request, kind=LetterKind.EXTENSION)
    return request


@transaction.atomic
def request_determine(
    *,
    actor,
    request: RecordsRequest,
    outcome: str,
    determination: str,
    sent_on: date,
    records_available_at: datetime | None = None,
    responsible: str = "",
) -> RecordsRequest:
    """Record the determination sent to the requester (Gov. Code 7922.535(a)): whether the
    request seeks disclosable records, the reasons, and — when records will be released — the
    estimated date and time they will be available. Production is tracked apart from it."""
    request = _locked(request)
    errors: dict[str, str] = {}
    determination = (determination or "").strip()
    if request.determination_sent_on:
        raise ActionRefused(
            f"The determination was already sent on {request.determination_sent_on:%b %d, %Y}."
        )
    if request.is_closed:
        raise ActionRefused("This request is closed.")
    if outcome not in DeterminationOutcome.values:
        errors["outcome"] = "Choose what was determined."
    if not determination:
        errors["determination"] = "Write the determination and its reasons as sent."
    if sent_on < request.received_on:
        errors["sent_on"] = "The determination cannot predate the request."
    elif sent_on > timezone.localdate():
        errors["sent_on"] = "Record a determination once it has been sent (not a future date)."
    if outcome in WITHHOLDING_OUTCOMES and not responsible.strip():
        errors["responsible"] = (
            "Name each person responsible for the denial, with their title "
            "(Gov. Code 7922.540), e.g. “Jane Doe, City Attorney”."
        )
    if outcome in RELEASING_OUTCOMES:
        if records_available_at is None:
            errors["records_available_at"] = (
                "Give the estimated date and time the records will be available "
                "(Gov. Code 7922.535(a))."
            )
        elif timezone.localdate(records_available_at) < sent_on:
            errors["records_available_at"] = "The estimate cannot be before the determination."
    if errors:
        raise ActionRefused(errors)
    request.determination_outcome = outcome
    request.determination = determination
    request.determination_sent_on = sent_on
    request.records_available_at = records_available_at if outcome in RELEASING_OUTCOMES else None
    request._history_user = actor
    request.save()
    audit_record(
        actor=actor,
        verb=AuditVerb.RECORDS_REQUEST_DETERMINED,
        target=request,
        data={
            "outcome": outcome,
            "sent_on": sent_on,
            "due_on": request.effective_due_on,
            "late": request.determination_late,
            "records_available_at": request.records_available_at,
            "responsible": responsible,
        },
    )
    letter_send(
        actor=actor,
        request=request,
        kind=DETERMINATION_LETTERS[outcome],
        responsible=responsible.strip(),
    )
    return request


@transaction.atomic
def request_save_criteria(
    *, actor, request: RecordsRequest, criteria: dict[str, Any], result_count: int
) -> RecordsRequest:
    """Save validated search criteria (the caller validated them with SearchCriteriaForm)."""
    request = _locked(request)
    request.search_criteria = criteria
    request._history_user = actor
    request.save(update_fields=["search_criteria"])
    audit_record(
        actor=actor,
        verb=AuditVerb.RECORDS_REQUEST_CRITERIA_SAVED,
        target=request,
        data={"criteria": criteria, "result_count": result_count},
    )
    return request
