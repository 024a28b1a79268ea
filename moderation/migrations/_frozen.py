"""What the data migrations of this app install, read from frozen JSON under `frozen/`.

A migration is history: what it installs must not depend on today's code. So each data
migration reads its own file in `frozen/` (written once, when the migration was frozen, and
never edited afterwards) and installs it with the functions below, which use only the
historical models `apps` hands them. A later change to the defaults is a new migration with a
new file. Django's migration loader skips modules whose names start with "_", so this is not a
migration itself; keep its behaviour as it is, because old migrations call it.

Rules installed here get what `flag_rule_create` would have given them: a "+" history row and
a `flag_rule.created` audit event (actor: none, the system), appended to the hash chain the
same way `audit.services.audit_record` appends one.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from django.db import connection as default_connection
from django.utils import timezone

FROZEN = Path(__file__).resolve().parent / "frozen"
GENESIS_HASH = "0" * 64
AUDIT_CHAIN_LOCK = 7_160_001  # the lock audit.services.audit_record takes


def frozen_data(name: str) -> dict:
    return json.loads((FROZEN / f"{name}.json").read_text(encoding="utf-8"))


def categories_install(apps, name: str) -> None:
    """The policy categories in `frozen/<name>.json`, in order (position 1, 2, ...)."""
    PolicyCategory = apps.get_model("moderation", "PolicyCategory")
    for position, data in enumerate(frozen_data(name)["categories"], start=1):
        fields = {k: v for k, v in data.items() if k != "code"}
        fields.setdefault("sub_reasons", [])
        PolicyCategory.objects.update_or_create(
            code=data["code"], defaults={**fields, "position": position}
        )


def _audit_append(apps, connection, *, verb: str, target_type: str, target_id, data) -> None:
    AuditEvent = apps.get_model("audit", "AuditEvent")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [AUDIT_CHAIN_LOCK])
    last = AuditEvent.objects.order_by("-seq").only("seq", "hash").first()
    seq = (last.seq + 1) if last else 1
    prev_hash = last.hash if last else GENESIS_HASH
    occurred_at = timezone.now()
    data = json.loads(json.dumps(data, sort_keys=True))
    # The same canonical form as audit.models.AuditEvent.canonical_content.
    content = json.dumps(
        {
            "seq": seq,
            "occurred_at": occurred_at.isoformat(timespec="microseconds"),
            "actor_id": None,
            "verb": verb,
            "target_type": target_type,
            "target_id": str(target_id),
            "site_id": None,
            "data": data,
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    AuditEvent.objects.create(
        seq=seq,
        occurred_at=occurred_at,
        actor=None,
        verb=verb,
        target_type=target_type,
        target_id=str(target_id),
        site_id=None,
        data=data,
        prev_hash=prev_hash,
        hash=hashlib.sha256((prev_hash + content).encode("utf-8")).hexdigest(),
    )


def _history_row(apps, rule, *, history_type: str, when, reason: str) -> None:
    HistoricalFlagRule = apps.get_model("moderation", "HistoricalFlagRule")
    HistoricalFlagRule.objects.create(
        id=rule.pk,
        category_id=rule.category_id,
        sub_reason=rule.sub_reason,
        name=rule.name,
        kind=rule.kind,
        parameters=rule.parameters,
        public_description=rule.public_description,
        active=rule.active,
        created_by_id=rule.created_by_id,
        created_at=rule.created_at,
        updated_at=rule.updated_at,
        history_date=when,
        history_change_reason=reason[:100],
        history_type=history_type,
        history_user=None,
    )


def rule_history_and_audit(apps, connection, rule, *, installed_by: str) -> None:
    """The "+" history row and the `flag_rule.created` event a newly installed rule gets."""
    _history_row(
        apps, rule, history_type="+", when=rule.created_at, reason=f"Installed by {installed_by}"
    )
    _audit_append(
        apps,
        connection,
        verb="flag_rule.created",
        target_type="moderation.flagrule",
        target_id=rule.pk,
        data={
            "category": rule.category.code,
            "sub_reason": rule.sub_reason,
            "name": rule.name,
            "kind": rule.kind,
            "parameters": rule.parameters,
            "active": rule.active,
            "sites": [],
            "installed_by": installed_by,
        },
    )


def rules_install(apps, schema_editor, name: str) -> int:
    """Create the rules in `frozen/<name>.json` that do not exist yet (same category and
    name); a rule a supervisor has already edited is left as it is. The test suite calls it
    with no schema editor to put the rules back after a flush."""
    FlagRule = apps.get_model("moderation", "FlagRule")
    PolicyCategory = apps.get_model("moderation", "PolicyCategory")
    categories = {c.code: c for c in PolicyCategory.objects.all()}
    created = 0
    for data in frozen_data(name)["rules"]:
        category = categories.get(data["category"])
        if category is None:
            continue
        rule, was_created = FlagRule.objects.get_or_create(
            category=category,
            name=data["name"],
            defaults={k: v for k, v in data.items() if k not in ("category", "name")},
        )
        if was_created:
            rule_history_and_audit(
                apps,
                schema_editor.connection if schema_editor else default_connection,
                rule,
                installed_by=f"migration {name}",
            )
            created += 1
    return created


def _upgrade_record(apps, connection, rule, *, field, previous, migration, reason) -> None:
    """Save an upgraded default rule's new `field` (its value is already set on `rule`), with
    its "~" history row and `flag_rule.updated` event."""
    rule.updated_at = timezone.now()
    rule.save(update_fields=[field, "updated_at"])
    _history_row(
        apps,
        rule,
        history_type="~",
        when=rule.updated_at,
        reason=f"Upgraded by migration {migration}",
    )
    _audit_append(
        apps,
        connection,
        verb="flag_rule.updated",
        target_type="moderation.flagrule",
        target_id=rule.pk,
        data={
            "name": rule.name,
            "changes": {field: [previous, getattr(rule, field)]},
            "reason": reason,
            "upgraded_by": f"migration {migration}",
        },
    )


def rules_upgrade(apps, schema_editor, name: str) -> int:
    """Apply `frozen/<name>.json`'s upgrades: a default rule gets its new settings only while
    its settings are still exactly the previous ones (a supervisor's edit is never
    overwritten). Each upgrade gets a "~" history row and a `flag_rule.updated` event."""
    FlagRule = apps.get_model("moderation", "FlagRule")
    connection = schema_editor.connection if schema_editor else default_connection
    data = frozen_data(name)
    upgraded = 0
    for upgrade in data["upgrades"]:
        rule = (
            FlagRule.objects.select_related("category")
            .filter(
                category__code=upgrade["category"],
                name=upgrade["name"],
                kind=upgrade.get("kind", "regex"),
            )
            .first()
        )
        if rule is None or rule.parameters != upgrade["previous"]:
            continue
        rule.parameters = upgrade["parameters"]
        _upgrade_record(
            apps,
            connection,
            rule,
            field="parameters",
            previous=upgrade["previous"],
            migration=name,
            reason=data["reason"],
        )
        upgraded += 1
    return upgraded


def descriptions_upgrade(apps, schema_editor, name: str) -> int:
    """Apply `frozen/<name>.json`'s new public descriptions (`/rules/` publishes them): a
    default rule gets its new description only while it is still exactly the previous one (a
    supervisor's wording is never overwritten). Each gets a "~" history row and a
    `flag_rule.updated` event, as a parameter upgrade does."""
    FlagRule = apps.get_model("moderation", "FlagRule")
    connection = schema_editor.connection if schema_editor else default_connection
    data = frozen_data(name)
    upgraded = 0
    for upgrade in data["descriptions"]:
        rule = FlagRule.objects.filter(
            category__code=upgrade["category"], name=upgrade["name"], kind=upgrade["kind"]
        ).first()
        if rule is None or rule.public_description != upgrade["previous"]:
            continue
        rule.public_description = upgrade["public_description"]
        _upgrade_record(
            apps,
            connection,
            rule,
            field="public_description",
            previous=upgrade["previous"],
            migration=name,
            reason=data["reason"],
        )
        upgraded += 1
    return upgraded


# The records app installs reference data with the same audit chain append.
audit_append = _audit_append
