"""Reading the audit log and a comment's full history.

Who reads the audit log: administrators read all of it; supervisors read the events of the
sites they are designated for (site-less events, e.g. staff changes, are administrators').
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import NoReverseMatch, reverse

from accounts.roles import ADMINISTRATOR, SUPERVISOR, has_role
from audit.events import AuditVerb
from audit.models import AuditEvent
from moderation.models import (
    Ban,
    Comment,
    Decision,
    Site,
)
from moderation.sites.selectors import designated_site_ids


# --- access ---
def may_read_audit(user) -> bool:
    return has_role(user, ADMINISTRATOR, SUPERVISOR)


def events_of_sites(site_ids) -> Q:
    """Events about any of these sites: an event about one site carries it in `site_id`; an
    event about several (a flag rule's) also lists them all in `data["sites"]` {id: name}."""
    ids = [int(pk) for pk in site_ids]
    if not ids:
        return Q(pk__in=[])
    return Q(site_id__in=ids) | Q(data__sites__has_any_keys=[str(pk) for pk in ids])


def audit_events_visible_to(user) -> QuerySet[AuditEvent]:
    if has_role(user, ADMINISTRATOR):
        return AuditEvent.objects.all()
    if has_role(user, SUPERVISOR):
        return AuditEvent.objects.filter(events_of_sites(designated_site_ids(user)))
    return AuditEvent.objects.none()


def audit_sites_for(user) -> QuerySet[Site]:
    if has_role(user, ADMINISTRATOR):
        return Site.objects.order_by("name")
    return Site.objects.filter(pk__in=designated_site_ids(user)).order_by("name")


# --- the log page ---
def _safe_reverse(name: str, pk: int) -> str | None:
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:  # the page is not built (yet): show no link rather than fail
        return None


@dataclass
class AuditRow:
    event: AuditEvent
    site_name: str
    categories: list[str]
    comment_id: int | None
    comment_url: str | None
    history_url: str | None
    ban_url: str | None


def _categories_of(data: dict[str, Any]) -> list[str]:
    found = data.get("categories")
    if isinstance(found, list):
        return [str(c) for c in found]
    single = data.get("category")
    return [str(single)] if single else []


def _site_names_of(event: AuditEvent, site_names: dict[int, str]) -> str:
    if event.site_id:
        return site_names.get(event.site_id, "")
    sites = (event.data or {}).get("sites")
    if isinstance(sites, dict):  # a flag rule's event about several sites
        return ", ".join(
            site_names.get(int(pk), name) for pk, name in sites.items() if pk.isdigit()
        )
    return ""


def audit_rows(events: list[AuditEvent]) -> list[AuditRow]:
    """Decorate a page of events with site names and links, in two queries whatever its size."""
    site_names = dict(Site.objects.values_list("pk", "name"))
    decision_ids = [
        int(e.target_id)
        for e in events
        if e.target_type == Decision._meta.label_lower and e.target_id.isdigit()
    ]
    decision_comment = (
        dict(Decision.objects.filter(pk__in=decision_ids).values_list("pk", "comment_id"))
        if decision_ids
        else {}
    )
    rows = []
    for event in events:
        comment_id: int | None = None
        ban_url = None
        if event.target_type == Comment._meta.label_lower and event.target_id.isdigit():
            comment_id = int(event.target_id)
        elif event.target_type == Decision._meta.label_lower and event.target_id.isdigit():
            comment_id = decision_comment.get(int(event.target_id))
        elif event.target_type == Ban._meta.label_lower and event.target_id.isdigit():
            ban_url = _safe_reverse("moderation:ban_detail", int(event.target_id))
        if comment_id is None and isinstance(event.data.get("comment_id"), int):
            comment_id = event.data["comment_id"]
        rows.append(
            AuditRow(
                event=event,
                site_name=_site_names_of(event, site_names),
                categories=_categories_of(event.data),
                comment_id=comment_id,
                comment_url=_safe_reverse("moderation:comment_detail", comment_id)
                if comment_id
                else None,
                history_url=_safe_reverse("moderation:comment_history", comment_id)
                if comment_id
                else None,
                ban_url=ban_url,
            )
        )
    return rows


@dataclass(frozen=True)
class ChainStatus:
    events: int
    last_check: AuditEvent | None


def audit_chain_status() -> ChainStatus:
    """Cheap at any size: the newest sequence number (the chain has no gaps, so it is the
    count) and the latest recorded verification. Verifying walks the whole chain, so it runs
    on request (a button, as a task) rather than on every page view."""
    newest = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    last = (
        AuditEvent.objects.filter(verb=AuditVerb.AUDIT_VERIFIED)
        .select_related("actor")
        .order_by("-seq")
        .first()
    )
    return ChainStatus(events=newest, last_check=last)


# --- a comment's history ---
@dataclass
class HistoryEntry:
    record: Any
    changes: list[Any]


def comment_history_context(comment: Comment) -> dict[str, Any]:
    """Every saved version of the comment with field-by-field differences, its revisions,
    decisions, flags, bans citing it, and its audit events."""
    records = list(
        comment.history.select_related("history_user").order_by("history_date", "history_id")
    )
    entries = []
    previous = None
    for record in records:
        changes = record.diff_against(previous).changes if previous is not None else []
        entries.append(HistoryEntry(record=record, changes=changes))
        previous = record
    decisions = list(
        comment.decisions.select_related("actor", "reviewed_by", "policy_version")
        .prefetch_related("categories")
        .order_by("decided_at", "id")
    )
    events = list(
        AuditEvent.objects.filter(
            Q(target_type=Comment._meta.label_lower, target_id=str(comment.pk))
            | Q(
                target_type=Decision._meta.label_lower, target_id__in=[str(d.pk) for d in decisions]
            )
        )
        .select_related("actor")
        .order_by("seq")
    )
    return {
        "entries": list(reversed(entries)),
        "revisions": list(comment.revisions.order_by("number")),
        "decisions": decisions,
        "flags": list(
            comment.flags.select_related("category", "rule").order_by("created_at", "id")
        ),
        "bans": list(
            Ban.objects.filter(evidence=comment).select_related("site").order_by("-proposed_at")
        ),
        "events": events,
    }
