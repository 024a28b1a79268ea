"""Counts capped at a threshold, as professional queues and search pages show them.

Counting every match of a broad search or of a long queue reads every matching row, and a
page only needs to say "more than a thousand". A capped count reads at most `cap + 1` rows: it
is exact up to the cap, and shows as "1,000+" above it.
"""

from __future__ import annotations

from collections.abc import Iterable


class CappedCount(int):
    """An int (the exact count, or the cap when there were more) that says which."""

    more: bool

    def __new__(cls, value: int, *, cap: int, more: bool = False):
        count = super().__new__(cls, min(value, cap))
        count.more = more or value > cap
        return count

    def __str__(self) -> str:
        return f"{int(self):,}+" if self.more else str(int(self))


def capped_sum(counts: Iterable[int]) -> int:
    """The sum of several counts, itself "+" when one of them was capped."""
    counts = list(counts)
    total = sum(int(c) for c in counts)
    if any(getattr(c, "more", False) for c in counts):
        return CappedCount(total, cap=total, more=True)
    return total
