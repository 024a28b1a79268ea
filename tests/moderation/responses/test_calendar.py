"""The reply target counts business days with the records calendar (stanton/calendar.py)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from moderation.responses.services import response_due_on
from records import deadlines
from stanton.calendar import add_business_days, california_judicial_holidays

PACIFIC = ZoneInfo("America/Los_Angeles")


def test_two_business_days_skip_the_weekend():
    assert add_business_days(date(2026, 3, 6), 2) == date(2026, 3, 10)  # Friday -> Tuesday
    assert add_business_days(date(2026, 3, 9), 2) == date(2026, 3, 11)


def test_two_business_days_skip_thanksgiving_and_the_day_after():
    # Wednesday 26 November 2025: Thursday and Friday are CCP 135 holidays.
    assert add_business_days(date(2025, 11, 26), 2) == date(2025, 12, 2)


def test_a_closure_day_counts_as_closed():
    assert add_business_days(date(2026, 3, 9), 2, {date(2026, 3, 10)}) == date(2026, 3, 12)


def test_records_reads_the_same_calendar():
    assert deadlines.california_judicial_holidays is california_judicial_holidays
    assert deadlines.is_business_day(date(2026, 3, 31)) is False  # Cesar Chavez Day


def test_the_target_counts_from_the_pacific_day_it_was_posted(settings):
    settings.RESPONSE_TARGET_BUSINESS_DAYS = 2
    # 23:30 Pacific on Friday 6 March is Saturday in UTC: still Friday's comment.
    posted = datetime(2026, 3, 6, 23, 30, tzinfo=PACIFIC)
    assert response_due_on(posted) == date(2026, 3, 10)
    settings.RESPONSE_TARGET_BUSINESS_DAYS = 5
    assert response_due_on(posted) == date(2026, 3, 13)
