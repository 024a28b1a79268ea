"""Legal holds and City closure days: placed and released, never deleted."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.events import AuditVerb
from audit.services import audit_record
from records.models import CityClosure, LegalHold
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
    """A day City offices are closed (CCP 12b). It moves deadlines of requests logged later;
    due dates already set are not recomputed silently."""
    if CityClosure.objects.filter(date=day, withdrawn_at__isnull=True).exists():
        raise ActionRefused("That day is already entered as a closure.")
    closure = CityClosure(date=day, reason=reason, entered_by=actor)
    closure._history_user = actor
    try:
        with transaction.atomic():
            closure.save()
    except IntegrityError as exc:
        raise ActionRefused("That day is already entered as a closure.") from exc
    audit_record(
        actor=actor,
        verb=AuditVerb.CITY_CLOSURE_ADDED,
        target=closure,
        data={"date": day, "reason": reason},
    )
    return closure
