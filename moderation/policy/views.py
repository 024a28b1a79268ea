"""The policy in force, public (the link the City's pages post), and administrators entering
new versions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from accounts.roles import ADMINISTRATOR, role_required
from moderation.models import PolicyVersion
from moderation.policy.forms import PolicyVersionForm
from moderation.policy.selectors import (
    policy_categories_described,
    policy_version_in_force,
    policy_versions,
)
from moderation.policy.services import policy_version_add


def _public(request, version: PolicyVersion | None, *, in_force: PolicyVersion | None):
    return render(
        request,
        "moderation/policy/public.html",
        {
            "version": version,
            "in_force": in_force,
            "versions": policy_versions(),
            "categories": policy_categories_described(version),
        },
    )


@login_not_required
@require_safe
def policy_public(request):
    in_force = policy_version_in_force()
    return _public(request, in_force, in_force=in_force)


@login_not_required
@require_safe
def policy_public_version(request, pk: int):
    version = PolicyVersion.objects.filter(pk=pk).first()
    if version is None:
        raise Http404("No such version of the policy.")
    return _public(request, version, in_force=policy_version_in_force())


@role_required(ADMINISTRATOR)
@require_http_methods(["GET", "HEAD", "POST"])
def policy_version_list(request):
    form = PolicyVersionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            version = policy_version_add(
                actor=request.user,
                label=data["label"],
                text=data["text"],
                effective_on=data["effective_on"],
                category_descriptions=form.category_descriptions(),
            )
            messages.success(request, f"Policy version “{version.label}” entered.")
            return redirect("moderation:policy_version_list")
        except ValidationError as exc:
            form.add_error(None, exc)
    return render(
        request,
        "moderation/policy/versions.html",
        {"form": form, "versions": policy_versions(), "in_force": policy_version_in_force()},
    )
