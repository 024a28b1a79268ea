"""Raising and resolving flags, and keeping each comment's place in the queue."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max, Min
from django.utils import timezone

from audit.events import AuditVerb
from audit.services import audit_record
from moderation.models import Comment, Flag, FlagRule, FlagSource, PolicyCategory, QueueState


@dataclass(frozen=True)
class FlagCandidate:
    """What a detector found. `spans` are character offsets into the comment's body."""

    category: str  # PolicyCategory.code
    detector: str
    score: float
    explanation: str
    spans: list[dict[str, Any]] = field(default_factory=list)  # [{"start", "end", "text"}]
    sub_reason: str = ""
    rule_id: int | None = None

    def fingerprint(self, content_hash: str) -> str:
        key = f"{self.detector}|{self.category}|{self.sub_reason}|{self.rule_id}|{content_hash}"
        return hashlib.sha256(key.encode()).hexdigest()


def comment_queue_refresh(*, comment: Comment) -> Comment:
    """Recompute the comment's queue fields from its open flags (call inside a transaction)."""
    open_flags = Flag.objects.filter(comment=comment, status=Flag.Status.OPEN)
    summary = open_flags.aggregate(
        priority=Max("category__queue_priority"), score=Max("score"), first=Min("created_at")
    )
    if summary["priority"] is None:
        if comment.queue_state == QueueState.OPEN:
            comment.queue_state = QueueState.NONE
        comment.queue_priority, comment.queue_score = 0, 0.0
        if comment.queue_state == QueueState.NONE:
            comment.flagged_at = None
    else:
        if comment.queue_state == QueueState.NONE:
            comment.queue_state = QueueState.OPEN
        comment.queue_priority = summary["priority"]
        comment.queue_score = float(summary["score"] or 0.0)
        # In the queue since its earliest open flag (raised now, or dated by `raised_at`).
        comment.flagged_at = comment.flagged_at or min(summary["first"], timezone.now())
    comment.save(update_fields=["queue_state", "queue_priority", "queue_score", "flagged_at"])
    return comment


@transaction.atomic
def flags_raise(
    *,
    comment: Comment,
    candidates: list[FlagCandidate],
    source: str = FlagSource.RULE,
    actor=None,
    raised_at: datetime | None = None,
) -> list[Flag]:
    """Write one Flag per new candidate; a candidate already raised on this text is skipped
    (so a re-run of the classifier adds nothing). Never hides or removes anything.

    `raised_at` dates flags raised after the fact (the demo's history); never in the future."""
    if not candidates:
        return []
    categories = {
        c.code: c
        for c in PolicyCategory.objects.filter(code__in={cand.category for cand in candidates})
    }
    existing = set(Flag.objects.filter(comment=comment).values_list("fingerprint", flat=True))
    created: list[Flag] = []
    for cand in candidates:
        fingerprint = cand.fingerprint(comment.content_hash)
        if fingerprint in existing or cand.category not in categories:
            continue
        flag = Flag(
            comment=comment,
            source=source,
            category=categories[cand.category],
            sub_reason=cand.sub_reason,
            rule=FlagRule.objects.filter(pk=cand.rule_id).first() if cand.rule_id else None,
            detector=cand.detector,
            score=max(0.0, min(1.0, float(cand.score))),
            evidence={"spans": cand.spans, "explanation": cand.explanation},
            fingerprint=fingerprint,
            raised_by=actor,
            created_at=min(raised_at, timezone.now()) if raised_at else timezone.now(),
        )
        try:
            with transaction.atomic():
                flag.save()
        except IntegrityError:  # raised concurrently by another run: same flag, keep one
            continue
        existing.add(fingerprint)
        created.append(flag)
    if created:
        comment_queue_refresh(comment=comment)
        audit_record(
            actor=actor,
            verb=AuditVerb.FLAGS_RAISED,
            target=comment,
            site_id=comment.site_id,
            data={
                "flags": [
                    {
                        "id": f.pk,
                        "category": f.category.code,
                        "detector": f.detector,
                        "score": f.score,
                    }
                    for f in created
                ],
                "source": source,
            },
        )
    return created
