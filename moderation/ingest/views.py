"""Administrators manage API tokens: list, create (the token is shown once), revoke."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts.roles import ADMINISTRATOR, role_required
from moderation.ingest.forms import ApiTokenCreateForm
from moderation.ingest.tokens import (
    api_token_create,
    api_token_revoke,
    api_tokens_for_admin,
    get_api_token_for_admin,
)


@role_required(ADMINISTRATOR)
@require_http_methods(["GET"])
def api_token_list(request):
    tokens = api_tokens_for_admin(request.user).order_by("revoked_at", "-created_at")
    return render(request, "moderation/tokens/list.html", {"tokens": tokens})


@role_required(ADMINISTRATOR)
@require_http_methods(["GET", "POST"])
@never_cache
def api_token_create_view(request):
    form = ApiTokenCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token, raw = api_token_create(
            name=form.cleaned_data["name"], sites=form.cleaned_data["sites"], actor=request.user
        )
        # Shown in this response only, never stored or redirected with: it cannot be seen again.
        return render(request, "moderation/tokens/created.html", {"token": token, "raw": raw})
    return render(request, "moderation/tokens/form.html", {"form": form})


@role_required(ADMINISTRATOR)
@require_POST
def api_token_revoke_view(request, pk: int):
    token = get_api_token_for_admin(request.user, pk)
    try:
        api_token_revoke(token=token, actor=request.user)
    except ValueError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Token “{token.name}” revoked. It no longer works.")
    return redirect("moderation:api_token_list")
