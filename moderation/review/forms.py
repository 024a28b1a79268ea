"""The decision-review form: uphold, or overturn with a note."""

from __future__ import annotations

from django import forms

from moderation.models import PolicyCategory
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
    # Overturning a keep sends the comment back to the queue: under its own flags again, and
    # under this category too (needed when the keep answered no flag).
    category = forms.ModelChoiceField(
        queryset=PolicyCategory.objects.order_by("position", "code"),
        to_field_name="code",
        required=False,
        label="Policy category it may break",
    )

    def clean(self):
        data = super().clean()
        if data.get("outcome") == OVERTURN and not (data.get("note") or "").strip():
            self.add_error("note", "Write a note saying why the decision is overturned.")
        return data

    def category_code(self) -> str:
        category = self.cleaned_data.get("category")
        return category.code if category else ""
