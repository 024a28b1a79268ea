"""Supervisors maintain the automatic flagger's rules. Every change is validated, checked
against the actor's designations (see selectors/flag_rules.py: City-wide rules need an
administrator or a supervisor designated for every active site; a site rule needs a
designation for each of its sites), kept in the rule's history (simple-history names the
supervisor) and written to the audit log with the sites it concerns."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit.events import AuditVerb
from audit.services import audit_record
from moderation.flagging.rules import rule_parameters_validate
from moderation.models import FlagRule, PolicyCategory, Site
from moderation.rules.selectors import flag_rule_access_check
from stanton.errors import ActionRefused, refuse_unless_valid

RULE_FIELDS = (
    "category",
    "sub_reason",
    "name",
    "kind",
    "parameters",
    "public_description",
    "active",
)


def _check(
    *,
    category: PolicyCategory,
    sub_reason: str,
    kind: str,
    parameters: Any,
    rule_id: int | None = None,
) -> dict:
    if kind not in FlagRule.Kind.values:
        raise ActionRefused({"kind": f"Unknown rule kind “{kind}”."})
    others = FlagRule.objects.filter(category=category, kind=kind)
    if rule_id is not None:
        others = others.exclude(pk=rule_id)
    if kind == FlagRule.Kind.LEARNED and others.exists():
        # One model per category, trained with one rule's settings (flagging/learned.py).
        raise ActionRefused(
            {"kind": f"{category.name} already has its rule learned from the City's decisions."}
        )
    if sub_reason and sub_reason not in (category.sub_reasons or []):
        raise ActionRefused(
            {"sub_reason": f"“{sub_reason}” is not a sub-reason of {category.name}."}
        )
    try:
        return rule_parameters_validate(kind, parameters)
    except ValidationError as exc:
        raise ActionRefused({"parameters": exc.messages}) from exc


def _audit_sites(site_ids: Iterable[int]) -> dict:
    """How a rule event carries its sites: `site_id` when it concerns one site (as every
    site event does), and `data["sites"]` {id: name} always, which the audit log's site filter
    and supervisors' view read for events about several sites (see selectors/audit.py)."""
    ids = sorted(set(site_ids))
    names = dict(Site.objects.filter(pk__in=ids).values_list("pk", "name"))
    return {
        "site_id": ids[0] if len(ids) == 1 else None,
        "sites": {str(pk): names.get(pk, "") for pk in ids},
    }


def _audit_data(rule: FlagRule, site_ids: list[int]) -> dict:
    return {
        "category": rule.category.code,
        "sub_reason": rule.sub_reason,
        "name": rule.name,
        "kind": rule.kind,
        "parameters": rule.parameters,
        "active": rule.active,
        "city_wide": not site_ids,
    }


@transaction.atomic
def flag_rule_create(
    *,
    actor,
    category: PolicyCategory,
    name: str,
    kind: str,
    parameters: dict,
    public_description: str = "",
    sub_reason: str = "",
    sites: Iterable[Site] = (),
    active: bool = True,
) -> FlagRule:
    site_ids = sorted(site.pk for site in sites)
    flag_rule_access_check(actor, site_ids)
    parameters = _check(category=category, sub_reason=sub_reason, kind=kind, parameters=parameters)
    rule = FlagRule(
        category=category,
        sub_reason=sub_reason,
        name=name.strip(),
        kind=kind,
        parameters=parameters,
        public_description=public_description.strip(),
        active=active,
        created_by=actor,
    )
    refuse_unless_valid(rule)
    rule._history_user = actor
    rule.save()
    rule.sites.set(site_ids)
    where = _audit_sites(site_ids)
    audit_record(
        actor=actor,
        verb=AuditVerb.FLAG_RULE_CREATED,
        target=rule,
        site_id=where["site_id"],
        data={**_audit_data(rule, site_ids), "sites": where["sites"]},
    )
    return rule


@transaction.atomic
def flag_rule_update(
    *, actor, rule: FlagRule, sites: Iterable[Site] | None = None, **fields: Any
) -> FlagRule:
    rule = FlagRule.objects.select_for_update().select_related("category").get(pk=rule.pk)
    before_sites = sorted(rule.sites.values_list("pk", flat=True))
    after_sites = sorted(site.pk for site in sites) if sites is not None else before_sites
    # Moving a rule between sites concerns both: the actor must be allowed on each side.
    flag_rule_access_check(actor, before_sites)
    flag_rule_access_check(actor, after_sites)
    changes: dict[str, list] = {}
    for name, value in fields.items():
        if name not in RULE_FIELDS:
            raise TypeError(f"flag_rule_update() got an unexpected field {name!r}")
        if isinstance(value, str):
            value = value.strip()
        current = getattr(rule, name)
        if current != value:
            changes[name] = [getattr(current, "code", current), getattr(value, "code", value)]
            setattr(rule, name, value)
    rule.parameters = _check(
        category=rule.category,
        sub_reason=rule.sub_reason,
        kind=rule.kind,
        parameters=rule.parameters,
        rule_id=rule.pk,
    )
    if after_sites != before_sites:
        changes["sites"] = [before_sites, after_sites]
    if not changes:
        return rule
    rule.updated_at = timezone.now()
    refuse_unless_valid(rule)
    rule._history_user = actor
    rule.save()
    if "sites" in changes:
        rule.sites.set(after_sites)
    where = _audit_sites([*before_sites, *after_sites])
    audit_record(
        actor=actor,
        verb=AuditVerb.FLAG_RULE_UPDATED,
        target=rule,
        site_id=where["site_id"],
        data={
            "changes": changes,
            "name": rule.name,
            "city_wide": not after_sites,
            "sites": where["sites"],
        },
    )
    return rule


@transaction.atomic
def flag_rule_set_active(*, actor, rule: FlagRule, active: bool) -> FlagRule:
    rule = FlagRule.objects.select_for_update().get(pk=rule.pk)
    site_ids = sorted(rule.sites.values_list("pk", flat=True))
    flag_rule_access_check(actor, site_ids)
    if rule.active == active:
        return rule
    rule.active = active
    rule.updated_at = timezone.now()
    rule._history_user = actor
    rule.save(update_fields=["active", "updated_at"])
    where = _audit_sites(site_ids)
    audit_record(
        actor=actor,
        verb=AuditVerb.FLAG_RULE_ACTIVATED if active else AuditVerb.FLAG_RULE_DEACTIVATED,
        target=rule,
        site_id=where["site_id"],
        data={"name": rule.name, "city_wide": not site_ids, "sites": where["sites"]},
    )
    return rule
