"""Claims: who is working a comment, until when, so two people never decide it at once.

One `Claim` row per comment, taken over when it has expired. Claims expire by time alone
(no task is needed): a claim whose `expires_at` has passed is simply free.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.events import AuditVerb
from audit.services import audit_record
from moderation.models import Claim, Comment
from stanton.errors import ActionRefused

CLAIM_MINUTES = 5


class ClaimHeld(ActionRefused):
    """Someone else holds a live claim on the comment."""

    def __init__(self, holder, until: datetime):
        self.holder = holder
        self.until = until
        local = timezone.localtime(until)
        super().__init__(f"{holder} is working on this comment until {local:%H:%M} ({local:%Z}).")


@transaction.atomic
def claim_take(*, comment: Comment, user, minutes: int = CLAIM_MINUTES) -> Claim:
    """Take the comment's claim if it is free, expired or already yours (then it is renewed);
    otherwise raise `ClaimHeld`. The row is locked, so of two people taking a free claim at
    once, exactly one gets it."""
    now = timezone.now()
    until = now + timedelta(minutes=minutes)
    claim = Claim.objects.select_for_update().select_related("user").filter(comment=comment).first()
    if claim is None:
        claim = Claim(comment=comment, user=user, claimed_at=now, expires_at=until)
        claim._history_user = user
        try:
            with transaction.atomic():
                claim.save(force_insert=True)
        except IntegrityError:  # someone inserted the row first: now lock and judge theirs
            claim = Claim.objects.select_for_update().select_related("user").get(comment=comment)
        else:
            _audit_claimed(claim, comment)
            return claim
    if claim.user_id != user.pk and claim.expires_at > now:
        raise ClaimHeld(claim.user, claim.expires_at)
    renewed = claim.user_id == user.pk and claim.expires_at > now
    if not renewed:
        claim.user = user
        claim.claimed_at = now
    claim.expires_at = until
    claim._history_user = user
    claim.save(update_fields=["user", "claimed_at", "expires_at"])
    if not renewed:
        _audit_claimed(claim, comment)
    return claim


def _audit_claimed(claim: Claim, comment: Comment) -> None:
    # Audited lightly: a new take is logged; a renewal by the same person (every reload of
    # the detail page) is kept by the Claim's history only, so the log is not flooded.
    audit_record(
        actor=claim.user,
        verb=AuditVerb.COMMENT_CLAIMED,
        target=comment,
        site_id=comment.site_id,
        data={"claim_id": claim.pk, "until": claim.expires_at.isoformat()},
    )


@transaction.atomic
def claim_release(*, comment: Comment, user) -> bool:
    """Give up your own live claim. Returns False when you held none (nothing changes)."""
    now = timezone.now()
    claim = Claim.objects.select_for_update().filter(comment=comment, user=user).first()
    if claim is None or claim.expires_at <= now:
        return False
    claim.expires_at = now
    claim._history_user = user
    claim.save(update_fields=["expires_at"])
    audit_record(
        actor=user,
        verb=AuditVerb.COMMENT_CLAIM_RELEASED,
        target=comment,
        site_id=comment.site_id,
        data={"claim_id": claim.pk},
    )
    return True
