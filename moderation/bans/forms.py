"""Forms for proposing, deciding and lifting bans, and the ban list's filters."""

from __future__ import annotations

from django import forms
from django.core import signing
from django.utils import timezone

from moderation.bans.selectors import removed_comments_of_account
from moderation.bans.services import DEFAULT_BAN_DAYS
from moderation.models import BanScope, Comment, PolicyCategory, PublicAccount, Site
from moderation.sites.selectors import sites_for_user
from stanton.forms import PortalForm

INDEFINITE = "indefinite"
DURATION_CHOICES = [
    ("1", "1 day"),
    ("3", "3 days"),
    ("7", "7 days (the usual first ban)"),
    ("14", "14 days"),
    ("30", "30 days"),
    ("90", "90 days"),
    ("365", "1 year"),
    (INDEFINITE, "Indefinite (until a supervisor lifts it)"),
]


class EvidenceChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Comment) -> str:
        # Plain text; the template escapes it like any platform text.
        posted = (
            timezone.localtime(obj.posted_at).strftime("%Y-%m-%d %H:%M")
            if obj.posted_at
            else "undated"
        )
        body = obj.body if len(obj.body) <= 240 else obj.body[:240] + "…"
        state = obj.get_platform_state_display()
        return f"Comment {obj.pk} on {obj.site.name}, {posted} ({state}): {body}"


class BanProposeForm(PortalForm):
    site = forms.ModelChoiceField(
        label="Site",
        queryset=Site.objects.none(),
        help_text="A site you are designated for, on the account's platform.",
    )
    scope = forms.ChoiceField(
        label="Scope",
        choices=BanScope.choices,
        initial=BanScope.SITE,
        widget=forms.RadioSelect,
        help_text="“All City sites on this platform” covers every City page on that platform, "
        "including ones added later.",
    )
    categories = forms.ModelMultipleChoiceField(
        label="Policy categories violated",
        queryset=PolicyCategory.objects.order_by("position"),
        to_field_name="code",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one policy category."},
    )
    findings = forms.CharField(
        label="Findings",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10_000,
        help_text="What the account did, which comments show it, and why a ban is needed.",
        error_messages={"required": "Write the findings."},
    )
    evidence = EvidenceChoiceField(
        label="Evidence: the account's removed comments",
        queryset=Comment.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one removed comment as evidence."},
    )
    duration = forms.ChoiceField(
        label="Duration",
        choices=DURATION_CHOICES,
        initial=str(DEFAULT_BAN_DAYS),
        help_text="Counted from the supervisor's approval.",
    )

    def __init__(self, *args, user, account: PublicAccount, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites_for_user(user).filter(platform=account.platform)
        self.fields["evidence"].queryset = removed_comments_of_account(user, account)

    def clean_findings(self) -> str:
        value = self.cleaned_data["findings"].strip()
        if not value:
            raise forms.ValidationError("Write the findings.")
        return value

    def duration_days(self) -> int | None:
        value = self.cleaned_data["duration"]
        return None if value == INDEFINITE else int(value)


class AccountSearchForm(PortalForm):
    q = forms.CharField(label="Account handle, name or platform id", required=False, max_length=200)


# A ban is approved or rejected only from its own page, where the findings, the evidence and
# the account's history are shown above the buttons. The page signs "this supervisor was shown
# this ban's evidence" into the form; a form posted from anywhere else lacks it and is refused.
EVIDENCE_SEEN_SALT = "moderation.bans.evidence-seen"
EVIDENCE_SEEN_MAX_AGE = 12 * 60 * 60  # seconds: a page left open over a shift is read again
EVIDENCE_NOT_SEEN = (
    "Open the ban's page and read the findings, the evidence and the account's history "
    "before approving or rejecting it."
)


def evidence_seen_token(*, ban_id: int, user_id: int) -> str:
    return signing.dumps({"ban": ban_id, "user": user_id}, salt=EVIDENCE_SEEN_SALT)


class BanDecideForm(PortalForm):
    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("reject", "Reject")])
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Required when rejecting.",
    )
    evidence_seen = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, ban_id: int, user_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.ban_id, self.user_id = ban_id, user_id

    def clean_evidence_seen(self) -> str:
        token = self.cleaned_data.get("evidence_seen") or ""
        try:
            seen = signing.loads(token, salt=EVIDENCE_SEEN_SALT, max_age=EVIDENCE_SEEN_MAX_AGE)
        except signing.BadSignature as exc:  # SignatureExpired included
            raise forms.ValidationError(EVIDENCE_NOT_SEEN) from exc
        if seen != {"ban": self.ban_id, "user": self.user_id}:
            raise forms.ValidationError(EVIDENCE_NOT_SEEN)
        return token

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not (data.get("note") or "").strip():
            self.add_error("note", "Write a note saying why the ban is rejected.")
        return data


class BanLiftForm(PortalForm):
    reason = forms.CharField(
        label="Reason for lifting early",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Give the reason for lifting the ban early."},
    )
