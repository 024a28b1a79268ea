"""`{% queue_row row %}` and `{{ comment|platform_report }}`: markup made by
moderation/queue/row_html.py."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from moderation.queue.row_html import platform_report as platform_report_html
from moderation.queue.row_html import queue_row_html
from moderation.queue.selectors import QueueRow

register = template.Library()


@register.simple_tag(takes_context=True)
def queue_row(context, row: QueueRow) -> SafeString:
    """The row as the signed-in user sees it (escalated rows: supervisors decide them)."""
    return queue_row_html(row, is_supervisor=bool(context.get("is_supervisor")))


@register.filter
def platform_report(comment) -> str:
    """What the platform last reported of `comment`, while it differs from the City's state."""
    return platform_report_html(comment)
