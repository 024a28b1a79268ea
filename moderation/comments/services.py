"""Writes about one comment or account outside the automatic flagger: a staff member's flag,
a member of the public's report, a staff note on an account. Each is one atomic service that
writes its rows and one AuditEvent.
"""

from __future__ import annotations

import hashlib
import hmac
import uuid
from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.roles import MODERATOR, SUPERVISOR, has_role
from audit.events import AuditVerb
from audit.services import audit_record
from moderation.flagging.services import comment_queue_refresh
from moderation.models import (
    AccountNote,
    Comment,
    Decision,
    Designation,
    Flag,
    FlagSource,
    PlatformState,
    PolicyCategory,
    PublicAccount,
)
from stanton.errors import ActionRefused

# A person's own judgment outranks any detector's score in the queue's order.
STAFF_FLAG_SCORE = 1.0
# A report from the public asks for a look; it is not yet anyone's judgment.
PUBLIC_REPORT_SCORE = 0.6
NOTE_MAX_LENGTH = 5000


def _refuse_unless_designated(*, actor, comment: Comment, doing: str) -> None:
    if not has_role(actor, MODERATOR, SUPERVISOR):
        raise ActionRefused(f"Only moderators and supervisors {doing}.")
    # Read fresh (not the per-request cache): a revoked designation stops working at once.
    if not Designation.objects.in_force().filter(user=actor, site_id=comment.site_id).exists():
        raise ActionRefused(f"You are not designated for {comment.site.name}.")


def staff_flags_write(
    *,
    comment: Comment,
    actor,
    categories: Iterable[PolicyCategory],
    note: str,
    sub_reason: str = "",
    with_decision: Decision | None = None,
) -> list[Flag]:
    """Write one staff flag per category and its audit event (inside the caller's
    transaction; the caller has checked the actor). Each hand flag is its own record: its
    fingerprint is unique, so a comment kept before can be flagged again."""
    now = timezone.now()
    created: list[Flag] = []
    for category in categories:
        flag = Flag(
            comment=comment,
            source=FlagSource.STAFF,
            category=category,
            sub_reason=sub_reason if sub_reason in category.sub_reasons else "",
            detector="",  # a person, named in raised_by
            score=STAFF_FLAG_SCORE,
            evidence={
                "spans": [],
                "explanation": note,
                "raised_with_decision": with_decision.pk if with_decision else None,
            },
            fingerprint=hashlib.sha256(f"staff|{uuid.uuid4().hex}".encode()).hexdigest(),
            raised_by=actor,
            created_at=now,
        )
        flag._history_user = actor
        flag.save()
        created.append(flag)
    if created:
        audit_record(
            actor=actor,
            verb=AuditVerb.COMMENT_FLAGGED_BY_STAFF,
            target=comment,
            site_id=comment.site_id,
            data={
                "flags": [{"id": f.pk, "category": f.category.code} for f in created],
                "note": note,
                "decision_id": with_decision.pk if with_decision else None,
            },
        )
    return created


@transaction.atomic
def comment_flag(*, comment: Comment, actor, category: str, note: str) -> Flag:
    """A moderator flags a comment by hand, citing a category and saying why. The comment
    joins the queue (again, if it was kept before) with the flag as its evidence."""
    locked = (
        Comment.objects.select_for_update(of=("self",)).select_related("site").get(pk=comment.pk)
    )
    _refuse_unless_designated(actor=actor, comment=locked, doing="flag comments")
    row = PolicyCategory.objects.filter(code=category).first()
    if row is None:
        raise ActionRefused(f"Unknown policy category: {category}.")
    note = (note or "").strip()
    if not note:
        raise ActionRefused("Say what in the comment breaks this part of the policy.")
    if Flag.objects.filter(
        comment=locked, category=row, source=FlagSource.STAFF, status=Flag.Status.OPEN
    ).exists():
        raise ActionRefused(f"This comment already has an open staff flag for {row.name}.")
    (flag,) = staff_flags_write(comment=locked, actor=actor, categories=[row], note=note)
    comment_queue_refresh(comment=locked)
    for field in ("queue_state", "queue_priority", "queue_score", "flagged_at"):
        setattr(comment, field, getattr(locked, field))
    return flag


def reporter_fingerprint(address: str) -> str:
    """A keyed hash of the reporter's address: repeated reports from one address can be told
    apart from many people's without keeping anyone's address."""
    key = f"public-report|{settings.SECRET_KEY}".encode()
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()


@transaction.atomic
def comment_report(
    *, comment: Comment, category: str, note: str, contact: str = "", reporter_address: str
) -> Flag | None:
    """A member of the public reports a comment: a `public` flag with their note as its
    evidence. Their address is kept only as a keyed hash. A second report of the same
    comment, category and text from the same address adds nothing. Returns None when nothing
    new was recorded (a repeat, or a comment no longer shown)."""
    locked = Comment.objects.select_for_update(of=("self",)).get(pk=comment.pk)
    row = PolicyCategory.objects.filter(code=category).first()
    if row is None:
        raise ActionRefused(f"Unknown policy category: {category}.")
    if locked.platform_state != PlatformState.VISIBLE:
        return None  # already hidden, removed or deleted: nothing for a person to look at
    reporter = reporter_fingerprint(reporter_address)
    flag = Flag(
        comment=locked,
        source=FlagSource.PUBLIC,
        category=row,
        detector="",
        score=PUBLIC_REPORT_SCORE,
        evidence={
            "spans": [],
            "explanation": (note or "").strip(),
            "contact": (contact or "").strip(),
            "reporter": reporter[:16],
        },
        fingerprint=hashlib.sha256(
            f"public|{row.code}|{reporter}|{locked.content_hash}".encode()
        ).hexdigest(),
    )
    try:
        with transaction.atomic():
            flag.save()
    except IntegrityError:
        return None
    comment_queue_refresh(comment=locked)
    audit_record(
        actor=None,
        verb=AuditVerb.COMMENT_REPORTED_BY_PUBLIC,
        target=locked,
        site_id=locked.site_id,
        data={"flag_id": flag.pk, "category": row.code, "reporter": reporter[:16]},
    )
    return flag


@transaction.atomic
def account_note_add(*, account: PublicAccount, actor, text: str) -> AccountNote:
    """A staff note on a public account: a record, never edited (a correction is a new note).
    Only staff designated for a site the account commented on may write one."""
    if not has_role(actor, MODERATOR, SUPERVISOR):
        raise ActionRefused("Only moderators and supervisors write notes on accounts.")
    sites = Designation.objects.in_force().filter(user=actor).values("site_id")
    if not Comment.objects.filter(account=account, site_id__in=sites).exists():
        raise ActionRefused("This account has not commented on a site you are designated for.")
    text = (text or "").strip()
    if not text:
        raise ActionRefused("Write the note.")
    if len(text) > NOTE_MAX_LENGTH:
        raise ActionRefused(f"A note is at most {NOTE_MAX_LENGTH} characters.")
    note = AccountNote(account=account, author=actor, text=text)
    note._history_user = actor
    note.save()
    audit_record(
        actor=actor,
        verb=AuditVerb.ACCOUNT_NOTE_ADDED,
        target=account,
        data={"note_id": note.pk, "text": text},
    )
    return note
