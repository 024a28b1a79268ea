"""Stored attachments are never served as something a browser would run or render."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from moderation.models import Attachment
from tests.conftest import sign_in
from tests.factories import CommentFactory

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def stored(comment, name, data, media_type):
    attachment = Attachment(
        comment=comment, source_url=f"https://cdn.example/{name}", media_type=media_type
    )
    attachment.file.save(name, ContentFile(data), save=False)
    attachment.save()
    return attachment


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data", "declared", "served", "download"),
    [
        ("photo.png", PNG, "image/png", "image/png", False),
        ("page.html", b"<script>alert(1)</script>", "text/html", "application/octet-stream", True),
        ("img.svg", b"<svg onload=alert(1)>", "image/svg+xml", "application/octet-stream", True),
        ("x.js", b"alert(1)", "application/javascript", "application/octet-stream", True),
        # Declared as an image, but the bytes are HTML: not trusted.
        (
            "liar.png",
            b"<html><script>alert(1)</script>",
            "image/png",
            "application/octet-stream",
            True,
        ),
        ("run.exe", b"MZ\x90\x00", "application/x-msdownload", "application/octet-stream", True),
    ],
)
def test_attachment_content_types_are_safe(
    client, moderator, site, name, data, declared, served, download
):
    attachment = stored(CommentFactory(site=site), name, data, declared)
    sign_in(client, moderator)
    response = client.get(reverse("moderation:attachment_download", args=[attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == served
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["Content-Disposition"].startswith("attachment") == download
    assert b"".join(response.streaming_content) == data


@pytest.mark.django_db
def test_attachment_on_another_site_is_not_found(client, other_moderator, site):
    attachment = stored(CommentFactory(site=site), "photo.png", PNG, "image/png")
    sign_in(client, other_moderator)
    response = client.get(reverse("moderation:attachment_download", args=[attachment.pk]))
    assert response.status_code == 404


@pytest.mark.django_db
def test_attachment_download_rejects_post(client, moderator, site):
    attachment = stored(CommentFactory(site=site), "photo.png", PNG, "image/png")
    sign_in(client, moderator)
    response = client.post(reverse("moderation:attachment_download", args=[attachment.pk]))
    assert response.status_code == 405
