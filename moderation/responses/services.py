"""Writing the records of answering the public. Each service is atomic and writes its
`AuditEvent` in the same transaction."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date, datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.roles import ADMINISTRATOR, MODERATOR, SUPERVISOR, has_role
from audit.events import AuditVerb
from audit.history import bulk_create_copying_history
from audit.services import AuditEntry, audit_record, audit_record_many, referenced_rows_lock
from moderation.connectors.services import platform_action_dispatch
from moderation.models import (
    Comment,
    CommentReply,
    Decision,
    PlatformAction,
    PlatformReport,
    PostingRequest,
    ResponseNeed,
    ResponseTopic,
    SavedReply,
    StaffDirectoryEntry,
)
from moderation.responses.detect import detect_request
from moderation.responses.personal_info import Finding, reply_personal_information
from moderation.responses.selectors import posting_policy_answer
from moderation.sites.selectors import designated_site_ids
from stanton.calendar import add_business_days
from stanton.errors import ActionRefused

REPLY_MAX_LENGTH = 8000


class ReplyRefused(ActionRefused):
    """The reply gives out personal information; `findings` says what and where."""

    def __init__(self, findings: list[Finding]):
        self.findings = findings
        kinds = sorted({f.kind for f in findings})
        super().__init__(
            "This reply gives out personal information ("
            + ", ".join(kinds)
            + "). Take it out, or ask a supervisor for an exception."
        )


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def response_due_on(posted: datetime | date) -> date:
    """The reply target: N business days after the day the comment was posted (that day not
    counted, as CCP 12 counts), skipping weekends and California judicial holidays."""
    day = timezone.localdate(posted) if isinstance(posted, datetime) else posted
    return add_business_days(day, settings.RESPONSE_TARGET_BUSINESS_DAYS)


# --- detection ---------------------------------------------------------------------------------
def response_needs_detect(*, comment_ids: Iterable[int]) -> dict[str, int]:
    """Read each comment and record a `ResponseNeed` for those that ask the City something.
    Idempotent: a comment holds at most one need, and a second run finds it there. Comments
    the City's own page wrote (its account is the page) are never read: nothing to answer.

    The detector runs before the transaction; the needs are then written together. The
    classification of the same batch runs at the same time in another worker: it locks these
    comments and then takes the audit chain's lock. So the comments are locked for reference
    before the chain is (`referenced_rows_lock`): the needs' foreign key checks at COMMIT
    used to wait on them while this transaction held the chain, a deadlock."""
    ids = sorted({int(pk) for pk in comment_ids})
    comments = (
        Comment.objects.filter(pk__in=ids)
        .exclude(response_need__isnull=False)
        .select_related("site", "account")
        # What the detector and the need read, no more (a comment's row is some 30 columns,
        # the platform's whole payload among them; its site's and account's a dozen each).
        .only(
            "id",
            "body",
            "posted_at",
            "captured_at",
            "site__platform_page_id",
            "account__external_id",
        )
        .order_by("pk")
    )
    found = []
    for comment in comments:
        page_id = comment.site.platform_page_id
        if page_id and comment.account.external_id == page_id:
            continue
        detection = detect_request(comment.body)
        if detection.asks:
            found.append((comment, detection))
    return {"read": len(ids), "created": _response_needs_write(found)}


@transaction.atomic
def _response_needs_write(found: list) -> int:
    if not found:
        return 0
    referenced_rows_lock(Comment, [comment.pk for comment, _ in found])
    # Read again inside the transaction: a run that raced this one may have written some.
    have = set(
        ResponseNeed.objects.filter(comment_id__in=[c.pk for c, _ in found]).values_list(
            "comment_id", flat=True
        )
    )
    needs = [
        ResponseNeed(
            comment=comment,
            kind=detection.kind,
            topic=detection.topic or ResponseTopic.GENERAL,
            cues=list(detection.cues)[:10],
            due_on=response_due_on(comment.posted_at or comment.captured_at),
        )
        for comment, detection in found
        if comment.pk not in have
    ]
    if not needs:
        return 0
    bulk_create_copying_history(needs, ResponseNeed, batch_size=500)
    audit_record_many(
        [
            AuditEntry(
                actor=None,
                verb=AuditVerb.RESPONSE_NEED_DETECTED,
                target=need,
                site_id=need.comment.site_id,
                data={"comment": need.comment_id, "kind": need.kind, "topic": need.topic},
            )
            for need in needs
        ]
    )
    return len(needs)


def _require_designated(actor, comment: Comment) -> None:
    if not has_role(actor, MODERATOR, SUPERVISOR):
        raise ActionRefused("Only moderators and supervisors answer comments.")
    if comment.site_id not in designated_site_ids(actor):
        raise ActionRefused("You are not designated for this comment's site.")


@transaction.atomic
def response_need_dismiss(*, need: ResponseNeed, actor, reason: str) -> ResponseNeed:
    """Take a comment out of the needs-response list (not a question after all, or answered
    elsewhere), with the reason on the record."""
    locked = ResponseNeed.objects.select_for_update().select_related("comment").get(pk=need.pk)
    _require_designated(actor, locked.comment)
    if locked.state != ResponseNeed.State.OPEN:
        raise ActionRefused("This comment is no longer waiting for a response.")
    if not reason.strip():
        raise ActionRefused("Say why no response is needed.")
    locked.state = ResponseNeed.State.DISMISSED
    locked.closed_by = actor
    locked.closed_at = timezone.now()
    locked.close_reason = reason.strip()[:500]
    locked.save(update_fields=["state", "closed_by", "closed_at", "close_reason"])
    audit_record(
        actor=actor,
        verb=AuditVerb.RESPONSE_NEED_DISMISSED,
        target=locked,
        site_id=locked.comment.site_id,
        data={"comment": locked.comment_id, "reason": locked.close_reason},
    )
    return locked


# --- replies -----------------------------------------------------------------------------------
def _clean_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ActionRefused("Write the reply first.")
    if len(text) > REPLY_MAX_LENGTH:
        raise ActionRefused(f"A reply is at most {REPLY_MAX_LENGTH} characters.")
    return text


def _open_reply(*, comment: Comment, actor, reply: CommentReply | None) -> CommentReply | None:
    if reply is None:
        return None
    locked = CommentReply.objects.select_for_update().get(pk=reply.pk)
    if locked.comment_id != comment.pk:
        raise ActionRefused("That draft belongs to another comment.")
    if locked.state == CommentReply.State.SENT:
        raise ActionRefused("This reply was already sent; start a new one.")
    return locked


def _write(
    *,
    comment: Comment,
    actor,
    text: str,
    reply: CommentReply | None,
    saved_reply: SavedReply | None,
    state: str,
    findings: list[Finding],
) -> CommentReply:
    now = timezone.now()
    need = ResponseNeed.objects.filter(comment=comment).first()
    if reply is None:
        reply = CommentReply(comment=comment, author=actor, need=need, created_at=now)
    if reply.text != text:
        # An edited text needs its own exception.
        reply.exception_approved_by = None
        reply.exception_approved_at = None
        reply.exception_reason = ""
        reply.exception_text_sha256 = ""
    reply.text = text
    reply.state = state
    reply.findings = [f.as_dict() for f in findings]
    reply.saved_reply = saved_reply or reply.saved_reply
    reply.updated_at = now
    reply.save()
    return reply


@transaction.atomic
def reply_refusal_record(*, comment: Comment, actor, refusal: ReplyRefused) -> None:
    """Put a refused reply on the record: what kinds of information, how many, never the
    text itself (it holds the very information the check kept out)."""
    audit_record(
        actor=actor,
        verb=AuditVerb.REPLY_REFUSED,
        target=comment,
        site_id=comment.site_id,
        data={
            "comment": comment.pk,
            "kinds": sorted({f.kind for f in refusal.findings}),
            "count": len(refusal.findings),
        },
    )


@transaction.atomic
def reply_draft_save(
    *,
    comment: Comment,
    actor,
    text: str,
    reply: CommentReply | None = None,
    saved_reply: SavedReply | None = None,
) -> CommentReply:
    """Save a draft. Refused (ReplyRefused, nothing saved) if it gives personal information."""
    _require_designated(actor, comment)
    text = _clean_text(text)
    findings = reply_personal_information(text, writer=actor)
    if findings:
        raise ReplyRefused(findings)
    reply = _open_reply(comment=comment, actor=actor, reply=reply)
    reply = _write(
        comment=comment,
        actor=actor,
        text=text,
        reply=reply,
        saved_reply=saved_reply,
        state=CommentReply.State.DRAFT,
        findings=[],
    )
    audit_record(
        actor=actor,
        verb=AuditVerb.REPLY_DRAFTED,
        target=reply,
        site_id=comment.site_id,
        data={"comment": comment.pk, "length": len(text)},
    )
    return reply


@transaction.atomic
def reply_exception_request(
    *,
    comment: Comment,
    actor,
    text: str,
    reason: str,
    reply: CommentReply | None = None,
    saved_reply: SavedReply | None = None,
) -> CommentReply:
    """Keep a reply that gives personal information, for a supervisor to approve or not."""
    _require_designated(actor, comment)
    text = _clean_text(text)
    if not reason.strip():
        raise ActionRefused("Say why the reply must give this information.")
    findings = reply_personal_information(text, writer=actor)
    if not findings:
        raise ActionRefused("This reply gives no personal information: no exception is needed.")
    reply = _open_reply(comment=comment, actor=actor, reply=reply)
    reply = _write(
        comment=comment,
        actor=actor,
        text=text,
        reply=reply,
        saved_reply=saved_reply,
        state=CommentReply.State.AWAITING_EXCEPTION,
        findings=findings,
    )
    reply.exception_requested_reason = reason.strip()
    reply.save(update_fields=["exception_requested_reason"])
    audit_record(
        actor=actor,
        verb=AuditVerb.REPLY_EXCEPTION_REQUESTED,
        target=reply,
        site_id=comment.site_id,
        data={
            "comment": comment.pk,
            "kinds": sorted({f.kind for f in findings}),
            "reason": reply.exception_requested_reason,
        },
    )
    return reply


@transaction.atomic
def reply_exception_approve(*, reply: CommentReply, actor, reason: str) -> CommentReply:
    """A supervisor designated for the site lets this exact text go out (not their own)."""
    locked = CommentReply.objects.select_for_update().select_related("comment").get(pk=reply.pk)
    if not has_role(actor, SUPERVISOR):
        raise ActionRefused("Only a supervisor approves an exception.")
    if locked.comment.site_id not in designated_site_ids(actor):
        raise ActionRefused("You are not designated for this comment's site.")
    if locked.author_id == actor.pk:
        raise ActionRefused("Another supervisor approves an exception for your own reply.")
    if locked.state != CommentReply.State.AWAITING_EXCEPTION:
        raise ActionRefused("This reply is not waiting for an exception.")
    if not reason.strip():
        raise ActionRefused("Give the reason for the exception.")
    locked.exception_approved_by = actor
    locked.exception_approved_at = timezone.now()
    locked.exception_reason = reason.strip()
    locked.exception_text_sha256 = _sha256(locked.text)
    locked.state = CommentReply.State.DRAFT
    locked.save()
    audit_record(
        actor=actor,
        verb=AuditVerb.REPLY_EXCEPTION_APPROVED,
        target=locked,
        site_id=locked.comment.site_id,
        data={"comment": locked.comment_id, "reason": locked.exception_reason},
    )
    return locked


@transaction.atomic
def reply_send(
    *,
    comment: Comment,
    actor,
    text: str,
    reply: CommentReply | None = None,
    saved_reply: SavedReply | None = None,
) -> CommentReply:
    """Send the reply: the platform is told to post it (a pending `PlatformAction`, or a
    manual one where the site has no platform connection), the reply is sealed, and the
    comment's need for a response is answered. Refused when it gives personal information,
    unless a supervisor approved an exception for this exact text."""
    _require_designated(actor, comment)
    text = _clean_text(text)
    reply = _open_reply(comment=comment, actor=actor, reply=reply)
    findings = reply_personal_information(text, writer=actor)
    excepted = bool(
        reply is not None
        and reply.exception_approved_by_id
        and reply.exception_text_sha256 == _sha256(text)
    )
    if findings and not excepted:
        raise ReplyRefused(findings)
    reply = _write(
        comment=comment,
        actor=actor,
        text=text,
        reply=reply,
        saved_reply=saved_reply,
        state=CommentReply.State.DRAFT,
        findings=findings,
    )
    now = timezone.now()
    site = comment.site
    action = PlatformAction.objects.create(
        kind=PlatformAction.Kind.REPLY_COMMENT,
        site=site,
        comment=comment,
        reply_text=text,
    )
    # Through the site's connector once this commits, or on the worklist now.
    platform_action_dispatch(action=action)
    reply.platform_action = action
    reply.state = CommentReply.State.SENT
    reply.sent_by = actor
    reply.sent_at = now
    reply.save()
    need = ResponseNeed.objects.select_for_update().filter(comment=comment).first()
    if need is not None and need.state == ResponseNeed.State.OPEN:
        need.state = ResponseNeed.State.ANSWERED
        need.closed_by = actor
        need.closed_at = now
        need.save(update_fields=["state", "closed_by", "closed_at"])
    audit_record(
        actor=actor,
        verb=AuditVerb.REPLY_SENT,
        target=reply,
        site_id=comment.site_id,
        data={
            "comment": comment.pk,
            "platform_action": action.pk,
            "manual": action.state == PlatformAction.State.MANUAL,
            "exception": excepted,
            "on_time": bool(need and timezone.localdate(now) <= need.due_on),
        },
    )
    return reply


# --- saved replies and the staff directory ---------------------------------------------------
def _require_manager(actor) -> None:
    if not has_role(actor, SUPERVISOR, ADMINISTRATOR):
        raise ActionRefused("Only supervisors and administrators manage this list.")


@transaction.atomic
def saved_reply_save(
    *,
    actor,
    topic: str,
    title: str,
    text: str,
    active: bool = True,
    saved_reply: SavedReply | None = None,
) -> SavedReply:
    """Write or change a saved reply. Its wording passes the same check a reply does."""
    _require_manager(actor)
    text = _clean_text(text)
    findings = reply_personal_information(text, writer=actor)
    if findings:
        raise ReplyRefused(findings)
    now = timezone.now()
    row = saved_reply or SavedReply(created_by=actor, created_at=now)
    row.topic, row.title, row.text, row.active, row.updated_at = topic, title, text, active, now
    row.save()
    audit_record(
        actor=actor,
        verb=AuditVerb.SAVED_REPLY_SAVED,
        target=row,
        data={"topic": topic, "title": title, "active": active, "new": saved_reply is None},
    )
    return row


@transaction.atomic
def staff_directory_save(
    *,
    actor,
    name: str,
    public_title: str,
    department: str = "",
    public_phone: str = "",
    public_email: str = "",
    active: bool = True,
    entry: StaffDirectoryEntry | None = None,
) -> StaffDirectoryEntry:
    _require_manager(actor)
    if not name.strip() or not public_title.strip():
        raise ActionRefused("A directory entry needs a name and a public title.")
    row = entry or StaffDirectoryEntry()
    row.name, row.public_title, row.department = name.strip(), public_title.strip(), department
    row.public_phone, row.public_email, row.active = public_phone, public_email, active
    row.updated_at = timezone.now()
    row.save()
    audit_record(
        actor=actor,
        verb=AuditVerb.STAFF_DIRECTORY_SAVED,
        target=row,
        data={"name": row.name, "public_title": row.public_title, "active": active},
    )
    return row


# --- reports to the platform -----------------------------------------------------------------
@transaction.atomic
def platform_report_record(
    *,
    decision: Decision,
    actor,
    reported_at: datetime,
    platform_reference: str = "",
    note: str = "",
) -> PlatformReport:
    """Record that the account behind a decided comment was reported to the platform under
    its terms of use (the policy lets the City do so beside its own decision)."""
    comment = decision.comment
    _require_designated(actor, comment)
    if reported_at > timezone.now():
        raise ActionRefused("The report cannot be dated in the future.")
    report = PlatformReport.objects.create(
        decision=decision,
        account_id=comment.account_id,
        reported_at=reported_at,
        reported_by=actor,
        platform_reference=platform_reference.strip()[:200],
        note=note.strip(),
    )
    audit_record(
        actor=actor,
        verb=AuditVerb.PLATFORM_REPORT_RECORDED,
        target=report,
        site_id=comment.site_id,
        data={
            "decision": decision.pk,
            "comment": comment.pk,
            "account": comment.account_id,
            "reported_at": reported_at,
            "platform_reference": report.platform_reference,
        },
    )
    return report


# --- requests to post outside content -----------------------------------------------------------
POSTING_ROLES = (MODERATOR, SUPERVISOR, ADMINISTRATOR)
POSTING_DECIDERS = (SUPERVISOR, ADMINISTRATOR)


@transaction.atomic
def posting_request_log(
    *,
    actor,
    requester_type: str,
    requester_name: str,
    content: str,
    received_on: date,
    requester_contact: str = "",
    site=None,
) -> PostingRequest:
    if not has_role(actor, *POSTING_ROLES):
        raise ActionRefused("Only communications staff log posting requests.")
    if not content.strip() or not requester_name.strip():
        raise ActionRefused("Give who asked and what they asked the City to post.")
    row = PostingRequest.objects.create(
        requester_type=requester_type,
        requester_name=requester_name.strip(),
        requester_contact=requester_contact.strip(),
        content=content.strip(),
        received_on=received_on,
        site=site,
        logged_by=actor,
    )
    audit_record(
        actor=actor,
        verb=AuditVerb.POSTING_REQUEST_LOGGED,
        target=row,
        site_id=site.pk if site else None,
        data={"requester_type": requester_type, "requester_name": row.requester_name},
    )
    return row


@transaction.atomic
def posting_request_decide(
    *, posting_request: PostingRequest, actor, decision: str, reason: str, reply_text: str
) -> PostingRequest:
    """Answer a posting request once. Posting for a business or an individual is outside
    the policy: it is refused here, whatever the form says."""
    locked = PostingRequest.objects.select_for_update().get(pk=posting_request.pk)
    if not has_role(actor, *POSTING_DECIDERS):
        raise ActionRefused("Only a supervisor or an administrator answers posting requests.")
    if locked.decision:
        raise ActionRefused("This request was already answered.")
    if decision not in (PostingRequest.Decision.POST, PostingRequest.Decision.DECLINE):
        raise ActionRefused("Choose to post or to decline.")
    if (
        decision == PostingRequest.Decision.POST
        and not posting_policy_answer(locked.requester_type).may_post
    ):
        raise ActionRefused(
            "The policy does not let the City post for outside businesses or individuals."
        )
    if not reason.strip() or not reply_text.strip():
        raise ActionRefused("Give the reason and the reply sent to the requester.")
    locked.decision = decision
    locked.decision_reason = reason.strip()
    locked.reply_text = reply_text.strip()
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.save(
        update_fields=["decision", "decision_reason", "reply_text", "decided_by", "decided_at"]
    )
    audit_record(
        actor=actor,
        verb=AuditVerb.POSTING_REQUEST_DECIDED,
        target=locked,
        site_id=locked.site_id,
        data={"decision": decision, "reason": locked.decision_reason},
    )
    return locked
