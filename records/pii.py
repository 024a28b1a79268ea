"""Suggest spans that look like personal information, for a clerk to confirm as redactions.

Suggestions only: nothing is redacted until a clerk picks an exemption. Detects phone numbers
(libphonenumber, US region), email addresses, US Social Security numbers, street addresses
(number + name + street suffix): the personal information of members of the public.

City staff's names are not suggested: what employees do in their official role is generally
disclosable, and the City bears the burden of justifying each redaction (Gov. Code 7922.000).
A clerk can still select any text and redact it, citing an exemption.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers

EMAIL_RE = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
SSN_RE = re.compile(r"\b(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}\b")
STREET_SUFFIXES = (
    "street|st|avenue|ave|boulevard|blvd|road|rd|drive|dr|lane|ln|court|ct|way|place|pl|"
    "circle|cir|parkway|pkwy|terrace|ter"
)
ADDRESS_RE = re.compile(
    r"\b\d{1,6}\s+(?:[NSEW]\.?\s+)?(?:[A-Z][\w'-]*\s+){1,4}(?:" + STREET_SUFFIXES + r")\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Suggestion:
    kind: str
    start: int
    end: int
    text: str

    @property
    def label(self) -> str:
        return {
            "phone": "Phone number",
            "email": "Email address",
            "ssn": "Social Security number",
            "address": "Street address",
        }.get(self.kind, self.kind)


def detect(text: str) -> list[Suggestion]:
    found: list[Suggestion] = []
    if not text:
        return found
    for match in phonenumbers.PhoneNumberMatcher(text, "US"):
        found.append(Suggestion("phone", match.start, match.end, match.raw_string))
    for kind, pattern in (("email", EMAIL_RE), ("ssn", SSN_RE), ("address", ADDRESS_RE)):
        for m in pattern.finditer(text):
            found.append(Suggestion(kind, m.start(), m.end(), m.group(0)))
    # Drop a suggestion inside a longer one (an SSN is not also a phone number).
    found.sort(key=lambda s: (s.start, -(s.end - s.start)))
    kept: list[Suggestion] = []
    for s in found:
        if kept and s.start < kept[-1].end:
            continue
        kept.append(s)
    return kept
