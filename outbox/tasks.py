from celery import shared_task

from outbox.services import outbox_resend_pending


@shared_task(name="outbox.tasks.resend_pending")
def resend_pending() -> int:
    return outbox_resend_pending()


@shared_task(name="outbox.tasks.ping")
def ping(*, token: str) -> str:
    """A harmless task for health checks and the worker round-trip test."""
    from django.core.cache import cache

    cache.set(f"outbox-ping:{token}", "pong", timeout=300)
    return token
