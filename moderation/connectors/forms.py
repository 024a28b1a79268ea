from django import forms


class DoneByHandForm(forms.Form):
    note = forms.CharField(
        label="What was done (optional)",
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"class": "usa-input"}),
    )


class RetryForm(forms.Form):
    """No fields: a POST with the CSRF token."""


class SiteTokenForm(forms.Form):
    token = forms.CharField(
        label="Access token",
        help_text="Stored encrypted. It is never shown again; enter a new one to rotate it.",
        max_length=4000,
        widget=forms.PasswordInput(
            render_value=False, attrs={"class": "usa-input", "autocomplete": "off"}
        ),
    )
