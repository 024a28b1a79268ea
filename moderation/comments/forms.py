"""Forms for acting on any comment: a staff flag, a note on an account, a public report."""

from __future__ import annotations

from django import forms

from moderation.comments.services import NOTE_MAX_LENGTH
from moderation.models import PolicyCategory
from stanton.forms import PortalForm


class CategoryChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: PolicyCategory) -> str:
        return obj.name


def _categories():
    return PolicyCategory.objects.order_by("position", "code")


class CommentFlagForm(PortalForm):
    category = CategoryChoice(
        label="Policy category",
        queryset=_categories(),
        to_field_name="code",
        empty_label="Choose a category",
        error_messages={"required": "Choose the policy category this comment may break."},
    )
    note = forms.CharField(
        label="Why",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What in the comment breaks this part of the policy. It is kept as the "
        "flag's evidence.",
        error_messages={"required": "Say why you flag it."},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "flag_%s")
        super().__init__(*args, **kwargs)


class AccountNoteForm(PortalForm):
    text = forms.CharField(
        label="Note",
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="A note is a record: it cannot be edited or deleted. Write a new one to "
        "correct it.",
        error_messages={"required": "Write the note."},
    )


class PublicCategoryChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: PolicyCategory) -> str:
        return f"{obj.name}: {obj.description}" if obj.description else obj.name


class PublicReportForm(PortalForm):
    comment = forms.CharField(
        label="The comment's link, or its number on the platform",
        max_length=1000,
        help_text="On most platforms the time shown beside a comment is its link: copy it "
        "and paste it here.",
        error_messages={"required": "Paste the comment's link."},
    )
    category = PublicCategoryChoice(
        label="What part of the City's policy it breaks",
        queryset=_categories(),
        to_field_name="code",
        empty_label="Choose one",
        error_messages={"required": "Choose what the comment does."},
    )
    note = forms.CharField(
        label="Anything we should know (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    contact = forms.CharField(
        label="How to reach you (optional)",
        required=False,
        max_length=200,
        help_text="An e-mail address or phone number, only if you want an answer. What you "
        "send may be a public record.",
    )

    def clean_comment(self):
        value = self.cleaned_data["comment"].strip()
        if any(ch in value for ch in "\r\n\t\x00"):
            raise forms.ValidationError("Paste one link or number, on one line.")
        return value
