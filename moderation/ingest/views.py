"""Administrators manage API tokens: list, create (the token is shown once), revoke. And the
stored copies of attachments, served to whoever may read their comment."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.roles import ADMINISTRATOR, role_required
from moderation.comments.selectors import get_attachment_for_user
from moderation.ingest.forms import ApiTokenCreateForm
from moderation.ingest.tokens import (
    api_token_create,
    api_token_revoke,
    api_tokens_for_admin,
    get_api_token_for_admin,
)
from moderation.models import Attachment
from stanton.errors import ActionRefused


@role_required(ADMINISTRATOR)
@require_safe
def api_token_list(request):
    tokens = api_tokens_for_admin(request.user).order_by("revoked_at", "-created_at")
    return render(request, "moderation/tokens/list.html", {"tokens": tokens})


@role_required(ADMINISTRATOR)
@require_http_methods(["GET", "HEAD", "POST"])
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
    except ActionRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Token “{token.name}” revoked. It no longer works.")
    return redirect("moderation:api_token_list")


# --- attachments --------------------------------------------------------------------------
# Platform media is hostile input: a stored copy is never served with a type a browser would
# execute or render as a document.
# Raster images may be shown inline; everything else (HTML, SVG, scripts, PDFs, archives,
# unknown) is downloaded as opaque bytes.
INLINE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp"}
MAGIC = {
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/gif": (b"GIF87a", b"GIF89a"),
    "image/webp": (b"RIFF",),
}


def served_content_type(attachment: Attachment, head: bytes) -> str:
    """The declared type only when it is a raster image AND the bytes agree; otherwise
    application/octet-stream."""
    declared = (attachment.media_type or "").split(";")[0].strip().lower()
    if declared in INLINE_TYPES and head.startswith(MAGIC[declared]):
        return declared
    return "application/octet-stream"


@require_safe
def attachment_download(request, pk: int):
    attachment = get_attachment_for_user(request.user, pk)
    if not attachment.file:
        raise Http404("No stored copy of this attachment.")
    handle = attachment.file.open("rb")
    head = handle.read(16)
    handle.seek(0)
    content_type = served_content_type(attachment, head)
    response = FileResponse(
        handle,
        content_type=content_type,
        as_attachment=content_type not in INLINE_TYPES,
        filename=f"attachment-{attachment.pk}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
