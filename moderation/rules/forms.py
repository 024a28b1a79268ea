"""The supervisors' flag-rule form: lists one entry per line, patterns validated, other
settings as JSON. The service validates again; nothing is saved half-way."""

from __future__ import annotations

import json
import re

from django import forms
from django.core.exceptions import ValidationError

from moderation.flagging.rules import (
    KEYWORDS,
    LINK_DOMAINS,
    NAMES,
    REGEX,
    pattern_validate,
    rule_parameters_validate,
)
from moderation.models import FlagRule, PolicyCategory, Site
from moderation.policy.categories import OFF_TOPIC_SUB_REASONS
from stanton.forms import PortalForm
from stanton.strictjson import BodyMalformed, loads_strict

LIST_KEYS = {KEYWORDS: "terms", NAMES: "terms", LINK_DOMAINS: "domains"}
SETTING_NAMED = re.compile(r"“(\w+)”")


class FlagRuleForm(PortalForm):
    name = forms.CharField(label="Name", max_length=200)
    category = forms.ModelChoiceField(
        label="Policy category", queryset=PolicyCategory.objects.order_by("position")
    )
    sub_reason = forms.ChoiceField(
        label="Sub-reason (off-topic only)",
        required=False,
        choices=[("", "None")]
        + [(s, s.replace("_", " ").capitalize()) for s in OFF_TOPIC_SUB_REASONS],
    )
    kind = forms.ChoiceField(label="Kind of rule", choices=FlagRule.Kind.choices)
    entries = forms.CharField(
        label="Words, phrases, names or domains",
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="One per line. Matching ignores case, accents, punctuation and common "
        "disguises (sh1t, f.u.c.k, fuuuck). For link domains: example.com.",
    )
    pattern = forms.CharField(
        label="Pattern (regular expression)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only for pattern rules. Matched against lower-case text with RE2, which "
        "runs in time proportional to the comment whatever the pattern. Look-around and "
        "back-references are not available: use the “not_followed_by” setting instead.",
    )
    score = forms.FloatField(
        label="Score (0 to 1)",
        min_value=0,
        max_value=1,
        initial=0.8,
        help_text="How strongly a match suggests a violation; orders the queue.",
    )
    settings = forms.CharField(
        label="Other settings (JSON)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text='E.g. {"max_chars": 2500} for a length rule, {"detector": "ssn"} for a '
        'detector rule, {"near": "staff_directory", "window": 8} for a phrase list '
        "that must appear next to a name. Each kind's settings are listed below the form; "
        "any other key is refused.",
    )
    public_description = forms.CharField(
        label="Public description",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the rule looks for, in plain words. Shown on the public rules page.",
    )
    sites = forms.ModelMultipleChoiceField(
        label="Sites",
        required=False,
        queryset=Site.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked to apply the rule on every site.",
    )
    active = forms.BooleanField(label="Active", required=False, initial=True)

    @classmethod
    def initial_for(cls, rule: FlagRule) -> dict:
        parameters = dict(rule.parameters or {})
        list_key = LIST_KEYS.get(rule.kind)
        entries = parameters.pop(list_key, []) if list_key else []
        pattern = parameters.pop("pattern", "") if rule.kind == REGEX else ""
        score = parameters.pop("score", 0.8)
        return {
            "name": rule.name,
            "category": rule.category,
            "sub_reason": rule.sub_reason,
            "kind": rule.kind,
            "entries": "\n".join(entries),
            "pattern": pattern,
            "score": score,
            "settings": json.dumps(parameters, indent=1) if parameters else "",
            "public_description": rule.public_description,
            "sites": list(rule.sites.all()),
            "active": rule.active,
        }

    def clean_settings(self):
        raw = self.cleaned_data.get("settings", "").strip()
        if not raw:
            return {}
        try:
            value = loads_strict(raw)
        except BodyMalformed as exc:
            # The strict reader also refuses NaN, Infinity and numbers like 1e400, which the
            # rule's JSON column could not store.
            cause = exc.__cause__
            if isinstance(cause, json.JSONDecodeError):
                detail = f"{cause.msg} (line {cause.lineno})"
            else:
                detail = str(cause or exc)
            raise ValidationError(f"This is not valid JSON: {detail}.") from exc
        if not isinstance(value, dict):
            raise ValidationError("Other settings must be a JSON object: {…}.")
        return value

    def clean_pattern(self):
        pattern = self.cleaned_data.get("pattern", "").strip()
        if pattern:
            pattern_validate(pattern)
        return pattern

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        category = data.get("category")
        if not kind or "settings" not in data:
            return data
        parameters = dict(data["settings"])
        if data.get("score") is not None:
            parameters["score"] = data["score"]
        list_key = LIST_KEYS.get(kind)
        if list_key:
            lines = [line.strip() for line in data.get("entries", "").splitlines()]
            parameters[list_key] = list(dict.fromkeys(line for line in lines if line))
            if not parameters[list_key]:
                self.add_error("entries", "Give at least one entry, one per line.")
                return data
        if kind == REGEX:
            if not data.get("pattern"):
                if "pattern" not in self.errors:
                    self.add_error("pattern", "A pattern rule needs a pattern.")
                return data
            parameters["pattern"] = data["pattern"]
        if (
            data.get("sub_reason")
            and category
            and data["sub_reason"] not in (category.sub_reasons or [])
        ):
            self.add_error("sub_reason", f"{category.name} has no sub-reasons like this.")
        try:
            data["parameters"] = rule_parameters_validate(kind, parameters)
        except ValidationError as exc:
            for message in exc.messages:
                self.add_error(self._field_for(kind, message), message)
        return data

    @staticmethod
    def _field_for(kind: str, message: str) -> str:
        """The form field a settings message belongs to: each message names its setting."""
        named = SETTING_NAMED.match(message)
        name = named.group(1) if named else ""
        if name and name == LIST_KEYS.get(kind):
            return "entries"
        if name in ("pattern", "score"):
            return name
        return "settings"


class FlagRuleActiveForm(PortalForm):
    active = forms.BooleanField(required=False)
