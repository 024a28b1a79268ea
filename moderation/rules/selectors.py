"""Reading flag rules: the public list, the supervisors' list, and the access helper."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from accounts.roles import SUPERVISOR, has_role
from moderation.models import FlagRule


def flag_rules_for_management() -> QuerySet[FlagRule]:
    return (
        FlagRule.objects.select_related("category")
        .prefetch_related("sites")
        .order_by("category__position", "name", "pk")
    )


def flag_rules_published() -> QuerySet[FlagRule]:
    """Every active rule, as the public page lists it (PETA v. Tabak: no hidden filters)."""
    return flag_rules_for_management().filter(active=True)


def get_flag_rule_for_supervisor(user, pk: int) -> FlagRule:
    """Flag rules are maintained by supervisors only."""
    if not has_role(user, SUPERVISOR):
        raise PermissionDenied("Only supervisors maintain flag rules.")
    try:
        return flag_rules_for_management().get(pk=pk)
    except FlagRule.DoesNotExist as exc:
        raise Http404("No such rule.") from exc
