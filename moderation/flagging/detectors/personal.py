"""Personal and confidential information: phone numbers (phonenumbers), email addresses,
Social Security numbers (with validity checks) and home addresses (an address next to words
such as "lives at"; an address given to report a pothole is not private)."""

from __future__ import annotations

import re

import phonenumbers

from moderation.flagging.document import Document
from moderation.flagging.pattern_engine import pattern_compile
from moderation.flagging.services import FlagCandidate

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@([a-z0-9-]+(?:\.[a-z0-9-]+)+)", re.IGNORECASE)
# An address spelt out to get past filters: "maria dot lopez at yahoo dot com",
# "jdoe [at] gmail [dot] com". It runs on RE2, in time linear in the text: with Python's re,
# the free runs of spaces around "dot" and "at" were tried every way from every word
# (quadratic: 0.8-1 s on 10 kB of "a dot a dot …" or of spaces). RE2 has no look-behind, so
# "not after a letter, digit, dot, plus or dash" is a character (or the start) before group 1.
_DOT = r"(?:\.|\s{0,3}[(\[{]dot[)\]}]\s{0,3}|\s+dot\s+|\s\.\s)"
_TLD = r"(?:com|net|org|edu|gov|co|us|io|me|info|biz|ru|uk|ca|de|fr|mx|in|au|es|it|nl|br|ph)"
EMAIL_SPELT = pattern_compile(
    r"(?:^|[^\pL\pN_.+-])([a-z0-9_]+(?:" + _DOT + r"[a-z0-9_]+)*)"
    r"\s*(?:[(\[{]at[)\]}]|\s+at\s+|\s@\s?|@\s)\s*"
    r"([a-z0-9-]+(?:" + _DOT + r"[a-z0-9-]+)*" + _DOT + _TLD + r")\b"
)
SPELT_DOT = re.compile(r"\s*(?:[(\[{]dot[)\]}]|\s+dot\s+|\s\.\s)\s*")
# Mail providers: "johndoe at gmail.com" is an address even with a plain local part.
WEBMAIL = frozenset(
    {
        "gmail",
        "yahoo",
        "hotmail",
        "outlook",
        "aol",
        "icloud",
        "protonmail",
        "proton",
        "live",
        "msn",
        "gmx",
        "yandex",
        "zoho",
        "mail",
        "comcast",
        "att",
        "sbcglobal",
        "verizon",
        "ymail",
    }
)
SSN = re.compile(r"(?<![\d-])(\d{3})([- ])(\d{2})\2(\d{4})(?![\d-])")
STREET_SUFFIX = (
    r"st|street|ave|avenue|blvd|boulevard|dr|drive|rd|road|ln|lane|way|ct|court|pl|place|cir|"
    r"circle|ter|terrace|pkwy|parkway|hwy|highway"
)
ADDRESS = re.compile(
    rf"\b\d{{1,6}}\s+(?:[nsew]\.?\s+)?(?:[a-z0-9][a-z0-9'.-]*\s+){{1,3}}(?:{STREET_SUFFIX})\b\.?"
    r"(?:,?\s+(?:apt|unit|#)\s*\w+)?",
    re.IGNORECASE,
)


# A letter O written for a zero inside a number ("2O6.437.9134", "714 2O3 5567"). Replaced
# one character for one, so the matches' offsets are the original text's.
LETTER_O_IN_NUMBER = re.compile(r"(?<=\d)[oO](?=[\d.\s-]*\d)|(?<=[\d.-])[oO](?=\d)")


def phone_numbers(doc: Document, region: str = "US") -> list[tuple[int, int, str]]:
    cached = getattr(doc, "_phones", None)
    if cached is None:
        cached = []
        text = doc.text
        if doc.digit_count >= 7:
            text = LETTER_O_IN_NUMBER.sub("0", text)
        try:
            matcher = phonenumbers.PhoneNumberMatcher(
                text, region, leniency=phonenumbers.Leniency.VALID
            )
            for match in matcher:
                digits = phonenumbers.format_number(
                    match.number, phonenumbers.PhoneNumberFormat.E164
                ).lstrip("+")
                cached.append((match.start, match.end, digits))
        except Exception:  # noqa: BLE001 - a parser failure must not stop the other detectors
            cached = []
        doc._phones = cached
    return cached


def _allowed(digits: str, allow: list[str]) -> bool:
    return any(digits.endswith(re.sub(r"\D", "", a)) for a in allow if re.sub(r"\D", "", a))


NANP_WRITTEN = re.compile(
    r"(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}(?:\s*(?:x|ext\.?)\s*\d{1,5})?",
    re.IGNORECASE,
)


NOT_PHONE_BEFORE = re.compile(
    r"\b(?:order|tracking|track|confirmation|conf|ref|reference|invoice|receipt|case|ticket|"
    r"serial|isbn|permit|account|acct|routing|iban|card|visa|amex|id|zip|flight|version|"
    r"shipment|package|parcel|item|model|part|sku|meeting id|lot|claim)"
    r"\b[^\n]{0,16}$",
    re.IGNORECASE,
)
# A public office's line is not private: "city hall", "the county", "non-emergency line".
PUBLIC_LINE_BEFORE = re.compile(
    r"\b(?:city hall|(?:call|contact|phone|reach) the (?:city|county|state)|"
    r"(?:the )?(?:city|county)'s|county office|department|dept|non-?emergency|hotline|"
    r"shelter|library|police|sheriff|fire station|agency|office's|their number|"
    r"helpline|help line|information line|info line|311|911|"
    # A public office named by its function (issue 11, third pass): "call the Public Works
    # office at …", "code enforcement", "animal control", "the mayor's office".
    r"the (?:[a-z']+ ){0,2}office|public works|code enforcement|animal control|city clerk|"
    r"parks and rec(?:reation)?|senior center|community center|school district|"
    r"(?:mayor|council ?member|councilman|councilwoman|supervisor|clerk)'?s office)"
    r"\b[^\n]{0,40}$",
    re.IGNORECASE,
)


def not_a_personal_phone(doc: Document, start: int) -> bool:
    """An order or case number, or a public office's line, by the words just before it."""
    before = doc.text[max(0, start - 40) : start]
    return bool(NOT_PHONE_BEFORE.search(before) or PUBLIC_LINE_BEFORE.search(before))


def _grouped_like_a_phone(raw: str, digits: str) -> bool:
    """A North American number is written 3-3-4 (or as ten bare digits): "7789-4432-11" is a
    shipment number that happens to be valid."""
    if not digits.startswith("1") or not re.search(r"[\s.()-]", raw):
        return True
    return bool(NANP_WRITTEN.fullmatch(raw.strip()))


TOLL_FREE = frozenset({"800", "833", "844", "855", "866", "877", "888"})


def toll_free(digits: str) -> bool:
    """A toll-free or premium-rate number (1-800, 888 …; UK 0800, 09…, 087…) is a business's
    or an agency's line, never a person's own."""
    number = re.sub(r"\D", "", digits)
    if len(number) == 11 and number.startswith("1"):
        number = number[1:]
    if len(number) == 10 and number[:3] in TOLL_FREE:
        return True
    # A UK freephone, premium-rate or revenue-sharing number (0800, 0808, 09…, 087…, 084…):
    # the number a prize or subscription message asks people to call.
    if number.startswith("44"):
        number = "0" + number[2:]
    return len(number) in (10, 11) and number.startswith(("0800", "0808", "09", "087", "084"))


def detect_phone_numbers(doc: Document) -> list[FlagCandidate]:
    rule = doc.rules.detector_rule("phone_numbers", doc.context.site_id)
    if rule is None:
        return []
    allow = rule.settings.allow
    found = [
        (s, e)
        for s, e, digits in phone_numbers(doc, rule.settings.region)
        if not _allowed(digits, allow)
        and not toll_free(digits)
        and not not_a_personal_phone(doc, s)
        and _grouped_like_a_phone(LETTER_O_IN_NUMBER.sub("0", doc.text[s:e]), digits)
    ]
    if not found:
        return []
    return [
        FlagCandidate(
            category=rule.category,
            sub_reason=rule.sub_reason,
            detector="phone_numbers",
            score=rule.score,
            explanation=f"Contains {len(found)} phone number(s).",
            spans=doc.spans(found),
            rule_id=rule.id,
        )
    ]


def detect_emails(doc: Document) -> list[FlagCandidate]:
    rule = doc.rules.detector_rule("emails", doc.context.site_id)
    if rule is None:
        return []
    allowed = rule.settings.allow_domains
    found = []
    for match in EMAIL.finditer(doc.text):
        domain = match.group(1).lower()
        if any(domain == a or domain.endswith("." + a) for a in allowed):
            continue
        found.append((match.start(), match.end()))
    lowered = doc.text.lower()
    if "dot" in lowered or " at " in lowered or " @" in lowered or "@ " in lowered:
        for match in EMAIL_SPELT.finditer(doc.text):
            local = match.group(1).lower()
            named = re.search(
                r"\b(?:e-?mail|mail|contact|reach|write)\b", doc.text[: match.start(1)][-40:], re.I
            )
            domain = SPELT_DOT.sub(".", match.group(2).lower())
            webmail = domain.split(".", 1)[0] in WEBMAIL
            if not re.search(r"[a-z]", local) or not (
                re.search(r"dot|[._\d]", local) or named or webmail
            ):
                continue  # "apply at quickcashloans dot net": a site, not an address
            if not re.search(r"dot|\s\.\s", match.group(2), re.I) and not webmail:
                continue  # "$5 at followboost.net": a plain domain after "at" is a site
            if not any(domain == a or domain.endswith("." + a) for a in allowed):
                found.append((match.start(1), match.end()))
    if not found:
        return []
    return [
        FlagCandidate(
            category=rule.category,
            sub_reason=rule.sub_reason,
            detector="emails",
            score=rule.score,
            explanation=f"Contains {len(found)} email address(es).",
            spans=doc.spans(found),
            rule_id=rule.id,
        )
    ]


def ssn_is_valid(area: str, group: str, serial: str) -> bool:
    """SSA rules: no area 000, 666 or 900-999; no group 00; no serial 0000; and not the
    famous advertising number 078-05-1120."""
    if area in ("000", "666") or area >= "900" or group == "00" or serial == "0000":
        return False
    return f"{area}{group}{serial}" not in ("078051120", "219099999", "123456789")


def detect_ssn(doc: Document) -> list[FlagCandidate]:
    rule = doc.rules.detector_rule("ssn", doc.context.site_id)
    if rule is None:
        return []
    found = [
        (m.start(), m.end())
        for m in SSN.finditer(doc.text)
        if ssn_is_valid(m.group(1), m.group(3), m.group(4))
    ]
    if not found:
        return []
    return [
        FlagCandidate(
            category=rule.category,
            sub_reason=rule.sub_reason,
            detector="ssn",
            score=rule.score,
            explanation="Contains a number in the form of a valid US Social Security number.",
            spans=doc.spans(found),
            rule_id=rule.id,
        )
    ]


def detect_street_address(doc: Document) -> list[FlagCandidate]:
    rule = doc.rules.detector_rule("street_address", doc.context.site_id)
    if rule is None:
        return []
    # The addresses first: most comments have none, and then no cue needs looking for.
    addresses = list(ADDRESS.finditer(doc.text))
    if not addresses:
        return []
    cues = rule.settings.cues or _default_cues()
    window = rule.settings.window
    text_cf = doc.norm.words.text
    cue_positions = []
    for cue in cues:
        cue_norm = " ".join(re.sub(r"[^\w]+", " ", cue.casefold()).split())
        for m in re.finditer(rf"(?<!\w){re.escape(cue_norm)}(?!\w)", text_cf):
            s, _ = doc.norm.words.original_span(m.start(), m.end())
            cue_positions.append(doc.word_index(s))
    if not cue_positions and rule.settings.require_cue:
        return []
    found = []
    for match in addresses:
        position = doc.word_index(match.start())
        if not rule.settings.require_cue or any(
            abs(position - cue) <= window for cue in cue_positions
        ):
            found.append((match.start(), match.end()))
    if not found:
        return []
    return [
        FlagCandidate(
            category=rule.category,
            sub_reason=rule.sub_reason,
            detector="street_address",
            score=rule.score,
            explanation="A street address next to words that make it someone's home "
            "(e.g. “lives at”).",
            spans=doc.spans(found),
            rule_id=rule.id,
        )
    ]


def _default_cues() -> list[str]:
    from moderation.flagging.defaults import PERSONAL_CUES

    return PERSONAL_CUES
