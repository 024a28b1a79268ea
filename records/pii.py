"""Suggest spans that look like personal information, for a clerk to confirm as redactions.

Suggestions only: nothing is redacted until a clerk picks an exemption. Detects phone numbers
(libphonenumber, US region), email addresses, US Social Security numbers, street addresses
(number + name + street suffix): the personal information of members of the public; and, in
a record's free text, the name of the member of the public the record is about (the
comment's author, the banned account) where it appears.

City staff in their official role are not suggested: their names, City mailboxes (the City's
domains and the staff directory's public addresses) and the City's public lines. What
employees do in their official role is generally disclosable, and the City bears the burden of
justifying each redaction (Gov. Code 7922.000). Nor are members of a legislative body acting
as such. A clerk can still select any text and redact it, citing an exemption.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers
from django.conf import settings
from django.contrib.auth import get_user_model

from moderation.flagging.defaults import CITY_DOMAINS
from moderation.models import StaffDirectoryEntry

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
            "name": "Name of a member of the public",
        }.get(self.kind, self.kind)


@dataclass(frozen=True)
class CityContacts:
    """The City's own, in their official role: never suggested."""

    domains: tuple[str, ...] = tuple(CITY_DOMAINS)
    emails: frozenset[str] = frozenset()
    phones: frozenset[str] = frozenset()  # the last ten digits
    names: frozenset[str] = frozenset()  # lower case, spaces collapsed

    def official_email(self, address: str) -> bool:
        address = address.lower()
        domain = address.rpartition("@")[2]
        return address in self.emails or any(
            domain == d or domain.endswith("." + d) for d in self.domains
        )

    def official_phone(self, raw: str) -> bool:
        return _digits(raw) in self.phones

    def official_name(self, name: str) -> bool:
        return _name_key(name) in self.names


def _digits(value: str) -> str:
    digits = re.sub(r"\D", "", value)
    return digits[-10:]


def _name_key(name: str) -> str:
    return " ".join(name.lower().split())


def city_contacts() -> CityContacts:
    """The staff directory (active entries), staff users' names and settings.CITY_PUBLIC_PHONES."""
    entries = StaffDirectoryEntry.objects.filter(active=True).values_list(
        "name", "public_phone", "public_email"
    )
    names, phones, emails = set(), set(), set()
    for name, phone, email in entries:
        names.add(_name_key(name))
        if phone:
            phones.add(_digits(phone))
        if email:
            emails.add(email.lower())
    phones |= {_digits(p) for p in getattr(settings, "CITY_PUBLIC_PHONES", [])}
    names |= {
        _name_key(n)
        for n in get_user_model().objects.exclude(full_name="").values_list("full_name", flat=True)
    }
    return CityContacts(
        emails=frozenset(emails),
        phones=frozenset(p for p in phones if p),
        names=frozenset(n for n in names if n),
    )


def detect(
    text: str, *, contacts: CityContacts | None = None, public_names: tuple[str, ...] = ()
) -> list[Suggestion]:
    """Suggestions in `text`. `contacts`: the City's official contacts, left out (read from
    the database when not given); `public_names`: names of members of the public to find."""
    found: list[Suggestion] = []
    if not text:
        return found
    contacts = contacts if contacts is not None else city_contacts()
    for match in phonenumbers.PhoneNumberMatcher(text, "US"):
        if not contacts.official_phone(match.raw_string):
            found.append(Suggestion("phone", match.start, match.end, match.raw_string))
    for kind, pattern in (("email", EMAIL_RE), ("ssn", SSN_RE), ("address", ADDRESS_RE)):
        for m in pattern.finditer(text):
            if kind == "email" and contacts.official_email(m.group(0)):
                continue
            found.append(Suggestion(kind, m.start(), m.end(), m.group(0)))
    for name in dict.fromkeys(n.strip() for n in public_names):
        if len(name) < 4 or contacts.official_name(name):
            continue
        spaced = r"\s+".join(re.escape(p) for p in name.split())
        pattern = re.compile(rf"(?<!\w){spaced}(?!\w)", re.IGNORECASE)
        for m in pattern.finditer(text):
            found.append(Suggestion("name", m.start(), m.end(), m.group(0)))
    # Drop a suggestion inside a longer one (an SSN is not also a phone number).
    found.sort(key=lambda s: (s.start, -(s.end - s.start)))
    kept: list[Suggestion] = []
    for s in found:
        if kept and s.start < kept[-1].end:
            continue
        kept.append(s)
    return kept


# The parts of a record where suggestions are looked for: free text and raw payload values
# (a platform id, a link or the account's own name field is redacted whole if at all).
NO_SUGGESTIONS = frozenset(
    {"permalink", "external_id", "account_external_id", "account_handle", "account_display_name"}
)


def _public_person(account) -> tuple[str, ...]:
    """The names of a public account, unless it belongs to an official acting as such."""
    if account is None or account.is_legislative_body_member:
        return ()
    return tuple(n for n in (account.display_name, account.handle) if n)


def suggestions_for(
    target_type: str, obj, name: str, text: str, *, contacts: CityContacts | None = None
) -> list[Suggestion]:
    """The suggestions for one part of a loaded record (records.selectors.records.texts_of)."""
    if name in NO_SUGGESTIONS:
        return []
    account = None
    if target_type in ("comment", "ban"):
        account = obj.account
    elif target_type in ("decision", "revision"):
        account = obj.comment.account
    return detect(text, contacts=contacts, public_names=_public_person(account))
