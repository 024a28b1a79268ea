"""Legal holds and City closure days: placed and released, entered and withdrawn, never deleted."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.events import AuditVerb
from audit.services import audit_record
from records import deadlines
from records.models import CLOSED_STATUSES, CityClosure, LegalHold, RecordsRequest, RequestNote
from stanton.errors import ActionRefused, refuse_unless_valid


@transaction.atomic
def hold_place(
    *,
    actor,
    reason: str,
    site=None,
    account=None,
    starts_on: date | None = None,
    ends_on: date | None = None,
    keyword: str = "",
) -> LegalHold:
    if not any([site, account, starts_on, ends_on, keyword]):
        raise ActionRefused("A hold needs at least one criterion (site, account, dates, keyword).")
    hold = LegalHold(
        site=site,
        account=account,
        starts_on=starts_on,
        ends_on=ends_on,
        keyword=keyword,
        reason=reason,
        placed_by=actor,
    )
    refuse_unless_valid(hold)
    hold._history_user = actor
    hold.save()
    audit_record(
        actor=actor,
        verb=AuditVerb.LEGAL_HOLD_PLACED,
        target=hold,
        site_id=site.pk if site else None,
        data={
            "site": getattr(site, "slug", None),
            "account": getattr(account, "pk", None),
            "starts_on": starts_on,
            "ends_on": ends_on,
            "keyword": keyword,
            "reason": reason,
        },
    )
    return hold


@transaction.atomic
def hold_release(*, actor, hold: LegalHold, reason: str) -> LegalHold:
    hold = LegalHold.objects.select_for_update().get(pk=hold.pk)
    if hold.released_at is not None:
        raise ActionRefused("This hold was already released.")
    hold.released_at = timezone.now()
    hold.released_by = actor
    hold.release_reason = reason
    hold._history_user = actor
    hold.save(update_fields=["released_at", "released_by", "release_reason"])
    audit_record(
        actor=actor,
        verb=AuditVerb.LEGAL_HOLD_RELEASED,
        target=hold,
        site_id=hold.site_id,
        data={"reason": reason},
    )
    return hold


@transaction.atomic
def closure_add(*, actor, day: date, reason: str) -> CityClosure:
    """A day City offices are closed for the whole day (CCP 12b). The due dates of open
    requests it moves are recomputed in the same transaction, each with a note and an audit
    event."""
    return closures_add(actor=actor, days=[day], reason=reason)[0]


@transaction.atomic
def closures_add(*, actor, days: list[date], reason: str) -> list[CityClosure]:
    """Several closure days at once (a recurring closure such as alternate Fridays), then one
    recomputation of open requests' due dates."""
    if not days:
        raise ActionRefused("Choose at least one closure day.")
    taken = set(
        CityClosure.objects.filter(date__in=days, withdrawn_at__isnull=True).values_list(
            "date", flat=True
        )
    )
    if taken:
        listed = ", ".join(f"{d:%b %d, %Y}" for d in sorted(taken))
        raise ActionRefused(f"Already entered as a closure: {listed}.")
    added = []
    for day in sorted(set(days)):
        closure = CityClosure(date=day, reason=reason, entered_by=actor)
        closure._history_user = actor
        try:
            with transaction.atomic():
                closure.save()
        except IntegrityError as exc:
            raise ActionRefused(f"{day:%b %d, %Y} is already entered as a closure.") from exc
        audit_record(
            actor=actor,
            verb=AuditVerb.CITY_CLOSURE_ADDED,
            target=closure,
            data={"date": day, "reason": reason},
        )
        added.append(closure)
    listed = ", ".join(f"{c.date:%b %d, %Y}" for c in added)
    open_requests_due_recompute(
        actor=actor,
        why=f"City closure entered ({listed}: {reason})",
        previously_open={c.date for c in added},
    )
    return added


@transaction.atomic
def closure_withdraw(*, actor, closure: CityClosure, reason: str) -> CityClosure:
    """The City was open after all: the day counts again, and open requests' due dates are
    recomputed."""
    reason = (reason or "").strip()
    if not reason:
        raise ActionRefused("Say why the closure day is withdrawn.")
    closure = CityClosure.objects.select_for_update().get(pk=closure.pk)
    if closure.withdrawn_at is not None:
        raise ActionRefused("This closure day was already withdrawn.")
    closure.withdrawn_at = timezone.now()
    closure.withdrawn_by = actor
    closure._history_user = actor
    closure.save(update_fields=["withdrawn_at", "withdrawn_by"])
    audit_record(
        actor=actor,
        verb=AuditVerb.CITY_CLOSURE_WITHDRAWN,
        target=closure,
        data={"date": closure.date, "reason": reason},
    )
    open_requests_due_recompute(
        actor=actor,
        why=f"City closure withdrawn ({closure.date:%b %d, %Y}: {reason})",
        previously_closed={closure.date},
    )
    return closure


def open_requests_due_recompute(
    *,
    actor,
    why: str,
    previously_open: set[date] | frozenset[date] = frozenset(),
    previously_closed: set[date] | frozenset[date] = frozenset(),
) -> list[RecordsRequest]:
    """Recompute the determination due date of every open request from its day of receipt and
    today's closure days. A request whose date changes gets the new date, a note saying why,
    and an audit event; the others are left alone. An extension whose date the change puts
    beyond the latest one the law allows gets a note too (the notice already sent is not
    rewritten). `previously_open` / `previously_closed`: the days this change closed / opened.
    Runs inside the caller's transaction."""
    changed: list[RecordsRequest] = []
    requests = list(
        RecordsRequest.objects.select_for_update()
        .exclude(status__in=CLOSED_STATUSES)
        .order_by("received_on", "pk")
    )
    if not requests:
        return changed
    closures = deadlines.city_closures(
        requests[0].received_on, requests[-1].received_on + timedelta(days=90)
    )
    closures_before = (closures - set(previously_open)) | set(previously_closed)
    for request in requests:
        new_due = deadlines.determination_due(request.received_on, closures)
        old_due = request.due_on
        sentences = []
        if new_due != old_due:
            sentences.append(
                f"Determination due date moved from {old_due:%b %d, %Y} to {new_due:%b %d, %Y}:"
                f" {why}."
            )
        if request.extended_due_on:
            limit = deadlines.extension_limit(request.received_on, closures)
            limit_before = deadlines.extension_limit(request.received_on, closures_before)
            if limit_before >= request.extended_due_on > limit:
                sentences.append(
                    f"The extended date {request.extended_due_on:%b %d, %Y} is now after the"
                    f" latest date the law allows ({limit:%b %d, %Y}; {why}): send a corrected"
                    " notice."
                )
        if not sentences:
            continue
        if new_due != old_due:
            request.due_on = new_due
            request._history_user = actor
            request.save(update_fields=["due_on"])
        note = RequestNote(request=request, written_by=actor, text=" ".join(sentences))
        note._history_user = actor
        note.save()
        audit_record(
            actor=actor,
            verb=AuditVerb.RECORDS_REQUEST_DUE_RECOMPUTED,
            target=request,
            data={
                "from": old_due,
                "to": new_due,
                "why": why,
                "extension_beyond_limit": len(sentences) > 1 or new_due == old_due,
            },
        )
        changed.append(request)
    return changed
