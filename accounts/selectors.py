from __future__ import annotations

import base64

import segno


def totp_qr_svg_data_uri(device) -> str:
    """The enrolment QR code as an SVG data URI (no external service, CSP img-src data:)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


def totp_secret_for_display(device) -> str:
    """The shared secret in base32, in groups of four, for typing into an app by hand."""
    raw = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))
