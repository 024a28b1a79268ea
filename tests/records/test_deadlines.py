"""The deadline engine's table: Gov. Code 7922.535 with CCP 12-12b day counting."""

from datetime import date

import pytest

from records import deadlines
from records.deadlines import (
    business_days_until,
    deadline_flags,
    determination_due,
    extension_limit,
)

CASES = [
    # (received, expected due, why)
    (date(2025, 3, 3), date(2025, 3, 13), "plain weekday: Mon + 10 = Thu"),
    (date(2025, 3, 5), date(2025, 3, 17), "10th day a Saturday -> Monday"),
    (date(2025, 3, 6), date(2025, 3, 17), "10th day a Sunday -> Monday"),
    (
        date(2025, 11, 17),
        date(2025, 12, 1),
        "10th day Thanksgiving: skips Fri (day after), weekend",
    ),
    (date(2025, 11, 18), date(2025, 12, 1), "10th day the day after Thanksgiving"),
    (date(2025, 12, 15), date(2025, 12, 26), "10th day Christmas (Thu) -> Fri 26"),
    (
        date(2021, 12, 14),
        date(2021, 12, 24),
        "10th day Fri 24 Dec 2021: Christmas a Saturday, the Friday is a business day (CCP 12b)",
    ),
    (date(2022, 12, 15), date(2022, 12, 27), "Christmas 2022 a Sunday: observed Mon 26 skipped"),
    (date(2024, 12, 22), date(2025, 1, 2), "10th day New Year's Day (Wed) -> Thu"),
    (
        date(2021, 12, 21),
        date(2021, 12, 31),
        "10th day Fri 31 Dec 2021: New Year's Day a Saturday, the Friday is a business day",
    ),
    (date(2026, 2, 2), date(2026, 2, 13), "10th day Lincoln Day (Thu 12 Feb 2026) -> Fri"),
    (date(2026, 9, 15), date(2026, 9, 28), "10th day Native American Day (Fri 25 Sep) -> Mon"),
    (date(2026, 6, 24), date(2026, 7, 6), "Independence Day 2026 a Saturday: Fri 3 Jul open"),
    (date(2026, 6, 23), date(2026, 7, 3), "10th day Fri 3 Jul 2026 is a business day"),
    (date(2028, 10, 31), date(2028, 11, 13), "Veterans Day 2028 a Saturday: Fri 10 Nov a holiday"),
    (date(2027, 10, 1), date(2027, 10, 11), "Columbus Day is not a judicial holiday (CCP 135)"),
    (date(2027, 6, 9), date(2027, 6, 21), "Juneteenth 2027 a Saturday: Fri 18 Jun open, Sun->Mon"),
    (date(2027, 6, 8), date(2027, 6, 18), "10th day Fri 18 Jun 2027 is a business day"),
    (date(2022, 12, 23), date(2023, 1, 3), "New Year's Day 2023 a Sunday: observed Mon 2 Jan"),
    (date(2025, 3, 21), date(2025, 4, 1), "10th day Cesar Chavez Day (Mon 31 Mar)"),
    (date(2024, 3, 22), date(2024, 4, 2), "Cesar Chavez Day 2024 a Sunday: observed Mon 1 Apr"),
    (date(2026, 7, 23), date(2026, 8, 3), "control: a plain Sunday 2 Aug 2026 -> Monday"),
    (date(2024, 11, 19), date(2024, 12, 2), "10th day Fri after Thanksgiving, then a weekend"),
    (
        date(2025, 2, 5),
        date(2025, 2, 18),
        "10th day Sat 15 Feb (not Susan B. Anthony closure) -> Mon 17 is Presidents' Day -> Tue",
    ),
    (date(2025, 3, 1), date(2025, 3, 11), "received on a Saturday: counted from that day"),
    (date(2025, 12, 25), date(2026, 1, 5), "received on Christmas; 10th day Sun 4 Jan -> Mon"),
]


@pytest.mark.parametrize(("received", "due", "why"), CASES, ids=[c[2] for c in CASES])
def test_determination_due(received, due, why):
    assert determination_due(received) == due, why


def test_city_closure_day_moves_the_deadline():
    received = date(2025, 3, 3)  # due Thu 13 Mar
    assert determination_due(received, closures={date(2025, 3, 13)}) == date(2025, 3, 14)
    assert determination_due(received, closures={date(2025, 3, 13), date(2025, 3, 14)}) == date(
        2025, 3, 17
    )


EXTENSIONS = [
    (date(2025, 3, 3), date(2025, 3, 27), "plain: received + 24 = Thu"),
    (date(2025, 3, 1), date(2025, 3, 25), "received Saturday: + 24 = Tue"),
    (date(2025, 3, 8), date(2025, 4, 1), "24th day Tue 1 Apr (plain)"),
    (date(2025, 3, 7), date(2025, 4, 1), "24th day Cesar Chavez Day (Mon) -> Tue"),
    (date(2025, 3, 9), date(2025, 4, 2), "24th day Wednesday"),
    (date(2025, 3, 10), date(2025, 4, 3), "control"),
    (date(2025, 3, 15), date(2025, 4, 8), "24th day Tue"),
    (date(2025, 3, 12), date(2025, 4, 7), "24th day Sat 5 Apr -> Mon 7"),
    (date(2025, 11, 3), date(2025, 12, 1), "24th day Thanksgiving -> Mon 1 Dec"),
    (date(2025, 12, 1), date(2025, 12, 26), "24th day Christmas -> Fri 26"),
]


@pytest.mark.parametrize(("received", "limit", "why"), EXTENSIONS, ids=[c[2] for c in EXTENSIONS])
def test_extension_limit(received, limit, why):
    assert extension_limit(received) == limit, why


def test_extension_limit_respects_closures():
    assert extension_limit(date(2025, 3, 3), closures={date(2025, 3, 27)}) == date(2025, 3, 28)


def test_susan_b_anthony_day_is_not_an_office_closure():
    # Commemorative days (Gov. Code 37222) are not holidays: offices stay open.
    assert deadlines.is_business_day(date(2024, 2, 15))
    assert not deadlines.is_business_day(date(2025, 11, 28))  # day after Thanksgiving


def test_flags_due_soon_and_overdue():
    today = date(2025, 3, 13)  # Thursday
    assert deadline_flags(today, date(2025, 3, 13)) == (True, False)  # due today
    assert deadline_flags(today, date(2025, 3, 17)) == (True, False)  # Fri, Mon: 2 business days
    assert deadline_flags(today, date(2025, 3, 18)) == (False, False)  # 3 business days
    assert deadline_flags(today, date(2025, 3, 12)) == (False, True)
    assert deadline_flags(today, None) == (False, False)
    assert business_days_until(today, date(2025, 3, 10)) == -3


# Every weekday holiday 2026-2030, written out from Gov. Code 6700/6701 as CCP 135 takes them.
# Not here on purpose: Columbus Day, Admission Day (Sep 9), Lunar New Year, Genocide
# Remembrance Day (CCP 135 excepts them), and no "observed" Friday before a Saturday holiday
# except Veterans Day's (6701). Saturdays and Sundays are holidays and are not listed.
STATUTORY_HOLIDAYS = {
    2026: [
        "2026-01-01",
        "2026-01-19",
        "2026-02-12",
        "2026-02-16",
        "2026-03-31",
        "2026-05-25",
        "2026-06-19",
        "2026-09-07",
        "2026-09-25",
        "2026-11-11",
        "2026-11-26",
        "2026-11-27",
        "2026-12-25",
    ],  # Independence Day is a Saturday: no weekday holiday for it
    2027: [
        "2027-01-01",
        "2027-01-18",
        "2027-02-12",
        "2027-02-15",
        "2027-03-31",
        "2027-05-31",
        "2027-07-05",
        "2027-09-06",
        "2027-09-24",
        "2027-11-11",
        "2027-11-25",
        "2027-11-26",
    ],  # Juneteenth and Christmas are Saturdays; Independence Day a Sunday -> Mon 5 Jul
    2028: [
        "2028-01-17",
        "2028-02-21",
        "2028-03-31",
        "2028-05-29",
        "2028-06-19",
        "2028-07-04",
        "2028-09-04",
        "2028-09-22",
        "2028-11-10",
        "2028-11-23",
        "2028-11-24",
        "2028-12-25",
    ],  # New Year's Day and Lincoln Day are Saturdays; Veterans Day Sat -> Fri 10 Nov
    2029: [
        "2029-01-01",
        "2029-01-15",
        "2029-02-12",
        "2029-02-19",
        "2029-05-28",
        "2029-06-19",
        "2029-07-04",
        "2029-09-03",
        "2029-09-28",
        "2029-11-12",
        "2029-11-22",
        "2029-11-23",
        "2029-12-25",
    ],  # Cesar Chavez Day a Saturday; Veterans Day a Sunday -> Mon 12 Nov
    2030: [
        "2030-01-01",
        "2030-01-21",
        "2030-02-12",
        "2030-02-18",
        "2030-04-01",
        "2030-05-27",
        "2030-06-19",
        "2030-07-04",
        "2030-09-02",
        "2030-09-27",
        "2030-11-11",
        "2030-11-28",
        "2030-11-29",
        "2030-12-25",
    ],  # Cesar Chavez Day a Sunday -> Mon 1 Apr
}


@pytest.mark.parametrize("year", sorted(STATUTORY_HOLIDAYS))
def test_every_statutory_holiday(year):
    expected = [date.fromisoformat(d) for d in STATUTORY_HOLIDAYS[year]]
    assert list(deadlines.california_judicial_holidays(year)) == expected
    # and the engine treats exactly those weekdays (plus weekends) as non-business days
    day, end = date(year, 1, 1), date(year, 12, 31)
    while day <= end:
        assert deadlines.is_business_day(day) == (day.weekday() < 5 and day not in expected), day
        day = day.fromordinal(day.toordinal() + 1)


def test_a_closed_friday_before_a_saturday_holiday_counts_when_the_city_enters_it():
    # CCP 12b: Fri 3 Jul 2026 is a holiday only if City offices are closed that whole day.
    received = date(2026, 6, 23)
    assert determination_due(received) == date(2026, 7, 3)
    assert determination_due(received, closures={date(2026, 7, 3)}) == date(2026, 7, 6)
