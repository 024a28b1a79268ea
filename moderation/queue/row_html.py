"""One queue row's markup, built in Python.

A page of the queue has up to a hundred rows, and the template engine spent about half a
millisecond on each (some sixty variable lookups, filters and tags per row), which was most of
a deep page's time. This builds the same `<tr>` with `format_html`: every value, platform text
above all, is escaped by it, and the only markup is written here. Nothing is marked safe.

Templates use it through `{% queue_row row %}` (moderation/templatetags/queue_markup.py), so the
row is made one way wherever it appears: the page, and a row restored by an undo.
"""

from __future__ import annotations

from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import floatformat, timesince_filter
from django.template.defaultfilters import time as time_filter
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import Truncator

from moderation.models import QueueState
from moderation.queue.selectors import QueueRow

POST_EXCERPT = 160

# The three in-place decisions: (action, button class, label, key).
_KEEP = ("keep", "usa-button usa-button--outline usa-button--small", "Keep", "e")
_HIDE = ("hide", "usa-button usa-button--small", "Hide", "h")
_REMOVE = ("remove", "usa-button usa-button--secondary usa-button--small", "Remove", "r")


def _bdi(value: object) -> SafeString:
    """Platform text in its own direction isolate (see templatetags/platform_text.py)."""
    return format_html("<bdi>{}</bdi>", value)


def _button(row: QueueRow, action: tuple[str, str, str, str]) -> SafeString:
    value, css, label, key = action
    return format_html(
        '<button class="{}" type="submit" name="quick_action" value="{}" formaction="{}"'
        ' hx-post="{}" hx-target="#queue-row-{}" hx-swap="outerHTML"'
        ' hx-params="quick_action,return_query" data-row-shortcut="{}">{}'
        ' <kbd class="portal-kbd" aria-hidden="true">{}</kbd></button>',
        css,
        value,
        row.quick_url,
        row.quick_url,
        row.comment.pk,
        key,
        label,
        key,
    )


def platform_report(c) -> str:
    """What the platform last reported of comment `c` (Comment.platform_reported_state), shown
    beside the City's state while the two differ; empty otherwise."""
    if not c.platform_reported_state or c.platform_reported_state == c.platform_state:
        return ""
    when = ""
    if c.platform_reported_at:
        local = timezone.localtime(c.platform_reported_at)
        when = format_html(
            ', <time datetime="{}">{}</time>',
            date_filter(local, "c"),
            date_filter(local, "Y-m-d H:i"),
        )
    return format_html(
        ' <span class="portal-platform-report text-base-dark" data-platform-report>'
        "Platform reports: {} ({}{})</span>",
        c.platform_reported_state,
        c.platform_report_source or "unknown source",
        when,
    )


def _comment_cell(row: QueueRow) -> SafeString:
    c = row.comment
    tags = []
    if c.queue_state == QueueState.ESCALATED:
        tags.append(format_html('<span class="usa-tag">{}</span>', "Escalated"))
    if c.platform_state != "visible":
        state = c.get_platform_state_display()
        tags.append(format_html('<span class="usa-tag bg-base">{}</span>', state))
    post = ""
    if c.post_id:
        post = format_html(
            '<p class="portal-comment-text text-base-dark margin-y-05 font-body-2xs">'
            "On the City's post: {}</p>",
            _bdi(Truncator(c.post.body).chars(POST_EXCERPT)),
        )
    return format_html(
        '<td data-label="Comment" class="portal-queue__comment">'
        '<a href="{}" data-queue-open>Comment {}</a> {}{}'
        '<p class="portal-comment-text margin-y-05">{}{}</p>{}</td>',
        row.detail_url,
        c.pk,
        format_html_join(" ", "{}", ((tag,) for tag in tags)),
        platform_report(c),
        row.segments_html,
        "…" if row.truncated else "",
        post,
    )


def _flag_line(flag) -> SafeString:
    if flag.rule_id:
        source = format_html("Rule: {}", flag.rule.name)
    elif flag.detector:
        source = format_html("{}: {}", flag.get_source_display(), flag.detector)
    else:
        source = format_html("{}", flag.get_source_display())
    return format_html(
        '<li><strong>{}</strong>{}<br><span class="text-base-dark">{} · score {}</span></li>',
        flag.category.name,
        format_html(" ({})", flag.sub_reason) if flag.sub_reason else "",
        source,
        floatformat(flag.score, 2),
    )


def _decide_cell(row: QueueRow, *, is_supervisor: bool) -> SafeString:
    c = row.comment
    if c.queue_state == QueueState.ESCALATED and not is_supervisor:
        inner = format_html('<span class="text-base-dark">{}</span>', "A supervisor decides it.")
    elif row.quick_category:
        buttons = [_button(row, _KEEP)]
        if c.platform_state == "visible":
            buttons.append(_button(row, _HIDE))
        if c.platform_state not in ("removed", "deleted"):
            buttons.append(_button(row, _REMOVE))
        inner = format_html(
            '<div class="portal-row-actions">{}</div>'
            '<p class="usa-hint font-body-2xs margin-y-05">Hide or remove cites'
            " <strong>{}</strong> with the rationale “<span"
            ' class="portal-comment-text">{}</span>” (template, recorded as unedited).</p>',
            format_html_join(" ", "{}", ((b,) for b in buttons)),
            row.quick_category.name,
            _bdi(row.quick_rationale),
        )
    else:
        inner = format_html(
            '<div class="portal-row-actions">{}</div>'
            '<p class="usa-hint font-body-2xs margin-y-05">No template can be completed here:'
            " open the comment to hide or remove it with your own rationale.</p>",
            _button(row, _KEEP),
        )
    return format_html('<td data-label="Decide" class="portal-queue__actions">{}</td>', inner)


def queue_row_html(row: QueueRow, *, is_supervisor: bool) -> SafeString:
    """The queue's `<tr>` for `row`, as the signed-in user sees it."""
    c = row.comment
    flagged = timezone.localtime(c.flagged_at) if c.flagged_at else None
    if row.claim_holder:
        claim = format_html(
            "Claimed by {} until {}",
            row.claim_holder,
            time_filter(timezone.localtime(row.claim_until), "H:i"),
        )
    else:
        claim = format_html('<span class="text-base-dark">{}</span>', "Claimed by nobody")
    return format_html(
        '<tr id="queue-row-{pk}" data-queue-row data-href="{detail}" tabindex="-1">'
        '<td data-label="Select"><div class="usa-checkbox">'
        '<input class="usa-checkbox__input" type="checkbox" name="comments" value="{pk}"'
        ' id="select-{pk}"><label class="usa-checkbox__label" for="select-{pk}">'
        '<span class="usa-sr-only">Select comment {pk}</span></label></div></td>'
        "{comment}"
        '<td data-label="Why it was flagged"><ul class="usa-list usa-list--unstyled">'
        "{flags}</ul></td>"
        '<td data-label="Where">{site}<br><a class="portal-comment-text" href="{account_url}">'
        "{handle}</a>{banned}</td>"
        '<td data-label="Flagged"><time datetime="{flagged_iso}">{flagged_ago} ago</time><br>'
        "{claim}</td>"
        "{decide}</tr>",
        pk=c.pk,
        detail=row.detail_url,
        comment=_comment_cell(row),
        flags=format_html_join("", "{}", ((_flag_line(flag),) for flag in row.flags)),
        site=c.site.name,
        account_url=row.account_url,
        handle=_bdi(c.account.handle or c.account.external_id),
        banned=format_html(' <span class="usa-tag bg-secondary-dark">{}</span>', "Banned")
        if row.banned
        else "",
        flagged_iso=date_filter(flagged, "c") if flagged else "",
        flagged_ago=timesince_filter(c.flagged_at) if c.flagged_at else "",
        claim=claim,
        decide=_decide_cell(row, is_supervisor=is_supervisor),
    )
