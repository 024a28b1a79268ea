"""Bans: denial of access to City sites (the policy lets the City deny access to violators).

A moderator proposes, a supervisor approves or rejects, and only an approved ban is active.
Bans end by themselves (`bans_expire`, run by Celery beat) or are lifted early with a reason.
Every step writes its AuditEvent in the same transaction, keeps simple-history rows, and
records what the platform must be told as a pending `PlatformAction` (connectors come later).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.roles import MODERATOR, SUPERVISOR, has_role
from audit.events import AuditVerb
from audit.services import audit_record
from moderation.connectors.services import platform_action_dispatch
from moderation.models import (
    Ban,
    BanScope,
    BanState,
    Comment,
    DecisionAction,
    Designation,
    PlatformAction,
    PlatformState,
    PolicyCategory,
    PublicAccount,
    ReviewState,
    Site,
)
from moderation.policy.selectors import policy_version_in_force
from stanton.errors import ActionRefused

DEFAULT_BAN_DAYS = 7
MAX_BAN_DAYS = 3650  # longer than ten years is "indefinite": say so with None
OPEN_BAN_STATES = (BanState.PROPOSED, BanState.ACTIVE)


# --- helpers shared by the services ---
def _designated(user, site_id: int) -> bool:
    """Read fresh (not the per-request cache): a designation revoked a moment ago stops here."""
    return Designation.objects.in_force().filter(user=user, site_id=site_id).exists()


def ban_covered_sites(*, scope: str, site: Site) -> list[Site]:
    """The sites a ban of this scope covers: the one site, or every City site on its platform.
    A platform-wide ban covers sites added later too, so callers compute it when they need it."""
    if scope == BanScope.PLATFORM:
        return list(Site.objects.filter(platform=site.platform).order_by("name"))
    return [site]


def _lock_ban(ban: Ban) -> Ban:
    return (
        Ban.objects.select_for_update(of=("self",)).select_related("site", "account").get(pk=ban.pk)
    )


def _platform_actions(*, ban: Ban, kind: str) -> list[PlatformAction]:
    """One pending action per covered site: each City page is banned from separately."""
    actions = []
    for covered in ban_covered_sites(scope=ban.scope, site=ban.site):
        action = PlatformAction(kind=kind, site=covered, ban=ban)
        action.save()
        platform_action_dispatch(action=action)
        actions.append(action)
    return actions


def _summary(ban: Ban) -> dict:
    covered = ban_covered_sites(scope=ban.scope, site=ban.site)
    return {
        "account": ban.account_id,
        "account_handle": ban.account.handle,
        "platform": ban.account.platform,
        "scope": ban.scope,
        "site": ban.site.slug,
        "covered_sites": [s.slug for s in covered],
        "categories": sorted(c.code for c in ban.categories.all()),
        "duration_days": ban.duration_days,
    }


def _comment_was_removed(comment: Comment) -> bool:
    """Removed now, or removed by a decision that no review has overturned."""
    if comment.platform_state == PlatformState.REMOVED:
        return True
    return (
        comment.decisions.filter(action=DecisionAction.REMOVE)
        .exclude(review_state=ReviewState.OVERTURNED)
        .exists()
    )


# --- proposing ---
@transaction.atomic
def ban_propose(
    *,
    account: PublicAccount,
    site: Site,
    scope: str,
    categories: list[str],
    findings: str,
    evidence_comment_ids: list[int],
    duration_days: int | None = DEFAULT_BAN_DAYS,
    actor,
) -> Ban:
    """Propose a ban; it does nothing until a supervisor approves it."""
    if not has_role(actor, MODERATOR, SUPERVISOR):
        raise ActionRefused("Only moderators and supervisors may propose a ban.")
    if not _designated(actor, site.pk):
        raise ActionRefused(
            f"You are not designated for {site.name}, so you cannot propose a ban there."
        )
    if scope not in BanScope.values:
        raise ActionRefused("Choose a scope: this site only, or all City sites on this platform.")
    if account.platform != site.platform:
        raise ActionRefused(
            f"This account is on {account.get_platform_display()}; {site.name} is on "
            f"{site.get_platform_display()}. A ban applies on the account's own platform."
        )
    codes = sorted({code for code in categories if code})
    if not codes:
        raise ActionRefused("Cite at least one policy category the account violated.")
    category_rows = list(PolicyCategory.objects.filter(code__in=codes))
    unknown = set(codes) - {c.code for c in category_rows}
    if unknown:
        raise ActionRefused(
            f"Unknown policy categor{'ies' if len(unknown) > 1 else 'y'}: "
            f"{', '.join(sorted(unknown))}."
        )
    findings = (findings or "").strip()
    if not findings:
        raise ActionRefused("Write the findings: what the account did and why a ban is needed.")
    if duration_days is not None and not (1 <= int(duration_days) <= MAX_BAN_DAYS):
        raise ActionRefused(
            f"The duration must be between 1 and {MAX_BAN_DAYS} days, or indefinite."
        )

    covered = ban_covered_sites(scope=scope, site=site)
    covered_ids = {s.pk for s in covered}
    evidence_ids = sorted({int(pk) for pk in evidence_comment_ids or []})
    if not evidence_ids:
        raise ActionRefused("Cite at least one of the account's removed comments as evidence.")
    evidence = list(Comment.objects.filter(pk__in=evidence_ids).select_related("site"))
    if len(evidence) != len(evidence_ids):
        raise ActionRefused("One of the evidence comments does not exist.")
    for comment in evidence:
        if comment.account_id != account.pk:
            raise ActionRefused(f"Comment {comment.pk} was not written by this account.")
        if comment.site_id not in covered_ids:
            raise ActionRefused(
                f"Comment {comment.pk} is on {comment.site.name}, which this ban would not cover."
            )
        if not _designated(actor, comment.site_id):
            raise ActionRefused(
                f"Comment {comment.pk} is on {comment.site.name}, where you are not designated."
            )
        if not _comment_was_removed(comment):
            raise ActionRefused(
                f"Comment {comment.pk} has not been removed. Evidence for a ban must be comments "
                "removed under the policy."
            )

    # Serialise proposals for one account, so two at once cannot both pass the overlap check.
    PublicAccount.objects.select_for_update().filter(pk=account.pk).first()
    overlapping = (
        Ban.objects.filter(account=account, state__in=OPEN_BAN_STATES)
        .filter(
            Q(scope=BanScope.PLATFORM, site__platform=site.platform)
            | Q(scope=BanScope.SITE, site_id__in=covered_ids)
        )
        .select_related("site")
        .first()
    )
    if overlapping is not None:
        raise ActionRefused(
            f"This account already has a ban that is {overlapping.get_state_display().lower()} "
            f"(#{overlapping.pk}, {overlapping.get_scope_display().lower()}, "
            f"{overlapping.site.name}) "
            "covering these sites. Decide or lift that one first."
        )

    ban = Ban(
        account=account,
        scope=scope,
        site=site,
        findings=findings,
        duration_days=int(duration_days) if duration_days is not None else None,
        policy_version=policy_version_in_force(),
        state=BanState.PROPOSED,
        proposed_by=actor,
        proposed_at=timezone.now(),
    )
    ban._history_user = actor
    ban.save()
    # Through rows are added one way only (never `.set()`, which would delete rows).
    ban.categories.add(*category_rows)
    ban.evidence.add(*evidence)
    audit_record(
        actor=actor,
        verb=AuditVerb.BAN_PROPOSED,
        target=ban,
        site_id=site.pk,
        data={
            **_summary(ban),
            "evidence_comments": evidence_ids,
            "policy_version": ban.policy_version_id,
            "findings": findings,
        },
    )
    return ban


# --- a supervisor decides ---
APPROVE, REJECT, LIFT = "approve", "reject", "lift"
_DONE = {APPROVE: "approved", REJECT: "rejected", LIFT: "lifted"}


def ban_refusal(*, ban: Ban, actor, doing: str, site_ids: Iterable[int]) -> str:
    """Why `actor` may not `doing` (approve, reject or lift) `ban`, or "" when they may.

    The one statement of who decides and lifts bans: the services enforce it (with
    designations read fresh) and the pages offer the buttons by it (with the request's). A
    supervisor designated for the ban's site approves or rejects a proposed ban (never one
    they proposed themselves: approving needs a second person) and lifts an active one.
    """
    if not has_role(actor, SUPERVISOR):
        return f"Only a supervisor may {doing} a ban."
    if ban.site_id not in set(site_ids):
        return f"You are not designated for {ban.site.name}, so you cannot {doing} this ban."
    if doing == APPROVE and ban.proposed_by_id == actor.pk:
        return "You proposed this ban; another supervisor must approve it."
    needed = BanState.ACTIVE if doing == LIFT else BanState.PROPOSED
    if ban.state != needed:
        kind = "an active" if doing == LIFT else "a proposed"
        return (
            f"Only {kind} ban can be {_DONE[doing]}; this one is {ban.get_state_display().lower()}."
        )
    return ""


def _refuse_unless_allowed(*, ban: Ban, actor, doing: str) -> None:
    # Read fresh (not the per-request cache): a designation revoked a moment ago stops here.
    site_ids = [ban.site_id] if _designated(actor, ban.site_id) else []
    refusal = ban_refusal(ban=ban, actor=actor, doing=doing, site_ids=site_ids)
    if refusal:
        raise ActionRefused(refusal)


@transaction.atomic
def ban_approve(*, ban: Ban, actor, note: str = "") -> Ban:
    """Approve a proposed ban: it starts now and ends after its duration (never, if indefinite)."""
    ban = _lock_ban(ban)
    _refuse_unless_allowed(ban=ban, actor=actor, doing=APPROVE)
    now = timezone.now()
    ban.state = BanState.ACTIVE
    ban.decided_by = actor
    ban.decided_at = now
    ban.decision_note = (note or "").strip()
    ban.starts_at = now
    ban.ends_at = now + timedelta(days=ban.duration_days) if ban.duration_days else None
    ban._history_user = actor
    ban.save()
    actions = _platform_actions(ban=ban, kind=PlatformAction.Kind.BAN_ACCOUNT)
    audit_record(
        actor=actor,
        verb=AuditVerb.BAN_APPROVED,
        target=ban,
        site_id=ban.site_id,
        data={
            **_summary(ban),
            "note": ban.decision_note,
            "starts_at": ban.starts_at,
            "ends_at": ban.ends_at,
            "platform_actions": [a.pk for a in actions],
        },
    )
    return ban


@transaction.atomic
def ban_reject(*, ban: Ban, actor, note: str) -> Ban:
    """Reject a proposed ban, saying why (the proposer and the record both need the reason)."""
    ban = _lock_ban(ban)
    _refuse_unless_allowed(ban=ban, actor=actor, doing=REJECT)
    note = (note or "").strip()
    if not note:
        raise ActionRefused("Write a note saying why the ban is rejected.")
    ban.state = BanState.REJECTED
    ban.decided_by = actor
    ban.decided_at = timezone.now()
    ban.decision_note = note
    ban._history_user = actor
    ban.save()
    audit_record(
        actor=actor,
        verb=AuditVerb.BAN_REJECTED,
        target=ban,
        site_id=ban.site_id,
        data={**_summary(ban), "note": note},
    )
    return ban


@transaction.atomic
def ban_lift(*, ban: Ban, actor, reason: str) -> Ban:
    """End an active ban before its time. Lifting early always needs a reason."""
    ban = _lock_ban(ban)
    _refuse_unless_allowed(ban=ban, actor=actor, doing=LIFT)
    reason = (reason or "").strip()
    if not reason:
        raise ActionRefused("Give the reason for lifting the ban early.")
    ban.state = BanState.LIFTED
    ban.lifted_by = actor
    ban.lifted_at = timezone.now()
    ban.lift_reason = reason
    ban._history_user = actor
    ban.save()
    actions = _platform_actions(ban=ban, kind=PlatformAction.Kind.UNBAN_ACCOUNT)
    audit_record(
        actor=actor,
        verb=AuditVerb.BAN_LIFTED,
        target=ban,
        site_id=ban.site_id,
        data={**_summary(ban), "reason": reason, "platform_actions": [a.pk for a in actions]},
    )
    return ban


# --- time ends bans ---
@transaction.atomic
def _ban_expire_one(*, ban_id: int, now: datetime) -> bool:
    # skip_locked: a ban another run (or a supervisor lifting it) holds is theirs to finish.
    ban = (
        Ban.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("site", "account")
        .filter(pk=ban_id, state=BanState.ACTIVE, ends_at__lte=now)
        .first()
    )
    if ban is None:
        return False
    ban.state = BanState.EXPIRED
    ban._history_user = None
    ban.save()
    actions = _platform_actions(ban=ban, kind=PlatformAction.Kind.UNBAN_ACCOUNT)
    audit_record(
        actor=None,
        verb=AuditVerb.BAN_EXPIRED,
        target=ban,
        site_id=ban.site_id,
        data={**_summary(ban), "ends_at": ban.ends_at, "platform_actions": [a.pk for a in actions]},
    )
    return True


def bans_expire(*, now: datetime | None = None) -> int:
    """Expire active bans whose end has passed; returns how many. Safe to run twice: a ban
    already expired is not active any more. Each ban is its own transaction, so one bad row
    does not hold up the rest."""
    now = now or timezone.now()
    due = list(
        Ban.objects.filter(state=BanState.ACTIVE, ends_at__isnull=False, ends_at__lte=now)
        .order_by("ends_at", "id")
        .values_list("id", flat=True)
    )
    return sum(1 for ban_id in due if _ban_expire_one(ban_id=ban_id, now=now))
