"""Forms for every records page (USWDS classes via PortalForm)."""

from __future__ import annotations

import dataclasses
import time
from datetime import timedelta
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core import signing
from django.utils import timezone

from accounts.roles import ADMINISTRATOR, RECORDS_CLERK
from moderation.models import PlatformState, PublicAccount, Site
from records.models import (
    RELEASING_OUTCOMES,
    Channel,
    DeterminationOutcome,
    Exemption,
    ExtensionReason,
    RequestStatus,
    TargetType,
    is_redactable_field,
)
from records.selectors.search import KIND_KEYS, KINDS, CriteriaError, SearchCriteria
from stanton.forms import PortalForm

DATE_WIDGET = forms.DateInput(attrs={"type": "date"})


def records_staff():
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=[RECORDS_CLERK, ADMINISTRATOR])
        .distinct()
        .order_by("full_name")
    )


class RequestIntakeForm(PortalForm):
    received_on = forms.DateField(label="Date received", widget=DATE_WIDGET)
    channel = forms.ChoiceField(choices=Channel.choices)
    requester_name = forms.CharField(
        max_length=200,
        required=False,
        label="Requester's name",
        help_text="Optional: a request may be anonymous.",
    )
    requester_contact = forms.CharField(
        max_length=300,
        required=False,
        label="Requester's contact",
        help_text="Optional: email, phone or postal address.",
    )
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), label="Records requested"
    )
    wants_pdf = forms.BooleanField(
        required=False,
        label="The requester asks for a PDF",
        help_text="Packages then include index.pdf, the readable index printed.",
    )
    assignee = forms.ModelChoiceField(queryset=None, required=False, label="Assign to")
    internal_notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = records_staff()

    def clean_received_on(self):
        value = self.cleaned_data["received_on"]
        if value > timezone.localdate():
            raise forms.ValidationError("The date received cannot be in the future.")
        return value


class StatusForm(PortalForm):
    status = forms.ChoiceField(choices=RequestStatus.choices, label="New status")
    determination = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="The determination and its reasons (Gov. Code 7922.535(a)); needed to close.",
    )


class AssignForm(PortalForm):
    assignee = forms.ModelChoiceField(queryset=None, required=False, label="Assign to")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = records_staff()


class AssistanceForm(PortalForm):
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Help given to the requester",
        help_text="Gov. Code 7922.600: what you suggested or explained, and how.",
    )


class ExtensionForm(PortalForm):
    reasons = forms.MultipleChoiceField(
        choices=ExtensionReason.choices,
        widget=forms.CheckboxSelectMultiple,
        label="Unusual circumstances (Gov. Code 7922.535(c))",
        help_text="Tick every reason the notice states.",
    )
    notice_sent_on = forms.DateField(label="Written notice sent on", widget=DATE_WIDGET)
    new_due_on = forms.DateField(label="New determination date", widget=DATE_WIDGET)
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label="Reasons stated in the notice",
    )


class DeterminationForm(PortalForm):
    outcome = forms.ChoiceField(
        choices=DeterminationOutcome.choices,
        widget=forms.RadioSelect,
        label="What was determined",
    )
    determination = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label="The determination and its reasons, as sent",
        help_text="Name each exemption relied on when records are withheld (Gov. Code 7922.540).",
    )
    sent_on = forms.DateField(label="Sent to the requester on", widget=DATE_WIDGET)
    responsible = forms.CharField(
        max_length=500,
        required=False,
        label="Persons responsible for a denial",
        help_text="Names and titles (Gov. Code 7922.540), e.g. “Jane Doe, City Attorney”; "
        "needed when records are withheld.",
    )
    records_available_at = forms.DateTimeField(
        required=False,
        label="Records estimated to be available",
        help_text="Date and time (Gov. Code 7922.535(a)); needed when records will be released.",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outcome") in RELEASING_OUTCOMES and not cleaned.get("records_available_at"):
            self.add_error(
                "records_available_at",
                "Give the estimated date and time the records will be available.",
            )
        return cleaned


class SearchCriteriaForm(PortalForm):
    sites = forms.ModelMultipleChoiceField(
        queryset=Site.objects.order_by("name"),
        required=False,
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        label="Sites",
        help_text="Tick one or several; none ticked: every site.",
    )
    account = forms.CharField(
        max_length=200,
        required=False,
        label="Public account",
        help_text="Handle, display name or platform id.",
    )
    date_from = forms.DateField(required=False, widget=DATE_WIDGET, label="From (Pacific date)")
    date_to = forms.DateField(required=False, widget=DATE_WIDGET, label="To (Pacific date)")
    keyword = forms.CharField(
        max_length=200, required=False, help_text='Words, "an exact phrase", or -word to exclude.'
    )
    platform_states = forms.MultipleChoiceField(
        choices=PlatformState.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Platform state (comments)",
        help_text="None checked: every state.",
    )
    kinds = forms.MultipleChoiceField(
        choices=KINDS,
        widget=forms.CheckboxSelectMultiple,
        label="Kinds of record",
        initial=list(KIND_KEYS),
    )

    @staticmethod
    def data_from_json(data: dict[str, Any]) -> dict[str, Any]:
        if not isinstance(data, dict):
            return {}
        out: dict[str, Any] = {}
        for key in ("account", "date_from", "date_to", "keyword"):
            value = data.get(key, "")
            out[key] = value if isinstance(value, str) else ""
        # Saved before several sites could be searched: one "site_slug".
        slugs = data.get("site_slugs")
        if not isinstance(slugs, list) or not slugs:
            slugs = [data["site_slug"]] if data.get("site_slug") else []
        out["sites"] = [v for v in slugs if isinstance(v, str) and v]
        for key in ("platform_states", "kinds"):
            value = data.get(key, [])
            out[key] = [v for v in value if isinstance(v, str)] if isinstance(value, list) else []
        return out

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end date is before the start date.")
        keyword = (cleaned.get("keyword") or "").strip()
        cleaned["keyword"] = keyword
        if keyword and "\x00" in keyword:
            self.add_error("keyword", "The keyword contains a character that cannot be searched.")
        if not any(
            [
                cleaned.get("sites"),
                cleaned.get("account"),
                start,
                end,
                keyword,
                cleaned.get("platform_states"),
            ]
        ):
            raise forms.ValidationError(
                "Give at least one criterion (site, account, dates, keyword or platform state)."
            )
        return cleaned

    def criteria(self) -> SearchCriteria:
        data = self.cleaned_data
        sites = sorted(data.get("sites") or (), key=lambda s: s.slug)
        one = sites[0] if len(sites) == 1 else None
        return SearchCriteria(
            site_id=one.pk if one else None,
            site_slug=one.slug if one else "",
            site_ids=tuple(s.pk for s in sites),
            site_slugs=tuple(s.slug for s in sites),
            account=(data.get("account") or "").strip(),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            keyword=data.get("keyword") or "",
            platform_states=tuple(data.get("platform_states") or ()),
            kinds=tuple(data.get("kinds") or KIND_KEYS),
        )


def criteria_from_json(data: dict[str, Any]) -> SearchCriteria:
    """Saved criteria (`SearchCriteria.to_json`), re-validated with the same form the clerk
    used: a request or package never searches with criteria the form would refuse."""
    form = SearchCriteriaForm(data=SearchCriteriaForm.data_from_json(data or {}))
    if not form.is_valid():
        problems = "; ".join(f"{name}: {' '.join(errs)}" for name, errs in form.errors.items())
        raise CriteriaError(f"The saved search criteria are not valid ({problems}).")
    return dataclasses.replace(form.criteria(), excluded=_excluded_from_json(data))


def _excluded_from_json(data: dict[str, Any] | None) -> tuple[tuple[str, tuple[int, ...]], ...]:
    """A package's frozen exclusions ({kind: [ids]}), checked as strictly as the criteria."""
    raw = (data or {}).get("excluded") or {}
    if not isinstance(raw, dict):
        raise CriteriaError("The saved exclusions are not valid.")
    found = []
    for kind, ids in sorted(raw.items()):
        if kind not in KIND_KEYS or not isinstance(ids, list):
            raise CriteriaError("The saved exclusions are not valid.")
        if not all(isinstance(i, int) and not isinstance(i, bool) and i > 0 for i in ids):
            raise CriteriaError("The saved exclusions are not valid.")
        found.append((kind, tuple(sorted(set(ids)))))
    return tuple(found)


class ExemptionChoiceField(forms.ModelChoiceField):
    """Chosen by its plain-language name, the citation beside it."""

    def label_from_instance(self, obj) -> str:
        return obj.label


class RedactionForm(PortalForm):
    """A redaction from the clerk's selection. With JavaScript, selecting text in a record
    fills the hidden record, field and offsets and the visible text; without it, the clerk
    picks the field and types or pastes the text. The server checks the text is there
    (records.services.redactions.redaction_mark): nobody types an offset."""

    target_type = forms.ChoiceField(choices=TargetType.choices, widget=forms.HiddenInput)
    target_id = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    field = forms.ChoiceField(
        required=False,
        label="Part of the record",
        help_text="Filled in when you select text in the record.",
    )
    selected_text = forms.CharField(
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Text to redact",
        help_text="Select it in the record above, or paste it exactly. Leave it empty to "
        "redact the whole part chosen above.",
    )
    occurrence = forms.IntegerField(
        min_value=1,
        required=False,
        label="Which occurrence",
        help_text="Only when the text appears more than once: 1 for the first, and so on.",
    )
    start = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput)
    end = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)
    exemption = ExemptionChoiceField(
        queryset=Exemption.objects.filter(active=True).order_by("name", "citation"),
        widget=forms.RadioSelect,
        empty_label=None,
        label="Exemption",
    )
    note = forms.CharField(max_length=500, required=False)

    def __init__(self, *args, fields: dict[str, str] | None = None, **kwargs):
        """`fields`: {name: label} of the record's redactable parts; None accepts any name of
        the kind (a form posted from the review page, where several records share it)."""
        super().__init__(*args, **kwargs)
        self.record_fields = fields
        choices = [("", "The whole record (withhold it)")]
        choices += list((fields or {}).items())
        self.fields["field"].choices = choices
        if fields is None:
            self.fields["field"] = forms.CharField(
                required=False, max_length=300, widget=forms.HiddenInput
            )

    def clean(self):
        cleaned = super().clean()
        kind, name = cleaned.get("target_type"), cleaned.get("field") or ""
        if kind and name and not is_redactable_field(kind, name):
            self.add_error("field", "That is not a part of this record that can be redacted.")
        start, end = cleaned.get("start"), cleaned.get("end")
        text = cleaned.get("selected_text") or ""
        if (start is None) != (end is None) or (start is not None and end <= start):
            self.add_error(None, "The selection was not understood: select the text again.")
        elif start is not None and not text:
            self.add_error("selected_text", "The selected text is missing: select it again.")
        if (text or start is not None) and not name:
            self.add_error("field", "Choose the part of the record the text is in.")
        return cleaned


class RecordIdsField(forms.Field):
    """A list of record ids (several inputs of one name)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        if not value:
            return []
        if not isinstance(value, (list, tuple)):
            raise forms.ValidationError("Expected a list of record ids.")
        try:
            ids = [int(v) for v in value]
        except (TypeError, ValueError):
            raise forms.ValidationError("Expected record ids.") from None
        if any(i < 1 for i in ids) or len(ids) > 1000:
            raise forms.ValidationError("Expected record ids.")
        return ids


class RecordsChoiceForm(forms.Form):
    """One page of review results: the records shown, and the ones ticked to include."""

    kind = forms.ChoiceField(choices=KINDS)
    page = forms.IntegerField(min_value=1, required=False)
    shown = RecordIdsField()
    include = RecordIdsField(required=False)


class WithdrawForm(PortalForm):
    reason = forms.CharField(max_length=500, label="Reason")


class HoldForm(PortalForm):
    site = forms.ModelChoiceField(
        queryset=Site.objects.order_by("name"), required=False, empty_label="All sites"
    )
    account = forms.CharField(
        max_length=200,
        required=False,
        label="Public account",
        help_text="Handle or platform id of an account already stored.",
    )
    starts_on = forms.DateField(required=False, widget=DATE_WIDGET, label="Content from")
    ends_on = forms.DateField(required=False, widget=DATE_WIDGET, label="Content until")
    keyword = forms.CharField(max_length=200, required=False)
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="e.g. litigation, claim or audit this hold preserves for.",
    )

    def clean_account(self):
        value = (self.cleaned_data.get("account") or "").strip()
        if not value:
            return None
        account = (
            PublicAccount.objects.filter(handle__iexact=value).first()
            or PublicAccount.objects.filter(external_id=value).first()
        )
        if account is None:
            raise forms.ValidationError("No stored public account has that handle or id.")
        return account

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("starts_on")
            and cleaned.get("ends_on")
            and cleaned["starts_on"] > cleaned["ends_on"]
        ):
            self.add_error("ends_on", "The end date is before the start date.")
        return cleaned


class ClosureForm(PortalForm):
    """One closure day, or a recurring one (every week, every other week…) up to an end date."""

    MAX_DAYS = 400
    REPEAT_CHOICES = [
        ("", "Just this day"),
        ("7", "Every week"),
        ("14", "Every other week (for example alternate Fridays)"),
        ("28", "Every four weeks"),
    ]

    date = forms.DateField(widget=DATE_WIDGET, label="Closure day (the first one, if recurring)")
    reason = forms.CharField(max_length=300, help_text="e.g. City Hall closed: winter break.")
    repeat = forms.ChoiceField(choices=REPEAT_CHOICES, required=False, label="Repeats")
    until = forms.DateField(
        widget=DATE_WIDGET,
        required=False,
        label="Last day of the series",
        help_text="Needed for a recurring closure.",
    )

    def clean(self):
        cleaned = super().clean()
        first, repeat, until = cleaned.get("date"), cleaned.get("repeat"), cleaned.get("until")
        if first is None:
            return cleaned
        if not repeat:
            cleaned["days"] = [first]
            return cleaned
        if until is None:
            self.add_error("until", "Give the last day of a recurring closure.")
            return cleaned
        if until < first:
            self.add_error("until", "The last day must be on or after the first one.")
            return cleaned
        step = timedelta(days=int(repeat))
        days, day = [], first
        while day <= until:
            days.append(day)
            day += step
        if len(days) > self.MAX_DAYS:
            self.add_error("until", f"At most {self.MAX_DAYS} days at once; choose an earlier end.")
            return cleaned
        cleaned["days"] = days
        return cleaned


class ExemptionForm(PortalForm):
    code = forms.SlugField(
        max_length=40,
        label="Short name",
        help_text="Lower case and hyphens, e.g. investigation-records. It cannot change later.",
    )
    name = forms.CharField(
        max_length=120,
        label="Plain-language name",
        help_text="What clerks pick and requesters read, e.g. Information security records.",
    )
    citation = forms.CharField(max_length=120, help_text="e.g. Gov. Code 7923.600")
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label="What it covers, in plain language",
        help_text="Clerks choose the exemption by this description; requesters read it.",
    )
    active = forms.BooleanField(required=False, initial=True, label="Offered for new redactions")

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["code"]
        else:
            del self.fields["active"]


class ClosureWithdrawForm(PortalForm):
    reason = forms.CharField(
        max_length=300, help_text="Why the day is withdrawn, e.g. City Hall stayed open."
    )


class RequestFilterForm(forms.Form):
    status = forms.ChoiceField(
        choices=[("", "Any"), ("open", "Open")] + RequestStatus.choices, required=False
    )
    assignee = forms.ModelChoiceField(queryset=None, required=False, empty_label="Anyone")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = records_staff()
        self.fields["status"].widget.attrs["class"] = "usa-select"
        self.fields["assignee"].widget.attrs["class"] = "usa-select"


class PublicRequestForm(PortalForm):
    """The public's request form. Bots are kept out without a third-party CAPTCHA: a field
    people do not see must stay empty, the form must have been on screen a few seconds (a
    signed timestamp), and each address is rate-limited."""

    MIN_SECONDS = 3
    MAX_SECONDS = 6 * 3600
    SALT = "records.public-request"

    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10_000,
        label="Describe the records you want",
        help_text="For example: removed comments on the City's Facebook page about the budget "
        "hearing, March 1 to 15. You do not have to say why you want them.",
    )
    requester_name = forms.CharField(
        max_length=200,
        required=False,
        label="Your name (optional)",
        help_text="Anonymous requests are accepted.",
    )
    requester_contact = forms.CharField(
        max_length=300,
        required=False,
        label="How to reach you (optional)",
        help_text="An email address gets you the tracking link and our messages by email.",
    )
    wants_pdf = forms.BooleanField(
        required=False,
        label="I would like the records as a PDF too",
        help_text="Released records always come as a web page you can open in any browser, "
        "and a spreadsheet.",
    )
    # The honeypot: hidden from people by CSS and from assistive technology; bots fill it.
    website = forms.CharField(required=False, label="Leave this empty")
    started = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["started"] = signing.TimestampSigner(salt=self.SALT).sign(
                str(int(time.time()))
            )
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise forms.ValidationError("Your request could not be sent. Please try again.")
        try:
            shown_at = signing.TimestampSigner(salt=self.SALT).unsign(
                cleaned.get("started", ""), max_age=self.MAX_SECONDS
            )
            age = time.time() - int(shown_at)
        except (signing.BadSignature, signing.SignatureExpired, ValueError):
            raise forms.ValidationError(
                "This form expired. Please copy your text, reload the page and send it again."
            ) from None
        if age < self.MIN_SECONDS:
            raise forms.ValidationError(
                "That was quick: please check your request and send it again."
            )
        return cleaned


class RequesterMessageForm(PortalForm):
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), max_length=10_000, label="Your message"
    )


class PackageBuildForm(PortalForm):
    include_pdf = forms.BooleanField(
        required=False,
        label="Include a PDF (index.pdf)",
        help_text="The readable index printed, for a requester who asked for a PDF.",
    )


class ClerkMessageForm(PortalForm):
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10_000,
        label="Message to the requester",
        help_text="Kept on the request, shown on the requester's tracking page, and emailed when "
        "they gave an email address.",
    )


class LetterTemplateForm(PortalForm):
    subject = forms.CharField(max_length=300, required=False)
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 14}), label="Wording")
