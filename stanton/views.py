from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from accounts.roles import ADMINISTRATOR, RECORDS_CLERK, has_role
from moderation.brownact.models import BrownActAlert
from moderation.connectors.selectors import sites_needing_reconnection, worklist_for_user
from moderation.review.selectors import unread_notification_count, unread_notifications
from moderation.sites.compliance import sites_failing_compliance
from moderation.sites.selectors import sites_for_user

log = logging.getLogger(__name__)


def home(request):
    admin = has_role(request.user, ADMINISTRATOR)
    return render(
        request,
        "home.html",
        {
            "designated_sites": sites_for_user(request.user),
            "reconnect_sites": list(sites_needing_reconnection()) if admin else [],
            "failing_sites": sites_failing_compliance() if admin else [],
            "brown_act_open": BrownActAlert.objects.filter(state="open").count()
            if has_role(request.user, ADMINISTRATOR, RECORDS_CLERK)
            else 0,
            "worklist_count": worklist_for_user(request.user).count(),
            # How supervisors judged the user's decisions (unread first, until marked read).
            "review_notifications": unread_notifications(request.user),
            "review_unread_count": unread_notification_count(request.user),
            "home_url": reverse("home"),
        },
    )


def _check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _check_redis() -> str:
    if not settings.REDIS_URL:
        return "not configured (tasks run in-process)"
    import redis

    client = redis.Redis.from_url(
        settings.REDIS_URL,
        socket_connect_timeout=settings.REDIS_SOCKET_TIMEOUT,
        socket_timeout=settings.REDIS_SOCKET_TIMEOUT,
    )
    try:
        client.ping()
    finally:
        client.close()
    return "ok"


@login_not_required
@never_cache
@require_safe
def healthz(request):
    """Liveness and readiness for the load balancer: the database and Redis answer."""
    checks: dict[str, str] = {}
    healthy = True
    for name, check in (("database", _check_database), ("redis", _check_redis)):
        try:
            checks[name] = check()
        except Exception as exc:  # noqa: BLE001 - any failure is "unhealthy", reported by name
            log.warning("healthz: %s failed: %s", name, exc)
            checks[name] = "unavailable"
            healthy = False
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
    )
