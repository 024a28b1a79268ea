"""Serving stored copies of attachments. Platform media is hostile input: it is never served
with a type a browser would execute or render as a document."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.views.decorators.http import require_GET

from moderation.comments.selectors import get_comment_for_user
from moderation.models import Attachment

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


@require_GET
def attachment_download(request, pk: int):
    attachment = Attachment.objects.filter(pk=pk).only("id", "comment_id").first()
    if attachment is None:
        raise Http404("No such attachment.")
    get_comment_for_user(request.user, attachment.comment_id)  # 404 unless the user may read it
    attachment = Attachment.objects.get(pk=pk)
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
