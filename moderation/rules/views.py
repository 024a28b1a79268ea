"""Flag rules: the public list (no sign-in: hidden keyword filters were held unreasonable in
PETA v. Tabak, D.C. Cir. 2024) and the supervisors' pages to maintain them."""

from __future__ import annotations

import json
from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.roles import ADMINISTRATOR, SUPERVISOR, role_required
from moderation.flagging.defaults import HUMAN_ONLY_CATEGORIES
from moderation.flagging.learned import learned_history, learned_status
from moderation.flagging.rule_settings import rule_settings_read, settings_help
from moderation.flagging.rules import DETECTORS
from moderation.models import FlagRule, PolicyCategory
from moderation.rules import services
from moderation.rules.forms import LIST_KEYS, FlagRuleActiveForm, FlagRuleForm
from moderation.rules.selectors import (
    flag_rule_sites_for,
    flag_rules_for_management,
    flag_rules_published,
    get_flag_rule_for_supervisor,
    may_change_city_wide_rules,
)
from stanton.errors import ActionRefused

PAGE_SIZE = 50


def rule_display(rule: FlagRule) -> dict:
    """What a rule looks for, as plain values the template escapes."""
    parameters = dict(rule.parameters or {})
    if rule.kind == FlagRule.Kind.LEARNED:
        parameters = _learned_settings_shown(parameters)
    list_key = LIST_KEYS.get(rule.kind)
    entries = parameters.pop(list_key, []) if list_key else []
    pattern = parameters.pop("pattern", "") if rule.kind == FlagRule.Kind.REGEX else ""
    detector = parameters.pop("detector", "") if rule.kind == FlagRule.Kind.THRESHOLD else ""
    settings = [
        (key.replace("_", " "), value if isinstance(value, str) else json.dumps(value))
        for key, value in sorted(parameters.items())
    ]
    try:
        rule_settings_read(rule.kind, rule.parameters)
        problem = ""
    except ValidationError as exc:
        # Stored before today's checks: the classifier skips it (and logs it) until fixed.
        problem = " ".join(exc.messages)
    return {
        "rule": rule,
        "problem": problem,
        "entries": entries,
        "pattern": pattern,
        "detector": DETECTORS.get(detector, detector),
        "settings": settings,
        "sites": [site.name for site in rule.sites.all()],
    }


def _learned_settings_shown(parameters: dict) -> dict:
    """A learned rule's settings in force, defaults included: the public sees the threshold,
    floor and minimums even where a supervisor never set them."""
    try:
        settings = rule_settings_read(FlagRule.Kind.LEARNED, parameters)
    except ValidationError:
        return parameters
    shown = {
        name: getattr(settings, name)
        for name in (
            "threshold",
            "precision_floor",
            "min_violations",
            "min_others",
            "holdout_share",
            "max_decisions",
        )
    }
    return {**shown, **{k: v for k, v in parameters.items() if k not in ("score", "fallback")}}


@login_not_required
@require_safe
def rules_public(request):
    rules = [rule_display(rule) for rule in flag_rules_published()]
    by_category = {
        code: list(items) for code, items in groupby(rules, key=lambda r: r["rule"].category.code)
    }
    categories = list(PolicyCategory.objects.order_by("position"))
    sections = [
        {
            "category": c,
            "rules": by_category.get(c.code, []),
            "human_only": c.code in HUMAN_ONLY_CATEGORIES,
        }
        for c in categories
    ]
    return render(request, "moderation/rules/public.html", {"sections": sections})


def _rule_form(request, **kwargs) -> FlagRuleForm:
    """The rule form, offering only the sites this user may give a rule."""
    form = FlagRuleForm(request.POST or None, **kwargs)
    form.fields["sites"].queryset = flag_rule_sites_for(request.user)
    if not may_change_city_wide_rules(request.user):
        form.fields["sites"].required = True
        form.fields["sites"].help_text = (
            "Tick the sites the rule applies on. A City-wide rule (no site ticked) needs an "
            "administrator, or a supervisor designated for every active site."
        )
    return form


def _form_context(form: FlagRuleForm, **extra) -> dict:
    return {"form": form, "settings_help": settings_help(), **extra}


@role_required(ADMINISTRATOR, SUPERVISOR)
@require_safe
def rules_manage(request):
    rules = flag_rules_for_management(request.user)
    page = Paginator(rules, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [rule_display(rule) for rule in page.object_list]
    return render(
        request,
        "moderation/rules/manage.html",
        {"page": page, "rows": rows, "active_form": FlagRuleActiveForm()},
    )


@role_required(ADMINISTRATOR, SUPERVISOR)
@require_http_methods(["GET", "HEAD", "POST"])
def rules_create(request):
    form = _rule_form(request, initial={"active": True, "score": 0.8})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rule = services.flag_rule_create(
                actor=request.user,
                category=data["category"],
                name=data["name"],
                kind=data["kind"],
                parameters=data["parameters"],
                public_description=data["public_description"],
                sub_reason=data["sub_reason"],
                sites=data["sites"],
                active=data["active"],
            )
        except ActionRefused as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, f"Rule “{rule.name}” added.")
            return redirect("moderation:rules_edit", pk=rule.pk)
    return render(request, "moderation/rules/form.html", _form_context(form))


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(ADMINISTRATOR, SUPERVISOR)
def rules_edit(request, pk: int):
    rule = get_flag_rule_for_supervisor(request.user, pk)
    form = _rule_form(request, initial=FlagRuleForm.initial_for(rule))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rule = services.flag_rule_update(
                actor=request.user,
                rule=rule,
                category=data["category"],
                name=data["name"],
                kind=data["kind"],
                parameters=data["parameters"],
                public_description=data["public_description"],
                sub_reason=data["sub_reason"],
                sites=data["sites"],
                active=data["active"],
            )
        except ActionRefused as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, "Rule saved.")
            return redirect("moderation:rules_edit", pk=rule.pk)
    history = rule.history.select_related("history_user").order_by("-history_date")[:30]
    return render(
        request, "moderation/rules/form.html", _form_context(form, rule=rule, history=history)
    )


@require_POST
@role_required(ADMINISTRATOR, SUPERVISOR)
def rules_set_active(request, pk: int):
    rule = get_flag_rule_for_supervisor(request.user, pk)
    form = FlagRuleActiveForm(request.POST)
    form.is_valid()  # a checkbox: absent means off
    active = bool(form.cleaned_data.get("active"))
    services.flag_rule_set_active(actor=request.user, rule=rule, active=active)
    messages.success(request, f"Rule “{rule.name}” {'switched on' if active else 'switched off'}.")
    return redirect("moderation:rules_manage")


@role_required(ADMINISTRATOR, SUPERVISOR)
@require_safe
def rules_learned(request):
    """Each category's classifier learned from the City's decisions: the model in use, how it
    scored on the newest decisions held out from its training, and what there is to learn
    from now. The models are City-wide (trained on every site's decisions)."""
    manageable = set(flag_rules_for_management(request.user).values_list("pk", flat=True))
    statuses = learned_status()
    return render(
        request,
        "moderation/rules/learned.html",
        {"statuses": statuses, "manageable": manageable},
    )


@role_required(ADMINISTRATOR, SUPERVISOR)
@require_safe
def rules_learned_history(request, code: str):
    category = get_object_or_404(PolicyCategory, code=code)
    page = Paginator(learned_history(code), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "moderation/rules/learned_history.html", {"category": category, "page": page}
    )


def _errors_to_form(form, exc: ActionRefused) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            target = field if field in form.fields else None
            if field == "parameters":
                target = None
            for message in errors:
                form.add_error(target, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)
