"""Reading the audit log and a comment's full history.

Who reads the audit log: administrators read all of it; supervisors read the events of the
sites they are designated for (site-less events, e.g. staff changes, are administrators').
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model, Q, QuerySet
from django.utils.text import capfirst

from accounts.roles import ADMINISTRATOR, SUPERVISOR, has_role
from audit.events import EVENT_GROUPS, AuditVerb, verb_group, verb_label
from audit.models import AuditEvent
from audit.subjects import Subject, subjects_for
from moderation.models import (
    Ban,
    Comment,
    Decision,
    PolicyCategory,
    RationaleSource,
    Site,
)
from moderation.sites.selectors import designated_site_ids
from moderation.templatetags.record_time import format_when


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
# What the keys of an event's data mean, for the folded details. A key not listed is shown
# with its name in words ("policy_version_id" -> "Policy version id").
DATA_LABELS = {
    "categories": "Policy categories",
    "category": "Policy category",
    "sub_reason": "Sub-reason",
    "rationale": "Rationale",
    "rationale_source": "Where the rationale came from",
    "findings": "Findings",
    "note": "Note",
    "reason": "Reason",
    "previous_state": "State before",
    "new_state": "State after",
    "queue_state": "Queue state",
    "review_state": "Review state",
    "previous_review_state": "Review state before",
    "policy_version_id": "Policy version (number)",
    "decision_id": "Decision (number)",
    "comment_id": "Comment (number)",
    "platform_action_id": "Platform action (number)",
    "restoring_decision_id": "Restoring decision (number)",
    "flags": "Flags",
    "flags_resolved": "Flags resolved",
    "staff_flags": "Flags raised by staff",
    "sites": "Sites",
    "site": "Site",
    "decided_at": "Decided at",
    "decided_by": "Decided by",
    "duration_days": "Duration (days)",
    "evidence_comments": "Evidence comments",
    "changes": "Changes",
    "parameters": "Parameters",
    "installed_by": "Installed by",
    "source": "Source",
    "active": "Active",
    "kind": "Kind",
    "name": "Name",
    "checked": "Events checked",
    "intact": "Chain intact",
    "problem_seq": "First broken event",
    "problem": "Problem",
    "error": "Error",
    "scope": "Scope",
    "roles": "Roles",
    "email": "Email",
    "method": "Method",
    "device": "Device",
}


def data_label(key: str) -> str:
    return DATA_LABELS.get(key) or key.replace("_", " ").strip().capitalize() or key


@dataclass(frozen=True)
class DetailItem:
    label: str
    value: str
    structured: bool  # a nested value, shown as indented (escaped) JSON


def _detail_value(key: str, value: Any, category_names: dict[str, str]) -> DetailItem:
    label = data_label(key)
    if key in ("categories", "category"):
        codes = value if isinstance(value, list) else [value]
        return DetailItem(
            label, ", ".join(category_names.get(str(c), str(c)) for c in codes), False
        )
    if key == "rationale_source" and value in RationaleSource.values:
        return DetailItem(label, str(RationaleSource(value).label), False)
    if isinstance(value, bool):
        return DetailItem(label, "Yes" if value else "No", False)
    if value is None or value == "" or value == [] or value == {}:
        return DetailItem(label, "—", False)
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        return DetailItem(label, ", ".join(str(v) for v in value), False)
    if isinstance(value, dict | list):
        return DetailItem(label, json.dumps(value, indent=2, ensure_ascii=False), True)
    return DetailItem(label, str(value), False)


@dataclass
class AuditRow:
    event: AuditEvent
    label: str
    group: str
    site_name: str
    categories: list[str]
    subject: Subject
    details: list[DetailItem]


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
    """Decorate a page of events: its label and group, the site, the categories by name, the
    object it is about named in words with a link (audit.subjects: one query per kind of
    object on the page, whatever its size) and its data as labelled details."""
    site_names = dict(Site.objects.values_list("pk", "name"))
    category_names = dict(PolicyCategory.objects.values_list("code", "name"))
    subjects = subjects_for((e.target_type, e.target_id) for e in events)
    rows = []
    for event in events:
        data = event.data if isinstance(event.data, dict) else {"value": event.data}
        group = verb_group(event.verb)
        rows.append(
            AuditRow(
                event=event,
                label=verb_label(event.verb),
                group=EVENT_GROUPS.get(group, "") if group else "",
                site_name=_site_names_of(event, site_names),
                categories=[category_names.get(c, c) for c in _categories_of(data)],
                subject=subjects[(event.target_type, event.target_id)],
                details=[
                    _detail_value(key, value, category_names) for key, value in sorted(data.items())
                ],
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
@dataclass(frozen=True)
class FieldChange:
    field: str  # the column's name, kept for machines (a data attribute), never shown
    label: str  # the field's verbose_name, as a person reads it
    old: str
    new: str


@dataclass
class HistoryEntry:
    record: Any
    changes: list[FieldChange]


def _shown(field: Any, value: Any) -> str:
    """A stored value as the comment pages show it: a choice by its label, a moment in the
    record's one format (with the zone), nothing as a dash."""
    if value is None or value == "":
        return "—"
    if getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime | date):
        return format_when(value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def field_changes(model: type[Model], changes: list[Any]) -> list[FieldChange]:
    """simple-history's changes (column names, raw values) in words."""
    shown = []
    for change in changes:
        try:
            field = model._meta.get_field(change.field)
        except FieldDoesNotExist:
            field, label = None, change.field.replace("_", " ").capitalize()
        else:
            label = capfirst(str(getattr(field, "verbose_name", change.field)))
        shown.append(
            FieldChange(
                field=change.field,
                label=label,
                old=_shown(field, change.old),
                new=_shown(field, change.new),
            )
        )
    return shown


def comment_history_context(comment: Comment) -> dict[str, Any]:
    """Every saved version of the comment with field-by-field differences, its revisions,
    decisions, flags, bans citing it, and its audit events."""
    records = list(
        comment.history.select_related("history_user").order_by("history_date", "history_id")
    )
    entries = []
    previous = None
    for record in records:
        changes = (
            field_changes(Comment, record.diff_against(previous).changes)
            if previous is not None
            else []
        )
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
        "events": audit_rows(events),
    }
