"""The append-only, hash-chained audit log."""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.db import models

from audit.events import verb_label
from audit.retention import RetainedModel, RetainedQuerySet, RetainedRecordError

GENESIS_HASH = "0" * 64


class AuditEventQuerySet(RetainedQuerySet):
    """Append-only in the ORM too (the table refuses UPDATE by trigger on PostgreSQL)."""

    def update(self, **kwargs):
        raise RetainedRecordError("Audit events are append-only and cannot be changed.")

    update.queryset_only = True  # type: ignore[attr-defined]

    def bulk_update(self, objs, fields, batch_size=None):
        raise RetainedRecordError("Audit events are append-only and cannot be changed.")

    bulk_update.queryset_only = True  # type: ignore[attr-defined]


class AuditEvent(RetainedModel):
    """One thing that happened, by whom, to what. Never updated, never deleted.

    `hash` = SHA-256(prev_hash + canonical content); `verify_audit_log` recomputes the chain.
    """

    seq = models.BigIntegerField(unique=True, editable=False)
    occurred_at = models.DateTimeField(db_index=True, editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty for the system (tasks, ingestion).",
    )
    verb = models.CharField(max_length=64, db_index=True)
    target_type = models.CharField(max_length=64)
    target_id = models.CharField(max_length=64)
    site_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    data = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, unique=True, editable=False)

    objects = AuditEventQuerySet.as_manager()  # type: ignore[misc]  # narrower than the base

    class Meta:
        ordering = ["seq"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.verb} {self.target_type}:{self.target_id}"

    @property
    def label(self) -> str:
        """What happened, in words (audit/events.py), for the stored name old or new."""
        return verb_label(self.verb)

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise RetainedRecordError("Audit events are append-only and cannot be changed.")
        super().save(*args, **kwargs)

    def canonical_content(self, data_json: str | None = None) -> str:
        """What the hash covers, as compact JSON with sorted keys. `data_json`, if given, is
        `data` already in that form (`audit_record_many` has it), put in place as is."""
        content = {
            "seq": self.seq,
            "occurred_at": self.occurred_at.isoformat(timespec="microseconds"),
            "actor_id": self.actor_id,
            "verb": self.verb,
            "target_type": self.target_type,
            "target_id": str(self.target_id),
            "site_id": self.site_id,
        }
        if data_json is None:
            content["data"] = self.data
        text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        if data_json is None:
            return text
        # Sorted, "data" comes between "actor_id" and "occurred_at".
        at = text.index(',"occurred_at":')
        return f'{text[:at]},"data":{data_json}{text[at:]}'

    def compute_hash(self, data_json: str | None = None) -> str:
        return hashlib.sha256(
            (self.prev_hash + self.canonical_content(data_json)).encode("utf-8")
        ).hexdigest()
