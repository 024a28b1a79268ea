"""Forms for the queue: how the list is read, a decision on one comment, and bulk decisions.
Each says which field is missing, in words (the policy's categories and rationale)."""

from __future__ import annotations

from django import forms

from moderation.models import Comment, DecisionAction, PolicyCategory
from moderation.policy.categories import OFF_TOPIC_SUB_REASONS
from moderation.queue.selectors import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    SORT_AGE,
    SORT_PRIORITY,
)
from moderation.queue.services import NEEDS_CATEGORY, NEEDS_RATIONALE
from moderation.sites.selectors import designated_site_ids
from stanton.forms import PortalForm

CHOOSE_CATEGORY = "Choose at least one policy category"
WRITE_RATIONALE = "Write a rationale"
SUB_REASON_LABELS = {
    "spam": "Spam",
    "unintelligible": "Unintelligible",
    "repetitive": "Repetitive",
    "lengthy": "Unduly lengthy",
    "off_topic": "Off-topic",
}


TAB_FLAGGED = "flagged"
TAB_ESCALATED = "escalated"
TAB_REPORTED = "reported"
TAB_ALL = "all"
TABS = [
    (TAB_FLAGGED, "Flagged"),
    (TAB_ESCALATED, "Escalated"),
    (TAB_REPORTED, "Reported"),
    (TAB_ALL, "All"),
]


class QueueViewForm(PortalForm):
    """Sort, page size and the keyset cursor (not filters: they do not narrow the queue)."""

    sort = forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=[(SORT_PRIORITY, "Priority (threats first)"), (SORT_AGE, "Age (oldest first)")],
    )
    size = forms.IntegerField(
        label="Rows per page",
        required=False,
        min_value=1,
        max_value=MAX_PAGE_SIZE,
    )
    after = forms.CharField(required=False, max_length=500, widget=forms.HiddenInput)
    tab = forms.ChoiceField(choices=TABS, required=False, widget=forms.HiddenInput)

    def clean_tab(self):
        return self.cleaned_data.get("tab") or TAB_ALL

    def clean_sort(self):
        return self.cleaned_data.get("sort") or SORT_PRIORITY

    def clean_size(self):
        return self.cleaned_data.get("size") or DEFAULT_PAGE_SIZE


class PolicyCategoryChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: PolicyCategory) -> str:
        return obj.name


# An undo is not chosen on the form: it has its own button beside the decision it reverses.
DECIDABLE = [(value, label) for value, label in DecisionAction.choices if value != "undo"]
QUICK_ACTIONS = [
    (DecisionAction.KEEP, "Keep"),
    (DecisionAction.HIDE, "Hide"),
    (DecisionAction.REMOVE, "Remove"),
]


class DecisionForm(PortalForm):
    action = forms.ChoiceField(choices=DECIDABLE, label="Decision")
    categories = PolicyCategoryChoices(
        label="Policy categories",
        queryset=PolicyCategory.objects.order_by("position", "code"),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Required to hide or remove.",
    )
    sub_reason = forms.ChoiceField(
        label="Off-topic sub-reason",
        required=False,
        choices=[("", "—")] + [(r, SUB_REASON_LABELS.get(r, r)) for r in OFF_TOPIC_SUB_REASONS],
    )
    rationale = forms.CharField(
        label="Rationale",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Required to hide, remove, restore or escalate. Say what in the comment "
        "breaks which part of the policy; to escalate, say why a supervisor should decide.",
    )
    # Which template the rationale field was filled from (a category code, or "keep"), so an
    # edited template is recorded as one. Set by the page; the service judges the text itself.
    rationale_started_from = forms.CharField(
        required=False, max_length=40, widget=forms.HiddenInput
    )
    # The latest decision on the comment when its page was shown (0: none yet). With it any
    # comment may be decided from its page, and a decision someone made since is never
    # overruled unseen (moderation.queue.services.comment_decide).
    seen_decision = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        action = data.get("action")
        categories = data.get("categories") or []
        if action in NEEDS_CATEGORY and not categories:
            self.add_error("categories", CHOOSE_CATEGORY)
        if action in NEEDS_RATIONALE and not (data.get("rationale") or "").strip():
            self.add_error("rationale", WRITE_RATIONALE)
        if data.get("sub_reason") and not any(c.code == "off_topic" for c in categories):
            self.add_error("sub_reason", "A sub-reason goes with the off-topic category.")
        return data


class QuickDecisionForm(PortalForm):
    """One keystroke from a queue row: keep, or hide/remove under the flagged category with
    its template as the rationale (the row shows both before the key is pressed)."""

    quick_action = forms.ChoiceField(choices=QUICK_ACTIONS, label="Decision")
    return_query = forms.CharField(required=False, max_length=2000)


class BulkDecisionForm(PortalForm):
    comments = forms.ModelMultipleChoiceField(
        label="Comments",
        queryset=Comment.objects.none(),
        error_messages={"required": "Select at least one comment."},
    )
    action = forms.ChoiceField(
        label="Decision",
        choices=[
            (DecisionAction.KEEP, "Keep (no violation)"),
            (DecisionAction.HIDE, "Hide"),
            (DecisionAction.REMOVE, "Remove"),
            (DecisionAction.ESCALATE, "Escalate to a supervisor"),
        ],
    )
    category = forms.ModelChoiceField(
        label="Policy category",
        queryset=PolicyCategory.objects.order_by("position", "code"),
        to_field_name="code",
        required=False,
        empty_label="—",
        help_text="Required to hide or remove.",
    )
    rationale = forms.CharField(
        label="Rationale",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Required to hide, remove or escalate.",
    )
    return_query = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        # It shares the queue page with the filter form (which has a `category` too): its own
        # ids keep every label pointing at its own field.
        kwargs.setdefault("auto_id", "bulk_%s")
        super().__init__(*args, **kwargs)
        # Only comments on the user's sites can be named; the service re-checks each one.
        self.fields["comments"].queryset = Comment.objects.filter(
            site_id__in=designated_site_ids(user)
        )

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if action in NEEDS_CATEGORY and not data.get("category"):
            self.add_error("category", CHOOSE_CATEGORY)
        if action in NEEDS_RATIONALE and not (data.get("rationale") or "").strip():
            self.add_error("rationale", WRITE_RATIONALE)
        return data
