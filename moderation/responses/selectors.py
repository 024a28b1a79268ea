"""Reading the records of answering the public, and the access helpers for its pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.roles import ADMINISTRATOR, MODERATOR, RECORDS_CLERK, SUPERVISOR, has_role
from audit.events import AuditVerb
from audit.models import AuditEvent
from moderation.models import (
    CommentReply,
    Decision,
    PlatformReport,
    PostingRequest,
    ResponseNeed,
    SavedReply,
    StaffDirectoryEntry,
)
from moderation.sites.selectors import designated_site_ids

TABS = (
    ("open", "Needs a response"),
    ("overdue", "Overdue"),
    ("exceptions", "Awaiting an exception"),
    ("answered", "Answered"),
    ("dismissed", "No response needed"),
)


def due_marks(need: ResponseNeed, today: date | None = None) -> dict[str, bool]:
    """Overdue: past its target day and still open. Due today: the target day is today."""
    today = today or timezone.localdate()
    still_open = need.state == ResponseNeed.State.OPEN
    return {
        "overdue": still_open and need.due_on < today,
        "due_today": still_open and need.due_on == today,
    }


def needs_for_user(user, *, tab: str = "open", today: date | None = None) -> QuerySet:
    today = today or timezone.localdate()
    query = ResponseNeed.objects.filter(comment__site_id__in=designated_site_ids(user))
    if tab == "overdue":
        query = query.filter(state=ResponseNeed.State.OPEN, due_on__lt=today)
    elif tab == "exceptions":
        query = query.filter(replies__state=CommentReply.State.AWAITING_EXCEPTION).distinct()
    elif tab in ("answered", "dismissed"):
        query = query.filter(state=tab)
    else:
        query = query.filter(state=ResponseNeed.State.OPEN)
    order = ["due_on", "id"] if tab in ("open", "overdue", "exceptions") else ["-closed_at", "-id"]
    return query.select_related("comment__site", "comment__account", "closed_by").order_by(*order)


def tab_counts(user, today: date | None = None) -> dict[str, int]:
    return {key: needs_for_user(user, tab=key, today=today).count() for key, _ in TABS[:3]}


def replies_of(comment) -> list[CommentReply]:
    return list(
        CommentReply.objects.filter(comment=comment)
        .select_related("author", "sent_by", "exception_approved_by", "platform_action")
        .order_by("created_at", "id")
    )


def reply_refusals_of(comment) -> list[dict]:
    """The refused attempts at replying to this comment, from the audit log (what kinds of
    personal information they held, who tried, when)."""
    rows = AuditEvent.objects.filter(
        verb=AuditVerb.REPLY_REFUSED,
        target_type=comment._meta.label_lower,
        target_id=str(comment.pk),
    ).select_related("actor")
    return [
        {"at": e.occurred_at, "actor": e.actor, "kinds": e.data.get("kinds", [])}
        for e in rows.order_by("seq")
    ]


def saved_replies_offered(topic: str = "") -> list[SavedReply]:
    """Active saved replies, this topic's first."""
    rows = list(SavedReply.objects.filter(active=True).order_by("topic", "title"))
    return sorted(rows, key=lambda r: (r.topic != topic, r.topic, r.title))


def require_reply_manager(user) -> None:
    if not has_role(user, SUPERVISOR, ADMINISTRATOR):
        raise PermissionDenied("Only supervisors and administrators manage this list.")


def get_saved_reply_for_user(user, pk: int) -> SavedReply:
    require_reply_manager(user)
    row = SavedReply.objects.filter(pk=pk).first()
    if row is None:
        raise Http404("No such saved reply.")
    return row


def get_directory_entry_for_user(user, pk: int) -> StaffDirectoryEntry:
    require_reply_manager(user)
    row = StaffDirectoryEntry.objects.filter(pk=pk).first()
    if row is None:
        raise Http404("No such directory entry.")
    return row


def get_reply_for_user(user, pk: int) -> CommentReply:
    """A reply, for a supervisor designated for its comment's site (404 for the others'
    sites, 403 for other roles)."""
    row = (
        CommentReply.objects.select_related("comment__site", "author")
        .filter(pk=pk, comment__site_id__in=designated_site_ids(user))
        .first()
    )
    if row is None:
        raise Http404("No such reply on your sites.")
    if not has_role(user, SUPERVISOR):
        raise PermissionDenied("Only supervisors approve exceptions.")
    return row


def get_decision_for_user(user, pk: int) -> Decision:
    """A decision, for the moderators and supervisors designated for its comment's site."""
    row = (
        Decision.objects.select_related("comment__site", "comment__account")
        .filter(pk=pk, comment__site_id__in=designated_site_ids(user))
        .first()
    )
    if row is None:
        raise Http404("No such decision on your sites.")
    if not has_role(user, MODERATOR, SUPERVISOR):
        raise PermissionDenied("Only moderators and supervisors record platform reports.")
    return row


def platform_reports_of(comment) -> list[PlatformReport]:
    return list(
        PlatformReport.objects.filter(decision__comment=comment)
        .select_related("reported_by", "decision")
        .order_by("reported_at", "id")
    )


# --- posting requests ----------------------------------------------------------------------------
POSTING_READERS = (MODERATOR, SUPERVISOR, ADMINISTRATOR, RECORDS_CLERK)


@dataclass(frozen=True)
class PolicyAnswer:
    may_post: bool
    suggestion: str


def posting_policy_answer(requester_type: str) -> PolicyAnswer:
    """What the policy suggests (paraphrased): the City's pages carry the City's own
    information; it does not post for outside businesses or private persons, and may, at its
    discretion, share notices of other public agencies, non-profits and elected officials."""
    if requester_type in (
        PostingRequest.RequesterType.BUSINESS,
        PostingRequest.RequesterType.INDIVIDUAL,
    ):
        return PolicyAnswer(
            False,
            "Decline: the City's pages do not carry content for outside businesses or "
            "private individuals.",
        )
    return PolicyAnswer(
        True,
        "At the City's discretion: content from a public agency, a non-profit or an elected "
        "official may be shared when it serves the City's residents.",
    )


def require_posting_reader(user) -> None:
    if not has_role(user, *POSTING_READERS):
        raise PermissionDenied("Your role does not read posting requests.")


def posting_requests_list() -> QuerySet[PostingRequest]:
    return PostingRequest.objects.select_related("logged_by", "decided_by", "site").order_by(
        "-received_on", "-id"
    )


def get_posting_request_for_user(user, pk: int) -> PostingRequest:
    require_posting_reader(user)
    row = posting_requests_list().filter(pk=pk).first()
    if row is None:
        raise Http404("No such posting request.")
    return row
