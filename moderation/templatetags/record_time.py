"""One way to show a moment in the record: `{{ event.occurred_at|when }}` gives
"3 Dec 2026, 14:05 PST" (settings.RECORD_DATETIME_FORMAT), in the City's time zone."""

from __future__ import annotations

from datetime import date, datetime

from django import template
from django.conf import settings
from django.utils import dateformat, timezone

register = template.Library()


def format_when(value: datetime | date | None) -> str:
    """The record format for a datetime (shown in the City's zone); a date keeps its day only
    (it has no time or zone to show); None gives ""."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        if timezone.is_naive(value):
            value = timezone.make_aware(value, timezone.get_default_timezone())
        moment = timezone.localtime(value, timezone.get_default_timezone())
        return dateformat.format(moment, settings.RECORD_DATETIME_FORMAT)
    return dateformat.format(value, "j M Y")


@register.filter
def when(value: datetime | date | None) -> str:
    return format_when(value)
