"""A site's connection to its platform: the access token (encrypted at rest, never shown
again after entry) and whether the platform has refused it (the site needs reconnecting)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from audit.retention import RetainedModel, retained_history


class SiteConnection(RetainedModel):
    site = models.OneToOneField(
        "moderation.Site", on_delete=models.PROTECT, related_name="connection"
    )
    # Fernet token (key: CONNECTOR_TOKEN_KEY); the history keeps when it changed, not what.
    token_encrypted = models.TextField(blank=True)
    token_set_at = models.DateTimeField(null=True, blank=True)
    token_set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rotations = models.PositiveIntegerField(default=0)
    needs_reconnection = models.BooleanField(default=False)
    reconnection_reason = models.CharField(max_length=500, blank=True)
    reconnection_flagged_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    history = retained_history(excluded_fields=["token_encrypted"])

    def __str__(self) -> str:
        return f"Connection of {self.site}"
