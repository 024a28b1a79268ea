"""More personal information, read with the libraries made for it and no language model:
payment card numbers (Microsoft Presidio's CreditCardRecognizer, Luhn-checked), IBANs
(Presidio's IbanRecognizer, checksum-checked), IP addresses (Presidio's IpRecognizer),
phone numbers in international and national formats (phonenumbers), postal addresses
(usaddress, plus a few shapes of European addresses) and Social Security numbers written
without dashes next to the words that name them.

The recognizers are built once per process (`_recognizers`), never per comment, and are
called with `nlp_artifacts=None`: Presidio's pattern recognizers need no spaCy model.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import cache

import phonenumbers

from moderation.flagging.detectors.personal import (
    not_a_personal_phone,
    phone_numbers,
    toll_free,
)
from moderation.flagging.document import Document
from moderation.flagging.services import FlagCandidate


@dataclass(frozen=True)
class _Recognizers:
    card: object
    iban: object
    ip: object
    bank: object


@cache
def _recognizers() -> _Recognizers:
    # Presidio logs each recognizer it loads at INFO: once per process, not worth a line.
    logging.getLogger("presidio-analyzer").setLevel(logging.WARNING)
    from presidio_analyzer.predefined_recognizers import (
        CreditCardRecognizer,
        IbanRecognizer,
        IpRecognizer,
        UsBankRecognizer,
    )

    return _Recognizers(
        card=CreditCardRecognizer(),
        iban=IbanRecognizer(),
        ip=IpRecognizer(),
        bank=UsBankRecognizer(),
    )


def _candidate(doc: Document, detector: str, found, explanation: str) -> list[FlagCandidate]:
    rule = doc.rules.detector_rule(detector, doc.context.site_id)
    if rule is None or not found:
        return []
    return [
        FlagCandidate(
            category=rule.category,
            sub_reason=rule.sub_reason,
            detector=detector,
            score=rule.score,
            explanation=explanation,
            spans=doc.spans(found),
            rule_id=rule.id,
        )
    ]


# --- payment cards ------------------------------------------------------------------------
# The fewest digits any card shape below has (CARD_SHAPE: 12; Presidio's: 13).
CARD_MIN_DIGITS = 12
# 12 to 19 digits, in groups separated by single spaces or dashes (4-4-4-4, 4-6-5, ...).
CARD_SHAPE = re.compile(r"(?<![\d.,/-])\d(?:[ -]?\d){11,18}(?![\d/]|[.,-]\d)")
CARD_PREFIX = re.compile(
    r"^(?:4|5[0-9]|2[2-7]|2131|1800|3[47]|3[0689]|35|6(?:011|5|4[4-9]|2|7|3|1)|0604)"
)
NOT_CARD_CONTEXT = re.compile(
    r"\b(?:order|tracking|track|confirmation|conf|ref|reference|invoice|receipt|case|ticket|"
    r"serial|isbn|account|acct|routing|iban|phone|call|tel)\b[^\n]{0,25}$",
    re.IGNORECASE,
)
CARD_CONTEXT = re.compile(
    r"\b(?:card|visa|master ?card|amex|american express|discover|debit|credit|cc|jcb|diners|"
    r"maestro|cvv|cvc|exp|expiry|expires)\b",
    re.IGNORECASE,
)


CARD_NAMED = re.compile(
    r"\b(?:card|visa|master ?card|mc|amex|american express|discover|debit|credit|cc)\b"
    r"(?:\s*(?:number|num|no\.?|#|is|:))*[^\d\n]{0,12}$",
    re.IGNORECASE,
)


def luhn_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def card_numbers(doc: Document) -> list[tuple[int, int]]:
    found: set[tuple[int, int]] = set()
    card = _recognizers().card
    for result in card.analyze(doc.text, ["CREDIT_CARD"], None):
        found.add((result.start, result.end))
    for match in CARD_SHAPE.finditer(doc.text):
        if any(s <= match.start() < e for s, e in found):
            continue
        digits = re.sub(r"\D", "", match.group())
        if not (13 <= len(digits) <= 19) or not CARD_PREFIX.match(digits):
            continue
        before = doc.text[max(0, match.start() - 40) : match.start()]
        # A number the writer calls a card is one, whatever its check digit (people mistype,
        # and test or made-up numbers are given as cards all the same).
        named = CARD_NAMED.search(before) and len(digits) in (15, 16)
        if not (luhn_valid(digits) or named) or len(set(digits)) < 3:
            continue
        around = doc.text[max(0, match.start() - 40) : match.end() + 30]
        if NOT_CARD_CONTEXT.search(before) and not CARD_CONTEXT.search(around):
            continue
        found.add((match.start(), match.end()))
    # Presidio's own matches go through the same words-before check (an order number that
    # happens to pass Luhn is not a card).
    kept = []
    for start, end in sorted(found):
        before = doc.text[max(0, start - 40) : start]
        around = doc.text[max(0, start - 40) : end + 30]
        if NOT_CARD_CONTEXT.search(before) and not CARD_CONTEXT.search(around):
            continue
        kept.append((start, end))
    return kept


def detect_card_numbers(doc: Document) -> list[FlagCandidate]:
    if doc.rules.detector_rule("card_numbers", doc.context.site_id) is None:
        return []
    if doc.digit_count < CARD_MIN_DIGITS:
        return []  # neither Presidio's shapes nor CARD_SHAPE can match
    found = card_numbers(doc)
    return _candidate(
        doc,
        "card_numbers",
        found,
        f"Contains {len(found)} payment card number(s) (a valid check digit, or called a card).",
    )


# --- IBAN and IP addresses ----------------------------------------------------------------
# Every IBAN Presidio recognises begins with a country code and two check digits.
IBAN_START = re.compile(r"[A-Z]{2}[0-9]{2}")
VERSION_BEFORE = re.compile(r"(?:\bv|\bversion|\bver\.?|\bbuild|\brelease)\s*$", re.IGNORECASE)


def detect_iban(doc: Document) -> list[FlagCandidate]:
    if doc.rules.detector_rule("iban", doc.context.site_id) is None:
        return []
    if not IBAN_START.search(doc.text):
        return []  # Presidio's IBAN shape begins so
    results = _recognizers().iban.analyze(doc.text, ["IBAN_CODE"], None)
    found = [(r.start, r.end) for r in results if r.score >= 0.5]
    return _candidate(
        doc, "iban", found, f"Contains {len(found)} bank account number(s) (IBAN, checksum valid)."
    )


def detect_ip_addresses(doc: Document) -> list[FlagCandidate]:
    if doc.rules.detector_rule("ip_addresses", doc.context.site_id) is None:
        return []
    if "." not in doc.text and ":" not in doc.text:
        return []
    if doc.digit_count < 4 and doc.text.count(":") < 2:
        return []  # an IPv4 address has four numbers; an IPv6 one (kept below) two colons
    found = []
    for result in _recognizers().ip.analyze(doc.text, ["IP_ADDRESS"], None):
        value = doc.text[result.start : result.end]
        before = doc.text[max(0, result.start - 12) : result.start]
        if VERSION_BEFORE.search(before):
            continue  # "version 10.0.0.1" is a software version
        if ":" in value and value.count(":") < 2:
            continue
        if ":" not in value and value.count(".") != 3:
            continue
        found.append((result.start, result.end))
    return _candidate(doc, "ip_addresses", found, f"Contains {len(found)} IP address(es).")


# --- bank accounts ------------------------------------------------------------------------
ACCOUNT_CUE = re.compile(
    r"\b(?:account|acct|acc|a/c|checking|savings)\s*(?:number|num|no\.?|nr|#)?\s*(?:is|:|#)?\s*$",
    re.IGNORECASE,
)
ROUTING_CUE = re.compile(r"\b(?:routing|aba|rtn)\s*(?:number|num|no\.?|#)?\s*(?:is|:)?\s*$", re.I)
ROUTING_NUMBER = re.compile(r"(?<!\d)\d{9}(?!\d)")


def routing_number_valid(digits: str) -> bool:
    """The ABA check: 3, 7, 1 weights over the nine digits sum to a multiple of ten."""
    weights = (3, 7, 1) * 3
    return sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 10 == 0


def detect_bank_accounts(doc: Document) -> list[FlagCandidate]:
    if doc.rules.detector_rule("bank_accounts", doc.context.site_id) is None:
        return []
    if not re.search(r"\d{8}", doc.text):
        return []
    found = []
    for result in _recognizers().bank.analyze(doc.text, ["US_BANK_NUMBER"], None):
        before = doc.text[max(0, result.start - 30) : result.start]
        if ACCOUNT_CUE.search(before):
            found.append((result.start, result.end))
    for match in ROUTING_NUMBER.finditer(doc.text):
        before = doc.text[max(0, match.start() - 20) : match.start()]
        if ROUTING_CUE.search(before) and routing_number_valid(match.group()):
            found.append(match.span())
    return _candidate(
        doc, "bank_accounts", found, f"Contains {len(found)} bank account or routing number(s)."
    )


# --- Social Security numbers without dashes ----------------------------------------------
SSN_CUE = re.compile(r"\b(?:ssn|ss#|ss #|social security|social sec|social)\b", re.IGNORECASE)
SSN_BARE = re.compile(r"(?<![\d-])(\d{3})(\d{2})(\d{4})(?![\d-])")
SSN_DOTTED = re.compile(r"(?<![\d.-])(\d{3})([. ])(\d{2})\2(\d{4})(?![\d.-])")


# One digit at a time, spaced or dashed ("4 5 6 - 7 8 - 9 0 1 2").
SSN_SPACED = re.compile(r"(?<![\d])\d(?:\s*-?\s*\d){8}(?![\d])")


def _ssn_structure_valid(area: str, group: str, serial: str) -> bool:
    # Next to "my social is", even the advertising numbers are given as someone's own.
    return not (area in ("000", "666") or area >= "900" or group == "00" or serial == "0000")


def detect_ssn_more(doc: Document) -> list[FlagCandidate]:
    """Nine digits (or 3.2.4 with dots or spaces, or one digit at a time) right after "SSN",
    "social security" and the like; other identity numbers after the words that name them
    (passport, driver's licence, medical record, member and tax ID); dates of birth."""
    if doc.rules.detector_rule("ssn_more", doc.context.site_id) is None:
        return []
    found = []
    for cue in SSN_CUE.finditer(doc.text):
        window = doc.text[cue.end() : cue.end() + 40]
        for shape in (SSN_BARE, SSN_DOTTED, SSN_SPACED):
            match = shape.search(window)
            if match is None:
                continue
            if shape is SSN_SPACED:
                digits = re.sub(r"\D", "", match.group())
                groups = (digits[:3], digits[3:5], digits[5:])
            else:
                groups = match.groups()
            area, group, serial = (groups[0], groups[1], groups[2])
            if shape is SSN_DOTTED:
                area, group, serial = groups[0], groups[2], groups[3]
            if _ssn_structure_valid(area, group, serial):
                found.append((cue.end() + match.start(), cue.end() + match.end()))
                break
    kinds = ["a Social Security number next to words naming it"] if found else []
    ids = identity_numbers(doc)
    if ids:
        kinds.append("an identity number (passport, licence, medical, member or tax ID)")
    births = dates_of_birth(doc)
    if births:
        kinds.append("a date of birth")
    return _candidate(
        doc, "ssn_more", found + ids + births, "Contains " + " and ".join(kinds) + "."
    )


# --- other identity numbers and dates of birth --------------------------------------------
# The words that name an identity document or record, then (within a few words) a token of
# at least six letters and digits with at least five digits: "passport no. 533380006",
# "DL# B4829301", "MRN 4482913", "member ID XGH449201877". Asking about one ("where do I renew
# my driver's license?") names no number.
ID_CUE = re.compile(
    r"\b(?:passport|driver'?s?'? ?licen[cs]e|driving licen[cs]e|licen[cs]e|dl|d\.l\.|"
    r"medical record|mrn|patient|member|membership|insurance|policy|tax|tin|ein|itin|"
    r"national|nhs|aadhaa?r|pan|voter|student|employee|badge|id card|state id|green card|"
    r"alien|a-number|uscis|visa|medicare|medicaid|health ?card)"
    r"(?:\s*(?:id|identification|number|num|no\.?|nr|#|card|is|:|was|record))*\s*[:#]?\s*",
    re.IGNORECASE,
)
ID_TOKEN = re.compile(
    r"(?<![\w-])(?=(?:[\w-]*\d){5})[a-z0-9][a-z0-9-]{4,18}[a-z0-9](?![\w-])", re.I
)


# A vehicle's licence plate (issue 11, third pass): "plate 8KLM392", "license plate ABC-1234",
# "plate number is 4 GHT 221" — five to eight letters and digits (ten in one group, as India
# writes them; at least two digits and a letter) right after the word, in one group or in up
# to three written in capitals.
PLATE_CUE = re.compile(
    r"\bplates?(?: number| no\.?| #)?\s*[:#]?\s*(?:is |was |reads )?", re.IGNORECASE
)
PLATE_GROUP = re.compile(r"[a-z0-9]{1,10}(?:-[a-z0-9]{1,4})?", re.IGNORECASE)


def licence_plates(text: str) -> list[tuple[int, int]]:
    found = []
    for cue in PLATE_CUE.finditer(text):
        position, plate = cue.end(), ""
        for groups in range(1, 4):
            group = PLATE_GROUP.match(text, position)
            if group is None:
                break
            plate += group.group().replace("-", "")
            position = group.end()
            if position < len(text) and (text[position].isalnum() or text[position] == "-"):
                break
            if (
                5 <= len(plate) <= (10 if groups == 1 else 8)  # India's KA01AB1234
                and sum(c.isdigit() for c in plate) >= 2
                and any(c.isalpha() for c in plate)
                and (groups == 1 or not any(c.islower() for c in plate))  # "2 eggs 3 …"
            ):
                found.append((cue.start(), position))
                break
            if len(plate) >= 8 or text[position : position + 1] != " ":
                break
            position += 1
    return found


def identity_numbers(doc: Document) -> list[tuple[int, int]]:
    text = doc.text
    if not re.search(r"\d{2}", text):
        return []
    found = licence_plates(text[:20_000]) if re.search(r"(?i)\bplates?\b", text) else []
    if not re.search(r"\d{4}", text):
        return found
    for cue in ID_CUE.finditer(text):
        window = text[cue.end() : cue.end() + 24]
        match = ID_TOKEN.search(window)
        if match is None or not re.match(r"[\s\w:#.,'-]*$", window[: match.start()]):
            continue
        token = match.group()
        if re.fullmatch(r"(?:19|20)\d\d(?:-\d{1,4})?", token) or re.fullmatch(
            r"\d{1,2}-\d{1,2}-\d{2,4}", token
        ):
            continue  # a year, a numbered ordinance or resolution ("2024-15"), or a date
        found.append((cue.start(), cue.end() + match.end()))
    return found


_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
DATE_OF_BIRTH = re.compile(
    r"\b(?:dob|d\.o\.b\.?|date of birth|birth ?date|birthday(?: is)?|"
    r"(?:i was|i'm|im|i am|he was|she was|they were|was|were) born(?: on)?|"
    r"fecha de nacimiento)\s*[:\-]?\s*(?:is\s+|was\s+|on\s+)?"
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+\d{{4}}"
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})",
    re.IGNORECASE,
)


def dates_of_birth(doc: Document) -> list[tuple[int, int]]:
    if not re.search(r"\d", doc.text):
        return []
    return [m.span() for m in DATE_OF_BIRTH.finditer(doc.text)]


# --- phone numbers in more formats --------------------------------------------------------
# International (+44 20 ..., 0049 30 ...), North American with separators or an extension,
# and national trunk formats (07700 900 461, (02) 9374 4000, 01 42 68 53 00).
PHONE_SHAPE = re.compile(
    r"(?<![\w+])(?:"
    r"(?:\+|00)\d{1,3}[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d{1,5}(?:[ .-]?\d{2,5}){1,4}"
    r"|(?:1[ .-]?)?\(?[2-9]\d{2}\)?[ .-]?\d{3}[ .-]?\d{4}"
    r"|\(?0\d{1,4}\)?[ .-]?\d{2,5}(?:[ .-]?\d{2,5}){1,3}"
    r")(?:\s?(?:x|ext\.?|extension)\s?\d{1,5})?(?![\w])",
    re.IGNORECASE,
)
PHONE_CUE = re.compile(
    r"\b(?:call|calling|phone|number|no|nr|num|cell|cel|mobile|mob|tel|telephone|text|txt|"
    r"reach|contact|whatsapp|ph|ring|landline|fax|line|sms|dial|hit me up|hmu|numero|número|"
    r"at|on)\b[^\d\n]{0,12}$",
    re.IGNORECASE,
)
NATIONAL_REGIONS = ("GB", "DE", "FR", "AU", "IN", "ES", "IT", "NL", "IE", "BR", "MX", "NG")


def _phone_is_number(raw: str) -> bool:
    digits = re.sub(r"\D", "", raw.split("x")[0].split("X")[0].split("ext")[0])
    if len(digits) < 9 or len(digits) > 15 or len(set(digits)) < 3:
        return False
    try:
        if raw.startswith(("+", "00")):
            number = phonenumbers.parse("+" + digits[2:] if raw.startswith("00") else raw, None)
            return phonenumbers.is_possible_number(number)
        if raw.lstrip("(").startswith("0"):
            return any(
                phonenumbers.is_valid_number(phonenumbers.parse(raw, region))
                for region in NATIONAL_REGIONS
            )
        number = phonenumbers.parse(raw, "US")
        return phonenumbers.is_possible_number(number)
    except phonenumbers.NumberParseException:
        return False


def more_phone_numbers(doc: Document, allow: tuple[str, ...]) -> list[tuple[int, int, str]]:
    """Phone numbers the US-only reading does not see, each (start, end, digits)."""
    cached = getattr(doc, "_more_phones", None)
    if cached is not None:
        return cached
    known = [(s, e) for s, e, _ in phone_numbers(doc)]
    found = []
    for match in PHONE_SHAPE.finditer(doc.text):
        start, end = match.span()
        if any(s < end and start < e for s, e in known):
            continue
        raw = match.group()
        digits = re.sub(r"\D", "", raw)
        if any(digits.endswith(re.sub(r"\D", "", a)) for a in allow if re.sub(r"\D", "", a)):
            continue
        before = doc.text[max(0, start - 40) : start]
        if not_a_personal_phone(doc, start):
            continue
        separated = bool(re.search(r"[ .()-]", raw.strip()))
        international = raw.startswith(("+", "00"))
        if not (separated or international) and not PHONE_CUE.search(before):
            continue  # ten bare digits are an order number as often as a phone
        if _phone_is_number(raw):
            found.append((start, end, digits))
    doc._more_phones = found
    return found


# Numbers spelt out to get past filters: "five five five, two three four, nine eight ...",
# "seven one four 555 0134".
DIGIT_WORDS = {
    "zero": "0", "oh": "0", "o": "0", "one": "1", "two": "2", "three": "3", "four": "4",
    "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9",
}  # fmt: skip
SPELT_NUMBER = re.compile(
    r"\b(?:(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|\d{1,4})[\s,.-]{1,3}){4,13}"
    r"(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|\d{1,4})\b",
    re.IGNORECASE,
)


def spelt_phone_numbers(doc: Document) -> list[tuple[int, int, str]]:
    text = doc.text
    if not re.search(r"\b(?:one|two|three|four|five|six|seven|eight|nine)\b", text, re.I):
        return []
    found = []
    for match in SPELT_NUMBER.finditer(text):
        tokens = re.findall(r"[a-z]+|\d+", match.group().lower())
        spelt = sum(token in DIGIT_WORDS for token in tokens)
        digits = "".join(DIGIT_WORDS.get(token, token) for token in tokens)
        if spelt < 3 or not digits.isdigit() or not 10 <= len(digits) <= 11:
            continue
        if _phone_is_number(digits):
            found.append((match.start(), match.end(), digits))
    return found


def detect_more_phone_numbers(doc: Document) -> list[FlagCandidate]:
    rule = doc.rules.detector_rule("phone_numbers_more", doc.context.site_id)
    if rule is None:
        return []
    found = [
        (s, e)
        for s, e, digits in more_phone_numbers(doc, rule.settings.allow) + spelt_phone_numbers(doc)
        if not toll_free(digits)
    ]
    return _candidate(
        doc,
        "phone_numbers_more",
        found,
        f"Contains {len(found)} phone number(s) in an international or national format.",
    )


# --- postal addresses ---------------------------------------------------------------------
# The USPS standard street suffixes (Publication 28, appendix C1) people write most, and
# their abbreviations.
STREET_TYPES = (
    r"st|street|streets|ave|av|avenue|blvd|boulevard|dr|drive|drives|rd|road|roads|ln|lane|way|"
    r"ways|ct|court|courts|pl|place|cir|circle|circles|ter|terrace|pkwy|parkway|parkways|hwy|"
    r"highway|sq|square|squares|trl|trail|loop|row|walk|walks|plz|plaza|crescent|cres|close|"
    r"grove|groves|gardens|garden|mews|hill|hills|park|parks|pike|run|path|alley|aly|xing|"
    r"crossing|junction|jct|junctions|mission|ville|vista|view|views|village|villages|valley|"
    r"valleys|ridge|ridges|river|springs?|spur|station|stravenue|stream|summit|trace|track|"
    r"turnpike|union|unions|via|viaduct|wall|wells?|isle|islands?|key|keys|knolls?|lakes?|"
    r"landing|lights?|locks?|lodge|mall|manors?|meadows?|mills?|motorway|mount|mountains?|"
    r"neck|orchard|oval|overpass|pass|passage|pines?|plains?|points?|ports?|prairie|radial|"
    r"ramp|ranch|rapids?|rest|route|shoals?|shores?|skyway|bypass|camp|canyon|cape|causeway|"
    r"centers?|cliffs?|club|common|corners?|course|coves?|creek|crest|crossroad|curve|dale|"
    r"dam|divide|estates?|expressway|expy|extensions?|falls?|ferry|fields?|flats?|fords?|"
    r"forest|forges?|forks?|fort|freeway|fwy|gateway|glens?|greens?|harbors?|haven|heights|"
    r"hts|hollow|inlet|burgs?|branch|bridge|brooks?|bluffs?|bottom|bend|beach|arcade|"
    r"underpass|throughway|trafficway|tunnel|green|port|shore|loaf|land|fall"
)
US_STREET = re.compile(
    rf"(?<![\w#$.-])\d{{1,6}}[a-z]?\s+(?:[nsew]\.?\s+|north\s+|south\s+|east\s+|west\s+)?"
    rf"(?:[a-z0-9][\w'.-]*\s+){{1,3}}(?:{STREET_TYPES})\b\.?",
    re.IGNORECASE,
)
# Words that never stand inside a street name: "3 goals in the park" is no address.
NOT_STREET_WORDS = frozenset(
    [
        "in",
        "the",
        "at",
        "by",
        "of",
        "to",
        "on",
        "a",
        "an",
        "for",
        "with",
        "and",
        "or",
        "my",
        "his",
        "her",
        "our",
        "your",
        "their",
        "from",
        "is",
        "are",
        "was",
        "were",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "near",
        "into",
        "over",
        "under",
        "around",
        "across",
        "years",
        "year",
        "days",
        "day",
        "hours",
        "minutes",
        "mins",
        "times",
        "people",
        "kids",
        "miles",
        "blocks",
        "feet",
        "weeks",
        "months",
        "dollars",
        "more",
        "less",
        "than",
        "i",
        "we",
        "you",
        "they",
        "he",
        "she",
        "all",
        "every",
        "each",
        "some",
        "any",
        "no",
        "not",
    ]
)
MILITARY_POST = re.compile(
    r"\b(?:(?:USNS|USNV|USS|USCGC)\s+[A-Z][a-z]+|(?:PSC|Unit|CMR)\s+\d{3,5},?\s+Box\s+\d{3,5})"
    r"[,\s]+(?:APO|FPO|DPO)\s+A[AEP]\s+\d{5}\b"
)
PO_BOX = re.compile(r"\b(?:p\.?\s?o\.?\s?box|post office box)\s*#?\s*\d{1,6}\b", re.IGNORECASE)
# Street then number, as in most of Europe; or a UK postcode after a street.
# Each word is at most 40 characters ("Bundeskanzler-Willy-Brandt-Straße" is 33): an
# unbounded word before a suffix made every position of a long hyphenated run try every
# length, ten seconds on one 18,000-character comment.
# An English word ending in "ring" ("offering 30% off", "during 2026", "spring 5k") is no
# German "…ring" street.
EU_ADDRESS = re.compile(
    r"\b(?:(?![a-z']{0,40}(?:[aeiouy]|p|t|b|h)ring\b)[\w'-]{1,40}(?:stra(?:ss|ß)e|str\.|weg"
    r"|allee|gasse|platz|ring|damm)|"
    r"(?:rue|avenue|boulevard|bd|chemin|allée|calle|avenida|plaza|paseo|via|viale|piazza|"
    r"rua|straat|laan|gracht)\s+(?:[\w'.-]{1,40}\s+){1,4}?)\s*\d{1,4}[a-z]?\b,?\s*"
    r"(?:\d{4,5}\s+\w+)?"
    r"|\b\d{1,4},?\s+(?:rue|avenue|boulevard|bd|chemin|allée|place)\s+(?:[\w'.-]{1,40}\s+){0,4}"
    r"[\w'.-]{1,40},?\s*\d{5}\b",
    re.IGNORECASE,
)
UK_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b")
UK_STREET_BEFORE = re.compile(
    rf"(?:\b(?:flat|studio|apartment)\s+\d+|\d{{1,4}}\s+(?:[\w'-]+\s+){{0,3}}"
    rf"(?:{STREET_TYPES}|[a-z]+))\b[^\d]{{0,40}}$",
    re.IGNORECASE,
)
US_STATES = {
    "al",
    "ak",
    "az",
    "ar",
    "ca",
    "co",
    "ct",
    "de",
    "fl",
    "ga",
    "hi",
    "id",
    "il",
    "in",
    "ia",
    "ks",
    "ky",
    "la",
    "me",
    "md",
    "ma",
    "mi",
    "mn",
    "ms",
    "mo",
    "mt",
    "ne",
    "nv",
    "nh",
    "nj",
    "nm",
    "ny",
    "nc",
    "nd",
    "oh",
    "ok",
    "or",
    "pa",
    "ri",
    "sc",
    "sd",
    "tn",
    "tx",
    "ut",
    "vt",
    "va",
    "wa",
    "wv",
    "wi",
    "wy",
    "dc",
    "california",
    "texas",
    "florida",
    "nevada",
    "arizona",
    "oregon",
    "washington",
    "illinois",
}
HOME_CUE = re.compile(
    r"\b(?:lives?|living|reside[sd]?|home|house|address|addy|apartment|apt|flat|unit|suite|ste|"
    r"ship|send|sent|mail|mailing|deliver|delivery|billing|my|his|her|their|come by|"
    r"find (?:him|her|them)|go to (?:his|her|their)|moved to|moving to|staying at)\b",
    re.IGNORECASE,
)
PLACE_REPORT = re.compile(
    r"\b(?:pothole|potholes|streetlight|street light|light|lights|block|in front of|outside|"
    r"near|across from|corner|intersection|crash|accident|tree|graffiti|leak|flooding|trash|"
    r"sidewalk|crosswalk|hydrant|sign|signal|construction|road work|roadwork|closed|closure|"
    r"park|library|station|school|church|center|centre|civic|city hall|event|festival|market|"
    r"restaurant|store|shop|open|opens|hours|located|location|venue|crew|fixed|repair|"
    r"fire|police|bus|stop|held at|meeting)\b",
    re.IGNORECASE,
)


UNIT_ADDRESS = re.compile(
    r"(?<![\w#$.,/-])\d{1,6}\s+(?:[NSEW]\.?\s+)?[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?,?\s+"
    r"(?:apt\.?|apartment|unit|suite|ste\.?|flat|#)\s*#?\d{0,4}[a-z]?\d{0,3}\b",
    re.IGNORECASE,
)


def _us_postal(doc: Document, start: int) -> tuple[int, bool]:
    """usaddress reads the text from a street match on; returns where the address ends and
    whether it carries the parts that make it a postal address (unit, ZIP or state)."""
    import usaddress

    window = doc.text[start : start + 90]
    try:
        parsed = usaddress.parse(window)
    except Exception:  # noqa: BLE001 - a parser failure must not stop the other detectors
        return start, False
    position = 0
    end = start
    postal = False
    seen_street = False
    for token, label in parsed:
        at = window.find(token, position)
        if at < 0:
            break
        position = at + len(token)
        word = token.strip(",.").lower()
        if label in (
            "AddressNumber",
            "StreetName",
            "StreetNamePostType",
            "StreetNamePreType",
            "StreetNamePreDirectional",
            "StreetNamePostDirectional",
            "USPSBoxType",
            "USPSBoxID",
        ):
            seen_street = True
            end = start + position
            continue
        if label in (
            "OccupancyType",
            "OccupancyIdentifier",
            "SubaddressType",
            "SubaddressIdentifier",
        ):
            if label.endswith("Identifier") and not re.fullmatch(r"#?\w{1,5}", word):
                break
            postal = postal or label.endswith("Identifier")
            end = start + position
            continue
        if label == "ZipCode" and re.fullmatch(r"\d{5}(?:-\d{4})?", word):
            postal = True
            end = start + position
            continue
        if label == "StateName" and word in US_STATES:
            postal = True
            end = start + position
            continue
        if label == "PlaceName" and seen_street:
            continue  # a city counts once a state or ZIP follows it
        break
    return end, postal


def postal_addresses(doc: Document) -> list[tuple[int, int]]:
    text = doc.text
    found = []
    for match in PO_BOX.finditer(text):
        found.append(match.span())
    for match in MILITARY_POST.finditer(text):
        found.append(match.span())
    for match in US_STREET.finditer(text):
        start = match.start()
        words = match.group().lower().split()[1:-1]
        if any(word.strip(",.") in NOT_STREET_WORDS for word in words):
            continue
        end, postal = _us_postal(doc, start)
        end = max(end, match.end())
        before = text[max(0, start - 60) : start]
        after = text[end : end + 40]
        if postal:
            # A full address (with a unit, a ZIP or a state) is someone's, unless the words
            # before it say it is a public place ("City Hall: ...", "the event is at ...").
            if PLACE_REPORT.search(before) and not HOME_CUE.search(before):
                continue
            found.append((start, end))
        elif (
            HOME_CUE.search(before)
            and not PLACE_REPORT.search(before[-25:])
            or re.match(r"\s*(?:#|apt|unit|suite|ste|apartment|flat)\b", after, re.IGNORECASE)
        ):
            found.append((start, end))
    for match in UNIT_ADDRESS.finditer(text):
        # "48 Oakridge, Apt 4B", "902 Cerritos #7": a number, a name and a unit is a home,
        # with or without a street-type word.
        before = text[max(0, match.start() - 60) : match.start()]
        home = HOME_CUE.search(before) or re.search(r"\b(?:me|us)\s+(?:at|@)\s*$", before, re.I)
        if not (home or not before.strip()) or (PLACE_REPORT.search(before) and not home):
            continue  # "the project at 123 Main, Unit 5": a place, not a home
        if not any(s <= match.start() < e for s, e in found):
            found.append(match.span())
    for match in EU_ADDRESS.finditer(text):
        before = text[max(0, match.start() - 60) : match.start()]
        if PLACE_REPORT.search(before) and not HOME_CUE.search(before):
            continue
        found.append(match.span())
    for match in UK_POSTCODE.finditer(text):
        offset = max(0, match.start() - 60)
        street = UK_STREET_BEFORE.search(text[offset : match.start()])
        if street:
            found.append((offset + street.start(), match.end()))
    return found


def detect_postal_addresses(doc: Document) -> list[FlagCandidate]:
    if doc.rules.detector_rule("postal_address", doc.context.site_id) is None:
        return []
    if not re.search(r"\d", doc.text):
        return []
    found = postal_addresses(doc)
    return _candidate(
        doc,
        "postal_address",
        found,
        "Contains a postal address (a street address with a unit, city, state or ZIP, a "
        "P.O. box, or a street address given as someone's home).",
    )


# "my cell is", "call her at", "his number": the number is a person's, even in a sales pitch.
PERSONAL_PHONE = re.compile(
    r"\b(?:my|his|her|their|ur|your)\s+(?:personal\s+|home\s+|work\s+|direct\s+|uk\s+|"
    r"new\s+)?(?:cell|cellphone|phone|number|mobile|landline|whatsapp|line|tel)\b|"
    r"\b(?:call|text|reach|ring)\s+(?:him|her|them|my (?:wife|husband|mom|dad|son|daughter))\b|"
    r"\b(?:call|text|reach|ring) me (?:at|on)\b",
    re.IGNORECASE,
)


def phone_is_personal(doc: Document) -> bool:
    return bool(PERSONAL_PHONE.search(doc.text))
