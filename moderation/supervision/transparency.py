"""The public transparency page's figures: what the City took down, month by month.

Counts only, by policy category and by City site: never a commenter's or a staff member's
name, handle or the text of a comment. A hide or removal its maker undid is not counted (it did
not stand); one overturned later on review is counted in its month and again among the
overturns, so the public sees both.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.db.models import Count, DateField, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from moderation.models import Ban, BanCategory, BanState, Decision, DecisionAction, ReviewState
from moderation.rules.selectors import flag_rules_published
from moderation.supervision.charts import Series, line_chart
from moderation.supervision.tables import Table

MONTHS_SHOWN = 12
# Bans that took effect: approved by a supervisor (then running, lifted early or expired).
IMPOSED = (BanState.ACTIVE, BanState.LIFTED, BanState.EXPIRED)


def months_shown(today: date | None = None, count: int = MONTHS_SHOWN) -> list[date]:
    """The first day of each of the last `count` months, the current one last."""
    today = today or timezone.localdate()
    year, month = today.year, today.month
    months = []
    for _ in range(count):
        months.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def _month(field: str) -> TruncMonth:
    return TruncMonth(field, output_field=DateField(), tzinfo=timezone.get_current_timezone())


def _window(months: list[date]) -> tuple:
    first = months[0]
    last = months[-1]
    after = date(last.year + (last.month == 12), last.month % 12 + 1, 1)
    tz = timezone.get_current_timezone()
    return (
        timezone.make_aware(datetime.combine(first, time.min), tz),
        timezone.make_aware(datetime.combine(after, time.min), tz),
    )


def taken_down_in(months: list[date]) -> QuerySet[Decision]:
    since, until = _window(months)
    return Decision.objects.filter(
        action__in=(DecisionAction.HIDE, DecisionAction.REMOVE),
        undone_by__isnull=True,
        decided_at__gte=since,
        decided_at__lt=until,
    )


def bans_imposed_in(months: list[date]) -> QuerySet[Ban]:
    since, until = _window(months)
    return Ban.objects.filter(state__in=IMPOSED, decided_at__gte=since, decided_at__lt=until)


def _label(month: date) -> str:
    return month.strftime("%Y-%m")


def by_category(months: list[date]) -> Table:
    counted = (
        taken_down_in(months)
        .annotate(month=_month("decided_at"))
        .values("month", "categories__position", "categories__name")
        .annotate(
            hidden=Count("id", filter=Q(action=DecisionAction.HIDE)),
            removed=Count("id", filter=Q(action=DecisionAction.REMOVE)),
        )
        .order_by()
    )
    banned = (
        BanCategory.objects.filter(ban__in=bans_imposed_in(months).values("pk"))
        .annotate(month=_month("ban__decided_at"))
        .values("month", "category__position", "category__name")
        .annotate(n=Count("ban_id", distinct=True))
        .order_by()
    )
    cells: dict[tuple, list[int]] = {}
    for r in counted:
        key = (r["month"], r["categories__position"], r["categories__name"] or "No category")
        cells.setdefault(key, [0, 0, 0])
        cells[key][0] += r["hidden"]
        cells[key][1] += r["removed"]
    for r in banned:
        key = (r["month"], r["category__position"], r["category__name"])
        cells.setdefault(key, [0, 0, 0])[2] += r["n"]
    rows = [
        [_label(month), name, *values]
        for (month, _pos, name), values in sorted(
            cells.items(), key=lambda kv: (kv[0][0], kv[0][1] or 0, kv[0][2])
        )
    ]
    return Table(
        key="by-category",
        title="Hides, removals and bans by month and policy category",
        columns=["Month", "Category", "Comments hidden", "Comments removed", "Bans imposed"],
        rows=rows,
        note="A comment hidden or removed for two categories counts under each; so does a "
        "ban citing two. Months and categories with nothing are left out.",
    )


def by_site(months: list[date]) -> Table:
    counted = (
        taken_down_in(months)
        .annotate(month=_month("decided_at"))
        .values("month", "comment__site__name")
        .annotate(
            hidden=Count("id", filter=Q(action=DecisionAction.HIDE)),
            removed=Count("id", filter=Q(action=DecisionAction.REMOVE)),
        )
        .order_by()
    )
    banned = (
        bans_imposed_in(months)
        .annotate(month=_month("decided_at"))
        .values("month", "site__name")
        .annotate(n=Count("id"))
        .order_by()
    )
    cells: dict[tuple, list[int]] = {}
    for r in counted:
        cells[(r["month"], r["comment__site__name"])] = [r["hidden"], r["removed"], 0]
    for r in banned:
        cells.setdefault((r["month"], r["site__name"]), [0, 0, 0])[2] = r["n"]
    rows = [[_label(month), site, *values] for (month, site), values in sorted(cells.items())]
    return Table(
        key="by-site",
        title="Hides, removals and bans by month and City site",
        columns=["Month", "Site", "Comments hidden", "Comments removed", "Bans imposed"],
        rows=rows,
        note="Months and sites with nothing are left out.",
    )


def overturns(months: list[date]) -> Table:
    since, until = _window(months)
    found = {
        r["month"]: r
        for r in Decision.objects.filter(decided_at__gte=since, decided_at__lt=until)
        .annotate(month=_month("decided_at"))
        .values("month")
        .annotate(
            reviewed=Count(
                "id", filter=Q(review_state__in=(ReviewState.UPHELD, ReviewState.OVERTURNED))
            ),
            overturned=Count("id", filter=Q(review_state=ReviewState.OVERTURNED)),
            overturned_taken_down=Count(
                "id",
                filter=Q(
                    review_state=ReviewState.OVERTURNED,
                    action__in=(DecisionAction.HIDE, DecisionAction.REMOVE),
                ),
            ),
        )
        .order_by()
    }
    rows = []
    for month in months:
        r = found.get(month, {})
        rows.append(
            [
                _label(month),
                r.get("reviewed", 0),
                r.get("overturned", 0),
                r.get("overturned_taken_down", 0),
            ]
        )
    return Table(
        key="overturns",
        title="Decisions reviewed and overturned, by the month of the decision",
        columns=[
            "Month",
            "Decisions reviewed by a supervisor",
            "Overturned",
            "Of which hides or removals (comment restored)",
        ],
        rows=rows,
    )


def monthly_totals(months: list[date], site_table: Table) -> Table:
    """Every month of the window, sums of the per-site rows (no query of its own)."""
    sums = {(_label(m)): [0, 0, 0] for m in months}
    for label, _site, hidden, removed, banned in site_table.rows:
        sums[label][0] += hidden
        sums[label][1] += removed
        sums[label][2] += banned
    rows = [[label, *values] for label, values in sums.items()]
    table = Table(
        key="monthly",
        title="Hides, removals and bans per month, all sites",
        columns=["Month", "Comments hidden", "Comments removed", "Bans imposed"],
        rows=rows,
    )
    table.chart = line_chart(
        title=table.title,
        desc=f"Three lines, {rows[0][0]} to {rows[-1][0]}: comments hidden, comments removed "
        "and bans imposed each month. The same figures are in the table below.",
        labels=[r[0] for r in rows],
        series=[Series(name, [r[1 + i] for r in rows]) for i, name in enumerate(table.columns[1:])],
    )
    return table


def published_rules() -> Table:
    rows = [
        [rule.name, rule.category.name, rule.get_kind_display()] for rule in flag_rules_published()
    ]
    return Table(
        key="rules",
        title="Published automatic flagging rules",
        columns=["Rule", "Policy category", "Kind of rule"],
        rows=rows,
        note="A flag only asks a person to look; staff decide. The rules page lists every "
        "word, phrase and pattern.",
    )


def transparency_tables(today: date | None = None) -> list[Table]:
    months = months_shown(today)
    site_table = by_site(months)
    return [
        monthly_totals(months, site_table),
        by_category(months),
        site_table,
        overturns(months),
        published_rules(),
    ]
