"""Reading one comment: the access helper every queue view uses,
and the context the detail page shows around it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.http import Http404
from django.utils import timezone

from accounts.roles import ADMINISTRATOR, MODERATOR, RECORDS_CLERK, SUPERVISOR, has_role
from moderation.bans.selectors import bans_visible_to
from moderation.models import (
    AccountNote,
    Attachment,
    Ban,
    BanState,
    Claim,
    Comment,
    CommentRevision,
    Decision,
    Flag,
    PolicyVersion,
    PublicAccount,
    Site,
)
from moderation.policy.selectors import policy_version_in_force
from moderation.sites.selectors import designated_site_ids

THREAD_LIMIT = 10
HISTORY_LIMIT = 10


def get_comment_for_user(
    user, pk: int, *, for_action: bool = False, for_audit: bool = False
) -> Comment:
    """The one access check for a comment, whatever the page.

    404 when it does not exist or is on a site the user may not read (administrators and
    records clerks read every site; everyone else the sites they are designated for): a
    site you are not designated for looks the same as no comment at all. Then, for what the
    page does with it, 403 for the wrong role:
    - `for_action` (deciding, claiming): a moderator or supervisor designated for its site
      (the policy's "designated staff");
    - `for_audit` (its full history): an administrator, or a supervisor designated for it.
    """
    may_read_all = has_role(user, ADMINISTRATOR, RECORDS_CLERK)  # records are City-wide
    site_ids = designated_site_ids(user)
    query = Comment.objects.select_related("site", "post", "account", "parent")
    if not may_read_all:
        query = query.filter(site_id__in=site_ids)
    try:
        comment = query.get(pk=pk)
    except Comment.DoesNotExist as exc:
        raise Http404("No such comment.") from exc
    if for_action:
        if not has_role(user, MODERATOR, SUPERVISOR):
            raise PermissionDenied("Only moderators and supervisors act on comments.")
        if comment.site_id not in site_ids:
            raise PermissionDenied("You are not designated for this site.")
    if for_audit:
        if not has_role(user, ADMINISTRATOR, SUPERVISOR):
            raise PermissionDenied("Only supervisors and administrators read the audit trail.")
        if not has_role(user, ADMINISTRATOR) and comment.site_id not in site_ids:
            raise PermissionDenied("You are not designated for this comment's site.")
    return comment


def get_attachment_for_user(user, pk: int) -> Attachment:
    """An attachment, for whoever may read its comment (404 otherwise, as for the comment)."""
    comment_id = Attachment.objects.filter(pk=pk).values_list("comment_id", flat=True).first()
    if comment_id is None:
        raise Http404("No such attachment.")
    get_comment_for_user(user, comment_id)
    return Attachment.objects.select_related("comment").get(pk=pk)


def get_account_for_user(user, pk: int) -> PublicAccount:
    """A public account, for staff designated for a site it commented on: the others are
    none of their business, and 404 says nothing about whether it exists."""
    account = (
        PublicAccount.objects.filter(pk=pk, comments__site_id__in=designated_site_ids(user))
        .distinct()
        .first()
    )
    if account is None:
        raise Http404("No such account on your sites.")
    return account


def live_claim(comment: Comment) -> Claim | None:
    """The comment's claim if someone holds it now."""
    claim = Claim.objects.select_related("user").filter(comment=comment).first()
    return claim if claim is not None and claim.is_live else None


def evidence_segments(text: str, spans: list[dict[str, Any]]) -> list[tuple[str, bool]]:
    """Split `text` into (segment, is_match) pairs for the template to escape one by one.
    A span whose offsets no longer fit the text (the comment was edited since) is looked up
    by its text instead, and dropped when it cannot be found."""
    ranges: list[tuple[int, int]] = []
    for span in spans or []:
        if not isinstance(span, dict):
            continue
        start, end, found = span.get("start"), span.get("end"), span.get("text")
        fits = isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)
        if fits and (not isinstance(found, str) or text[start:end] == found):
            ranges.append((start, end))
            continue
        if isinstance(found, str) and found:
            at = text.find(found)
            if at >= 0:
                ranges.append((at, at + len(found)))
    ranges.sort()
    merged: list[list[int]] = []
    for start, end in ranges:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    segments: list[tuple[str, bool]] = []
    cursor = 0
    for start, end in merged:
        if start > cursor:
            segments.append((text[cursor:start], False))
        segments.append((text[start:end], True))
        cursor = end
    if cursor < len(text) or not segments:
        segments.append((text[cursor:], False))
    return segments


def open_flags_prefetch(to_attr: str = "open_flags") -> Prefetch:
    return Prefetch(
        "flags",
        queryset=Flag.objects.filter(status=Flag.Status.OPEN).select_related("category", "rule"),
        to_attr=to_attr,
    )


def active_bans_prefetch() -> Prefetch:
    return Prefetch(
        "account__bans",
        queryset=Ban.objects.filter(state=BanState.ACTIVE).select_related("site"),
        to_attr="active_bans",
    )


def ban_covers(ban: Ban, comment: Comment) -> bool:
    """An active ban covers a comment's site when it names the site, or all City sites on
    the same platform."""
    if ban.ends_at is not None and ban.ends_at <= timezone.now():
        return False
    if ban.scope == "platform":
        return ban.site.platform == comment.site.platform
    return ban.site_id == comment.site_id


@dataclass
class CommentContext:
    """Everything the detail page shows around one comment."""

    comment: Comment
    segments: list[tuple[str, bool]]
    open_flags: list[Flag]
    decisions: list[Decision]
    revisions: list[CommentRevision]
    parent: Comment | None
    siblings: list[Comment]
    replies: list[Comment]
    earlier_flags: list[Flag]
    earlier_decisions: list[Decision]
    bans: list[Ban]
    active_bans: list[Ban]
    policy_version: PolicyVersion | None
    # The thread around the comment: the comments at its level just before and just after it.
    siblings_before: list[Comment] = field(default_factory=list)
    siblings_after: list[Comment] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)


def comment_context(*, comment: Comment, user) -> CommentContext:
    """The thread around the comment, the author's history on the sites the user may see,
    every revision and every decision. Each list is one query and limited."""
    site_ids = designated_site_ids(user)
    open_flags = list(
        Flag.objects.filter(comment=comment, status=Flag.Status.OPEN)
        .select_related("category", "rule")
        .order_by("-score", "id")
    )
    spans = [span for flag in open_flags for span in (flag.evidence or {}).get("spans", [])]
    decisions = list(
        Decision.objects.filter(comment=comment)
        .select_related("actor", "policy_version", "reviewed_by", "undoes")
        .prefetch_related("categories", "platform_reports__reported_by")
        .order_by("-decided_at", "-id")
    )
    revisions = list(CommentRevision.objects.filter(comment=comment).order_by("number"))
    thread = Comment.objects.select_related("account").order_by("posted_at", "id")
    before: list[Comment] = []
    after: list[Comment] = []
    if comment.post_id:
        level = thread.filter(post_id=comment.post_id, parent_id=comment.parent_id).exclude(
            pk=comment.pk
        )
        if comment.posted_at is not None:
            # Around it in time: the few before (read newest first, shown in order) and after.
            earlier = Q(posted_at__lt=comment.posted_at) | Q(
                posted_at=comment.posted_at, id__lt=comment.pk
            )
            half = THREAD_LIMIT // 2
            before = list(level.filter(earlier).order_by("-posted_at", "-id")[:half])[::-1]
            after = list(level.exclude(earlier).exclude(posted_at__isnull=True)[:half])
        else:
            after = list(level[:THREAD_LIMIT])
    siblings = before + after
    replies = list(thread.filter(parent=comment)[:THREAD_LIMIT])
    others = Q(comment__account_id=comment.account_id, comment__site_id__in=site_ids) & ~Q(
        comment_id=comment.pk
    )
    earlier_flags = list(
        Flag.objects.filter(others)
        .select_related("category", "comment")
        .order_by("-created_at", "-id")[:HISTORY_LIMIT]
    )
    earlier_decisions = list(
        Decision.objects.filter(others)
        .select_related("actor", "comment")
        .prefetch_related("categories")
        .order_by("-decided_at", "-id")[:HISTORY_LIMIT]
    )
    # Only bans the viewer may open (the ban pages' own rule): a ban on a site they are not
    # designated for is not theirs to see, here any more than at /bans/<id>/.
    bans = list(
        bans_visible_to(user)
        .filter(account_id=comment.account_id)
        .order_by("-proposed_at", "-id")[:HISTORY_LIMIT]
    )
    return CommentContext(
        comment=comment,
        segments=evidence_segments(comment.body, spans),
        open_flags=open_flags,
        decisions=decisions,
        revisions=revisions,
        parent=comment.parent,
        siblings=siblings,
        replies=replies,
        earlier_flags=earlier_flags,
        earlier_decisions=earlier_decisions,
        bans=bans,
        # Read apart from the (limited) history, so an older ban still in force is never missed.
        active_bans=[
            ban
            for ban in Ban.objects.filter(
                account_id=comment.account_id, state=BanState.ACTIVE
            ).select_related("site")
            if ban_covers(ban, comment)
        ],
        policy_version=policy_version_in_force(),
        siblings_before=before,
        siblings_after=after,
        attachments=list(Attachment.objects.filter(comment=comment).order_by("id")),
    )


# --- every comment, and one public account --------------------------------------------------
def comments_for_user(user):
    """Every comment on the sites the user is designated for, flagged or not, newest first,
    with what a list row shows (site, post, account, open flags) read in a fixed number of
    queries whatever the page size."""
    return (
        Comment.objects.filter(site_id__in=designated_site_ids(user))
        .select_related("site", "post", "account")
        .prefetch_related(open_flags_prefetch())
        .order_by("-posted_at", "-id")
    )


@dataclass
class AccountContext:
    """Everything the account page shows: on the viewer's sites only."""

    account: PublicAccount
    sites: list[Site]
    flags: list[Flag]
    decisions: list[Decision]
    bans: list[Ban]
    notes: list[AccountNote]
    comment_count: int


ACCOUNT_LIST_LIMIT = 200


def account_context(*, account: PublicAccount, user) -> AccountContext:
    """The account's flags, decisions, bans and notes on the sites the user may see (the
    comments themselves are paged by the view). One query per list."""
    site_ids = designated_site_ids(user)
    scope = Q(comment__account=account, comment__site_id__in=site_ids)
    flags = list(
        Flag.objects.filter(scope)
        .select_related("category", "rule", "raised_by", "comment")
        .order_by("-created_at", "-id")[:ACCOUNT_LIST_LIMIT]
    )
    decisions = list(
        Decision.objects.filter(scope)
        .select_related("actor", "comment")
        .prefetch_related("categories")
        .order_by("-decided_at", "-id")[:ACCOUNT_LIST_LIMIT]
    )
    bans = list(
        bans_visible_to(user)
        .filter(account=account)
        .select_related("site", "proposed_by")
        .order_by("-proposed_at", "-id")[:ACCOUNT_LIST_LIMIT]
    )
    notes = list(
        AccountNote.objects.filter(account=account)
        .select_related("author")
        .order_by("-created_at", "-id")[:ACCOUNT_LIST_LIMIT]
    )
    sites = list(
        Site.objects.filter(pk__in=site_ids, comments__account=account).distinct().order_by("name")
    )
    count = Comment.objects.filter(account=account, site_id__in=site_ids).count()
    return AccountContext(
        account=account,
        sites=sites,
        flags=flags,
        decisions=decisions,
        bans=bans,
        notes=notes,
        comment_count=count,
    )


def comment_for_public_report(reference: str) -> Comment | None:
    """The comment a member of the public points at, by its link on the platform or the
    platform's id for it; None unless exactly one comment on an active City site matches."""
    reference = reference.strip()
    if not reference:
        return None
    query = Comment.objects.select_related("site").filter(site__active=True)
    matches = list(query.filter(permalink=reference)[:2])
    if not matches:
        matches = list(query.filter(external_id=reference)[:2])
    return matches[0] if len(matches) == 1 else None
