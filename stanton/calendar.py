"""The California judicial holiday calendar and business-day arithmetic, shared by the apps.

Records counts CPRA deadlines with it (records/deadlines.py) and moderation counts its reply
targets with it (moderation/responses/): one calendar, so "two business days" means the same
to a moderator and to the clerk. It lives here, below both apps, because moderation may not
import records. Pure functions: a City closure day (CCP 12b) is passed in by the caller.

Built from the statutes, not from a holidays package. CCP 135 makes the holidays of Gov. Code
6700 judicial holidays, except Admission Day (September 9), Columbus Day and the days only the
President appoints; it adds every Saturday and the day after Thanksgiving. Gov. Code 6701
moves a holiday that falls on a Sunday to the Monday after, and Veterans Day alone from a
Saturday to the Friday before. (The `holidays` package's California calendar leaves out
Lincoln Day and Native American Day and adds "observed" Fridays before Saturday holidays: both
errors move deadlines.)
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache


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


def add_business_days(start: date, days: int, closures: Iterable[date] | None = None) -> date:
    """The `days`-th business day after `start` (`start` itself is not counted, as CCP 12
    does not count the first day): Friday + 2 is Tuesday, or Wednesday over a holiday."""
    closures = set(closures or ())
    day = start
    counted = 0
    while counted < days:
        day += timedelta(days=1)
        if is_business_day(day, closures):
            counted += 1
    return day
