"""Forms for answering the public, the lists supervisors keep, platform reports and posting
requests."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from moderation.models import (
    PostingRequest,
    SavedReply,
    Site,
    StaffDirectoryEntry,
)
from moderation.responses.services import REPLY_MAX_LENGTH
from stanton.forms import PortalForm, PortalModelForm

SAVE, SEND, ASK_EXCEPTION = "save", "send", "exception"


class ReplyForm(PortalForm):
    text = forms.CharField(
        label="Reply",
        max_length=REPLY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Name staff by their public title and give only public City lines and "
        "mailboxes: the reply is checked before it is saved or sent.",
    )
    reply = forms.IntegerField(required=False, widget=forms.HiddenInput)
    saved_reply = forms.IntegerField(required=False, widget=forms.HiddenInput)
    exception_reason = forms.CharField(
        label="Why the reply must give this information (for a supervisor's exception)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    action = forms.ChoiceField(
        choices=[(SAVE, "Save draft"), (SEND, "Send"), (ASK_EXCEPTION, "Ask for an exception")],
        widget=forms.HiddenInput,
        required=False,
    )


class DismissForm(PortalForm):
    reason = forms.CharField(
        label="Why no response is needed", max_length=500, widget=forms.TextInput()
    )


class ExceptionApproveForm(PortalForm):
    reason = forms.CharField(
        label="Reason for the exception", max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class SavedReplyForm(PortalModelForm):
    class Meta:
        model = SavedReply
        fields = ["topic", "title", "text", "active"]
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}


class StaffDirectoryForm(PortalModelForm):
    class Meta:
        model = StaffDirectoryEntry
        fields = ["name", "public_title", "department", "public_phone", "public_email", "active"]


class PlatformReportForm(PortalForm):
    reported_at = forms.DateTimeField(
        label="Reported on the platform at",
        initial=lambda: timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    platform_reference = forms.CharField(
        label="The platform's reference", max_length=200, required=False
    )
    note = forms.CharField(label="Note", max_length=2000, required=False)


class PostingRequestForm(PortalForm):
    requester_type = forms.ChoiceField(
        label="Who is asking", choices=PostingRequest.RequesterType.choices
    )
    requester_name = forms.CharField(label="Requester's name", max_length=300)
    requester_contact = forms.CharField(label="Their contact", max_length=300, required=False)
    content = forms.CharField(
        label="What they asked the City to post", widget=forms.Textarea(attrs={"rows": 5})
    )
    received_on = forms.DateField(
        label="Received on",
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    site = forms.ModelChoiceField(
        label="The page they asked for",
        queryset=Site.objects.filter(active=True),
        required=False,
        empty_label="Any or none",
    )


class PostingDecisionForm(PortalForm):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[
            (PostingRequest.Decision.POST, "Post it"),
            (PostingRequest.Decision.DECLINE, "Decline"),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 2}))
    reply_text = forms.CharField(
        label="Reply sent to the requester", widget=forms.Textarea(attrs={"rows": 4})
    )
