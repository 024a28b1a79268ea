"""The models of answering the public (imported at the bottom of moderation/models.py, so they
belong to the moderation app and its migrations).

All are retained records: never deleted; history by django-simple-history. On PostgreSQL
(migration 0021_responses_…) a need's detection, a sent reply, a platform report and a
posting request's receipt cannot be rewritten; only their lifecycle columns change.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from audit.retention import RetainedModel, retained_history


class ResponseTopic(models.TextChoices):
    """What a question or service request is about: the saved replies are kept by topic."""

    GENERAL = "general", "General question"
    STREETS = "streets", "Streets, potholes and sidewalks"
    STREETLIGHTS = "streetlights", "Streetlights and signals"
    TRASH = "trash", "Trash, recycling and bulky pickup"
    WATER = "water", "Water, sewer and drains"
    PARKS = "parks", "Parks, trees and graffiti"
    PARKING = "parking", "Parking and vehicles"
    PERMITS = "permits", "Permits and licences"


class ResponseNeed(RetainedModel):
    """A comment that asks the City something and is owed an answer by `due_on` (a target of
    business days after it was posted, settings.RESPONSE_TARGET_BUSINESS_DAYS)."""

    MUTABLE_FIELDS = ("state", "closed_by", "closed_at", "close_reason")

    class Kind(models.TextChoices):
        QUESTION = "question", "Question"
        SERVICE_REQUEST = "service_request", "Service request"

    class State(models.TextChoices):
        OPEN = "open", "Needs a response"
        ANSWERED = "answered", "Answered"
        DISMISSED = "dismissed", "No response needed"

    comment = models.OneToOneField(
        "moderation.Comment", on_delete=models.PROTECT, related_name="response_need"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    topic = models.CharField(
        max_length=20, choices=ResponseTopic.choices, default=ResponseTopic.GENERAL
    )
    cues = models.JSONField(default=list, blank=True, help_text="Why the detector thought so.")
    detected_at = models.DateTimeField(default=timezone.now)
    due_on = models.DateField(db_index=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    close_reason = models.CharField(max_length=500, blank=True)
    history = retained_history()

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["state", "due_on"], name="moderation_need_due")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on comment {self.comment_id}"


class StaffDirectoryEntry(RetainedModel):
    """A City employee as the public may know them: their public title, department and the
    public line or mailbox they may be reached at. Replies name staff by title only: the
    check refuses a reply that names someone listed here (README, "Responses")."""

    name = models.CharField(max_length=200)
    public_title = models.CharField(max_length=200)
    department = models.CharField(max_length=200, blank=True)
    public_phone = models.CharField(
        max_length=40, blank=True, help_text="A public office line replies may give."
    )
    public_email = models.EmailField(
        blank=True, help_text="A public City mailbox replies may give."
    )
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    history = retained_history()

    class Meta:
        ordering = ["department", "name"]
        verbose_name_plural = "staff directory entries"

    def __str__(self) -> str:
        return f"{self.name} ({self.public_title})"


class SavedReply(RetainedModel):
    """Wording staff start a reply from, kept by topic by supervisors and administrators."""

    topic = models.CharField(max_length=20, choices=ResponseTopic.choices)
    title = models.CharField(max_length=200)
    text = models.TextField()
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    history = retained_history()

    class Meta:
        ordering = ["topic", "title"]
        verbose_name_plural = "saved replies"

    def __str__(self) -> str:
        return self.title


class CommentReply(RetainedModel):
    """The City's reply to a comment: drafted in the portal, checked for personal information
    (the writer's or other employees'), then sent through the platform (a `PlatformAction`
    of kind reply_comment) or by hand. Once sent it is sealed: a trigger refuses any change."""

    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        AWAITING_EXCEPTION = "awaiting_exception", "Awaiting a supervisor's exception"
        SENT = "sent", "Sent"

    comment = models.ForeignKey(
        "moderation.Comment", on_delete=models.PROTECT, related_name="city_replies"
    )
    need = models.ForeignKey(
        ResponseNeed, null=True, blank=True, on_delete=models.PROTECT, related_name="replies"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    saved_reply = models.ForeignKey(
        SavedReply, null=True, blank=True, on_delete=models.PROTECT, related_name="uses"
    )
    text = models.TextField()
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT)
    # What the personal-information check found in `text` when last saved.
    findings = models.JSONField(default=list, blank=True)
    exception_requested_reason = models.TextField(blank=True)
    exception_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    exception_approved_at = models.DateTimeField(null=True, blank=True)
    exception_reason = models.TextField(blank=True)
    # The SHA-256 of the text the exception was approved for: an edit needs a new one.
    exception_text_sha256 = models.CharField(max_length=64, blank=True)
    platform_action = models.OneToOneField(
        "moderation.PlatformAction",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reply",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    history = retained_history()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["comment", "state"], name="moderation_reply_state")]

    def __str__(self) -> str:
        return f"Reply to comment {self.comment_id} ({self.get_state_display()})"


class PlatformReport(RetainedModel):
    """A record that staff reported the account behind a decided comment to the platform
    under the platform's terms of use: when, by whom, and the platform's reference. Written
    once (a trigger refuses UPDATE); a correction is a new report."""

    decision = models.ForeignKey(
        "moderation.Decision", on_delete=models.PROTECT, related_name="platform_reports"
    )
    account = models.ForeignKey(
        "moderation.PublicAccount", on_delete=models.PROTECT, related_name="platform_reports"
    )
    reported_at = models.DateTimeField(help_text="When the report was made on the platform.")
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    platform_reference = models.CharField(max_length=200, blank=True)
    note = models.TextField(blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)
    history = retained_history()

    class Meta:
        ordering = ["-reported_at", "-id"]

    def __str__(self) -> str:
        return f"Report of {self.account} to the platform"


class PostingRequest(RetainedModel):
    """A request from an outside party for the City to post their content on its pages,
    kept as a record ("communication submitted for posting") with the City's answer."""

    MUTABLE_FIELDS = ("decision", "decision_reason", "reply_text", "decided_by", "decided_at")

    class RequesterType(models.TextChoices):
        PUBLIC_AGENCY = "public_agency", "Public agency"
        NON_PROFIT = "non_profit", "Non-profit organisation"
        ELECTED_OFFICIAL = "elected_official", "Elected official"
        BUSINESS = "business", "Business"
        INDIVIDUAL = "individual", "Individual"

    class Decision(models.TextChoices):
        UNDECIDED = "", "Not decided"
        POST = "post", "Post it"
        DECLINE = "decline", "Decline"

    requester_type = models.CharField(max_length=20, choices=RequesterType.choices)
    requester_name = models.CharField(max_length=300)
    requester_contact = models.CharField(max_length=300, blank=True)
    content = models.TextField(help_text="What they asked the City to post.")
    received_on = models.DateField(default=timezone.localdate)
    site = models.ForeignKey(
        "moderation.Site",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="posting_requests",
        help_text="The page they asked for, if any.",
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    logged_at = models.DateTimeField(default=timezone.now)
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)
    decision_reason = models.TextField(blank=True)
    reply_text = models.TextField(blank=True, help_text="The answer sent to the requester.")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    history = retained_history()

    class Meta:
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return f"Posting request from {self.requester_name}"
