"""Moderation's Celery tasks: thin and idempotent. Each takes ids,
loads rows and calls one service; enqueue them with `outbox.services.task_enqueue`."""

from __future__ import annotations

from celery import shared_task
from django.contrib.auth import get_user_model

from moderation.auditlog.services import audit_chain_verify
from moderation.bans.services import bans_expire
from moderation.brownact.services import brown_act_scan, brown_act_scan_reactions
from moderation.connectors.services import platform_action_send, platform_actions_resend_due
from stanton.celery import RETRY_POLICY


@shared_task(name="moderation.tasks.expire_bans", **RETRY_POLICY)
def expire_bans() -> int:
    """Run by beat every minute. A second run finds nothing left to expire."""
    return bans_expire()


@shared_task(name="moderation.tasks.verify_audit_chain", **RETRY_POLICY)
def verify_audit_chain(*, user_id: int | None = None) -> bool:
    """Walk the audit chain and record the result (requested from the audit page)."""
    actor = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    return bool(audit_chain_verify(actor=actor).data["intact"])


@shared_task(name="moderation.tasks.send_platform_action", **RETRY_POLICY)
def send_platform_action(*, action_id: int) -> str:
    """Carry one PlatformAction out on its platform. A call that fails for now (timeout, rate
    limit, 5xx) is left pending with the time of its next attempt (backoff, or the platform's
    Retry-After), which `resend_platform_actions` honours; a done action is left alone."""
    return platform_action_send(action_id=int(action_id)).state


@shared_task(name="moderation.tasks.resend_platform_actions", **RETRY_POLICY)
def resend_platform_actions() -> int:
    """Run by beat every 30 seconds: send each pending action whose wait is over."""
    return platform_actions_resend_due()


@shared_task(name="moderation.tasks.scan_brown_act", **RETRY_POLICY)
def scan_brown_act(*, comment_ids: list[int]) -> int:
    """One per ingested batch: alerts for members of a legislative body interacting; a second
    run raises nothing new (one alert per comment and kind)."""
    return brown_act_scan(comment_ids=[int(pk) for pk in comment_ids])


@shared_task(name="moderation.tasks.scan_brown_act_reactions", **RETRY_POLICY)
def scan_brown_act_reactions(*, reaction_ids: list[int]) -> int:
    """Reactions by members of a legislative body on another member's comment; a second run
    raises nothing new (one alert per reaction)."""
    return brown_act_scan_reactions(reaction_ids=[int(pk) for pk in reaction_ids])
