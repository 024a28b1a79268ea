"""Which of the records a request's search found go into its release: the clerk includes or
excludes whole records one by one, from the result pages (RecordExclusion)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from audit.events import AuditVerb
from audit.services import audit_record
from records.models import RecordExclusion, RecordsRequest
from records.selectors.search import KIND_KEYS
from stanton.errors import ActionRefused


@transaction.atomic
def request_records_choose(
    *,
    actor,
    request: RecordsRequest,
    kind: str,
    shown_ids: Iterable[int],
    included_ids: Iterable[int],
) -> dict[str, list[int]]:
    """The clerk's choice on one page of results: of the records `shown`, those in `included`
    go into the release and the others do not. Only the records shown change, so records on
    other pages keep their choice. Returns what changed ({"excluded": [...], "included": [...]})
    and writes one audit event for it (none when nothing changed)."""
    if kind not in KIND_KEYS:
        raise ActionRefused("No such kind of record.")
    request = RecordsRequest.objects.select_for_update().get(pk=request.pk)
    if request.is_closed:
        raise ActionRefused(
            "This request is closed; the records in its release can no longer change."
        )
    shown = set(shown_ids)
    included = set(included_ids)
    if not included <= shown:
        raise ActionRefused("Only the records shown on the page can be chosen.")
    active = {
        exclusion.record_id: exclusion
        for exclusion in RecordExclusion.objects.select_for_update().filter(
            request=request, kind=kind, record_id__in=shown, included_again_at__isnull=True
        )
    }
    now = timezone.now()
    newly_excluded = sorted(pk for pk in shown - included if pk not in active)
    newly_included = sorted(pk for pk in included if pk in active)
    for pk in newly_excluded:
        exclusion = RecordExclusion(request=request, kind=kind, record_id=pk, excluded_by=actor)
        exclusion._history_user = actor
        exclusion.save()
    for pk in newly_included:
        exclusion = active[pk]
        exclusion.included_again_at, exclusion.included_again_by = now, actor
        exclusion._history_user = actor
        exclusion.save(update_fields=["included_again_at", "included_again_by"])
    changes = {"excluded": newly_excluded, "included": newly_included}
    if newly_excluded or newly_included:
        audit_record(
            actor=actor,
            verb=AuditVerb.RECORDS_REQUEST_RECORDS_SELECTED,
            target=request,
            data={"request": request.number, "kind": kind, **changes},
        )
    return changes
