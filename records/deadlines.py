"""The CPRA deadline engine: the ONE place records deadlines are computed.

Gov. Code 7922.535(a): the agency determines, "within 10 days from receipt of the request",
whether it seeks disclosable records. Days are calendar days counted under Civ. Proc. Code 12:
the day of receipt is excluded and the last day included; under CCP 12a, when the last day is a
holiday (every Saturday, Sunday, the holidays of CCP 135 / Gov. Code 6700, and under CCP 12b any
day the City office is closed for the whole day) the period runs to the next day that is not.

Holiday calendar: the `holidays` package, `holidays.US(subdiv="CA")`, which includes the
California days (Cesar Chavez Day with its Sunday->Monday observance, the day after
Thanksgiving) and the observed Friday/Monday of federal holidays falling on a weekend (for
example 24 December when Christmas is a Saturday, 31 December when New Year's Day is).
We leave out the package's commemorative days on which public offices do not close
(`NOT_CLOSURE_DAYS`): counting a day that is not a holiday would push a deadline past the one
the statute sets, which is the error we must never make. If the City does close on such a day
(or on any other day), administrators enter it as a `CityClosure` (CCP 12b).

A request received on a weekend or holiday (an email on Saturday) is received that day: nothing
in the CPRA or CCP 12 moves the day of receipt, so the 10 days run from it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

import holidays

DETERMINATION_DAYS = 10  # Gov. Code 7922.535(a)
EXTENSION_DAYS = 14  # Gov. Code 7922.535(b): "No notice shall specify ... more than 14 days"
DUE_SOON_BUSINESS_DAYS = 2

# Days the `holidays` package lists for California that are commemorative only: public offices
# stay open (Gov. Code 37222 days of special significance and the like).
NOT_CLOSURE_DAYS = frozenset({"Susan B. Anthony Day", "Diwali"})


@lru_cache(maxsize=64)
def _state_holidays(year: int) -> frozenset[date]:
    # The previous and next year too: 31 December can be the observed New Year's Day.
    calendar = holidays.US(subdiv="CA", years=(year - 1, year, year + 1))
    days = set()
    for day, names in calendar.items():
        kept = [n for n in names.split("; ") if n.strip() not in NOT_CLOSURE_DAYS]
        if kept:
            days.add(day)
    return frozenset(days)


def is_state_holiday(day: date) -> bool:
    return day in _state_holidays(day.year)


def is_business_day(day: date, closures: Iterable[date] | None = None) -> bool:
    """Not a Saturday, Sunday, California holiday or City closure day (CCP 12a, 12b)."""
    if day.weekday() >= 5:
        return False
    if is_state_holiday(day):
        return False
    return not (closures and day in closures)


def next_business_day_on_or_after(day: date, closures: Iterable[date] | None = None) -> date:
    closures = set(closures or ())
    while not is_business_day(day, closures):
        day += timedelta(days=1)
    return day


def determination_due(received: date, closures: set[date] | None = None) -> date:
    """Gov. Code 7922.535(a): received + 10 calendar days (CCP 12: the day of receipt is not
    counted), moved to the next business day if that day is a weekend, a California holiday
    or a City closure day (CCP 12a, 12b)."""
    return next_business_day_on_or_after(received + timedelta(days=DETERMINATION_DAYS), closures)


def extension_limit(received: date, closures: set[date] | None = None) -> date:
    """The latest date an extension notice may name: received + 24 calendar days
    (10 days, Gov. Code 7922.535(a), plus at most 14 more, 7922.535(b)).

    It rolls to the next business day like the determination date does: the extended date is
    still "the last day for the performance of an act ... within a specified period of time"
    (CCP 12a(a)), and CCP 12a(b) applies it to every statute that sets such a period. We add the
    24 days to the day of receipt rather than 14 to an already-rolled determination date, so a
    holiday near day 10 never lengthens the extension beyond what the statute allows.
    """
    return next_business_day_on_or_after(
        received + timedelta(days=DETERMINATION_DAYS + EXTENSION_DAYS), closures
    )


def business_days_until(today: date, due: date, closures: set[date] | None = None) -> int:
    """Business days after `today` up to and including `due` (0 when due today; negative when
    overdue, counting calendar days late)."""
    if due < today:
        return -(today - due).days
    count = 0
    day = today
    while day < due:
        day += timedelta(days=1)
        if is_business_day(day, closures):
            count += 1
    return count


def deadline_flags(
    today: date, due: date | None, closures: set[date] | None = None
) -> tuple[bool, bool]:
    """(due_soon, overdue): due soon when at most 2 business days remain."""
    if due is None:
        return False, False
    if due < today:
        return False, True
    return business_days_until(today, due, closures) <= DUE_SOON_BUSINESS_DAYS, False


# --- wrappers reading the City's closure days from the database ----------------------------------
def city_closures(start: date | None = None, end: date | None = None) -> set[date]:
    from records.models import CityClosure

    rows = CityClosure.objects.filter(withdrawn_at__isnull=True)
    if start is not None:
        rows = rows.filter(date__gte=start)
    if end is not None:
        rows = rows.filter(date__lte=end)
    return set(rows.values_list("date", flat=True))


def determination_due_for(received: date) -> date:
    """`determination_due` with the City's closure days from the database."""
    return determination_due(received, city_closures(received, received + timedelta(days=60)))


def extension_limit_for(received: date) -> date:
    return extension_limit(received, city_closures(received, received + timedelta(days=90)))
