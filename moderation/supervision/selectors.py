"""The supervisors' dashboard: every figure aggregated in the database, one query per table.

The figures cover the sites the supervisor is designated for and the days of the period chosen
(in the City's time zone). Each function returns a `Table` (moderation/supervision/tables.py),
which the page shows as a chart and as a table and exports as CSV.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import TruncDate
from django.utils import timezone

from accounts.roles import SUPERVISOR, has_role
from moderation.models import (
    Ban,
    BanState,
    Comment,
    Decision,
    DecisionAction,
    DecisionCategory,
    Flag,
    FlagSource,
    QueueState,
    ReviewState,
)
from moderation.sites.selectors import designated_site_ids
from moderation.supervision.charts import Series, bar_chart, line_chart
from moderation.supervision.forms import Period
from moderation.supervision.tables import Table

TAKEN_DOWN = (DecisionAction.HIDE, DecisionAction.REMOVE)
REVIEWED = (ReviewState.UPHELD, ReviewState.OVERTURNED)
ACTIONS = [(a.value, a.label.split(" (")[0]) for a in DecisionAction]
# Open queue ages, in days: [0, 1), [1, 3), [3, 7), 7 and more.
AGE_BUCKETS = (
    (0, 1, "Under 1 day"),
    (1, 3, "1 to 3 days"),
    (3, 7, "3 to 7 days"),
    (7, None, "7 days or more"),
)
BAN_STATES = [(s.value, s.label.split(",")[0]) for s in BanState]


class Median(Aggregate):
    """PostgreSQL's percentile_cont(0.5): the median, interpolated, of a numeric or interval
    expression (NULLs ignored). Other databases use `median_by` below instead."""

    function = "PERCENTILE_CONT"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"


def _postgresql() -> bool:
    return connection.vendor == "postgresql"


def _day(field: str = "decided_at") -> TruncDate:
    return TruncDate(field, tzinfo=timezone.get_current_timezone())


def decisions_in(site_ids: Iterable[int], period: Period) -> QuerySet[Decision]:
    return Decision.objects.filter(
        comment__site_id__in=list(site_ids),
        decided_at__gte=period.since,
        decided_at__lt=period.until,
    )


def staff_name(full_name: str, email: str) -> str:
    return full_name or email


def _minutes(value: timedelta | float | None) -> float | None:
    if value is None:
        return None
    seconds = value.total_seconds() if isinstance(value, timedelta) else float(value)
    return round(seconds / 60, 1)


def _rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _day_label(day: date) -> str:
    return day.isoformat()


# --- decisions per day ---------------------------------------------------------------------------
def decisions_per_day_by_action(site_ids, period: Period) -> Table:
    counts: dict[tuple[date, str], int] = {
        (row["day"], row["action"]): row["n"]
        for row in decisions_in(site_ids, period)
        .annotate(day=_day())
        .values("day", "action")
        .annotate(n=Count("id"))
        .order_by()
    }
    present = {action for _day_, action in counts}
    actions = [(code, label) for code, label in ACTIONS if code in present] or ACTIONS[:3]
    rows = [
        [_day_label(day), *[counts.get((day, code), 0) for code, _ in actions]]
        for day in period.days
    ]
    for row in rows:
        row.append(sum(row[1:]))
    table = Table(
        key="decisions-by-action",
        title="Decisions per day, by action",
        columns=["Day", *[label for _, label in actions], "All decisions"],
        rows=rows,
    )
    table.chart = line_chart(
        title=table.title,
        desc=f"One line per action, {period.start:%b %-d, %Y} to {period.end:%b %-d, %Y}. "
        "The same figures are in the table below.",
        labels=[r[0] for r in rows],
        series=[Series(label, [r[1 + i] for r in rows]) for i, (_, label) in enumerate(actions)],
    )
    return table


def decisions_per_day_by_category(site_ids, period: Period) -> Table:
    """A decision citing two categories counts once under each."""
    found = list(
        DecisionCategory.objects.filter(decision__in=decisions_in(site_ids, period).values("pk"))
        .annotate(day=_day("decision__decided_at"))
        .values("day", "category__code", "category__name", "category__position")
        .annotate(n=Count("id"))
        .order_by()
    )
    categories = sorted(
        {(r["category__position"], r["category__code"], r["category__name"]) for r in found}
    )
    counts = {(r["day"], r["category__code"]): r["n"] for r in found}
    rows = [
        [_day_label(day), *[counts.get((day, code), 0) for _p, code, _n in categories]]
        for day in period.days
    ]
    table = Table(
        key="decisions-by-category",
        title="Decisions citing each policy category, per day",
        columns=["Day", *[name for _p, _c, name in categories]],
        rows=rows,
        note="Keeps cite no category. A decision citing two categories counts under each.",
    )
    table.chart = line_chart(
        title=table.title,
        desc="One line per category cited. The same figures are in the table below.",
        labels=[r[0] for r in rows],
        series=[Series(c[2], [r[1 + i] for r in rows]) for i, c in enumerate(categories)],
    )
    return table


# --- per moderator ---------------------------------------------------------------------------
def _first_flag_before_decision() -> Subquery:
    """When the earliest flag this decision answered was raised (flags raised by the decision
    itself, for a category no flag named, are not a wait and are left out)."""
    return Subquery(
        Flag.objects.filter(
            resolved_by_decision=OuterRef("pk"), created_at__lte=OuterRef("decided_at")
        )
        .order_by()
        .values("resolved_by_decision")
        .annotate(first=Min("created_at"))
        .values("first")[:1]
    )


def _wait() -> ExpressionWrapper:
    return ExpressionWrapper(F("decided_at") - F("flagged"), output_field=DurationField())


def median_by(queryset: QuerySet, key: str) -> dict[Any, timedelta | None]:
    """Median of flag-to-decision waits per `key`, as a fallback where the database has no
    percentile_cont (the SQLite demo): one query, the median taken here."""
    waits: dict[Any, list[timedelta]] = defaultdict(list)
    for group, decided_at, flagged in queryset.values_list(key, "decided_at", "flagged"):
        if flagged is not None:
            waits[group].append(decided_at - flagged)
    return {group: statistics.median(values) for group, values in waits.items()}


def per_moderator(site_ids, period: Period) -> Table:
    decisions = (
        decisions_in(site_ids, period)
        .exclude(action=DecisionAction.UNDO)
        .annotate(flagged=_first_flag_before_decision())
    )
    aggregates: dict[str, Any] = {
        "total": Count("id"),
        "taken_down": Count("id", filter=Q(action__in=TAKEN_DOWN)),
        "kept": Count("id", filter=Q(action=DecisionAction.KEEP)),
        "reviewed": Count("id", filter=Q(review_state__in=REVIEWED)),
        "overturned": Count("id", filter=Q(review_state=ReviewState.OVERTURNED)),
    }
    if _postgresql():
        aggregates["median_wait"] = Median(_wait(), output_field=DurationField())
    found = list(
        decisions.values("actor_id", "actor__full_name", "actor__email")
        .annotate(**aggregates)
        .order_by("actor__full_name", "actor__email")
    )
    medians = (
        {r["actor_id"]: r["median_wait"] for r in found}
        if _postgresql()
        else median_by(decisions, "actor_id")
    )
    rows = [
        [
            staff_name(r["actor__full_name"], r["actor__email"]),
            r["total"],
            r["kept"],
            r["taken_down"],
            r["reviewed"],
            r["overturned"],
            _rate(r["overturned"], r["reviewed"]),
            _minutes(medians.get(r["actor_id"])),
        ]
        for r in found
    ]
    table = Table(
        key="moderators",
        title="Per moderator",
        columns=[
            "Moderator",
            "Decisions",
            "Kept",
            "Hidden or removed",
            "Reviewed",
            "Overturned",
            "Overturn rate (% of reviewed)",
            "Median minutes from flag to decision",
        ],
        rows=rows,
        note="Decisions are every decision recorded except undos. The wait runs from the "
        "earliest flag a decision answered to the decision; decisions that answered no flag "
        "have none.",
    )
    table.chart = bar_chart(
        title="Decisions and overturns per moderator",
        desc="For each moderator, two bars: decisions made and decisions overturned on review.",
        labels=[r[0] for r in rows],
        series=[
            Series("Decisions", [r[1] for r in rows]),
            Series("Overturned", [r[5] for r in rows]),
        ],
    )
    return table


# --- per site ----------------------------------------------------------------------------------
def per_site(site_ids, period: Period) -> Table:
    found = list(
        decisions_in(site_ids, period)
        .values("comment__site_id", "comment__site__name")
        .annotate(
            total=Count("id"),
            **{code: Count("id", filter=Q(action=code)) for code, _ in ACTIONS},
            overturned=Count("id", filter=Q(review_state=ReviewState.OVERTURNED)),
        )
        .order_by("comment__site__name")
    )
    rows = [
        [
            r["comment__site__name"],
            r["total"],
            *[r[code] for code, _ in ACTIONS],
            r["overturned"],
        ]
        for r in found
    ]
    table = Table(
        key="sites",
        title="Per site",
        columns=["Site", "Decisions", *[label for _, label in ACTIONS], "Overturned on review"],
        rows=rows,
    )
    shown = [
        (i, label) for i, (code, label) in enumerate(ACTIONS) if code in ("keep", "hide", "remove")
    ]
    table.chart = bar_chart(
        title="Keeps, hides and removals per site",
        desc="For each site, one bar per action. The same figures are in the table below.",
        labels=[r[0] for r in rows],
        series=[Series(label, [r[2 + i] for r in rows]) for i, label in shown],
    )
    return table


# --- the flagger's precision and misses -----------------------------------------------------
def per_rule(site_ids, period: Period) -> Table:
    """How the automatic flags answered in the period ended: kept (the flag was wrong) or
    hidden/removed (it was right). Precision = taken down / (kept + taken down)."""
    found = list(
        Flag.objects.filter(
            source=FlagSource.RULE,
            resolved_by_decision__in=decisions_in(site_ids, period)
            .filter(undone_by__isnull=True)
            .values("pk"),
        )
        .values("rule_id", "rule__name", "detector")
        .annotate(
            flags=Count("id"),
            kept=Count("id", filter=Q(resolved_by_decision__action=DecisionAction.KEEP)),
            taken_down=Count("id", filter=Q(resolved_by_decision__action__in=TAKEN_DOWN)),
        )
        .order_by("-flags", "rule__name", "detector")
    )
    rows = [
        [
            r["rule__name"] or f"{r['detector']} (detector without a rule)",
            r["flags"],
            r["kept"],
            r["taken_down"],
            _rate(r["taken_down"], r["kept"] + r["taken_down"]),
        ]
        for r in found
    ]
    table = Table(
        key="rules",
        title="Automatic flags by rule: kept or taken down",
        columns=[
            "Rule or detector",
            "Flags answered",
            "Kept",
            "Hidden or removed",
            "Precision (%)",
        ],
        rows=rows,
        note="Flags raised by the automatic rules and answered by a decision in the period "
        "(decisions later undone left out). Precision is the share of kept or taken-down "
        "flags that ended in a hide or removal: the flagger's real precision on City data.",
    )
    top = rows[:12]
    table.chart = bar_chart(
        title="Automatic flags kept and taken down, by rule",
        desc="For the twelve rules with the most flags answered, two bars: flags kept and "
        "flags that ended in a hide or removal.",
        labels=[r[0][:18] for r in top],
        series=[
            Series("Kept", [r[2] for r in top]),
            Series("Hidden or removed", [r[3] for r in top]),
        ],
    )
    return table


def _automatic_flag_before(decision_ref: str, decided_ref: str) -> Exists:
    return Exists(
        Flag.objects.filter(
            comment_id=OuterRef(decision_ref),
            source=FlagSource.RULE,
            created_at__lte=OuterRef(decided_ref),
        )
    )


def misses(site_ids, period: Period) -> Table:
    """Hides and removals no automatic rule had flagged before the decision: the flagger's
    misses, per category cited (one query), with the total over decisions."""
    taken_down = decisions_in(site_ids, period).filter(
        action__in=TAKEN_DOWN, undone_by__isnull=True
    )
    found = list(
        DecisionCategory.objects.filter(decision__in=taken_down.values("pk"))
        .annotate(automatic=_automatic_flag_before("decision__comment_id", "decision__decided_at"))
        .values("category__position", "category__name")
        .annotate(
            removals=Count("decision_id", distinct=True),
            missed=Count("decision_id", distinct=True, filter=Q(automatic=False)),
        )
        .order_by("category__position")
    )
    rows = [
        [r["category__name"], r["removals"], r["removals"] - r["missed"], r["missed"],
         _rate(r["missed"], r["removals"])]
        for r in found
    ]  # fmt: skip
    table = Table(
        key="misses",
        title="Hides and removals with and without an automatic flag, by category",
        columns=[
            "Category",
            "Hidden or removed",
            "With an automatic flag",
            "Without one (missed)",
            "Missed (%)",
        ],
        rows=rows,
        note="A miss is a hide or removal (not undone) of a comment no automatic rule had "
        "flagged by the time of the decision.",
    )
    table.chart = bar_chart(
        title=table.title,
        desc="For each category, two bars: hides and removals the rules had flagged, and "
        "those they missed.",
        labels=[r[0][:18] for r in rows],
        series=[
            Series("Flagged automatically", [r[2] for r in rows]),
            Series("Missed", [r[3] for r in rows]),
        ],
    )
    return table


# --- the queue and bans --------------------------------------------------------------------------
def open_queue(site_ids, now=None) -> Table:
    """The queue as it stands now (the period does not apply): size and age per site."""
    now = now or timezone.now()
    buckets = {}
    for index, (low, high, _label) in enumerate(AGE_BUCKETS):
        condition = Q(flagged_at__lte=now - timedelta(days=low))
        if high is not None:
            condition &= Q(flagged_at__gt=now - timedelta(days=high))
        buckets[f"age_{index}"] = Count("id", filter=condition)
    found = list(
        Comment.objects.filter(
            site_id__in=list(site_ids), queue_state__in=(QueueState.OPEN, QueueState.ESCALATED)
        )
        .values("site__name")
        .annotate(
            waiting=Count("id"),
            escalated=Count("id", filter=Q(queue_state=QueueState.ESCALATED)),
            oldest=Min("flagged_at"),
            **buckets,
        )
        .order_by("site__name")
    )
    rows = [
        [
            r["site__name"],
            r["waiting"],
            r["escalated"],
            *[r[f"age_{i}"] for i in range(len(AGE_BUCKETS))],
            round((now - r["oldest"]).total_seconds() / 86400, 1) if r["oldest"] else None,
        ]
        for r in found
    ]
    table = Table(
        key="queue",
        title="Open queue now, by site and age",
        columns=[
            "Site",
            "Waiting",
            "Of which escalated",
            *[label for _l, _h, label in AGE_BUCKETS],
            "Oldest (days)",
        ],
        rows=rows,
        note="Age is counted from when the comment was first flagged. The period does not "
        "apply: this is the queue as it stands.",
    )
    table.chart = bar_chart(
        title="Comments waiting, by age",
        desc="One bar per age band, all sites together.",
        labels=[label for _l, _h, label in AGE_BUCKETS],
        series=[
            Series(
                "Comments waiting", [sum(r[3 + i] for r in rows) for i in range(len(AGE_BUCKETS))]
            )
        ],
    )
    return table


def bans(site_ids, period: Period) -> Table:
    """Bans proposed in the period, by their state now, per site."""
    found = list(
        Ban.objects.filter(
            site_id__in=list(site_ids),
            proposed_at__gte=period.since,
            proposed_at__lt=period.until,
        )
        .values("site__name")
        .annotate(
            proposed_total=Count("id"),
            **{f"state_{code}": Count("id", filter=Q(state=code)) for code, _ in BAN_STATES},
        )
        .order_by("site__name")
    )
    rows = [
        [r["site__name"], r["proposed_total"], *[r[f"state_{code}"] for code, _ in BAN_STATES]]
        for r in found
    ]
    table = Table(
        key="bans",
        title="Bans proposed in the period, by state now",
        columns=[
            "Site",
            "Proposed in the period",
            *[f"Now {label.lower()}" for _, label in BAN_STATES],
        ],
        rows=rows,
    )
    table.chart = bar_chart(
        title="Bans by state",
        desc="One bar per state, all sites together: bans proposed in the period.",
        labels=[label for _, label in BAN_STATES],
        series=[Series("Bans", [sum(r[2 + i] for r in rows) for i in range(len(BAN_STATES))])],
    )
    return table


DASHBOARD_TABLES = {
    "decisions-by-action": decisions_per_day_by_action,
    "decisions-by-category": decisions_per_day_by_category,
    "moderators": per_moderator,
    "sites": per_site,
    "rules": per_rule,
    "misses": misses,
    "queue": lambda site_ids, period: open_queue(site_ids),
    "bans": bans,
}


def dashboard_tables(site_ids, period: Period) -> list[Table]:
    return [build(site_ids, period) for build in DASHBOARD_TABLES.values()]


def dashboard_table(key: str, site_ids, period: Period) -> Table | None:
    build = DASHBOARD_TABLES.get(key)
    return build(site_ids, period) if build else None


def supervised_site_ids(user) -> frozenset[int]:
    """The access helper for the dashboard and the consistency checks: supervisors only, and
    only the sites they are designated for (403 otherwise)."""
    if not has_role(user, SUPERVISOR):
        raise PermissionDenied("Only supervisors see the supervision dashboard.")
    return designated_site_ids(user)
