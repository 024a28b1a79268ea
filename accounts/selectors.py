from __future__ import annotations

import base64

import segno
from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.models import User
from accounts.roles import ADMINISTRATOR, has_role


def get_staff_for_admin(user, pk: int) -> User:
    """A staff account, for administrators (who manage staff and roles) only."""
    if not has_role(user, ADMINISTRATOR):
        raise PermissionDenied("Only administrators manage staff.")
    try:
        return User.objects.prefetch_related("groups").get(pk=pk)
    except User.DoesNotExist as exc:
        raise Http404("No such staff member.") from exc


def totp_qr_svg_data_uri(device) -> str:
    """The enrolment QR code as an SVG data URI (no external service, CSP img-src data:)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


def totp_secret_for_display(device) -> str:
    """The shared secret in base32, in groups of four, for typing into an app by hand."""
    raw = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))
