from __future__ import annotations

from django import forms

from moderation.models import Site
from stanton.forms import PortalForm


class ApiTokenCreateForm(PortalForm):
    name = forms.CharField(
        label="Name",
        max_length=200,
        help_text="Which integration uses it, e.g. “Facebook export job (IT)”.",
    )
    sites = forms.ModelMultipleChoiceField(
        label="Sites it may send data for",
        queryset=Site.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sites"].queryset = Site.objects.order_by("name")

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("Give the token a name.")
        return name
