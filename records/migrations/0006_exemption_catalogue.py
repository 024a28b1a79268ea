"""The exemption catalogue, corrected (a legal review found it wrong in two ways):

- Gov. Code 7927.200 covers documents *prepared* by or for the City for pending litigation or
  claims, not ordinary records such as public comments that merely relate to a dispute; its
  description now says so (only if an administrator has not already rewritten it).
- Four exemptions a City relies on were missing: 7923.600 (investigation records), 7929.210
  (information security records), Evidence Code 1040 (official information) and the
  constitutional right of privacy (Cal. Const. art. I, sec. 1).

Each change gets a history row and an audit event, as an administrator's edit would.
"""

from django.db import migrations
from django.db import connection as default_connection
from django.utils import timezone

from moderation.migrations._frozen import audit_append

OLD_PENDING_LITIGATION = (
    "Records pertaining to pending litigation to which the City is a party, until the "
    "litigation has been finally adjudicated or otherwise settled."
)
NEW_PENDING_LITIGATION = (
    "Documents prepared by or for the City for use in litigation or a claim to which it is a "
    "party, until the litigation or claim is finally adjudicated or settled. It does not cover "
    "ordinary records, such as public comments or the City's posts, just because they relate "
    "to a dispute."
)
ADDED = [
    (
        "investigation-records",
        "Gov. Code 7923.600",
        "Records of complaints to, and investigations by, a police agency, and investigatory or "
        "security files an agency compiled for law enforcement, correctional or licensing "
        "purposes. Some facts about incidents must still be disclosed (Gov. Code 7923.605 and "
        "following).",
    ),
    (
        "information-security",
        "Gov. Code 7929.210",
        "Information security records whose disclosure, on the facts of the case, would reveal "
        "weaknesses in or make an attack on the City's information technology systems more "
        "likely (for example account credentials, tokens or system settings).",
    ),
    (
        "official-information",
        "Evid. Code 1040 (Gov. Code 7927.705)",
        "Information a City employee received in confidence in the course of duty and not "
        "officially disclosed, where the need to keep it confidential outweighs the need for "
        "disclosure, or where a statute forbids disclosure.",
    ),
    (
        "constitutional-privacy",
        "Cal. Const. art. I, sec. 1",
        "The constitutional right of privacy of members of the public: personal details such as "
        "a private person's home address, phone number, personal email or health information, "
        "where disclosure would be a serious invasion of privacy that the public interest does "
        "not outweigh.",
    ),
]


def _history(apps, exemption, *, history_type: str, reason: str) -> None:
    apps.get_model("records", "HistoricalExemption").objects.create(
        id=exemption.pk,
        code=exemption.code,
        citation=exemption.citation,
        description=exemption.description,
        active=exemption.active,
        history_date=timezone.now(),
        history_change_reason=reason[:100],
        history_type=history_type,
        history_user=None,
    )


def catalogue_update(apps, schema_editor) -> None:
    """Also run by the test suite (no schema editor) to put the catalogue back after a flush."""
    Exemption = apps.get_model("records", "Exemption")
    connection = schema_editor.connection if schema_editor else default_connection
    reason = "migration records 0006_exemption_catalogue"
    litigation = Exemption.objects.filter(
        code="pending-litigation", description=OLD_PENDING_LITIGATION
    ).first()
    if litigation is not None:
        litigation.description = NEW_PENDING_LITIGATION
        litigation.save(update_fields=["description"])
        _history(apps, litigation, history_type="~", reason=reason)
        audit_append(
            apps,
            connection,
            verb="exemption.updated",
            target_type="records.exemption",
            target_id=litigation.pk,
            data={"code": litigation.code, "description": NEW_PENDING_LITIGATION, "by": reason},
        )
    for code, citation, description in ADDED:
        exemption, created = Exemption.objects.get_or_create(
            code=code, defaults={"citation": citation, "description": description}
        )
        if not created:
            continue
        _history(apps, exemption, history_type="+", reason=reason)
        audit_append(
            apps,
            connection,
            verb="exemption.created",
            target_type="records.exemption",
            target_id=exemption.pk,
            data={"code": code, "citation": citation, "description": description, "by": reason},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("records", "0005_determination_apart_from_production"),
        ("audit", "0003_retention_functions_without_escape_hatch"),
        ("moderation", "0012_append_only_triggers"),
    ]

    operations = [migrations.RunPython(catalogue_update, migrations.RunPython.noop)]
