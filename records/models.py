"""Public records (CPRA): requests, deadlines, redactions, legal holds, disclosure packages.

Every model is a retained record (audit.retention): nothing is deleted; withdrawals and
releases stamp who and when. Writes go through `records.services`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from audit.retention import RetainedModel, RetainedRecordError, retained_history
from moderation.models import PublicAccount, Site


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    WEB_FORM = "web_form", "Web form"
    MAIL = "mail", "Mail"
    IN_PERSON = "in_person", "In person"
    PHONE = "phone", "Phone"
    PORTAL = "portal", "Public request portal"


class RequestStatus(models.TextChoices):
    RECEIVED = "received", "Received"
    SEARCHING = "searching", "Searching"
    REVIEW = "review", "In review"
    FULFILLED = "fulfilled", "Fulfilled"
    PARTIALLY_DENIED = "partially_denied", "Partially denied"
    DENIED = "denied", "Denied"
    NO_RECORDS = "no_records", "No records"
    WITHDRAWN = "withdrawn", "Withdrawn"


CLOSED_STATUSES = frozenset(
    {
        RequestStatus.FULFILLED,
        RequestStatus.PARTIALLY_DENIED,
        RequestStatus.DENIED,
        RequestStatus.NO_RECORDS,
        RequestStatus.WITHDRAWN,
    }
)
_CLOSINGS = {
    RequestStatus.FULFILLED,
    RequestStatus.PARTIALLY_DENIED,
    RequestStatus.DENIED,
    RequestStatus.NO_RECORDS,
}
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    RequestStatus.RECEIVED: frozenset({RequestStatus.SEARCHING, RequestStatus.WITHDRAWN}),
    RequestStatus.SEARCHING: frozenset(
        {RequestStatus.REVIEW, RequestStatus.NO_RECORDS, RequestStatus.WITHDRAWN}
    ),
    RequestStatus.REVIEW: frozenset({RequestStatus.SEARCHING, RequestStatus.WITHDRAWN, *_CLOSINGS}),
    **{status: frozenset() for status in CLOSED_STATUSES},
}


class ExtensionReason(models.TextChoices):
    """Gov. Code 7922.535(c): the "unusual circumstances" that allow one extension.
    (5) was added by SB 1034 (2024); (6), a cyberattack, by AB 370 (2025, in force 2026)."""

    FIELD_FACILITIES = (
        "field_facilities",
        "(c)(1) Records at field facilities or other establishments",
    )
    VOLUMINOUS = "voluminous", "(c)(2) A voluminous amount of separate and distinct records"
    CONSULTATION = (
        "consultation",
        "(c)(3) Consultation with another agency or two or more components",
    )
    COMPILING_DATA = "compiling_data", "(c)(4) Compiling data or writing a program to extract it"
    EMERGENCY = "emergency", "(c)(5) A proclaimed state of emergency affecting the response"
    CYBERATTACK = "cyberattack", "(c)(6) A cyberattack prevents access to electronic systems"


class DeterminationOutcome(models.TextChoices):
    """What the agency determined (Gov. Code 7922.535(a)); withholding needs 7922.540 reasons."""

    DISCLOSABLE = "disclosable", "Disclosable records exist: all will be released"
    PARTLY = "partly", "Disclosable records exist: some are withheld"
    WITHHELD = "withheld", "Records exist but are withheld"
    NO_RECORDS = "no_records", "No responsive records"


# Outcomes under which records are to be made available, so an estimate is required.
RELEASING_OUTCOMES = frozenset({DeterminationOutcome.DISCLOSABLE, DeterminationOutcome.PARTLY})


class RecordsRequest(RetainedModel):
    # Set on open requests by records.selectors.requests.open_requests_with_flags (not fields).
    due_soon: bool
    overdue: bool
    production_late: bool
    number = models.CharField(max_length=20, unique=True, editable=False)
    year = models.PositiveSmallIntegerField(editable=False)
    sequence = models.PositiveIntegerField(editable=False)
    requester_name = models.CharField(max_length=200, blank=True, help_text="Optional.")
    requester_contact = models.CharField(
        max_length=300, blank=True, help_text="Optional: email, phone or address."
    )
    received_on = models.DateField()
    channel = models.CharField(max_length=12, choices=Channel.choices, default=Channel.EMAIL)
    description = models.TextField()
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="records_requests",
    )
    status = models.CharField(
        max_length=20, choices=RequestStatus.choices, default=RequestStatus.RECEIVED
    )
    due_on = models.DateField(help_text="Determination due (Gov. Code 7922.535(a)).")
    # Before several reasons could be cited, the one reason; kept as it was for those requests
    # (their history reads it). New extensions write `extension_reasons`.
    extension_reason = models.CharField(max_length=20, choices=ExtensionReason.choices, blank=True)
    extension_reasons = models.JSONField(
        default=list, blank=True, help_text="Gov. Code 7922.535(c) reasons cited (one or more)."
    )
    extension_notice_sent_on = models.DateField(null=True, blank=True)
    extended_due_on = models.DateField(null=True, blank=True)
    extension_note = models.TextField(blank=True)
    extended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    determination = models.TextField(blank=True)
    # The determination (Gov. Code 7922.535(a)) is tracked apart from production: "overdue"
    # means the determination is late, not that the records are not out yet.
    determination_outcome = models.CharField(
        max_length=20, choices=DeterminationOutcome.choices, blank=True
    )
    determination_sent_on = models.DateField(null=True, blank=True)
    records_available_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Estimated date and time the records will be made available (7922.535(a)).",
    )
    produced_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    internal_notes = models.TextField(blank=True)
    search_criteria = models.JSONField(default=dict, blank=True)
    # The requester's private tracking link holds a random token; only its SHA-256 is kept, so
    # the database alone cannot open a requester's page.
    tracking_token_sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    # The clerk may publish a closed request, with the files released to the requester, in
    # the public archive (/records/archive/); the requester's name and contact never are.
    in_public_archive = models.BooleanField(default=False)
    # The requester asked for the release as a PDF as well (index.pdf beside index.html).
    wants_pdf = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = retained_history()

    class Meta:
        ordering = ["-received_on", "-sequence"]
        constraints = [
            models.UniqueConstraint(fields=["year", "sequence"], name="records_request_year_seq")
        ]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return self.number

    @property
    def effective_due_on(self):
        return self.extended_due_on or self.due_on

    @property
    def is_extended(self) -> bool:
        return self.extended_due_on is not None

    @property
    def extension_reason_labels(self) -> list[str]:
        codes = self.extension_reasons or ([self.extension_reason] if self.extension_reason else [])
        return [ExtensionReason(code).label for code in codes if code in ExtensionReason.values]

    @property
    def determination_late(self) -> bool:
        """The determination went out after its (extended) due date."""
        return bool(
            self.determination_sent_on and self.determination_sent_on > self.effective_due_on
        )

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    @property
    def allowed_next_statuses(self) -> list[tuple[str, str]]:
        allowed = ALLOWED_TRANSITIONS.get(self.status, frozenset())
        return [(value, label) for value, label in RequestStatus.choices if value in allowed]


class AssistanceLogEntry(RetainedModel):
    """Help given to the requester (Gov. Code 7922.600: identify records, describe the
    technology and location, suggest how to overcome a practical basis for denial)."""

    request = models.ForeignKey(
        RecordsRequest, on_delete=models.PROTECT, related_name="assistance_log"
    )
    given_at = models.DateTimeField(default=timezone.now)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    description = models.TextField()
    history = retained_history()

    class Meta:
        ordering = ["given_at", "id"]


class RequestNote(RetainedModel):
    """A dated note on a request's record, written by the portal or by staff: for example that
    a closure day entered or withdrawn moved its due date (CCP 12b)."""

    request = models.ForeignKey(RecordsRequest, on_delete=models.PROTECT, related_name="notes")
    written_at = models.DateTimeField(default=timezone.now)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField()
    history = retained_history()

    class Meta:
        ordering = ["written_at", "id"]

    def __str__(self) -> str:
        return f"{self.request} note {self.written_at:%Y-%m-%d}"


class MessageSender(models.TextChoices):
    REQUESTER = "requester", "Requester"
    CITY = "city", "City"


class RequestMessage(RetainedModel):
    """A message between the clerk and the requester on a request (Gov. Code 7922.600: assist
    the requester). Retained and timestamped; never edited."""

    request = models.ForeignKey(RecordsRequest, on_delete=models.PROTECT, related_name="messages")
    sender = models.CharField(max_length=10, choices=MessageSender.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    body = models.TextField()
    sent_at = models.DateTimeField(default=timezone.now)
    emailed_to = models.CharField(max_length=300, blank=True)
    history = retained_history()

    class Meta:
        ordering = ["sent_at", "id"]

    def __str__(self) -> str:
        return f"{self.request} message {self.sent_at:%Y-%m-%d %H:%M}"


class DeadlineReminder(RetainedModel):
    """One reminder email about one request on one day (makes the beat task idempotent)."""

    request = models.ForeignKey(RecordsRequest, on_delete=models.PROTECT, related_name="reminders")
    sent_on = models.DateField()
    kind = models.CharField(max_length=10)  # due_soon / overdue
    recipients = models.JSONField(default=list)
    sent_at = models.DateTimeField(default=timezone.now)
    history = retained_history()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["request", "sent_on"], name="records_reminder_daily")
        ]


class CityClosure(RetainedModel):
    """A day City offices are closed for the whole day (CCP 12b): not a business day."""

    date = models.DateField()
    reason = models.CharField(max_length=300)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    history = retained_history()

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(
                fields=["date"],
                condition=Q(withdrawn_at__isnull=True),
                name="records_closure_one_per_day",
            )
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d}: {self.reason}"


class Exemption(RetainedModel):
    code = models.SlugField(max_length=40, unique=True)
    # What a clerk picks and a requester reads ("Employee home contact details"); the citation
    # is shown beside it. Empty for a row an administrator has not named yet: the citation is.
    name = models.CharField(max_length=120, blank=True)
    citation = models.CharField(max_length=120)
    description = models.TextField()
    active = models.BooleanField(default=True)
    history = retained_history()

    class Meta:
        ordering = ["citation"]

    def __str__(self) -> str:
        return self.citation

    @property
    def label(self) -> str:
        """The plain-language name with the citation beside it."""
        return f"{self.name} ({self.citation})" if self.name else self.citation


class TargetType(models.TextChoices):
    COMMENT = "comment", "Comment"
    REVISION = "revision", "Comment revision"
    POST = "post", "City post"
    DECISION = "decision", "Moderation decision"
    BAN = "ban", "Ban"
    SNAPSHOT = "snapshot", "Subscriber snapshot"


# The text fields of each record kind that can be redacted ("" = the whole record). Comments
# and posts also offer each string value of their raw payload, as "raw_payload" + a JSON
# Pointer (RFC 6901), e.g. "raw_payload/from/name" (records.selectors.records.texts_of).
REDACTABLE_FIELDS: dict[str, tuple[str, ...]] = {
    TargetType.COMMENT: (
        "body",
        "account_handle",
        "account_display_name",
        "permalink",
        "external_id",
        "account_external_id",
    ),
    TargetType.REVISION: ("body",),
    TargetType.POST: ("body", "permalink", "external_id"),
    TargetType.DECISION: ("rationale",),
    TargetType.BAN: ("findings",),
    TargetType.SNAPSHOT: ("subscribers",),
}
RAW_PAYLOAD_PREFIX = "raw_payload/"
RAW_PAYLOAD_KINDS = frozenset({TargetType.COMMENT, TargetType.POST})
FIELD_LABELS = {
    "body": "Text",
    "account_handle": "Account handle",
    "account_display_name": "Account display name",
    "permalink": "Link on the platform",
    "external_id": "Platform id",
    "account_external_id": "Account's platform id",
    "rationale": "Rationale",
    "findings": "Findings",
    "subscribers": "Subscribers",
}


def is_redactable_field(target_type: str, field: str) -> bool:
    """A named field of the kind, or (comments and posts) a raw payload value's pointer; that
    the pointer names a string value of this record is checked against the record itself."""
    if field in REDACTABLE_FIELDS.get(target_type, ()):
        return True
    return target_type in RAW_PAYLOAD_KINDS and field.startswith(RAW_PAYLOAD_PREFIX)


def field_label(field: str) -> str:
    if field.startswith(RAW_PAYLOAD_PREFIX):
        return f"Raw payload: {field[len(RAW_PAYLOAD_PREFIX) :]}"
    return FIELD_LABELS.get(field, field)


class Redaction(RetainedModel):
    """A span, a field, or a whole record withheld under an exemption. The redacted text
    itself is not stored here (only its SHA-256, to detect a changed source); packages
    replace it with "[REDACTED — citation]". Withdrawing keeps the row."""

    request = models.ForeignKey(RecordsRequest, on_delete=models.PROTECT, related_name="redactions")
    target_type = models.CharField(max_length=10, choices=TargetType.choices)
    target_id = models.PositiveBigIntegerField()
    field = models.CharField(max_length=300, blank=True, help_text="Empty: the whole record.")
    start = models.PositiveIntegerField(null=True, blank=True)
    end = models.PositiveIntegerField(null=True, blank=True)
    text_sha256 = models.CharField(max_length=64, blank=True)
    exemption = models.ForeignKey(Exemption, on_delete=models.PROTECT, related_name="redactions")
    note = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdraw_reason = models.CharField(max_length=500, blank=True)
    history = retained_history()

    class Meta:
        ordering = ["target_type", "target_id", "field", "start", "id"]
        indexes = [models.Index(fields=["request", "target_type", "target_id"])]
        constraints = [
            models.CheckConstraint(
                condition=(Q(start__isnull=True) & Q(end__isnull=True))
                | (Q(start__isnull=False) & Q(end__gt=models.F("start"))),
                name="records_redaction_span_valid",
            )
        ]

    @property
    def part_label(self) -> str:
        return field_label(self.field) if self.field else "Whole record"

    @property
    def scope(self) -> str:
        if not self.field:
            return "whole record withheld"
        if self.start is None:
            return "whole field"
        return f"characters {self.start}–{self.end}"


class RecordExclusion(RetainedModel):
    """A record the search found that the clerk left out of the request's release as not
    responsive (a whole record, chosen one by one from the results). Not a withholding: a
    withheld record is listed with its exemption; an excluded one is not part of the release.
    Including it again stamps `included_again_*`: the row stays, and a later exclusion of the
    same record is a new row."""

    request = models.ForeignKey(RecordsRequest, on_delete=models.PROTECT, related_name="exclusions")
    kind = models.CharField(max_length=20)  # a search kind: records.selectors.search.KIND_KEYS
    record_id = models.PositiveBigIntegerField()
    excluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    excluded_at = models.DateTimeField(default=timezone.now)
    included_again_at = models.DateTimeField(null=True, blank=True)
    included_again_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    history = retained_history()

    class Meta:
        ordering = ["kind", "record_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "kind", "record_id"],
                condition=Q(included_again_at__isnull=True),
                name="records_exclusion_one_active",
            )
        ]

    def __str__(self) -> str:
        return f"{self.request} excludes {self.kind} {self.record_id}"


class LegalHold(RetainedModel):
    """Content matching these criteria is held: never purged while the hold is active."""

    site = models.ForeignKey(
        Site, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    account = models.ForeignKey(
        PublicAccount, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    keyword = models.CharField(max_length=200, blank=True)
    reason = models.TextField()
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    placed_at = models.DateTimeField(default=timezone.now)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    released_at = models.DateTimeField(null=True, blank=True)
    release_reason = models.TextField(blank=True)
    history = retained_history()

    class Meta:
        ordering = ["released_at", "-placed_at"]

    @property
    def active(self) -> bool:
        return self.released_at is None


class PackageStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    BUILDING = "building", "Building"
    COMPLETE = "complete", "Complete"
    FAILED = "failed", "Failed"


class DisclosurePackage(RetainedModel):
    """One build of a request's disclosure package. Its request, builder, criteria and time are
    fixed when it is queued; while it is queued, building or failed, the build writes its
    status, progress and results (`MUTABLE_FIELDS`). Once complete, nothing changes: the file,
    SHA-256 and manifest are what was disclosed (a rebuild is a new package). On PostgreSQL
    two triggers hold both rules (records migration 0003)."""

    MUTABLE_FIELDS = (
        "status",
        "progress",
        "progress_message",
        "file",
        "sha256",
        "size",
        "manifest",
        "counts",
        "generator_version",
        "started_at",
        "finished_at",
        "attempts",
        "error",
    )

    request = models.ForeignKey(RecordsRequest, on_delete=models.PROTECT, related_name="packages")
    status = models.CharField(
        max_length=10, choices=PackageStatus.choices, default=PackageStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)
    progress_message = models.CharField(max_length=300, blank=True)
    file = models.FileField(upload_to="packages/%Y/", blank=True, max_length=300)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    manifest = models.JSONField(default=dict, blank=True)
    counts = models.JSONField(default=dict, blank=True)
    criteria = models.JSONField(default=dict, blank=True)
    generator_version = models.CharField(max_length=40, blank=True)
    # Chosen when the package is queued, like its criteria: the build adds index.pdf.
    include_pdf = models.BooleanField(default=False)
    built_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    # Progress ticks are written with QuerySet.update (not moderation state, not history).
    history = retained_history(excluded_fields=["progress", "progress_message", "manifest"])

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Package {self.pk} for {self.request}"

    @property
    def is_finished(self) -> bool:
        return self.status in (PackageStatus.COMPLETE, PackageStatus.FAILED)

    def save(self, *args, **kwargs):
        # A built package is immutable: its file and SHA-256 are what was disclosed.
        if (
            self.pk
            and type(self).objects.filter(pk=self.pk, status=PackageStatus.COMPLETE).exists()
        ):
            raise RetainedRecordError("A complete disclosure package cannot be changed.")
        super().save(*args, **kwargs)


class PackageDownload(RetainedModel):
    package = models.ForeignKey(
        DisclosurePackage, on_delete=models.PROTECT, related_name="downloads"
    )
    # None: the requester, through the request's tracking link.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    downloaded_at = models.DateTimeField(default=timezone.now)
    ip = models.GenericIPAddressField(null=True, blank=True)
    history = retained_history()

    class Meta:
        ordering = ["-downloaded_at"]


class PackageRelease(RetainedModel):
    """A complete package the clerk released to the requester: downloadable from the request's
    tracking page from then on. (The package row itself is sealed once complete.)"""

    package = models.OneToOneField(
        DisclosurePackage, on_delete=models.PROTECT, related_name="release"
    )
    released_at = models.DateTimeField(default=timezone.now)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = retained_history()

    def __str__(self) -> str:
        return f"{self.package} released {self.released_at:%Y-%m-%d}"


class ArchiveCopy(RetainedModel):
    """What the public archive serves for a release: the release with the requester's name and
    contact withheld from its letters and release page (records/packages/archive_copy.py).
    Made once, when the request is in the archive and the package released; never changed
    (append-only on PostgreSQL, records migration 0014)."""

    release = models.OneToOneField(
        PackageRelease, on_delete=models.PROTECT, related_name="archive_copy"
    )
    file = models.FileField(upload_to="archive/%Y/", max_length=300)
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.PositiveBigIntegerField()
    # Each file of the copy that differs from the release: how many times it withheld.
    withheld = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    history = retained_history()

    class Meta:
        verbose_name_plural = "archive copies"

    def __str__(self) -> str:
        return f"Public copy of {self.release}"


class LetterKind(models.TextChoices):
    LETTERHEAD = "letterhead", "Letterhead (around every letter)"
    ACKNOWLEDGMENT = "acknowledgment", "Acknowledgment"
    EXTENSION = "extension", "Extension notice (Gov. Code 7922.535(b))"
    DETERMINATION_FULL = "determination_full", "Determination: records disclosed in full"
    DETERMINATION_PARTIAL = "determination_partial", "Determination: partly withheld"
    DETERMINATION_DENIAL = "determination_denial", "Determination: withheld (denial)"
    NO_RECORDS = "no_records", "No responsive records"


class LetterTemplate(RetainedModel):
    """An administrator's wording for one kind of letter; without a row the built-in wording
    (records/letters.py) is used. Edited in place; every version is kept in its history."""

    kind = models.CharField(max_length=30, choices=LetterKind.choices, unique=True)
    subject = models.CharField(max_length=300, blank=True)
    body = models.TextField()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    history = retained_history()

    def __str__(self) -> str:
        return self.get_kind_display()


class RequestLetter(RetainedModel):
    """A letter as it was sent to the requester: a record on the request, never changed."""

    request = models.ForeignKey(RecordsRequest, on_delete=models.PROTECT, related_name="letters")
    kind = models.CharField(max_length=30, choices=LetterKind.choices)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    sent_to = models.CharField(max_length=300, blank=True, help_text="Empty: not emailed.")
    sent_at = models.DateTimeField(default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    history = retained_history()

    class Meta:
        ordering = ["sent_at", "id"]

    def __str__(self) -> str:
        return f"{self.request} {self.get_kind_display()} {self.sent_at:%Y-%m-%d}"
