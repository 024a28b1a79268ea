from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm

from accounts.models import User
from accounts.roles import ALL_ROLES, ROLE_DESCRIPTIONS
from stanton.forms import PortalForm, PortalFormMixin, PortalModelForm

ROLE_CHOICES = [(name, f"{name} — {ROLE_DESCRIPTIONS[name]}") for name in ALL_ROLES]


class SignInForm(PortalFormMixin, AuthenticationForm):
    username = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": "That email address and password do not match an active staff account.",
        "inactive": "This account has been deactivated.",
    }


class OTPCodeForm(PortalForm):
    code = forms.RegexField(
        label="Six-digit code from your authenticator app",
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": "Enter the six digits your authenticator app shows."},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip()


class StaffForm(PortalModelForm):
    roles = forms.MultipleChoiceField(
        choices=ROLE_CHOICES, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = User
        fields = ["email", "full_name", "title"]


class StaffCreateForm(StaffForm):
    password = forms.CharField(
        label="Initial password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 12 characters. The person enrols two-factor sign-in on first use.",
    )

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        candidate = User(
            email=self.cleaned_data.get("email", ""),
            full_name=self.cleaned_data.get("full_name", ""),
        )
        password_validation.validate_password(password, candidate)
        return password

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("A staff account with this email address already exists.")
        return email


class StaffUpdateForm(StaffForm):
    class Meta(StaffForm.Meta):
        fields = ["full_name", "title"]


class StaffActiveForm(PortalForm):
    reason = forms.CharField(
        label="Reason", max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
