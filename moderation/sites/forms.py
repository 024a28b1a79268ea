from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model

from accounts.roles import MODERATOR, SUPERVISOR
from moderation.models import Site
from stanton.forms import PortalForm, PortalModelForm


class SiteForm(PortalModelForm):
    class Meta:
        model = Site
        fields = [
            "platform",
            "name",
            "slug",
            "handle",
            "url",
            "platform_page_id",
            "policy_link_posted",
            "links_to_city_website",
            "says_city_maintained",
            "terms_of_use_url",
            "active",
        ]


class DesignationGrantForm(PortalForm):
    user = forms.ModelChoiceField(
        label="Staff member",
        queryset=get_user_model().objects.none(),
        help_text="Moderators and supervisors who are active.",
    )
    starts_on = forms.DateField(label="Starts on", widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(
        label="Ends on (optional)", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label="Note", max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            get_user_model()
            .objects.filter(is_active=True, groups__name__in=[MODERATOR, SUPERVISOR])
            .distinct()
            .order_by("full_name")
        )

    def clean(self):
        data = super().clean()
        if data.get("ends_on") and data.get("starts_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "The end date must be on or after the start date.")
        return data


class DesignationRevokeForm(PortalForm):
    reason = forms.CharField(label="Reason for revoking", max_length=500)
