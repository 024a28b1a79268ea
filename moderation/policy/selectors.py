"""Reading the policy: the version in force, which every decision and ban records."""

from __future__ import annotations

from django.utils import timezone

from moderation.models import PolicyCategory, PolicyVersion


def policy_version_in_force(on=None) -> PolicyVersion | None:
    """The latest version of the policy whose effective date has come (None if none entered)."""
    today = on or timezone.localdate()
    return (
        PolicyVersion.objects.filter(effective_on__lte=today)
        .order_by("-effective_on", "-id")
        .first()
    )


def policy_versions() -> list[PolicyVersion]:
    return list(PolicyVersion.objects.order_by("-effective_on", "-id"))


def policy_categories_described(version: PolicyVersion | None) -> list[dict]:
    """Each category with its public description: the version's own wording when it has one,
    else the portal's built-in paraphrase."""
    from_version = (version.category_descriptions if version else {}) or {}
    return [
        {
            "category": category,
            "description": from_version.get(category.code) or category.description,
            "from_version": category.code in from_version,
        }
        for category in PolicyCategory.objects.order_by("position", "code")
    ]
