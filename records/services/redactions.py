"""Redactions: a span, a field or a whole record withheld, citing an exemption."""

from __future__ import annotations

import hashlib

from django.db import transaction
from django.utils import timezone

from audit.events import AuditVerb
from audit.services import audit_record
from records.models import REDACTABLE_FIELDS, Exemption, RecordsRequest, Redaction
from records.selectors.records import record_field_text
from stanton.errors import ActionRefused, refuse_unless_valid


@transaction.atomic
def redaction_create(
    *,
    actor,
    request: RecordsRequest,
    target_type: str,
    target_id: int,
    field: str,
    start: int | None,
    end: int | None,
    exemption: Exemption,
    note: str = "",
) -> Redaction:
    if request.is_closed:
        raise ActionRefused("This request is closed; its redactions can no longer change.")
    if field and field not in REDACTABLE_FIELDS.get(target_type, ()):
        raise ActionRefused(f"“{field}” is not a redactable field of a {target_type}.")
    text_sha256 = ""
    if field:
        text = record_field_text(target_type, target_id, field)
        if text is None:
            raise ActionRefused("That record does not exist.")
        if start is not None:
            if end is None or not (0 <= start < end <= len(text)):
                raise ActionRefused(
                    f"The span must lie within the field (0 to {len(text)} characters)."
                )
            text = text[start:end]
        text_sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    elif record_field_text(target_type, target_id, "") is None:
        raise ActionRefused("That record does not exist.")
    redaction = Redaction(
        request=request,
        target_type=target_type,
        target_id=target_id,
        field=field,
        start=start if field else None,
        end=end if field else None,
        text_sha256=text_sha256,
        exemption=exemption,
        note=note,
        created_by=actor,
    )
    refuse_unless_valid(redaction)
    redaction._history_user = actor
    redaction.save()
    audit_record(
        actor=actor,
        verb=AuditVerb.REDACTION_CREATED,
        target=redaction,
        data={
            "request": request.number,
            "target": f"{target_type}:{target_id}",
            "field": field,
            "start": redaction.start,
            "end": redaction.end,
            "exemption": exemption.citation,
        },
    )
    return redaction


@transaction.atomic
def redaction_withdraw(*, actor, redaction: Redaction, reason: str) -> Redaction:
    redaction = Redaction.objects.select_for_update().select_related("request").get(pk=redaction.pk)
    if redaction.withdrawn_at is not None:
        raise ActionRefused("This redaction was already withdrawn.")
    if redaction.request.is_closed:
        raise ActionRefused("This request is closed; its redactions can no longer change.")
    redaction.withdrawn_at = timezone.now()
    redaction.withdrawn_by = actor
    redaction.withdraw_reason = reason
    redaction._history_user = actor
    redaction.save(update_fields=["withdrawn_at", "withdrawn_by", "withdraw_reason"])
    audit_record(
        actor=actor,
        verb=AuditVerb.REDACTION_WITHDRAWN,
        target=redaction,
        data={"request": redaction.request.number, "reason": reason},
    )
    return redaction
