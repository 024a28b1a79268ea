"""What the records app's audit events are about, in words, with a link (audit.subjects).

Registered from RecordsConfig.ready(); one query per kind for a whole page of the log.
"""

from __future__ import annotations

from django.utils.html import format_html

from moderation.auditlog.subjects import account_words, register_model, url_or_none
from moderation.templatetags.record_time import format_when
from records.models import (
    CityClosure,
    DisclosurePackage,
    Exemption,
    LegalHold,
    LetterTemplate,
    RecordsRequest,
    Redaction,
)


def _hold_words(hold: LegalHold):
    if hold.account_id:
        return format_html("Legal hold #{} on {}", hold.pk, account_words(hold.account))
    if hold.site_id:
        return format_html("Legal hold #{} on {}", hold.pk, hold.site.name)
    return format_html("Legal hold #{}", hold.pk)


def register() -> None:
    register_model(
        RecordsRequest,
        label="Records request",
        name=lambda r: format_html("Records request {}", r.number),
        url=lambda r: url_or_none("records:request_detail", r.pk),
    )
    register_model(
        DisclosurePackage,
        label="Disclosure package",
        name=lambda p: format_html(
            "Disclosure package #{} for records request {}", p.pk, p.request.number
        ),
        url=lambda p: url_or_none("records:package_detail", p.pk),
        related=("request",),
    )
    register_model(
        Redaction,
        label="Redaction",
        name=lambda r: format_html("Redaction #{} in records request {}", r.pk, r.request.number),
        url=lambda r: url_or_none("records:request_detail", r.request_id),
        related=("request",),
    )
    register_model(
        Exemption,
        label="Exemption",
        name=lambda e: format_html("Exemption {} ({})", e.code, e.citation),
        url=lambda e: url_or_none("records:exemption_edit", e.pk),
    )
    register_model(
        LegalHold,
        label="Legal hold",
        name=_hold_words,
        url=lambda h: url_or_none("records:hold_list"),
        related=("site", "account"),
    )
    register_model(
        CityClosure,
        label="City closure day",
        name=lambda c: format_html("City closure on {}", format_when(c.date)),
        url=lambda c: url_or_none("records:closure_list"),
    )
    register_model(
        LetterTemplate,
        label="Letter wording",
        name=lambda t: format_html("Letter wording: {}", t.get_kind_display()),
        url=lambda t: url_or_none("records:letter_template_edit", t.kind),
    )
