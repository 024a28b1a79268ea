"""Letters to the requester: the built-in wording, the placeholders a template may use, and
rendering. Administrators may replace any wording (LetterTemplate); what was sent is kept as
sent (RequestLetter), so a later edit never changes a letter on the record.

Placeholders are `{name}` from PLACEHOLDERS only (not a template language: an administrator's
text cannot reach any other data); `{{` and `}}` write a brace.
"""

from __future__ import annotations

import re
from collections import Counter

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone

from records.models import (
    ExtensionReason,
    LetterKind,
    LetterTemplate,
    RecordsRequest,
)

PLACEHOLDERS = {
    "number": "The request number",
    "today": "Today's date",
    "requester_name": "The requester's name, or “Requester”",
    "received_on": "The day the request was received",
    "description": "The records requested",
    "due_on": "The determination due date (the extended one when extended)",
    "extension_reasons": "The 7922.535(c) reasons cited for the extension, one a line",
    "extended_due_on": "The date the determination is now expected",
    "determination": "The determination and its reasons, as the clerk wrote them",
    "records_available_at": "The estimated date and time the records will be available",
    "exemptions": "Each exemption relied on, with its description, one a line",
    "withheld": "What is withheld: whole records and portions, by exemption",
    "responsible": "The names and titles of the persons responsible for the denial",
    "clerk": "The assigned clerk's name and title",
    "body": "(letterhead only) where the letter goes",
}

DEFAULTS: dict[str, tuple[str, str]] = {
    LetterKind.LETTERHEAD: (
        "",
        "CITY OF STANTON\nOffice of the City Clerk\n7800 Katella Avenue, Stanton, CA 90680\n\n"
        "{today}\n\n{body}\n\nOffice of the City Clerk, City of Stanton",
    ),
    LetterKind.ACKNOWLEDGMENT: (
        "Public records request {number} received",
        "Dear {requester_name},\n\nThe City received your request {number} on {received_on} "
        "for:\n\n{description}\n\nUnder the California Public Records Act (Gov. Code "
        "7922.535) the City will tell you by {due_on} whether it has disclosable records.",
    ),
    LetterKind.EXTENSION: (
        "Public records request {number}: more time needed",
        "Dear {requester_name},\n\nThe City needs more time to answer your request {number}, "
        "because of these unusual circumstances (Gov. Code 7922.535(c)):\n{extension_reasons}"
        "\n\nThe City expects to send its determination by {extended_due_on}.",
    ),
    LetterKind.DETERMINATION_FULL: (
        "Public records request {number}: determination",
        "Dear {requester_name},\n\nThe City has records responsive to your request {number} "
        "and will disclose them in full.\n\n{determination}\n\nThe records are estimated to be "
        "available on {records_available_at}.\n\nResponsible for this determination: "
        "{responsible}",
    ),
    LetterKind.DETERMINATION_PARTIAL: (
        "Public records request {number}: determination",
        "Dear {requester_name},\n\nThe City has records responsive to your request {number}. "
        "It will disclose them except for what is listed below.\n\n{determination}\n\n"
        "Withheld:\n{withheld}\n\nExemptions relied on:\n{exemptions}\n\nThe records are "
        "estimated to be available on {records_available_at}.\n\nPersons responsible for "
        "this denial (Gov. Code 7922.540): {responsible}",
    ),
    LetterKind.DETERMINATION_DENIAL: (
        "Public records request {number}: determination",
        "Dear {requester_name},\n\nThe City has records responsive to your request {number} "
        "but is withholding them.\n\n{determination}\n\nWithheld:\n{withheld}\n\nExemptions "
        "relied on:\n{exemptions}\n\nPersons responsible for this denial (Gov. Code "
        "7922.540): {responsible}",
    ),
    LetterKind.NO_RECORDS: (
        "Public records request {number}: no records",
        "Dear {requester_name},\n\nAfter a search of its records the City has no records "
        "responsive to your request {number}.\n\n{determination}\n\nResponsible for this "
        "determination: {responsible}",
    ),
}

_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([a-z_]+)\}")


def unknown_placeholders(text: str) -> list[str]:
    return sorted(
        {
            m.group(1)
            for m in _PLACEHOLDER.finditer(text)
            if m.group(1) and m.group(1) not in PLACEHOLDERS
        }
    )


def fill(text: str, values: dict[str, str]) -> str:
    def replace(match: re.Match) -> str:
        token = match.group(0)
        if token in ("{{", "}}"):
            return token[0]
        return values.get(match.group(1), token)

    return _PLACEHOLDER.sub(replace, text)


def wording(kind: str) -> tuple[str, str]:
    """(subject, body) for `kind`: the administrator's, else the built-in one."""
    row = LetterTemplate.objects.filter(kind=kind).first()
    if row is not None:
        return row.subject, row.body
    return DEFAULTS[kind]


def _staff_line(user) -> str:
    if user is None:
        return "the City Clerk"
    name = user.full_name or user.email
    return f"{name}, {user.title}" if getattr(user, "title", "") else name


def values_for(request: RecordsRequest, *, responsible: str = "") -> dict[str, str]:
    today = timezone.localdate()
    redactions = list(
        request.redactions.filter(withdrawn_at__isnull=True).select_related("exemption")
    )
    exemptions = {r.exemption.citation: r.exemption.description for r in redactions}
    whole = Counter(r.exemption.citation for r in redactions if not r.field)
    parts = Counter(r.exemption.citation for r in redactions if r.field)
    withheld = [f"  - {n} whole record(s) under {c}" for c, n in sorted(whole.items())]
    withheld += [f"  - {n} portion(s) of records under {c}" for c, n in sorted(parts.items())]
    codes = request.extension_reasons or (
        [request.extension_reason] if request.extension_reason else []
    )
    available = (
        f"{timezone.localtime(request.records_available_at):%B %d, %Y at %I:%M %p %Z}"
        if request.records_available_at
        else "a date we will tell you"
    )
    return {
        "number": request.number,
        "today": f"{today:%B %d, %Y}",
        "requester_name": request.requester_name or "Requester",
        "received_on": f"{request.received_on:%B %d, %Y}",
        "description": request.description,
        "due_on": f"{request.effective_due_on:%A, %B %d, %Y}",
        "extension_reasons": "\n".join(
            f"  - {ExtensionReason(c).label}" for c in codes if c in ExtensionReason.values
        ),
        "extended_due_on": (
            f"{request.extended_due_on:%A, %B %d, %Y}" if request.extended_due_on else ""
        ),
        "determination": request.determination,
        "records_available_at": available,
        "exemptions": "\n".join(f"  - {c}: {d}" for c, d in sorted(exemptions.items()))
        or "  None.",
        "withheld": "\n".join(withheld) or "  Nothing.",
        "responsible": responsible or _staff_line(request.assignee),
        "clerk": _staff_line(request.assignee),
    }


def render(kind: str, request: RecordsRequest, *, responsible: str = "") -> tuple[str, str]:
    """(subject, body) of the letter as it would be sent now, inside the letterhead."""
    values = values_for(request, responsible=responsible)
    subject, body = wording(kind)
    _head_subject, head = wording(LetterKind.LETTERHEAD)
    letter = fill(body, values)
    return fill(subject, values), fill(head, {**values, "body": letter})


def email_of(contact: str) -> str:
    """The requester's email address, when the contact they gave is one ("" otherwise)."""
    contact = (contact or "").strip()
    try:
        validate_email(contact)
    except ValidationError:
        return ""
    return contact
