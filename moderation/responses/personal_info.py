"""The check every reply passes before it is saved or sent: does it give out personal
information about the writer or another employee? Phone numbers, personal (non-City) email
addresses, home addresses, and the names of staff listed in the staff directory. The policy
keeps staff out of the exchange as persons: a reply names a public title ("the Public Works
Superintendent") and a public line or City mailbox, never a person's own.

The finders are the flagger's (moderation/flagging/detectors/personal*.py), read without its
rules: in a reply every phone number counts, unless it is a public line listed in the staff
directory or in settings.CITY_PUBLIC_PHONES.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from django.conf import settings

from moderation.flagging.defaults import CITY_DOMAINS
from moderation.flagging.detectors.personal import EMAIL, phone_numbers
from moderation.flagging.detectors.personal_more import more_phone_numbers, postal_addresses
from moderation.flagging.document import Context, Document
from moderation.flagging.rules import RuleSet
from moderation.responses.models import StaffDirectoryEntry


@dataclass(frozen=True)
class Finding:
    kind: str  # phone, email, address, name
    text: str
    start: int
    end: int
    explanation: str

    def as_dict(self) -> dict:
        return asdict(self)


def _digits(value: str) -> str:
    digits = re.sub(r"\D", "", value)
    return digits[-10:] if len(digits) >= 10 else digits


def _public_lines() -> set[str]:
    listed = StaffDirectoryEntry.objects.filter(active=True).exclude(public_phone="")
    lines = {_digits(p) for p in listed.values_list("public_phone", flat=True)}
    lines |= {_digits(p) for p in getattr(settings, "CITY_PUBLIC_PHONES", [])}
    return {line for line in lines if line}


def _city_domain(domain: str) -> bool:
    return any(domain == d or domain.endswith("." + d) for d in CITY_DOMAINS)


def _name_patterns(extra_names: list[str]) -> list[tuple[str, re.Pattern]]:
    names = list(StaffDirectoryEntry.objects.filter(active=True).values_list("name", flat=True)) + [
        n for n in extra_names if n
    ]
    found = []
    for name in dict.fromkeys(n.strip() for n in names):
        parts = [re.escape(p) for p in name.split() if len(p) > 1]
        if len(parts) < 2:
            continue
        # The full name, with any spacing, or "first last" without a middle name.
        pattern = r"\s+".join(parts)
        short = rf"{parts[0]}\s+{parts[-1]}"
        found.append((name, re.compile(rf"(?<!\w)(?:{pattern}|{short})(?!\w)", re.IGNORECASE)))
    return found


def reply_personal_information(text: str, *, writer=None) -> list[Finding]:
    """Everything in `text` a reply may not give out, in order of where it is."""
    doc = Document(text, RuleSet(), Context())
    findings: list[Finding] = []
    public = _public_lines()
    spans = [(s, e) for s, e, _ in phone_numbers(doc)]
    spans += [(s, e) for s, e, _ in more_phone_numbers(doc, ())]
    for start, end in sorted(set(spans)):
        raw = doc.text[start:end]
        if _digits(raw) in public:
            continue
        findings.append(
            Finding("phone", raw, start, end, "A phone number that is not a listed public line.")
        )
    for match in EMAIL.finditer(doc.text):
        if _city_domain(match.group(1).lower()):
            continue
        findings.append(
            Finding(
                "email",
                match.group(),
                match.start(),
                match.end(),
                "A personal email address (not a City mailbox).",
            )
        )
    for start, end in postal_addresses(doc):
        findings.append(
            Finding(
                "address",
                doc.text[start:end],
                start,
                end,
                "A home or postal address.",
            )
        )
    writer_name = getattr(writer, "full_name", "") if writer is not None else ""
    for name, pattern in _name_patterns([writer_name]):
        for match in pattern.finditer(doc.text):
            findings.append(
                Finding(
                    "name",
                    match.group(),
                    match.start(),
                    match.end(),
                    f"Names a member of staff ({name}): give their public title instead.",
                )
            )
    return sorted(findings, key=lambda f: (f.start, f.kind))
