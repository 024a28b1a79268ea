"""The exemption catalogue, maintained by administrators: every change kept in its history
and in the audit log. Exemptions are never deleted: one no longer relied on is made inactive,
and redactions that cited it keep citing it."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from audit.events import AuditVerb
from audit.services import audit_record
from records.models import Exemption
from stanton.errors import ActionRefused

EDITABLE = ("name", "citation", "description", "active")


@transaction.atomic
def exemption_create(
    *, actor, code: str, citation: str, description: str, name: str = ""
) -> Exemption:
    exemption = Exemption(
        code=code, name=name.strip(), citation=citation.strip(), description=description.strip()
    )
    exemption._history_user = actor
    try:
        with transaction.atomic():
            exemption.save()
    except IntegrityError as exc:
        raise ActionRefused({"code": "An exemption with this short name already exists."}) from exc
    audit_record(
        actor=actor,
        verb=AuditVerb.EXEMPTION_CREATED,
        target=exemption,
        data={
            "code": code,
            "name": exemption.name,
            "citation": exemption.citation,
            "description": exemption.description,
        },
    )
    return exemption


@transaction.atomic
def exemption_update(
    *,
    actor,
    exemption: Exemption,
    citation: str,
    description: str,
    active: bool,
    name: str | None = None,
) -> Exemption:
    exemption = Exemption.objects.select_for_update().get(pk=exemption.pk)
    before = {field: getattr(exemption, field) for field in EDITABLE}
    exemption.citation, exemption.description, exemption.active = (
        citation.strip(),
        description.strip(),
        active,
    )
    if name is not None:
        exemption.name = name.strip()
    after = {field: getattr(exemption, field) for field in EDITABLE}
    changed = {
        field: {"from": before[field], "to": after[field]}
        for field in EDITABLE
        if before[field] != after[field]
    }
    if not changed:
        raise ActionRefused("Nothing was changed.")
    exemption._history_user = actor
    exemption.save(update_fields=list(changed))
    audit_record(
        actor=actor,
        verb=AuditVerb.EXEMPTION_UPDATED,
        target=exemption,
        data={"code": exemption.code, "changed": changed},
    )
    return exemption
