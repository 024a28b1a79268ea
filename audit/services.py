"""Writing to the audit log. Every service that changes state calls `audit_record`."""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.utils import timezone

from audit.models import GENESIS_HASH, AuditEvent

# Any constant works; it names the lock that serialises writers so the chain never forks.
AUDIT_CHAIN_LOCK = 7_160_001


def _plain_json(data: dict[str, Any]) -> dict[str, Any]:
    """What the database will give back, so the stored row hashes the same as the new one."""
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder, sort_keys=True))


def audit_record(
    *,
    actor,
    verb: str,
    target: models.Model | None = None,
    target_type: str = "",
    target_id: str | int = "",
    site_id: int | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain. Must run inside the caller's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must run inside the transaction of the change it records")
    if target is not None:
        target_type = target._meta.label_lower
        target_id = target.pk
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [AUDIT_CHAIN_LOCK])
    last = AuditEvent.objects.order_by("-seq").only("seq", "hash").first()
    event = AuditEvent(
        seq=(last.seq + 1) if last else 1,
        occurred_at=timezone.now(),
        actor=actor if getattr(actor, "pk", None) else None,
        verb=str(verb),  # an AuditVerb stores its value
        target_type=target_type,
        target_id=str(target_id),
        site_id=site_id,
        data=_plain_json(data or {}),
        prev_hash=last.hash if last else GENESIS_HASH,
    )
    event.hash = event.compute_hash()
    event.save(force_insert=True)
    return event
