"""Disclosure package lifecycle: queued → building → complete | failed (retry → queued).

Status changes are services (audited, with history). The build's progress ticks are written
with `QuerySet.update` on the progress fields only (`package_progress`): they are not
moderation state, they change many times a build, and history of them would be noise.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from audit.events import AuditVerb
from audit.services import audit_record
from outbox.services import task_enqueue
from records.models import DisclosurePackage, PackageDownload, PackageStatus, RecordsRequest
from records.selectors.selection import exclusions_by_kind
from stanton.errors import ActionRefused

# A build still "building" after this long lost its worker (the hard time limit is 6 min).
STALE_BUILD_AFTER = timedelta(minutes=15)


@transaction.atomic
def package_request(
    *, actor, request: RecordsRequest, enqueue: bool = True, include_pdf: bool | None = None
) -> DisclosurePackage:
    """Queue a new package (a rebuild is always a new row: built packages are immutable).
    `enqueue=False` is for `manage.py build_package`, which builds it in-process.
    The criteria are read from the locked row, not the caller's copy, which may be stale.
    `include_pdf` adds index.pdf; by default, when the requester asked for a PDF."""
    request = RecordsRequest.objects.select_for_update().get(pk=request.pk)
    criteria = dict(request.search_criteria or {})
    # The records the clerk left out of the release, frozen with the criteria: the package
    # (and its manifest) says what was searched for and which found records were excluded.
    excluded = exclusions_by_kind(request)
    if criteria and excluded:
        criteria["excluded"] = excluded
    package = DisclosurePackage(
        request=request,
        built_by=actor,
        criteria=criteria,
        include_pdf=request.wants_pdf if include_pdf is None else include_pdf,
        progress_message="Waiting for a worker",
    )
    package._history_user = actor
    package.save()
    audit_record(
        actor=actor,
        verb=AuditVerb.PACKAGE_REQUESTED,
        target=package,
        data={
            "request": request.number,
            "criteria": package.criteria,
            "include_pdf": package.include_pdf,
        },
    )
    if enqueue:
        task_enqueue("records.tasks.build_package", package_id=package.pk)
    return package


@transaction.atomic
def package_retry(*, actor, package: DisclosurePackage) -> DisclosurePackage:
    package = DisclosurePackage.objects.select_for_update().get(pk=package.pk)
    if package.status != PackageStatus.FAILED:
        raise ActionRefused("Only a failed build can be retried.")
    package.status = PackageStatus.QUEUED
    package.progress, package.progress_message = 0, "Waiting for a worker"
    package._history_user = actor
    package.save()
    audit_record(
        actor=actor,
        verb=AuditVerb.PACKAGE_RETRIED,
        target=package,
        data={"request": package.request.number, "previous_error": package.error[:500]},
    )
    task_enqueue("records.tasks.build_package", package_id=package.pk)
    return package


@transaction.atomic
def package_start(*, package_id: int) -> DisclosurePackage | None:
    """Claim a package for building. None when there is nothing to do (complete, or another
    worker is building it): this is what makes the task safe to run twice."""
    package = DisclosurePackage.objects.select_for_update().filter(pk=package_id).first()
    if package is None or package.status == PackageStatus.COMPLETE:
        return None
    if (
        package.status == PackageStatus.BUILDING
        and package.started_at
        and (timezone.now() - package.started_at < STALE_BUILD_AFTER)
    ):
        return None
    package.status = PackageStatus.BUILDING
    package.started_at = timezone.now()
    package.attempts += 1
    package.progress, package.progress_message, package.error = 0, "Starting", ""
    package.save()
    audit_record(
        actor=None,
        verb=AuditVerb.PACKAGE_BUILD_STARTED,
        target=package,
        data={"attempt": package.attempts},
    )
    return package


def package_progress(*, package_id: int, progress: int, message: str) -> None:
    DisclosurePackage.objects.filter(pk=package_id, status=PackageStatus.BUILDING).update(
        progress=max(0, min(100, int(progress))), progress_message=message[:300]
    )


@transaction.atomic
def package_complete(
    *,
    package_id: int,
    file_name: str,
    sha256: str,
    size: int,
    manifest: dict[str, Any],
    counts: dict[str, int],
    generator_version: str,
) -> DisclosurePackage:
    """Only now, with the file saved and hashed, does the package become complete."""
    package = DisclosurePackage.objects.select_for_update().get(pk=package_id)
    if package.status != PackageStatus.BUILDING:
        raise ActionRefused(f"Package {package_id} is {package.status}, not building.")
    package.file.name = file_name
    package.sha256, package.size = sha256, size
    package.manifest, package.counts = manifest, counts
    package.generator_version = generator_version
    package.status = PackageStatus.COMPLETE
    package.progress, package.progress_message = 100, "Complete"
    package.finished_at = timezone.now()
    package.save()
    audit_record(
        actor=None,
        verb=AuditVerb.PACKAGE_COMPLETED,
        target=package,
        data={"request": package.request.number, "sha256": sha256, "size": size, "counts": counts},
    )
    return package


@transaction.atomic
def package_fail(*, package_id: int, error: str) -> DisclosurePackage | None:
    package = DisclosurePackage.objects.select_for_update().filter(pk=package_id).first()
    if package is None or package.status == PackageStatus.COMPLETE:
        return package
    package.status = PackageStatus.FAILED
    package.error = error[:4000]
    package.progress_message = "Failed"
    package.finished_at = timezone.now()
    package.save()
    audit_record(
        actor=None, verb=AuditVerb.PACKAGE_FAILED, target=package, data={"error": error[:500]}
    )
    return package


@transaction.atomic
def package_download_log(*, actor, package: DisclosurePackage, ip: str | None) -> PackageDownload:
    if package.status != PackageStatus.COMPLETE:
        raise ActionRefused("This package is not complete.")
    download = PackageDownload(package=package, user=actor, ip=ip or None)
    download._history_user = actor
    download.save()
    audit_record(
        actor=actor,
        verb=AuditVerb.PACKAGE_DOWNLOADED,
        target=package,
        data={"request": package.request.number, "sha256": package.sha256, "ip": ip},
    )
    return download
