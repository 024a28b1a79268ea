"""What moderation's (and staff accounts') audit events are about, in words, with a link.

Registered with audit.subjects from ModerationConfig.ready(). Each describer loads every id of
a page in one query (select_related for what the name needs): the log's query count does not
grow with its page size. Platform text (handles, names the public gave) goes through `bdi`,
so it is escaped and cannot turn the words around it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from audit.subjects import Subject, numeric_ids, subject_kind
from moderation.brownact.models import BodyMember, BrownActAlert, LegislativeBody
from moderation.connectors.models import SiteConnection
from moderation.models import (
    AccountNote,
    ApiToken,
    Attachment,
    Ban,
    BanScope,
    Comment,
    Decision,
    Designation,
    FlagRule,
    LearnedModel,
    PlatformAction,
    PolicyVersion,
    PublicAccount,
    Site,
    SubscriberSnapshot,
)
from moderation.responses.models import (
    CommentReply,
    PlatformReport,
    PostingRequest,
    ResponseNeed,
    SavedReply,
    StaffDirectoryEntry,
)
from moderation.templatetags.platform_text import bdi
from moderation.templatetags.record_time import format_when


def url_or_none(name: str, *args: Any) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:  # a page not built (yet): name the object without a link
        return None


def account_words(account: PublicAccount) -> SafeString:
    """`@handle` (or the platform's id when there is no handle), isolated."""
    return bdi(f"@{account.handle}" if account.handle else account.external_id)


def comment_words(comment: Comment, *, first: bool = False) -> SafeString:
    """ "comment #123 by @name on City of Stanton on Facebook" ("Comment …" to open a name)."""
    return format_html(
        "{} #{} by {} on {}",
        "Comment" if first else "comment",
        comment.pk,
        account_words(comment.account),
        comment.site.name,
    )


def register_model(
    model: type[models.Model],
    *,
    label: str,
    name: Callable[[Any], SafeString],
    url: Callable[[Any], str | None],
    links: Callable[[Any], tuple[tuple[str, str], ...]] = lambda obj: (),
    related: tuple[str, ...] = (),
) -> None:
    """One kind of target: its rows of a page loaded in a single query."""

    def describe(ids: list[str]) -> dict[str, Subject]:
        rows = model._default_manager.filter(pk__in=numeric_ids(ids)).select_related(*related)
        return {
            str(obj.pk): Subject(name=name(obj), url=url(obj), links=links(obj)) for obj in rows
        }

    subject_kind(model._meta.label_lower, label=label)(describe)


def _history_link(comment_id: int) -> tuple[tuple[str, str], ...]:
    history = url_or_none("moderation:comment_history", comment_id)
    return ((f"History of comment #{comment_id}", history),) if history else ()


def _ban_words(ban: Ban) -> SafeString:
    if ban.scope == BanScope.PLATFORM:
        where = format_html("every City site on {}", ban.account.get_platform_display())
    else:
        where = format_html("{}", ban.site.name if ban.site_id else "its site")
    return format_html("Ban of {} on {}", account_words(ban.account), where)


def register() -> None:
    user_model = get_user_model()
    register_model(
        user_model,
        label="Staff account",
        name=lambda u: format_html("Staff account of {}", u.full_name or u.email),
        url=lambda u: url_or_none("accounts:staff_detail", u.pk),
    )
    register_model(
        Site,
        label="Site",
        name=lambda s: format_html("Site {}", s.name),
        url=lambda s: url_or_none("moderation:site_detail", s.slug),
    )
    register_model(
        Designation,
        label="Designation",
        name=lambda d: format_html("Designation of {} for {}", d.user, d.site.name),
        url=lambda d: url_or_none("moderation:site_detail", d.site.slug),
        related=("user", "site"),
    )
    register_model(
        SiteConnection,
        label="Site's platform connection",
        name=lambda c: format_html("Platform connection of {}", c.site.name),
        url=lambda c: url_or_none("moderation:site_connection", c.site.slug),
        related=("site",),
    )
    register_model(
        SubscriberSnapshot,
        label="Subscriber list",
        name=lambda s: format_html(
            "Subscriber list of {} at {}", s.site.name, format_when(s.captured_at)
        ),
        url=lambda s: url_or_none("moderation:site_detail", s.site.slug),
        related=("site",),
    )
    register_model(
        PolicyVersion,
        label="Policy version",
        name=lambda v: format_html("Policy version “{}”", v.label),
        url=lambda v: url_or_none("moderation:policy_public_version", v.pk),
    )
    register_model(
        LegislativeBody,
        label="Legislative body",
        name=lambda b: format_html("Legislative body {}", b.name),
        url=lambda b: url_or_none("moderation:brown_act_bodies"),
    )
    register_model(
        BodyMember,
        label="Member of a legislative body",
        name=lambda m: format_html("{}, member of {}", m.name, m.body.name),
        url=lambda m: url_or_none("moderation:brown_act_bodies"),
        related=("body",),
    )
    register_model(
        BrownActAlert,
        label="Brown Act alert",
        name=lambda a: format_html("Brown Act alert #{} ({})", a.pk, a.body.name),
        url=lambda a: url_or_none("moderation:brown_act_alerts"),
        related=("body",),
    )
    register_model(
        PublicAccount,
        label="Public account",
        name=lambda a: format_html("Public account {}", account_words(a)),
        url=lambda a: url_or_none("moderation:account_detail", a.pk),
    )
    register_model(
        AccountNote,
        label="Note on a public account",
        name=lambda n: format_html("Note on {}", account_words(n.account)),
        url=lambda n: url_or_none("moderation:account_detail", n.account_id),
        related=("account",),
    )
    register_model(
        Comment,
        label="Comment",
        name=lambda c: comment_words(c, first=True),
        url=lambda c: url_or_none("moderation:comment_detail", c.pk),
        links=lambda c: _history_link(c.pk),
        related=("account", "site"),
    )
    register_model(
        Attachment,
        label="Attachment",
        name=lambda a: format_html("Attachment #{} of {}", a.pk, comment_words(a.comment)),
        url=lambda a: url_or_none("moderation:comment_detail", a.comment_id),
        related=("comment__account", "comment__site"),
    )
    register_model(
        Decision,
        label="Decision",
        name=lambda d: format_html(
            "Decision #{} ({}) on {}", d.pk, d.get_action_display(), comment_words(d.comment)
        ),
        url=lambda d: url_or_none("moderation:comment_history", d.comment_id),
        related=("comment__account", "comment__site"),
    )
    register_model(
        Ban,
        label="Ban",
        name=_ban_words,
        url=lambda b: url_or_none("moderation:ban_detail", b.pk),
        related=("account", "site"),
    )
    register_model(
        PlatformAction,
        label="Platform action",
        name=lambda a: (
            format_html(
                "Platform action #{} ({}) on {}",
                a.pk,
                a.get_kind_display(),
                comment_words(a.comment),
            )
            if a.comment_id
            else format_html("Platform action #{} ({})", a.pk, a.get_kind_display())
        ),
        url=lambda a: (
            url_or_none("moderation:comment_detail", a.comment_id)
            if a.comment_id
            else url_or_none("moderation:platform_worklist")
        ),
        related=("comment__account", "comment__site"),
    )
    register_model(
        FlagRule,
        label="Flag rule",
        name=lambda r: format_html("Flag rule “{}”", r.name),
        url=lambda r: url_or_none("moderation:rules_edit", r.pk),
    )
    register_model(
        LearnedModel,
        label="Learned classifier",
        name=lambda m: format_html("Classifier #{} for {}", m.pk, m.category.name),
        url=lambda m: url_or_none("moderation:rules_learned_history", m.category.code),
        related=("category",),
    )
    register_model(
        ApiToken,
        label="API token",
        name=lambda t: format_html("API token “{}” ({}…)", t.name, t.prefix),
        url=lambda t: url_or_none("moderation:api_token_list"),
    )
    register_model(
        ResponseNeed,
        label="Response owed",
        name=lambda n: format_html("Response owed to {}", comment_words(n.comment)),
        url=lambda n: url_or_none("moderation:reply", n.comment_id),
        related=("comment__account", "comment__site"),
    )
    register_model(
        CommentReply,
        label="Reply to a comment",
        name=lambda r: format_html("Reply #{} to {}", r.pk, comment_words(r.comment)),
        url=lambda r: url_or_none("moderation:reply", r.comment_id),
        related=("comment__account", "comment__site"),
    )
    register_model(
        SavedReply,
        label="Saved reply",
        name=lambda r: format_html("Saved reply “{}”", r.title),
        url=lambda r: url_or_none("moderation:saved_reply_edit", r.pk),
    )
    register_model(
        StaffDirectoryEntry,
        label="Staff directory entry",
        name=lambda e: format_html("Staff directory entry for {}", e.name),
        url=lambda e: url_or_none("moderation:staff_directory_edit", e.pk),
    )
    register_model(
        PlatformReport,
        label="Report to a platform",
        name=lambda r: format_html("Report of {} to the platform", account_words(r.account)),
        url=lambda r: url_or_none("moderation:account_detail", r.account_id),
        related=("account",),
    )
    register_model(
        PostingRequest,
        label="Request to post outside content",
        name=lambda r: format_html("Posting request #{} from {}", r.pk, bdi(r.requester_name)),
        url=lambda r: url_or_none("moderation:posting_request_detail", r.pk),
    )

    @subject_kind("audit.chain", label="The audit chain")
    def _chain(ids: list[str]) -> dict[str, Subject]:
        return {
            i: Subject(
                name=format_html("{}", "The audit chain"), url=url_or_none("moderation:audit_log")
            )
            for i in ids
        }
