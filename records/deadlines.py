"""The CPRA deadline engine: the ONE place records deadlines are computed.

Gov. Code 7922.535(a): the agency determines, "within 10 days from receipt of the request",
whether it seeks disclosable records. Days are calendar days counted under Civ. Proc. Code 12:
the day of receipt is excluded and the last day included; under CCP 12a, when the last day is a
holiday (every Saturday, Sunday, the holidays of CCP 135 / Gov. Code 6700, and under CCP 12b any
day the City office is closed for the whole day) the period runs to the next day that is not.

Holiday calendar: stanton/calendar.py, built from CCP 135 and Gov. Code 6700-6701 (shared with
moderation's reply targets). A Friday before any
other Saturday holiday is an ordinary business day unless the City is closed that day (CCP
12b): administrators enter such days as `CityClosure`s.

A request received on a weekend or holiday (an email on Saturday) is received that day: nothing
in the CPRA or CCP 12 moves the day of receipt, so the 10 days run from it.
"""

from __future__ import annotations

from datetime import date, timedelta

# The calendar is shared with moderation (reply targets); re-exported here for records' callers.
from stanton.calendar import (  # noqa: F401
    business_days_until,
    california_judicial_holidays,
    is_business_day,
    is_state_holiday,
    next_business_day_on_or_after,
)

DETERMINATION_DAYS = 10  # Gov. Code 7922.535(a)
EXTENSION_DAYS = 14  # Gov. Code 7922.535(b): "No notice shall specify ... more than 14 days"
DUE_SOON_BUSINESS_DAYS = 2


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
