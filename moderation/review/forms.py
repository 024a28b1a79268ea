"""The decision-review form: uphold, or overturn with a note."""

from __future__ import annotations

from django import forms

from moderation.review.services import OVERTURN, UPHOLD
from stanton.forms import PortalForm


class ReviewForm(PortalForm):
    outcome = forms.ChoiceField(choices=[(UPHOLD, "Uphold"), (OVERTURN, "Overturn")])
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Required to overturn.",
    )

    def clean(self):
        data = super().clean()
        if data.get("outcome") == OVERTURN and not (data.get("note") or "").strip():
            self.add_error("note", "Write a note saying why the decision is overturned.")
        return data
