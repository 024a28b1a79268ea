"""Capped counts (stanton.counts): exact up to the cap, "1,000+" above it."""

from stanton.counts import CappedCount, capped_sum


def test_a_count_below_the_cap_is_exact():
    count = CappedCount(999, cap=1000)
    assert count == 999 and not count.more and str(count) == "999"


def test_a_count_above_the_cap_shows_the_cap_and_a_plus():
    count = CappedCount(1001, cap=1000)
    assert count == 1000 and count.more and str(count) == "1,000+"


def test_a_sum_with_a_capped_part_is_marked():
    assert capped_sum([3, 4]) == 7 and str(capped_sum([3, 4])) == "7"
    total = capped_sum([CappedCount(5000, cap=1000), 4])
    assert total == 1004 and str(total) == "1,004+"
