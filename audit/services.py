"""Writing to the audit log. Every service that changes state calls `audit_record`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.utils import timezone

from audit.models import GENESIS_HASH, AuditEvent

# Any constant works; it names the lock that serialises writers so the chain never forks.
AUDIT_CHAIN_LOCK = 7_160_001


# `data` in the canonical form the hash covers (AuditEvent.canonical_content), dates, decimals
# and the like written as DjangoJSONEncoder writes them.
_CANONICAL = DjangoJSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _plain_json(data: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """What the database will give back (so the stored row hashes the same as the new one),
    and that value in the canonical form, from one serialisation. The text is already the
    canonical form of what it reads back as, unless a dict has a key that is not a string
    (JSON makes it one, which can change the keys' order): then it is written again."""
    text = _CANONICAL.encode(data)
    plain = json.loads(text)
    if not _keys_are_strings(data):
        text = _CANONICAL.encode(plain)
    return plain, text


_CONTAINERS = (dict, list, tuple)


def _keys_are_strings(value) -> bool:
    """Whether every dict in `value` has only string keys (a call per container, not per
    value: an event's data is mostly scalars)."""
    if isinstance(value, dict):
        if not all(isinstance(key, str) for key in value):
            return False
        value = value.values()
    return all(_keys_are_strings(v) for v in value if isinstance(v, _CONTAINERS))


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
    (event,) = audit_record_many(
        [
            AuditEntry(
                actor=actor,
                verb=verb,
                target=target,
                target_type=target_type,
                target_id=target_id,
                site_id=site_id,
                data=data,
            )
        ]
    )
    return event


def referenced_rows_lock(model: type[models.Model], ids) -> None:
    """Lock now, in id order, the rows of `model` that rows this transaction inserts point at,
    as the foreign key checks would lock them (FOR KEY SHARE) at COMMIT: Django's foreign keys
    on PostgreSQL are DEFERRABLE INITIALLY DEFERRED. Call it before appending to the audit
    chain. A transaction holding the chain's lock must not wait on a row: another writer may
    hold that row (classification locks its comments FOR UPDATE) while it waits for the chain.
    That was a deadlock between the two tasks ingestion enqueues for each batch."""
    if connection.vendor != "postgresql" or not transaction.get_connection().in_atomic_block:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT 1 FROM {table} WHERE id = ANY(%s) ORDER BY id FOR KEY SHARE",  # noqa: S608 - a model's own table, quoted
            [sorted({int(pk) for pk in ids})],
        )


@dataclass(frozen=True)
class AuditEntry:
    """One event to append, for `audit_record_many` (the arguments of `audit_record`)."""

    actor: Any
    verb: str
    target: models.Model | None = None
    target_type: str = ""
    target_id: str | int = ""
    site_id: int | None = None
    data: dict[str, Any] | None = None


def audit_record_many(entries: list[AuditEntry]) -> list[AuditEvent]:
    """Append several events to the chain, in order, as `audit_record` would one by one, but
    taking the chain's lock and reading its head once and inserting them together: a batch
    task records one event per row it changed without a round trip per event. Must run
    inside the caller's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must run inside the transaction of the change it records")
    if not entries:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [AUDIT_CHAIN_LOCK])
    last = AuditEvent.objects.order_by("-seq").only("seq", "hash").first()
    seq, prev_hash = (last.seq, last.hash) if last else (0, GENESIS_HASH)
    now = timezone.now()
    events = []
    for entry in entries:
        target_type, target_id = entry.target_type, entry.target_id
        if entry.target is not None:
            target_type = entry.target._meta.label_lower
            target_id = entry.target.pk
        seq += 1
        data, data_json = _plain_json(entry.data or {})
        event = AuditEvent(
            seq=seq,
            occurred_at=now,
            actor=entry.actor if getattr(entry.actor, "pk", None) else None,
            verb=str(entry.verb),  # an AuditVerb stores its value
            target_type=target_type,
            target_id=str(target_id),
            site_id=entry.site_id,
            data=data,
            prev_hash=prev_hash,
        )
        event.hash = prev_hash = event.compute_hash(data_json)
        events.append(event)
    return AuditEvent.objects.bulk_create(events)
