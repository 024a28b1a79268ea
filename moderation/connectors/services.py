"""Every write of the connectors: routing an action, sending it, recording the platform's
answer, staff retries and work done by hand, tokens, and reconciling what the platforms report.

A call to a platform is never made inside a database transaction: the action is marked `sent`
and committed, the call goes out, and the answer is recorded in a second transaction. A second
run of the task finds the action no longer pending and does nothing; a run after a worker died
mid-call sends again only what is harmless to repeat (hide, unhide, remove: the same state
twice), never a reply (it could post twice: it is shown as failed, to be checked by hand)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import timedelta

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models, transaction
from django.utils import timezone

from audit.events import AuditVerb
from audit.services import audit_record
from moderation.connectors.clients import (
    CONNECTORS,
    REPLY,
    AlreadyDoneError,
    Connector,
    RefusedError,
    RetryableError,
    TokenExpiredError,
)
from moderation.connectors.models import SiteConnection
from moderation.models import Comment, PlatformAction, PlatformState, Site
from outbox.services import task_enqueue

SEND_TASK = "moderation.tasks.send_platform_action"
# What the comment is on the platform once each action is carried out.
RESULT_STATE: dict[str, str] = {
    PlatformAction.Kind.HIDE_COMMENT: PlatformState.HIDDEN,
    PlatformAction.Kind.REMOVE_COMMENT: PlatformState.REMOVED,
    PlatformAction.Kind.RESTORE_COMMENT: PlatformState.VISIBLE,
}
REPORTED_KIND: dict[str, str] = {state: kind for kind, state in RESULT_STATE.items()}


# --- tokens ------------------------------------------------------------------------------
def _fernet() -> Fernet:
    key = settings.CONNECTOR_TOKEN_KEY
    if not key:
        raise ImproperlyConfigured(
            "CONNECTOR_TOKEN_KEY is not set: tokens cannot be stored (set the key, or give the "
            "token in the environment as CONNECTOR_TOKEN_<SITE SLUG>)."
        )
    try:
        return Fernet(key.encode())
    except ValueError as exc:
        raise ImproperlyConfigured("CONNECTOR_TOKEN_KEY is not a valid Fernet key.") from exc


def env_token_name(site: Site) -> str:
    return "CONNECTOR_TOKEN_" + site.slug.upper().replace("-", "_")


_UNREAD = object()


def site_token(site: Site, connection: SiteConnection | None | object = _UNREAD) -> str:
    """The site's access token: the environment's first, then the stored one ("" if none).
    `connection` may be given when the caller has already read it (None: the site has none)."""
    from_env = os.environ.get(env_token_name(site), "")
    if from_env:
        return from_env
    if connection is _UNREAD:
        connection = SiteConnection.objects.filter(site=site).first()
    if not isinstance(connection, SiteConnection):
        return ""
    if not connection.token_encrypted:
        return ""
    try:
        return _fernet().decrypt(connection.token_encrypted.encode()).decode()
    except (InvalidToken, ImproperlyConfigured):
        return ""


@transaction.atomic
def site_token_set(*, site: Site, token: str, actor) -> SiteConnection:
    """Store (or rotate) the site's token, encrypted. It is never shown again; the audit
    event and the history say when and by whom, never what."""
    token = token.strip()
    if not token:
        raise ValidationError("Enter the access token.")
    encrypted = _fernet().encrypt(token.encode()).decode()
    connection, created = SiteConnection.objects.select_for_update().get_or_create(site=site)
    rotated = bool(connection.token_encrypted)
    connection.token_encrypted = encrypted
    connection.token_set_at = timezone.now()
    connection.token_set_by = actor
    connection.rotations += 1 if rotated else 0
    connection.needs_reconnection = False
    connection.reconnection_reason = ""
    connection._history_user = actor
    connection.save()
    audit_record(
        actor=actor,
        verb=AuditVerb.SITE_TOKEN_SET,
        target=site,
        site_id=site.pk,
        data={"rotated": rotated, "rotations": connection.rotations},
    )
    return connection


def _flag_reconnection(site: Site, reason: str) -> None:
    connection, _ = SiteConnection.objects.select_for_update().get_or_create(site=site)
    if connection.needs_reconnection:
        return
    connection.needs_reconnection = True
    connection.reconnection_reason = reason[:500]
    connection.reconnection_flagged_at = timezone.now()
    connection.save()
    audit_record(
        actor=None,
        verb=AuditVerb.SITE_RECONNECTION_NEEDED,
        target=site,
        site_id=site.pk,
        data={"reason": reason[:500]},
    )


# --- routing -----------------------------------------------------------------------------
def _connector_for(action: PlatformAction) -> tuple[Connector | None, str]:
    """The connector that can carry the action out, or why it must be done by hand."""
    site = action.site
    connector_class = CONNECTORS.get(site.platform)
    if connector_class is None:
        return None, f"{site.get_platform_display()} has no interface the portal uses."
    if action.kind not in connector_class.capabilities:
        return None, (
            f"{site.get_platform_display()}'s interface cannot {action.get_kind_display().lower()}."
        )
    connection = SiteConnection.objects.filter(site=site).first()
    if connection is not None and connection.needs_reconnection:
        return None, "The site's access token was refused: an administrator must reconnect it."
    token = site_token(site)
    if not token:
        return None, "No access token is entered for this site."
    return connector_class(token), ""


def _to_worklist(action: PlatformAction, reason: str, *, audit: bool = True) -> None:
    action.state = PlatformAction.State.MANUAL
    action.manual_reason = reason[:300]
    action.save(update_fields=["state", "manual_reason"])
    if not audit:
        return  # routed as the decision is recorded: the decision's own event covers it
    audit_record(
        actor=None,
        verb=AuditVerb.PLATFORM_ACTION_MANUAL,
        target=action,
        site_id=action.site_id,
        data={"kind": action.kind, "reason": reason[:300]},
    )


def platform_action_dispatch(*, action: PlatformAction) -> PlatformAction:
    """Called in the transaction that records the action: send it through the connector once
    the transaction commits, or put it on the worklist now."""
    connector, reason = _connector_for(action)
    if connector is None:
        _to_worklist(action, reason, audit=False)
    else:
        task_enqueue(SEND_TASK, action_id=action.pk)
    return action


# --- sending -----------------------------------------------------------------------------
@dataclass
class SendOutcome:
    state: str
    retry_in: int | None = None


def _backoff(attempts: int) -> int:
    return min(600, 30 * 2 ** max(0, attempts - 1))


def _claim_for_sending(action_id: int) -> tuple[PlatformAction | None, SendOutcome | None]:
    with transaction.atomic():
        action = (
            # Only the action's row is locked (PostgreSQL refuses FOR UPDATE on the nullable
            # side of the outer joins to the comment and the ban).
            PlatformAction.objects.select_for_update(of=("self",))
            .select_related("site", "comment", "ban__account")
            .filter(pk=action_id)
            .first()
        )
        if action is None:
            return None, SendOutcome("missing")
        if action.state not in PlatformAction.OPEN_STATES:
            return None, SendOutcome(action.state)  # done already: a repeated message
        now = timezone.now()
        if action.next_attempt_at and action.next_attempt_at > now:
            wait = int((action.next_attempt_at - now).total_seconds()) + 1
            return None, SendOutcome(action.state, retry_in=wait)
        in_flight = action.sent_at and action.sent_at > now - timedelta(minutes=2)
        if action.state == PlatformAction.State.SENT and in_flight:
            return None, SendOutcome(action.state)  # another worker is making the call
        if action.state == PlatformAction.State.SENT and action.kind == REPLY:
            # Sent before, answer never recorded: posting again could post twice.
            _fail(action, "The reply was sent but no answer was recorded: check the platform.")
            return None, SendOutcome(action.state)
        connector, reason = _connector_for(action)
        if connector is None:
            _to_worklist(action, reason)
            return None, SendOutcome(action.state)
        action.state = PlatformAction.State.SENT
        action.attempts += 1
        action.sent_at = now
        action.next_attempt_at = None
        action.save(update_fields=["state", "attempts", "sent_at", "next_attempt_at"])
    action.connector_instance = connector  # type: ignore[attr-defined]
    return action, None


def _fail(action: PlatformAction, message: str, receipt: dict | None = None) -> None:
    action.state = PlatformAction.State.FAILED
    action.last_error = message[:1000]
    if receipt is not None:
        action.receipt = receipt
    action.completed_at = None
    action.save(update_fields=["state", "last_error", "receipt", "completed_at"])
    audit_record(
        actor=None,
        verb=AuditVerb.PLATFORM_ACTION_FAILED,
        target=action,
        site_id=action.site_id,
        data={"kind": action.kind, "attempts": action.attempts, "error": message[:500]},
    )


def _confirm(action: PlatformAction, *, via: str, receipt: dict | None, when=None) -> None:
    now = timezone.now()
    action.state = PlatformAction.State.CONFIRMED
    action.confirmed_via = via
    action.completed_at = when or now
    action.last_error = ""
    if receipt is not None:
        action.receipt = receipt
    action.save(update_fields=["state", "confirmed_via", "completed_at", "last_error", "receipt"])
    if action.comment_id and action.kind in RESULT_STATE and via == "response":
        Comment.objects.filter(pk=action.comment_id).update(
            platform_reported_state=RESULT_STATE[action.kind],
            platform_reported_at=now,
            platform_report_source="api",
        )
    audit_record(
        actor=None,
        verb=AuditVerb.PLATFORM_ACTION_CONFIRMED,
        target=action,
        site_id=action.site_id,
        data={"kind": action.kind, "via": via, "attempts": action.attempts},
    )


def platform_action_send(*, action_id: int) -> SendOutcome:
    """Send one action to its platform and record the answer (the task's whole body)."""
    action, outcome = _claim_for_sending(action_id)
    if outcome is not None:
        return outcome
    assert action is not None
    connector: Connector = action.connector_instance  # type: ignore[attr-defined]
    try:
        result = connector.perform(action)
        error = None
    except (RetryableError, RefusedError, AlreadyDoneError) as exc:
        result, error = None, exc
    with transaction.atomic():
        locked = PlatformAction.objects.select_for_update().select_related("site").get(pk=action.pk)
        if locked.state != PlatformAction.State.SENT:
            return SendOutcome(locked.state)  # a webhook confirmed it meanwhile
        if result is not None:
            locked.result_id = result.result_id[:200]
            locked.save(update_fields=["result_id"])
            _confirm(locked, via="response", receipt=result.receipt)
            return SendOutcome(locked.state)
        if isinstance(error, AlreadyDoneError):
            _confirm(locked, via="response", receipt=error.receipt)
            return SendOutcome(locked.state)
        if isinstance(error, TokenExpiredError):
            _fail(locked, str(error), error.receipt)
            _flag_reconnection(locked.site, str(error))
            return SendOutcome(locked.state)
        if isinstance(error, RefusedError):
            _fail(locked, str(error), error.receipt)
            return SendOutcome(locked.state)
        assert isinstance(error, RetryableError)
        if locked.attempts >= settings.CONNECTOR_MAX_ATTEMPTS:
            _fail(locked, f"{error} (after {locked.attempts} attempts)", error.receipt)
            return SendOutcome(locked.state)
        wait = error.retry_after or _backoff(locked.attempts)
        locked.state = PlatformAction.State.PENDING
        locked.last_error = str(error)[:1000]
        locked.receipt = error.receipt
        locked.next_attempt_at = timezone.now() + timedelta(seconds=wait)
        locked.save(update_fields=["state", "last_error", "receipt", "next_attempt_at"])
        audit_record(
            actor=None,
            verb=AuditVerb.PLATFORM_ACTION_RETRY_SCHEDULED,
            target=locked,
            site_id=locked.site_id,
            data={"kind": locked.kind, "attempts": locked.attempts, "wait_seconds": wait},
        )
        return SendOutcome(locked.state, retry_in=wait)


def platform_actions_resend_due(*, limit: int = 200) -> int:
    """Send again each pending action whose wait is over (beat, every 30 seconds). A message
    lost on the way to the worker is caught here too: a pending action older than a minute
    with no wait set is sent again."""
    now = timezone.now()
    due = (
        PlatformAction.objects.filter(state=PlatformAction.State.PENDING)
        .filter(
            models.Q(next_attempt_at__lte=now)
            | models.Q(next_attempt_at__isnull=True, created_at__lte=now - timedelta(minutes=1))
        )
        .order_by("next_attempt_at", "id")
        .values_list("pk", flat=True)[:limit]
    )
    sent = 0
    for action_id in list(due):
        platform_action_send(action_id=action_id)
        sent += 1
    return sent


# --- staff -------------------------------------------------------------------------------
@transaction.atomic
def platform_action_retry(*, action: PlatformAction, actor) -> PlatformAction:
    """Staff send a failed action again (the decision never changed)."""
    locked = PlatformAction.objects.select_for_update().select_related("site").get(pk=action.pk)
    if locked.state != PlatformAction.State.FAILED:
        raise ValidationError("Only a failed action can be retried.")
    locked.state = PlatformAction.State.PENDING
    locked.attempts = 0
    locked.next_attempt_at = None
    locked._history_user = actor
    locked.save(update_fields=["state", "attempts", "next_attempt_at"])
    audit_record(
        actor=actor,
        verb=AuditVerb.PLATFORM_ACTION_RETRIED,
        target=locked,
        site_id=locked.site_id,
        data={"kind": locked.kind, "previous_error": locked.last_error[:500]},
    )
    platform_action_dispatch(action=locked)
    return locked


@transaction.atomic
def platform_action_mark_done(*, action: PlatformAction, actor, note: str = "") -> PlatformAction:
    """Staff did it by hand on the platform (the worklist's "done")."""
    locked = PlatformAction.objects.select_for_update().get(pk=action.pk)
    if locked.state not in (PlatformAction.State.MANUAL, PlatformAction.State.FAILED):
        raise ValidationError("Only an action on the worklist can be marked done by hand.")
    now = timezone.now()
    locked.state = PlatformAction.State.DONE_BY_HAND
    locked.done_by = actor
    locked.done_note = note.strip()[:500]
    locked.completed_at = now
    locked.confirmed_via = "staff"
    locked._history_user = actor
    locked.save(update_fields=["state", "done_by", "done_note", "completed_at", "confirmed_via"])
    if locked.comment_id and locked.kind in RESULT_STATE:
        Comment.objects.filter(pk=locked.comment_id).update(
            platform_reported_state=RESULT_STATE[locked.kind],
            platform_reported_at=now,
            platform_report_source="staff",
        )
    audit_record(
        actor=actor,
        verb=AuditVerb.PLATFORM_ACTION_DONE_BY_HAND,
        target=locked,
        site_id=locked.site_id,
        data={"kind": locked.kind, "note": locked.done_note},
    )
    return locked


# --- reconciliation ----------------------------------------------------------------------
def platform_report_reconcile(
    *, comment: Comment, reported_state: str, reported_at, source: str
) -> list[dict]:
    """Match what a platform reports of a comment (webhook, API batch, import) to the portal's
    open action for that state and confirm it; a hide or removal the portal did not ask for
    is recorded as done on the platform. Runs inside the ingest transaction; returns the
    audit events for the caller to write with its own."""
    events: list[dict] = []
    kind = REPORTED_KIND.get(reported_state)
    if kind is None:
        return events  # "deleted" by its author: nothing the City asked for
    open_action = (
        PlatformAction.objects.select_for_update()
        .filter(comment=comment, kind=kind, state__in=PlatformAction.OPEN_STATES + ("manual",))
        .order_by("-created_at")
        .first()
    )
    if open_action is not None:
        open_action.state = PlatformAction.State.CONFIRMED
        open_action.confirmed_via = source
        open_action.completed_at = reported_at or timezone.now()
        open_action.save(update_fields=["state", "confirmed_via", "completed_at"])
        events.append(
            {
                "verb": AuditVerb.PLATFORM_ACTION_CONFIRMED,
                "target": open_action,
                "data": {"kind": kind, "via": source},
            }
        )
        return events
    latest = PlatformAction.objects.filter(comment=comment, kind=kind).order_by("-created_at")
    if latest.filter(state__in=PlatformAction.CARRIED_OUT).exists():
        return events  # the portal's own action, reported again
    if reported_state == PlatformState.VISIBLE and not comment.platform_actions.exists():
        return events  # a comment that was never hidden: nothing was changed on the platform
    done = PlatformAction.objects.create(
        kind=kind,
        site_id=comment.site_id,
        comment=comment,
        state=PlatformAction.State.DONE,
        confirmed_via=source,
        completed_at=reported_at or timezone.now(),
        # Meta's webhooks do not say who removed or hid a comment: the Page's admins or the
        # platform itself; never read as "deleted by its author".
        reported_by="on the platform (the report does not say by whom)",
    )
    events.append(
        {
            "verb": AuditVerb.PLATFORM_ACTION_DONE_ON_PLATFORM,
            "target": done,
            "data": {"kind": kind, "via": source, "reported_at": reported_at},
        }
    )
    return events
