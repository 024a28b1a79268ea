"""The CPRA deadline engine: the ONE place records deadlines are computed.

Gov. Code 7922.535(a): the agency determines, "within 10 days from receipt of the request",
whether it seeks disclosable records. Days are calendar days counted under Civ. Proc. Code 12:
the day of receipt is excluded and the last day included; under CCP 12a, when the last day is a
holiday (every Saturday, Sunday, the holidays of CCP 135 / Gov. Code 6700, and under CCP 12b any
day the City office is closed for the whole day) the period runs to the next day that is not.

Holiday calendar: built from the statutes, not from a holidays package. CCP 135 makes the
holidays of Gov. Code 6700 judicial holidays, except Admission Day (September 9), Columbus Day
and the days only the President appoints; it adds every Saturday and the day after
Thanksgiving. Gov. Code 6701 moves a holiday that falls on a Sunday to the Monday after, and
Veterans Day alone from a Saturday to the Friday before. (The `holidays` package's California
calendar leaves out Lincoln Day and Native American Day and adds "observed" Fridays before
Saturday holidays: both errors move deadlines, so we no longer use it.) A Friday before any
other Saturday holiday is an ordinary business day unless the City is closed that day (CCP
12b): administrators enter such days as `CityClosure`s.

A request received on a weekend or holiday (an email on Saturday) is received that day: nothing
in the CPRA or CCP 12 moves the day of receipt, so the 10 days run from it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

DETERMINATION_DAYS = 10  # Gov. Code 7922.535(a)
EXTENSION_DAYS = 14  # Gov. Code 7922.535(b): "No notice shall specify ... more than 14 days"
DUE_SOON_BUSINESS_DAYS = 2


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th `weekday` (Monday = 0) of the month; n = -1 for the last one."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


# Gov. Code 6700(a): the holidays that fall on a fixed date; 6701 moves them off a Sunday.
_FIXED_DATE_HOLIDAYS = (
    (1, 1, "New Year's Day"),
    (2, 12, "Lincoln Day"),
    (3, 31, "Cesar Chavez Day"),
    (6, 19, "Juneteenth"),
    (7, 4, "Independence Day"),
    (11, 11, "Veterans Day"),
    (12, 25, "Christmas Day"),
)


@lru_cache(maxsize=64)
def california_judicial_holidays(year: int) -> dict[date, str]:
    """The weekday holidays of `year` that CCP 12a skips (CCP 135 with Gov. Code 6700, 6701),
    each with its name. Saturdays and Sundays are holidays too and are not listed."""
    days: dict[date, str] = {}
    for month, day_of_month, name in _FIXED_DATE_HOLIDAYS:
        day = date(year, month, day_of_month)
        if day.weekday() == 6:  # Gov. Code 6701: a Sunday holiday is kept the Monday after
            days[day + timedelta(days=1)] = f"{name} (observed)"
        elif day.weekday() == 5 and name == "Veterans Day":  # 6701: only this one moves back
            days[day - timedelta(days=1)] = f"{name} (observed)"
        elif day.weekday() < 5:
            days[day] = name
    thanksgiving = _nth_weekday(year, 11, 3, 4)
    days.update(
        {
            _nth_weekday(year, 1, 0, 3): "Dr. Martin Luther King, Jr. Day",
            _nth_weekday(year, 2, 0, 3): "Washington's Birthday",
            _nth_weekday(year, 5, 0, -1): "Memorial Day",
            _nth_weekday(year, 9, 0, 1): "Labor Day",
            _nth_weekday(year, 9, 4, 4): "Native American Day",
            thanksgiving: "Thanksgiving Day",
            thanksgiving + timedelta(days=1): "Day after Thanksgiving",  # CCP 135
        }
    )
    return dict(sorted(days.items()))


def is_state_holiday(day: date) -> bool:
    return day in california_judicial_holidays(day.year)


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
