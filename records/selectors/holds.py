"""What active legal holds cover, and what has passed the retention period."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from moderation.models import Comment, Decision, Post, SubscriberSnapshot
from records.models import LegalHold


def _aware(day, *, end=False):
    tz = timezone.get_current_timezone()
    return datetime.combine(day + timedelta(days=1) if end else day, time.min, tzinfo=tz)


def _hold_q(hold: LegalHold, *, kind: str) -> Q | None:
    """The rows of `kind` a hold covers; None when the hold cannot cover that kind."""
    prefix = "comment__" if kind == "decisions" else ""
    time_field = {
        "comments": "posted_at",
        "posts": "posted_at",
        "decisions": "decided_at",
        "snapshots": "captured_at",
    }[kind]
    q = Q()
    if hold.site_id:
        q &= Q(**{f"{prefix}site_id": hold.site_id})
    if hold.account_id:
        if kind in ("posts", "snapshots"):
            return None
        q &= Q(**{f"{prefix}account_id": hold.account_id})
    if hold.starts_on:
        q &= Q(**{f"{time_field}__gte": _aware(hold.starts_on)})
    if hold.ends_on:
        q &= Q(**{f"{time_field}__lt": _aware(hold.ends_on, end=True)})
    if hold.keyword:
        if kind == "snapshots":
            return None
        if kind == "decisions":
            q &= Q(rationale__icontains=hold.keyword) | Q(comment__body__icontains=hold.keyword)
        else:
            q &= Q(body__icontains=hold.keyword)
    return q


def held_q(kind: str) -> Q | None:
    """Rows of `kind` covered by ANY active hold (None: nothing held)."""
    combined = None
    for hold in LegalHold.objects.filter(released_at__isnull=True):
        q = _hold_q(hold, kind=kind)
        if q is None:
            continue
        combined = q if combined is None else combined | q
    return combined


RETENTION_SOURCES = {
    "comments": (Comment, "posted_at", "captured_at"),
    "posts": (Post, "posted_at", "captured_at"),
    "decisions": (Decision, "decided_at", None),
    "snapshots": (SubscriberSnapshot, "captured_at", None),
}


def past_retention(kind: str, *, years: int = 2, now=None):
    """Rows older than the retention period (Gov. Code 34090: two years) and not held."""
    model, field, fallback = RETENTION_SOURCES[kind]
    now = now or timezone.now()
    try:
        cutoff = now.replace(year=now.year - years)
    except ValueError:  # 29 February
        cutoff = now.replace(year=now.year - years, day=28)
    old = Q(**{f"{field}__lt": cutoff})
    if fallback:
        old |= Q(**{f"{field}__isnull": True, f"{fallback}__lt": cutoff})
    qs = model.objects.filter(old)
    held = held_q(kind)
    if held is not None:
        qs = qs.exclude(held)
    return qs.order_by("pk"), cutoff
