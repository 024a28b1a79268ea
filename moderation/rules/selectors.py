"""Reading flag rules: the public list, the list a supervisor may change, and the access
helpers.

Who changes which rule (the policy's staff "as designated by the City Manager", per site):
- a City-wide rule (no sites) applies on every site, so it needs an administrator, or a
  supervisor designated for every active site;
- a site rule needs a supervisor designated (designation in force) for each of its sites, or
  an administrator.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from accounts.roles import ADMINISTRATOR, SUPERVISOR, has_role
from moderation.models import FlagRule, Site
from moderation.sites.selectors import designated_site_ids


def _all_rules() -> QuerySet[FlagRule]:
    return (
        FlagRule.objects.select_related("category")
        .prefetch_related("sites")
        .order_by("category__position", "name", "pk")
    )


def may_maintain_flag_rules(user) -> bool:
    """Whether the user may open the rules management pages at all."""
    return has_role(user, ADMINISTRATOR, SUPERVISOR)


def flag_rule_sites_for(user) -> QuerySet[Site]:
    """The sites a user may give a rule: every site for an administrator, else the sites the
    supervisor is designated for now."""
    if has_role(user, ADMINISTRATOR):
        return Site.objects.order_by("name")
    if not has_role(user, SUPERVISOR):
        return Site.objects.none()
    return Site.objects.filter(pk__in=designated_site_ids(user)).order_by("name")


def may_change_city_wide_rules(user) -> bool:
    if has_role(user, ADMINISTRATOR):
        return True
    if not has_role(user, SUPERVISOR):
        return False
    cached = getattr(user, "_stanton_city_wide_rules", None)
    if cached is None:
        active = set(Site.objects.filter(active=True).values_list("pk", flat=True))
        cached = bool(active) and active <= designated_site_ids(user)
        user._stanton_city_wide_rules = cached
    return cached


def may_change_rule_for_sites(user, site_ids: Iterable[int]) -> bool:
    """Whether the user may make, change or switch a rule applying to `site_ids` (none:
    City-wide)."""
    ids = set(site_ids)
    if not ids:
        return may_change_city_wide_rules(user)
    if has_role(user, ADMINISTRATOR):
        return True
    return has_role(user, SUPERVISOR) and ids <= designated_site_ids(user)


def flag_rule_access_check(user, site_ids: Iterable[int]) -> None:
    """Raise PermissionDenied, saying why, unless the user may change a rule for these sites."""
    ids = set(site_ids)
    if may_change_rule_for_sites(user, ids):
        return
    if not may_maintain_flag_rules(user):
        raise PermissionDenied("Only supervisors and administrators maintain flag rules.")
    if not ids:
        raise PermissionDenied(
            "A City-wide rule applies on every site: it needs an administrator, or a "
            "supervisor designated for every active site."
        )
    raise PermissionDenied("You are not designated for every site of this rule.")


def flag_rules_for_management(user) -> QuerySet[FlagRule]:
    """The rules this user may change (and so sees on the management pages)."""
    if has_role(user, ADMINISTRATOR):
        return _all_rules()
    if not has_role(user, SUPERVISOR):
        return FlagRule.objects.none()
    through = FlagRule.sites.through.objects.filter(flagrule_id=OuterRef("pk"))
    rules = _all_rules().exclude(Exists(through.exclude(site_id__in=designated_site_ids(user))))
    if not may_change_city_wide_rules(user):
        rules = rules.filter(Exists(through))
    return rules


def flag_rules_published() -> QuerySet[FlagRule]:
    """Every active rule, as the public page lists it (PETA v. Tabak: no hidden filters)."""
    return _all_rules().filter(active=True)


def get_flag_rule_for_supervisor(user, pk: int) -> FlagRule:
    """A rule the user may change: 403 for one outside their sites, 404 for no such rule."""
    if not may_maintain_flag_rules(user):
        raise PermissionDenied("Only supervisors and administrators maintain flag rules.")
    try:
        rule = _all_rules().get(pk=pk)
    except FlagRule.DoesNotExist as exc:
        raise Http404("No such rule.") from exc
    flag_rule_access_check(user, [site.pk for site in rule.sites.all()])
    return rule
