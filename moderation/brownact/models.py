from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from audit.retention import RetainedModel, retained_history


class LegislativeBody(RetainedModel):
    """A City legislative body (City Council, Planning Commission, …)."""

    name = models.CharField(max_length=200, unique=True)
    # Words naming matters within the body's jurisdiction, one per line; empty: every matter.
    jurisdiction_terms = models.TextField(
        blank=True,
        help_text="Words naming matters within the body's jurisdiction, one a line (empty: "
        "every matter the City posts about).",
    )
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)
    history = retained_history()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "legislative bodies"

    def __str__(self) -> str:
        return self.name

    def terms(self) -> list[str]:
        return [t.strip().casefold() for t in self.jurisdiction_terms.splitlines() if t.strip()]


class BodyMember(RetainedModel):
    """A member of a body, with the platform accounts they use."""

    body = models.ForeignKey(LegislativeBody, on_delete=models.PROTECT, related_name="members")
    name = models.CharField(max_length=200)
    seat = models.CharField(max_length=100, blank=True)
    accounts = models.ManyToManyField("moderation.PublicAccount", related_name="body_memberships")
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)
    history = retained_history()

    class Meta:
        ordering = ["body", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.body})"


class BrownActAlert(RetainedModel):
    class Kind(models.TextChoices):
        MEMBER_REPLY = "member_reply", "A member replied to another member"
        MEMBER_REACTION = "member_reaction", "A member reacted to another member's comment"
        MAJORITY = "majority", "A majority of the body's members took part in one thread"

    class State(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Reviewed by the Clerk"

    body = models.ForeignKey(LegislativeBody, on_delete=models.PROTECT, related_name="alerts")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    comment = models.ForeignKey(
        "moderation.Comment", on_delete=models.PROTECT, related_name="brown_act_alerts"
    )
    reaction = models.ForeignKey(
        "moderation.Reaction",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="For a reaction alert: the reaction (the comment is the one reacted to).",
    )
    post = models.ForeignKey(
        "moderation.Post", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    members = models.JSONField(default=list, help_text="Names of the members involved.")
    reason = models.CharField(max_length=500)
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closing_note = models.TextField(blank=True)
    history = retained_history()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # One alert per comment and kind (the monitor may run twice on a batch).
            models.UniqueConstraint(
                fields=["body", "kind", "comment"],
                condition=models.Q(reaction__isnull=True),
                name="brownact_alert_once_per_comment",
            ),
            # A reaction alert: one per reaction (several members may react to one comment).
            models.UniqueConstraint(
                fields=["body", "reaction"],
                condition=models.Q(reaction__isnull=False),
                name="brownact_alert_once_per_reaction",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.body})"
