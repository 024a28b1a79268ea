"""The records a clerk excluded from a request's release (reads only)."""

from __future__ import annotations

from collections.abc import Iterable

from records.models import RecordExclusion, RecordsRequest


def _active(request: RecordsRequest):
    return RecordExclusion.objects.filter(request=request, included_again_at__isnull=True)


def exclusions_by_kind(request: RecordsRequest) -> dict[str, list[int]]:
    """{search kind: [record ids]} of the records now excluded, in id order."""
    found: dict[str, list[int]] = {}
    for kind, record_id in (
        _active(request).order_by("kind", "record_id").values_list("kind", "record_id")
    ):
        found.setdefault(kind, []).append(record_id)
    return found


def excluded_ids(request: RecordsRequest, kind: str, record_ids: Iterable[int]) -> set[int]:
    """Which of these records of one kind are excluded (one query, for a page of results)."""
    return set(
        _active(request)
        .filter(kind=kind, record_id__in=list(record_ids))
        .values_list("record_id", flat=True)
    )
