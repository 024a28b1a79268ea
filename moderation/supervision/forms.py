"""The period filter: from and to dates, or one of the presets (the last 30, 90 or 365 days)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django import forms
from django.utils import timezone

from stanton.forms import PortalForm

PRESETS = (30, 90, 365)
DEFAULT_DAYS = 30
LONGEST_DAYS = 3 * 366


@dataclass(frozen=True)
class Period:
    start: date  # the first day, inclusive
    end: date  # the last day, inclusive

    @property
    def since(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.start, time.min))

    @property
    def until(self) -> datetime:
        """The moment after the last day: filters are `>= since` and `< until`."""
        return timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min))

    @property
    def days(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range((self.end - self.start).days + 1)]

    def as_query(self) -> str:
        return f"start={self.start.isoformat()}&end={self.end.isoformat()}"

    @classmethod
    def last(cls, days: int) -> Period:
        today = timezone.localdate()
        return cls(start=today - timedelta(days=days - 1), end=today)


class PeriodForm(PortalForm):
    preset = forms.TypedChoiceField(
        label="Period",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Dates below")] + [(str(d), f"Last {d} days") for d in PRESETS],
        help_text="A preset wins over the dates.",
    )
    start = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if data.get("preset") is None and start and end:
            if start > end:
                self.add_error("end", "The last day must be on or after the first.")
            elif (end - start).days >= LONGEST_DAYS:
                self.add_error("start", "Choose a period of at most three years.")
        return data

    def period(self) -> Period:
        """The period asked for (at most three years, ending on its last day); the last 30
        days when nothing, or nothing valid, was."""
        period = self._asked()
        if (period.end - period.start).days >= LONGEST_DAYS:
            period = Period(start=period.end - timedelta(days=LONGEST_DAYS - 1), end=period.end)
        return period

    def _asked(self) -> Period:
        if not self.is_bound or not self.is_valid():
            return Period.last(DEFAULT_DAYS)
        data = self.cleaned_data
        if data.get("preset"):
            return Period.last(data["preset"])
        start, end = data.get("start"), data.get("end")
        if start and end:
            return Period(start=start, end=end)
        if start:
            return Period(start=start, end=max(start, timezone.localdate()))
        if end:
            return Period(start=end - timedelta(days=DEFAULT_DAYS - 1), end=end)
        return Period.last(DEFAULT_DAYS)
