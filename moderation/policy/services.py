"""Entering the Social Media Policy's versions. A version is never edited once entered (a
correction is a new version): decisions cite the version that was in force."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from audit.events import AuditVerb
from audit.services import audit_record
from moderation.models import PolicyCategory, PolicyVersion


@transaction.atomic
def policy_version_add(
    *,
    actor,
    label: str,
    text: str,
    effective_on: dt.date,
    category_descriptions: dict[str, str] | None = None,
) -> PolicyVersion:
    descriptions = {k: v.strip() for k, v in (category_descriptions or {}).items() if v.strip()}
    known = set(PolicyCategory.objects.values_list("code", flat=True))
    unknown = sorted(set(descriptions) - known)
    if unknown:
        raise ValidationError(f"Unknown policy categories: {', '.join(unknown)}.")
    if not text.strip():
        raise ValidationError("Enter the policy's text.")
    version = PolicyVersion(
        label=label.strip(),
        text=text.strip(),
        effective_on=effective_on,
        category_descriptions=descriptions,
        created_by=actor,
    )
    version._history_user = actor
    version.save()
    audit_record(
        actor=actor,
        verb=AuditVerb.POLICY_VERSION_ADDED,
        target=version,
        data={
            "label": version.label,
            "effective_on": effective_on.isoformat(),
            "described_categories": sorted(descriptions),
        },
    )
    return version
