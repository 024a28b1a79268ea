"""Redactions: a span, a field or a whole record withheld, citing an exemption."""

from __future__ import annotations

import hashlib

from django.db import transaction
from django.utils import timezone

from audit.events import AuditVerb
from audit.services import audit_record
from records import selection
from records.models import Exemption, RecordsRequest, Redaction, is_redactable_field
from records.selectors.records import is_raw_payload_field, record_field_text, record_get
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
    if field and not is_redactable_field(target_type, field):
        raise ActionRefused(f"“{field}” is not a redactable field of a {target_type}.")
    text_sha256 = ""
    if field:
        text = record_field_text(target_type, target_id, field)
        if text is None:
            if is_raw_payload_field(target_type, field) and record_get(target_type, target_id):
                raise ActionRefused("That record's raw payload has no text value there.")
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


def _selection_span(
    text: str, *, start: int | None, end: int | None, selected_text: str, occurrence: int | None
) -> tuple[int, int]:
    """The stored span a clerk's selection names. With offsets (a selection in the browser,
    counted in what it shows) the selected text must be exactly what lies there now: a record
    that changed, or a form filled in by hand, is refused rather than guessed. Without offsets
    (no JavaScript) the text is looked up and must occur once, or `occurrence` says which."""
    if start is not None and end is not None:
        span = selection.source_span(text, start, end)
        if span is None:
            raise ActionRefused(
                "The selection is not inside this field any more: select the text again."
            )
        if selected_text and selection.displayed(text[span[0] : span[1]]) != selected_text:
            raise ActionRefused(
                "The selected text does not match the record at those places: select it again."
            )
        return span
    found = selection.occurrences(text, selected_text)
    if not found:
        raise ActionRefused("That text is not in this field: copy it exactly, or select it.")
    if len(found) > 1 and occurrence is None:
        raise ActionRefused(
            f"That text appears {len(found)} times in this field: select the one to redact, "
            f"or say which occurrence (1 to {len(found)})."
        )
    index = (occurrence or 1) - 1
    if not 0 <= index < len(found):
        raise ActionRefused(f"There are only {len(found)} occurrences of that text.")
    span = selection.source_span(text, found[index], found[index] + len(selected_text))
    assert span is not None  # found inside the displayed text
    return span


@transaction.atomic
def redaction_mark(
    *,
    actor,
    request: RecordsRequest,
    target_type: str,
    target_id: int,
    field: str,
    exemption: Exemption,
    selected_text: str = "",
    start: int | None = None,
    end: int | None = None,
    occurrence: int | None = None,
    note: str = "",
) -> Redaction:
    """A redaction from the clerk's selection on the page: exactly the characters selected
    (or, with no text selected, the whole field; with no field, the whole record)."""
    span_start = span_end = None
    if field and (selected_text or start is not None):
        text = record_field_text(target_type, target_id, field)
        if text is None:
            raise ActionRefused("That record has no such field.")
        span_start, span_end = _selection_span(
            text, start=start, end=end, selected_text=selected_text, occurrence=occurrence
        )
    return redaction_create(
        actor=actor,
        request=request,
        target_type=target_type,
        target_id=target_id,
        field=field,
        start=span_start,
        end=span_end,
        exemption=exemption,
        note=note,
    )
