"""The staff worklist of what to do by hand on the platforms, retries of failed actions, and
administrators entering a site's access token."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.roles import ADMINISTRATOR, MODERATOR, SUPERVISOR, role_required
from moderation.connectors import services
from moderation.connectors.forms import DoneByHandForm, RetryForm, SiteTokenForm
from moderation.connectors.models import SiteConnection
from moderation.connectors.selectors import (
    get_platform_action_for_user,
    site_capabilities,
    worklist_for_user,
)
from moderation.connectors.services import env_token_name
from moderation.sites.selectors import get_site_for_admin


@role_required(ADMINISTRATOR, MODERATOR, SUPERVISOR)
@require_safe
def worklist(request):
    actions = list(worklist_for_user(request.user)[:500])
    return render(
        request,
        "moderation/connectors/worklist.html",
        {"actions": actions, "done_form": DoneByHandForm()},
    )


def _back(request, action):
    if request.POST.get("next") == "comment" and action.comment_id:
        return redirect("moderation:comment_detail", pk=action.comment_id)
    return redirect("moderation:platform_worklist")


@require_POST
def action_done(request, pk: int):
    action = get_platform_action_for_user(request.user, pk)
    form = DoneByHandForm(request.POST)
    if form.is_valid():
        try:
            services.platform_action_mark_done(
                action=action, actor=request.user, note=form.cleaned_data["note"]
            )
            messages.success(request, f"Recorded as done by hand: {action.get_kind_display()}.")
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return _back(request, action)


@require_POST
def action_retry(request, pk: int):
    action = get_platform_action_for_user(request.user, pk)
    if RetryForm(request.POST).is_valid():
        try:
            services.platform_action_retry(action=action, actor=request.user)
            messages.success(request, f"Sent again: {action.get_kind_display()}.")
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return _back(request, action)


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(ADMINISTRATOR)
def site_connection(request, slug: str):
    site = get_site_for_admin(request.user, slug)
    form = SiteTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.site_token_set(site=site, token=form.cleaned_data["token"], actor=request.user)
            messages.success(request, "Access token stored. It will not be shown again.")
            return redirect("moderation:site_connection", slug=site.slug)
        except (ValidationError, ImproperlyConfigured) as exc:
            form.add_error("token", str(exc.messages[0] if hasattr(exc, "messages") else exc))
    return render(
        request,
        "moderation/connectors/site_connection.html",
        {
            "site": site,
            "form": form,
            "connection": SiteConnection.objects.filter(site=site).first(),
            "capabilities": sorted(site_capabilities(site)),
            "env_name": env_token_name(site),
        },
    )
