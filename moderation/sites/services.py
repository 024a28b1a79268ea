"""Every write in the moderation app: atomic, and audited in the same transaction."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from audit.events import AuditVerb
from audit.services import audit_record
from moderation.models import Designation, Site
from stanton.errors import ActionRefused, refuse_unless_valid

SITE_FIELDS = (
    "platform",
    "name",
    "slug",
    "handle",
    "url",
    "platform_page_id",
    "policy_link_posted",
    "links_to_city_website",
    "says_city_maintained",
    "terms_of_use_url",
    "active",
)


@transaction.atomic
def site_create(*, actor, **fields: Any) -> Site:
    site = Site(**{k: v for k, v in fields.items() if k in SITE_FIELDS})
    refuse_unless_valid(site)
    site._history_user = actor
    site.save()
    audit_record(
        actor=actor,
        verb=AuditVerb.SITE_CREATED,
        target=site,
        site_id=site.pk,
        data={k: getattr(site, k) for k in SITE_FIELDS},
    )
    return site


@transaction.atomic
def site_update(*, actor, site: Site, **fields: Any) -> Site:
    changes = {}
    for name, value in fields.items():
        if name in SITE_FIELDS and getattr(site, name) != value:
            changes[name] = [getattr(site, name), value]
            setattr(site, name, value)
    if changes:
        refuse_unless_valid(site)
        site._history_user = actor
        site.save()
        audit_record(
            actor=actor,
            verb=AuditVerb.SITE_UPDATED,
            target=site,
            site_id=site.pk,
            data={"changes": changes},
        )
    return site


@transaction.atomic
def designation_grant(
    *,
    actor,
    user,
    site: Site,
    starts_on: date | None = None,
    ends_on: date | None = None,
    note: str = "",
) -> Designation:
    starts_on = starts_on or timezone.localdate()
    # One designation at a time per person and site, so revoking it really ends their access.
    overlapping = Designation.objects.filter(user=user, site=site, revoked_at__isnull=True).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on)
    )
    if ends_on is not None:
        overlapping = overlapping.filter(starts_on__lte=ends_on)
    if overlapping.exists():
        raise ActionRefused(f"{user} already has a designation for {site.name} in those dates.")
    designation = Designation(
        user=user,
        site=site,
        designated_by=actor,
        starts_on=starts_on,
        ends_on=ends_on,
        note=note,
    )
    designation.full_clean()
    designation._history_user = actor
    designation.save()
    audit_record(
        actor=actor,
        verb=AuditVerb.DESIGNATION_GRANTED,
        target=designation,
        site_id=site.pk,
        data={
            "user": user.email,
            "site": site.slug,
            "starts_on": designation.starts_on,
            "ends_on": ends_on,
            "note": note,
        },
    )
    return designation


@transaction.atomic
def designation_revoke(*, actor, designation: Designation, reason: str) -> Designation:
    designation = Designation.objects.select_for_update().get(pk=designation.pk)
    if designation.revoked_at is not None:
        raise ActionRefused("This designation was already revoked.")
    designation.revoked_at = timezone.now()
    designation.revoked_by = actor
    designation.revoke_reason = reason
    designation._history_user = actor
    designation.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    audit_record(
        actor=actor,
        verb=AuditVerb.DESIGNATION_REVOKED,
        target=designation,
        site_id=designation.site_id,
        data={"user": designation.user.email, "site": designation.site.slug, "reason": reason},
    )
    return designation
