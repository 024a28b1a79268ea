"""Celery tasks: thin, take ids, idempotent."""

from celery import shared_task

from stanton.celery import RETRY_POLICY


@shared_task(name="records.tasks.build_package", **RETRY_POLICY)
def build_package(package_id: int) -> str:
    """Build a queued package. A second delivery finds it complete (or building) and stops."""
    from records.packages.builder import package_build

    package = package_build(package_id=package_id)
    return package.sha256 if package else "nothing to do"


@shared_task(name="records.tasks.make_archive_copies", **RETRY_POLICY)
def make_archive_copies(request_id: int) -> int:
    """The public archive's copies of an archived request's releases (records/packages/
    archive_copy.py). A second delivery finds them made and makes none."""
    from records.services.portal import archive_copies_make

    return archive_copies_make(request_id=request_id)


@shared_task(name="records.tasks.send_deadline_reminders", **RETRY_POLICY)
def send_deadline_reminders() -> int:
    """Daily (beat, 7:00 Pacific): remind about requests due soon or overdue, once a day each."""
    from records.services.reminders import reminders_send

    return reminders_send()
