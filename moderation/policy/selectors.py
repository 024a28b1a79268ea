"""Reading the policy: the version in force, which every decision and ban records."""

from __future__ import annotations

from django.utils import timezone

from moderation.models import PolicyVersion


def policy_version_in_force(on=None) -> PolicyVersion | None:
    """The latest version of the policy whose effective date has come (None if none entered)."""
    today = on or timezone.localdate()
    return (
        PolicyVersion.objects.filter(effective_on__lte=today)
        .order_by("-effective_on", "-id")
        .first()
    )
