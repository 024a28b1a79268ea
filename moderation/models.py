"""Sites, designations, and (later in this module) the moderation domain.

Every model here is a retained record (audit.retention): rows are never deleted, and history
is kept by django-simple-history.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from audit.retention import RetainedModel, RetainedQuerySet


class Platform(models.TextChoices):
    FACEBOOK = "facebook", "Facebook"
    INSTAGRAM = "instagram", "Instagram"
    X = "x", "X"
    NEXTDOOR = "nextdoor", "Nextdoor"
    YOUTUBE = "youtube", "YouTube"
    LINKEDIN = "linkedin", "LinkedIn"
    TIKTOK = "tiktok", "TikTok"
    OTHER = "other", "Other"


class Site(RetainedModel):
    """One official City presence on a platform (a Facebook page, an X account, ...)."""

    platform = models.CharField(max_length=16, choices=Platform.choices)
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    handle = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=500, blank=True)
    platform_page_id = models.CharField(
        "platform page id", max_length=100, blank=True, db_index=True,
        help_text="The platform's own id for this page (maps webhooks to the site).",
    )
    policy_link_posted = models.BooleanField(
        "policy link posted", default=False,
        help_text="The page links to the City's Social Media Policy, where the platform allows.",
    )
    links_to_city_website = models.BooleanField(
        "links back to the City website", default=False,
        help_text="The page links back to the official City website for services and forms.",
    )
    terms_of_use_url = models.URLField("platform terms of use", max_length=500, blank=True)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "platform_page_id"],
                condition=~Q(platform_page_id=""),
                name="moderation_site_unique_page_id",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_platform_display()})"


class DesignationQuerySet(RetainedQuerySet):
    def in_force(self, on=None):
        """Designations that let their holder act today (Pacific time)."""
        today = on or timezone.localdate()
        return self.filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=today),
            starts_on__lte=today,
            revoked_at__isnull=True,
            user__is_active=True,
        )


class Designation(RetainedModel):
    """The policy's "staff as designated by the City Manager": who may act on which site,
    from when, until when. Revoking keeps the row and stamps who revoked it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="designations"
    )
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="designations")
    designated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    starts_on = models.DateField(default=timezone.localdate)
    ends_on = models.DateField(null=True, blank=True, help_text="Empty: until revoked.")
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revoke_reason = models.CharField(max_length=500, blank=True)
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    objects = DesignationQuerySet.as_manager()

    class Meta:
        ordering = ["site__name", "user__full_name"]
        indexes = [models.Index(fields=["user", "site"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="moderation_designation_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} on {self.site}"

    @property
    def in_force(self) -> bool:
        today = timezone.localdate()
        return (
            self.revoked_at is None
            and self.starts_on <= today
            and (self.ends_on is None or self.ends_on >= today)
        )
