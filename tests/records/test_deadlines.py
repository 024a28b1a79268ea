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
    (date(2021, 12, 14), date(2021, 12, 27), "10th day Fri 24 Dec 2021, observed Christmas"),
    (date(2022, 12, 15), date(2022, 12, 27), "Christmas 2022 a Sunday: observed Mon 26 skipped"),
    (date(2024, 12, 22), date(2025, 1, 2), "10th day New Year's Day (Wed) -> Thu"),
    (date(2021, 12, 21), date(2022, 1, 3), "10th day 31 Dec 2021, observed New Year's Day"),
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
    # The holidays package lists it for California, but offices stay open (Gov. Code 37222).
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
