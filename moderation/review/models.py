"""Telling staff how a supervisor's review judged their decision."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from audit.retention import RetainedModel, retained_history


class ReviewNotification(RetainedModel):
    """One review of one decision, told to the person who made the decision. Shown on their
    home page until they mark it read. A record like the review itself: kept, never deleted;
    only `read_at` is written later (on PostgreSQL a trigger refuses any other change)."""

    MUTABLE_FIELDS = ("read_at",)

    class Outcome(models.TextChoices):
        UPHELD = "upheld", "Upheld"
        OVERTURNED = "overturned", "Overturned"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_notifications"
    )
    decision = models.ForeignKey(
        "moderation.Decision", on_delete=models.PROTECT, related_name="review_notifications"
    )
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(blank=True)
    # What the review did to the comment, in words (restored, back in the queue, nothing).
    consequence = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    history = retained_history()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"Decision #{self.decision_id} {self.get_outcome_display().lower()}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
