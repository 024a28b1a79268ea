"""The public request portal and the messages between clerk and requester.

Anyone may ask for records without signing in and without giving a name (the CPRA asks no
reasons and no identity). They get the request number and a private tracking link: a long random
token of which only the SHA-256 is stored. The tracking page shows the status, the due date,
the messages and, once the clerk releases a package, its files.
"""

from __future__ import annotations

import hashlib
import secrets

from django.core.files import File
from django.core.files.storage import default_storage
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.events import AuditVerb
from audit.services import audit_record
from outbox.services import task_enqueue
from records.letters import email_of
from records.models import (
    ArchiveCopy,
    Channel,
    DisclosurePackage,
    MessageSender,
    PackageRelease,
    PackageStatus,
    RecordsRequest,
    RequestMessage,
)
from records.services.requests import request_create
from stanton.errors import ActionRefused

TOKEN_BYTES = 32  # 256 bits: the link cannot be guessed


def tracking_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@transaction.atomic
def request_submit_public(
    *,
    description: str,
    requester_name: str = "",
    requester_contact: str = "",
    wants_pdf: bool = False,
    tracking_url,
) -> tuple[RecordsRequest, str]:
    """Log a request from the public portal; return it with its tracking token (shown once).
    `tracking_url(token)` builds the link the acknowledgment email carries."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    request = request_create(
        actor=None,
        received_on=timezone.localdate(),
        description=description,
        channel=Channel.PORTAL,
        requester_name=requester_name,
        requester_contact=requester_contact,
        wants_pdf=wants_pdf,
    )
    request.tracking_token_sha256 = tracking_token_hash(token)
    request.save(update_fields=["tracking_token_sha256"])
    address = email_of(requester_contact)
    if address:
        # Sent inside the transaction: a failure leaves no request the requester never heard of.
        send_mail(
            f"Your public records request {request.number}",
            f"The City of Stanton received your public records request {request.number} on "
            f"{request.received_on:%B %d, %Y}. A response is due by "
            f"{request.due_on:%A, %B %d, %Y}.\n\nFollow it, read our messages and answer "
            f"them here (keep this link private):\n{tracking_url(token)}\n",
            None,
            [address],
        )
    return request, token


def _message_save(
    *, request: RecordsRequest, sender: str, author, body: str, emailed_to: str = ""
) -> RequestMessage:
    body = (body or "").strip()
    if not body:
        raise ActionRefused({"body": "Write a message."})
    if request.is_closed and sender == MessageSender.REQUESTER:
        raise ActionRefused("This request is closed; please make a new request.")
    message = RequestMessage(
        request=request, sender=sender, author=author, body=body, emailed_to=emailed_to
    )
    message._history_user = author
    message.save()
    return message


@transaction.atomic
def request_message_from_requester(*, request: RecordsRequest, body: str) -> RequestMessage:
    message = _message_save(request=request, sender=MessageSender.REQUESTER, author=None, body=body)
    audit_record(
        actor=None,
        verb=AuditVerb.RECORDS_REQUEST_MESSAGE_RECEIVED,
        target=request,
        data={"message": message.pk, "body": message.body},
    )
    return message


@transaction.atomic
def request_message_to_requester(*, actor, request: RecordsRequest, body: str) -> RequestMessage:
    """The clerk writes to the requester: kept on the request, shown on the tracking page, and
    emailed when the requester gave an email address."""
    address = email_of(request.requester_contact)
    message = _message_save(
        request=request, sender=MessageSender.CITY, author=actor, body=body, emailed_to=address
    )
    audit_record(
        actor=actor,
        verb=AuditVerb.RECORDS_REQUEST_MESSAGE_SENT,
        target=request,
        data={"message": message.pk, "body": message.body, "emailed_to": address},
    )
    if address:
        link = (
            "\n\nYou can answer on your request's page (the private link we sent you when you "
            "made the request)."
            if request.tracking_token_sha256
            else ""
        )
        send_mail(
            f"About your public records request {request.number}",
            f"{message.body}{link}\n\nCity Clerk's Office, City of Stanton\n",
            None,
            [address],
        )
    return message


@transaction.atomic
def package_release(*, actor, package: DisclosurePackage) -> PackageRelease:
    """Put a complete package on the requester's tracking page."""
    package = (
        DisclosurePackage.objects.select_for_update().select_related("request").get(pk=package.pk)
    )
    if package.status != PackageStatus.COMPLETE:
        raise ActionRefused("Only a complete package can be released.")
    release = PackageRelease(package=package, released_by=actor)
    release._history_user = actor
    try:
        with transaction.atomic():
            release.save()
    except IntegrityError as exc:
        raise ActionRefused("This package was already released to the requester.") from exc
    audit_record(
        actor=actor,
        verb=AuditVerb.PACKAGE_RELEASED,
        target=package,
        data={"request": package.request.number, "sha256": package.sha256},
    )
    if package.request.in_public_archive:
        task_enqueue(ARCHIVE_COPIES_TASK, request_id=package.request_id)
    return release


@transaction.atomic
def request_archive_set(*, actor, request: RecordsRequest, public: bool) -> RecordsRequest:
    """Publish a closed request (its number, dates, description, status and released files) in
    the public archive, or take it out. The requester's name and contact are never shown."""
    request = RecordsRequest.objects.select_for_update().get(pk=request.pk)
    if public and not request.is_closed:
        raise ActionRefused("Only a closed request can go in the public archive.")
    if request.in_public_archive == public:
        raise ActionRefused(
            "This request is already in the public archive."
            if public
            else "This request is not in the public archive."
        )
    request.in_public_archive = public
    request._history_user = actor
    request.save(update_fields=["in_public_archive"])
    audit_record(
        actor=actor,
        verb=AuditVerb.RECORDS_REQUEST_ARCHIVE_CHANGED,
        target=request,
        data={"public": public},
    )
    if public:
        task_enqueue(ARCHIVE_COPIES_TASK, request_id=request.pk)
    return request


ARCHIVE_COPIES_TASK = "records.tasks.make_archive_copies"


def archive_copies_make(*, request_id: int) -> int:
    """Make the public archive's copy of each release of the request that has none yet (the
    task enqueued when a request goes in the archive, or a package of an archived request is
    released). Idempotent. Returns how many copies were made."""
    request = RecordsRequest.objects.filter(pk=request_id, in_public_archive=True).first()
    if request is None:
        return 0
    releases = PackageRelease.objects.filter(
        package__request=request,
        package__status=PackageStatus.COMPLETE,
        archive_copy__isnull=True,
    ).select_related("package__request")
    return sum(1 for release in releases if archive_copy_make(release=release) is not None)


def archive_copy_make(*, release: PackageRelease) -> ArchiveCopy | None:
    """Write one archive copy (see records/packages/archive_copy.py) and record it with its
    SHA-256 and an audit event. None when another run recorded one first."""
    from records.packages.archive_copy import archive_copy_tempfile, archive_copy_write

    package = release.package
    with archive_copy_tempfile() as tmp:
        result = archive_copy_write(release, tmp)
        tmp.seek(0)
        stem = f"{package.request.number}-public-release-{release.pk}"
        name = default_storage.save(
            f"archive/{package.request.number}/{stem}.zip", File(tmp, name=f"{stem}.zip")
        )
    with transaction.atomic():
        copy = ArchiveCopy(
            release=release,
            file=name,
            sha256=result.sha256,
            size=result.size,
            withheld=result.withheld,
        )
        try:
            with transaction.atomic():
                copy.save()
        except IntegrityError:
            return None  # a second delivery of the task got there first; its file stays unused
        audit_record(
            actor=None,
            verb=AuditVerb.PACKAGE_ARCHIVE_COPY_MADE,
            target=package,
            data={
                "request": package.request.number,
                "release": release.pk,
                "package_sha256": package.sha256,
                "sha256": copy.sha256,
                "withheld": copy.withheld,
            },
        )
    return copy
