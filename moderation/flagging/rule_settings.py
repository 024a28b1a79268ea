"""Each rule kind's settings, described once: a frozen dataclass per kind (and per detector for
`threshold` rules) whose fields carry their type, bounds, default and help text.

The same description serves three readers:
- `rule_settings_read(kind, parameters)` validates what a supervisor (or a migration) stores and
  returns the typed settings, defaults filled in; unknown keys, wrong types and values out of
  bounds are refused with a message that names the setting;
- the rule form lists each kind's settings from it (`settings_help`);
- the detectors read `rule.settings.<name>`, never `parameters.get(name, default)`, so a
  default lives in one place and a stored value is always of the type the detector expects.
"""

from __future__ import annotations

import dataclasses
import math
import re
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.core.exceptions import ValidationError

from moderation.flagging.pattern_engine import pattern_compile

MAX_TERMS = 20_000
MAX_TERM_CHARS = 200

REQUIRED = dataclasses.MISSING
GROUP_NAME = re.compile(r"\(\?P?<(\w+)>")

KEYWORDS = "keywords"
REGEX = "regex"
LINK_DOMAINS = "link_domains"
LENGTH = "length"
REPETITION = "repetition"
NAMES = "names"
THRESHOLD = "threshold"
LEARNED = "learned"


@dataclass(frozen=True)
class Spec:
    """One setting: what type it is, its bounds, and how the form explains it."""

    type: str  # number, integer, boolean, text, texts, terms, domains, pattern, exclusions
    help: str
    minimum: float | None = None
    maximum: float | None = None
    nullable: bool = False
    choices: tuple[str, ...] = ()

    def describe(self, default: Any) -> str:
        kind = {
            "number": "a number",
            "integer": "a whole number",
            "boolean": "true or false",
            "text": "text",
            "texts": "a list of phrases",
            "terms": "a list of words or phrases",
            "domains": "a list of domains (example.com)",
            "pattern": "a pattern (RE2 syntax)",
            "exclusions": "an object {group name: pattern}",
            "patterns": "an object {signal name: pattern}",
        }[self.type]
        if self.minimum is not None and self.maximum is not None:
            kind += f" from {_num(self.minimum)} to {_num(self.maximum)}"
        if self.choices and len(self.choices) <= 12:
            kind += " (one of " + ", ".join(self.choices) + ")"
        if default is REQUIRED:
            kind += "; required"
        elif default is None:
            kind += "; off unless set" if self.nullable else ""
        elif default not in ((), "", False) or self.type in ("number", "integer"):
            kind += f"; default {_default_text(default)}"
        return f"{kind}. {self.help}"

    def clean(self, name: str, value: Any) -> Any:
        """The value, typed; or ValidationError naming the setting."""
        if value is None and self.nullable:
            return None
        checker = getattr(self, f"_clean_{self.type}")
        return checker(name, value)

    def _clean_number(self, name: str, value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValidationError(f"“{name}” must be a number, not {_shown(value)}.")
        if not math.isfinite(value):
            raise ValidationError(f"“{name}” must be a finite number.")
        self._bounds(name, value)
        return float(value)

    def _clean_integer(self, name: str, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValidationError(f"“{name}” must be a whole number, not {_shown(value)}.")
        if not math.isfinite(value) or int(value) != value:
            raise ValidationError(f"“{name}” must be a whole number, not {_shown(value)}.")
        self._bounds(name, value)
        return int(value)

    def _clean_boolean(self, name: str, value: Any) -> bool:
        if not isinstance(value, bool):
            raise ValidationError(f"“{name}” must be true or false, not {_shown(value)}.")
        return value

    def _clean_text(self, name: str, value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            raise ValidationError(f"“{name}” must be a word or phrase, not {_shown(value)}.")
        value = value.strip()
        if len(value) > MAX_TERM_CHARS:
            raise ValidationError(f"“{name}” is at most {MAX_TERM_CHARS} characters.")
        if self.choices and value not in self.choices:
            raise ValidationError(f"“{name}” must be one of: " + ", ".join(self.choices) + ".")
        return value

    def _clean_texts(self, name: str, value: Any) -> tuple[str, ...]:
        if not isinstance(value, list | tuple) or not all(isinstance(t, str) for t in value):
            raise ValidationError(f"“{name}” must be a list of words or phrases.")
        cleaned = tuple(dict.fromkeys(t.strip() for t in value if t.strip()))
        if len(cleaned) > MAX_TERMS:
            raise ValidationError(f"“{name}”: at most {MAX_TERMS} entries.")
        if any(len(t) > MAX_TERM_CHARS for t in cleaned):
            raise ValidationError(f"“{name}”: each entry is at most {MAX_TERM_CHARS} characters.")
        return cleaned

    def _clean_terms(self, name: str, value: Any) -> tuple[str, ...]:
        from moderation.flagging.normalize import normalise_term

        cleaned = self._clean_texts(name, value)
        if not cleaned:
            raise ValidationError(f"“{name}”: give at least one entry.")
        for term in cleaned:
            if len(normalise_term(term).replace(" ", "")) < 2:
                raise ValidationError(
                    f"“{name}”: “{term}” is too short to match safely: once punctuation is "
                    "ignored it has fewer than two letters or digits."
                )
        return cleaned

    def _clean_domains(self, name: str, value: Any) -> tuple[str, ...]:
        cleaned = self._clean_texts(name, value)
        for domain in cleaned:
            if not _is_domain(domain.lower()):
                raise ValidationError(
                    f"“{name}”: “{domain}” is not a domain name like example.com."
                )
        return tuple(d.lower() for d in cleaned)

    def _clean_pattern(self, name: str, value: Any) -> str:
        if not isinstance(value, str):
            raise ValidationError(f"“{name}” must be a pattern (text).")
        try:
            pattern_compile(value)
        except ValidationError as exc:
            raise ValidationError(f"“{name}”: {exc.messages[0]}") from exc
        return value

    def _clean_exclusions(self, name: str, value: Any) -> dict[str, str]:
        if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()
        ):
            raise ValidationError(f"“{name}” must be an object: {{group name: pattern}}.")
        for group, pattern in value.items():
            try:
                pattern_compile(pattern)
            except ValidationError as exc:
                raise ValidationError(f"“{name}” for “{group}”: {exc.messages[0]}") from exc
        return dict(value)

    def _clean_patterns(self, name: str, value: Any) -> dict[str, str]:
        if not isinstance(value, dict) or not value:
            raise ValidationError(f"“{name}” must be an object: {{signal name: pattern}}.")
        return self._clean_exclusions(name, value)

    def _bounds(self, name: str, value: float) -> None:
        if self.minimum is not None and value < self.minimum:
            raise ValidationError(self._range_message(name))
        if self.maximum is not None and value > self.maximum:
            raise ValidationError(self._range_message(name))

    def _range_message(self, name: str) -> str:
        return f"“{name}” must be between {_num(self.minimum)} and {_num(self.maximum)}."


def setting(default: Any = REQUIRED, **spec: Any) -> Any:
    """A dataclass field carrying its Spec. Lists are stored as tuples (settings are frozen)."""
    metadata = {"spec": Spec(**spec)}
    if default is REQUIRED:
        return field(metadata=metadata)
    return field(default=default, metadata=metadata)


def _num(value: float | None) -> str:
    return f"{value:g}" if value is not None else "?"


def _default_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return ", ".join(value[:5]) + (", …" if len(value) > 5 else "")
    return _num(value) if isinstance(value, int | float) else str(value)


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…"


def _is_domain(domain: str) -> bool:
    labels = domain.split(".")
    return len(labels) >= 2 and all(
        label and len(label) <= 63 and all(c.isascii() and (c.isalnum() or c == "-") for c in label)
        for label in labels
    )


SCORE_HELP = "How strongly a match suggests a violation; orders the queue."
FALLBACK_HELP = (
    "A broad general shape: it flags only what no other rule of the same category and "
    "sub-reason caught."
)


@dataclass(frozen=True, kw_only=True)
class RuleSettings:
    """Settings every kind has."""

    score: float = setting(0.8, type="number", minimum=0, maximum=1, help=SCORE_HELP)
    fallback: bool = setting(False, type="boolean", help=FALLBACK_HELP)

    kind: ClassVar[str] = ""

    def check(self) -> None:
        """Checks across settings; raise ValidationError."""


@dataclass(frozen=True, kw_only=True)
class KeywordsSettings(RuleSettings):
    kind: ClassVar[str] = KEYWORDS
    terms: tuple[str, ...] = setting(type="terms", help="The words and phrases, one per line.")
    near: str = setting(
        "",
        type="text",
        help="A names list key (e.g. staff_directory): the words count only next to a name.",
    )
    window: int = setting(
        8, type="integer", minimum=1, maximum=100, help="How many words away counts as next to."
    )
    min_hits: int = setting(
        1, type="integer", minimum=1, maximum=20, help="Different entries needed to flag."
    )
    signal: bool = setting(
        False,
        type="boolean",
        help="A signal list: never flags alone, only counts towards the sales-signals detector.",
    )
    detector: str = setting(
        "", type="text", help="The detector name shown on the flag (default “keywords”)."
    )


@dataclass(frozen=True, kw_only=True)
class NamesSettings(RuleSettings):
    kind: ClassVar[str] = NAMES
    list: str = setting(type="text", help="The list's key, which phrase rules name in “near”.")
    terms: tuple[str, ...] = setting(type="terms", help="The names, one per line.")
    flag_mentions: bool = setting(
        False, type="boolean", help="Flag a bare mention of a name (usually off)."
    )
    mention_score: float = setting(
        0.3, type="number", minimum=0, maximum=1, help="The score of a bare-mention flag."
    )


@dataclass(frozen=True, kw_only=True)
class RegexSettings(RuleSettings):
    kind: ClassVar[str] = REGEX
    pattern: str = setting(type="pattern", help="Matched against the lower-cased, normalised text.")
    exclude_context: tuple[str, ...] = setting(
        (),
        type="texts",
        help="Phrases that, just before or inside a match, make it not count "
        "(quoted news, negation).",
    )
    context_chars: int = setting(
        40,
        type="integer",
        minimum=0,
        maximum=400,
        help="How many characters before a match “exclude_context” reads.",
    )
    not_followed_by: dict[str, str] = setting(
        None,
        type="exclusions",
        nullable=True,
        help="For each named group of the pattern, e.g. (?P<after>), a pattern the text right "
        "after that group must not start with; a match where it does is not counted.",
    )
    detector: str = setting(
        "", type="text", help="The detector name shown on the flag (default “pattern”)."
    )

    def check(self) -> None:
        named = GROUP_NAME.findall(self.pattern)
        repeated = sorted({g for g in named if named.count(g) > 1})
        if repeated:
            # RE2 accepts a repeated name and keeps one of them: refuse the ambiguity.
            raise ValidationError(
                "“pattern”: each group name may be used once; repeated: " + ", ".join(repeated)
            )
        groups = pattern_compile(self.pattern).groupindex
        for group in self.not_followed_by or {}:
            if group not in groups:
                raise ValidationError(
                    f"“not_followed_by” names the group “{group}”, which the pattern does not "
                    f"have: add (?P<{group}>) where the check belongs."
                )


@dataclass(frozen=True, kw_only=True)
class LinkDomainsSettings(RuleSettings):
    kind: ClassVar[str] = LINK_DOMAINS
    domains: tuple[str, ...] = setting(
        type="domains", help="Domains, one per line; subdomains count too."
    )

    def check(self) -> None:
        if not self.domains:
            raise ValidationError("“domains”: give at least one entry.")


@dataclass(frozen=True, kw_only=True)
class LengthSettings(RuleSettings):
    kind: ClassVar[str] = LENGTH
    max_chars: int = setting(
        type="integer", minimum=100, maximum=100_000, help="Longer comments are flagged."
    )


@dataclass(frozen=True, kw_only=True)
class RepetitionSettings(RuleSettings):
    kind: ClassVar[str] = REPETITION
    window_hours: int = setting(
        24, type="integer", minimum=1, maximum=24 * 30, help="How far back to look."
    )
    min_similar: int = setting(
        3, type="integer", minimum=2, maximum=100, help="Near-identical comments needed."
    )
    similarity: float = setting(
        0.8,
        type="number",
        minimum=0.3,
        maximum=1,
        help="Jaccard similarity of 5-character shingles that counts.",
    )
    min_chars: int = setting(
        20, type="integer", minimum=1, maximum=10_000, help="Shorter comments are ignored."
    )


@dataclass(frozen=True, kw_only=True)
class LearnedSettings(RuleSettings):
    """The classifier learned from the City's own decisions in this rule's category
    (moderation/flagging/learned.py). `score` is not used: a learned flag's score is the
    model's probability."""

    kind: ClassVar[str] = LEARNED
    threshold: float = setting(
        0.7,
        type="number",
        minimum=0.5,
        maximum=0.99,
        help="The model's probability at which a comment is flagged.",
    )
    precision_floor: float = setting(
        0.8,
        type="number",
        minimum=0.5,
        maximum=1,
        help="A newly trained model is used only if at least this share of the newest "
        "decisions it flags (held out from its training) were removals or hides citing "
        "this category.",
    )
    min_violations: int = setting(
        30,
        type="integer",
        minimum=10,
        maximum=100_000,
        help="Removals or hides citing this category needed before a model is trained.",
    )
    min_others: int = setting(
        30,
        type="integer",
        minimum=10,
        maximum=100_000,
        help="Other decisions (keeps, restores, removals for other reasons) needed too.",
    )
    holdout_share: float = setting(
        0.2,
        type="number",
        minimum=0.1,
        maximum=0.5,
        help="Share of the newest decisions kept out of training to measure the model on.",
    )
    max_decisions: int = setting(
        20_000,
        type="integer",
        minimum=100,
        maximum=200_000,
        help="Only the most recent decisions this many are learned from.",
    )


# --- detector rules (kind `threshold`): one class per code detector --------------------------
@dataclass(frozen=True, kw_only=True)
class DetectorSettings(RuleSettings):
    kind: ClassVar[str] = THRESHOLD
    label: ClassVar[str] = ""
    detector: str = setting(type="text", help="Which code detector this rule switches on.")


@dataclass(frozen=True, kw_only=True)
class ProfanityModelSettings(DetectorSettings):
    label: ClassVar[str] = "Profanity model (alt-profanity-check)"
    model_only_threshold: float | None = setting(
        None,
        type="number",
        minimum=0.5,
        maximum=1,
        nullable=True,
        help="Flag on the model alone at this probability (off by default: it also scores "
        "plain criticism).",
    )


@dataclass(frozen=True, kw_only=True)
class CommerceSignalsSettings(DetectorSettings):
    label: ClassVar[str] = "Sales signals together"
    min_signals: int = setting(
        2, type="integer", minimum=1, maximum=10, help="Different kinds of signal needed."
    )


@dataclass(frozen=True, kw_only=True)
class LinkSpamSettings(DetectorSettings):
    label: ClassVar[str] = "Link-heavy comments"
    min_links: int = setting(
        2, type="integer", minimum=1, maximum=50, help="Links in one comment that flag."
    )
    allow_domains: tuple[str, ...] = setting(
        (), type="domains", help="Links to these domains do not count."
    )


@dataclass(frozen=True, kw_only=True)
class UnintelligibleSettings(DetectorSettings):
    label: ClassVar[str] = "Unintelligible text"
    min_letters: int = setting(
        8, type="integer", minimum=1, maximum=1000, help="Shorter comments are left alone."
    )
    mash_share: float = setting(
        0.6,
        type="number",
        minimum=0.1,
        maximum=1,
        help="Share of letters in non-word tokens that flags.",
    )


def _phone_regions() -> tuple[str, ...]:
    import phonenumbers

    return tuple(sorted(phonenumbers.SUPPORTED_REGIONS))


@dataclass(frozen=True, kw_only=True)
class PhoneNumbersSettings(DetectorSettings):
    label: ClassVar[str] = "Phone numbers"
    region: str = setting(
        "US",
        type="text",
        choices=_phone_regions(),
        help="Numbering plan for numbers written without a country code (two letters).",
    )
    allow: tuple[str, ...] = setting(
        (), type="texts", help="Numbers that are never flagged (the City's own)."
    )

    def check(self) -> None:
        for number in self.allow:
            if sum(c.isdigit() for c in number) < 3:
                raise ValidationError(f"“allow”: “{number}” is not a phone number.")


@dataclass(frozen=True, kw_only=True)
class EmailsSettings(DetectorSettings):
    label: ClassVar[str] = "Email addresses"
    allow_domains: tuple[str, ...] = setting(
        (), type="domains", help="Addresses at these domains are never flagged."
    )


@dataclass(frozen=True, kw_only=True)
class SsnSettings(DetectorSettings):
    label: ClassVar[str] = "Social Security numbers"


@dataclass(frozen=True, kw_only=True)
class StreetAddressSettings(DetectorSettings):
    label: ClassVar[str] = "Home addresses"
    cues: tuple[str, ...] = setting(
        (), type="texts", help="Words that make an address someone's home (default list if empty)."
    )
    window: int = setting(
        8, type="integer", minimum=1, maximum=100, help="How many words from a cue counts."
    )
    require_cue: bool = setting(True, type="boolean", help="Flag an address only next to a cue.")


@dataclass(frozen=True, kw_only=True)
class BrownActSettings(DetectorSettings):
    label: ClassVar[str] = "Legislative-body members discussing City business"
    terms: tuple[str, ...] = setting(type="terms", help="Words for City business.")


# --- spam, self-promotion, offers and more personal information (issue 11) -------------------
@dataclass(frozen=True, kw_only=True)
class OutsideLinksSettings(DetectorSettings):
    label: ClassVar[str] = "Links to outside sites"
    allow_domains: tuple[str, ...] = setting(
        (), type="domains", help="The City's own sites: links to them never count."
    )
    platform_domains: tuple[str, ...] = setting(
        (), type="domains", help="The platforms the City posts on: links to them never count."
    )
    reference_domains: tuple[str, ...] = setting(
        (), type="domains", help="News and reference sites residents cite: never counted."
    )
    allow_suffixes: tuple[str, ...] = setting(
        (), type="texts", help="Endings of public agencies' domains (gov, edu, ca.us …)."
    )
    max_relevance: float = setting(
        0.1,
        type="number",
        minimum=0,
        maximum=1,
        help="With a City post to compare with, a link flags only on a comment whose topic "
        "relevance (0-1) is below this.",
    )
    flag_without_post: bool = setting(
        True,
        type="boolean",
        help="With no City post to compare with, flag a link to an outside site alone.",
    )


@dataclass(frozen=True, kw_only=True)
class SignalFamiliesSettings(DetectorSettings):
    label: ClassVar[str] = "Signals together"
    signals: dict[str, str] = setting(
        type="patterns",
        help="Each kind of signal and its pattern (RE2, on the lower-cased text).",
    )
    min_signals: int = setting(
        2, type="integer", minimum=1, maximum=20, help="Different kinds of signal needed."
    )
    count_links: bool = setting(
        True, type="boolean", help="A link to an outside site counts as a kind of signal."
    )
    max_relevance: float | None = setting(
        None,
        type="number",
        minimum=0,
        maximum=1,
        nullable=True,
        help="With a City post to compare with, a comment whose topic relevance is below "
        "this needs one kind of signal fewer.",
    )


@dataclass(frozen=True, kw_only=True)
class PromotionSignalsSettings(SignalFamiliesSettings):
    label: ClassVar[str] = "Self-promotion signals together"


@dataclass(frozen=True, kw_only=True)
class OfferSignalsSettings(SignalFamiliesSettings):
    label: ClassVar[str] = "Prize and offer signals together"


@dataclass(frozen=True, kw_only=True)
class MorePhoneNumbersSettings(DetectorSettings):
    label: ClassVar[str] = "Phone numbers in other formats"
    allow: tuple[str, ...] = setting(
        (), type="texts", help="Numbers that are never flagged (the City's own)."
    )


@dataclass(frozen=True, kw_only=True)
class CardNumbersSettings(DetectorSettings):
    label: ClassVar[str] = "Payment card numbers"


@dataclass(frozen=True, kw_only=True)
class IbanSettings(DetectorSettings):
    label: ClassVar[str] = "Bank account numbers (IBAN)"


@dataclass(frozen=True, kw_only=True)
class IpAddressesSettings(DetectorSettings):
    label: ClassVar[str] = "IP addresses"


@dataclass(frozen=True, kw_only=True)
class BankAccountsSettings(DetectorSettings):
    label: ClassVar[str] = "Bank account and routing numbers"


@dataclass(frozen=True, kw_only=True)
class MoreSsnSettings(DetectorSettings):
    label: ClassVar[str] = "Social Security numbers without dashes"


@dataclass(frozen=True, kw_only=True)
class PostalAddressSettings(DetectorSettings):
    label: ClassVar[str] = "Postal addresses"


SPAM_PII_DETECTOR_SETTINGS: dict[str, type[DetectorSettings]] = {
    "outside_links": OutsideLinksSettings,
    "promotion_signals": PromotionSignalsSettings,
    "offer_signals": OfferSignalsSettings,
    "phone_numbers_more": MorePhoneNumbersSettings,
    "card_numbers": CardNumbersSettings,
    "iban": IbanSettings,
    "ip_addresses": IpAddressesSettings,
    "ssn_more": MoreSsnSettings,
    "bank_accounts": BankAccountsSettings,
    "postal_address": PostalAddressSettings,
}


# --- harm detectors (threats, hate, sexual content): issue 11 ---------------------------------
OFFENSIVE_HELP = (
    "The profanity model's probability (0.5 to 1) at or above which {what}; empty: the model "
    "is not used here."
)


@dataclass(frozen=True, kw_only=True)
class ThreatsSettings(DetectorSettings):
    label: ClassVar[str] = "Threats and calls to violence"
    harm_verbs: tuple[str, ...] = setting(
        type="texts", help="Verbs of violence, every form written out (kill, killed, killing)."
    )
    attack_phrases: tuple[str, ...] = setting(
        type="texts", help="Phrases of violence that need no verb (a bullet, body bag)."
    )
    death_words: tuple[str, ...] = setting(
        type="texts", help="Death and suffering wished on someone, with no object (die, rot)."
    )
    targets: tuple[str, ...] = setting(
        type="texts", help="People, groups and places a threat can be aimed at."
    )
    people_verbs: tuple[str, ...] = setting(
        (), type="texts", help="Verbs only ever done to people: whatever they name is a target."
    )
    reporting: tuple[str, ...] = setting(
        (), type="texts", help="Phrases that make a sentence a report or a condemnation."
    )
    offensive_threshold: float | None = setting(
        None,
        type="number",
        minimum=0.5,
        maximum=1,
        nullable=True,
        help=OFFENSIVE_HELP.format(what="a harm verb aimed at a target flags without a framing"),
    )


@dataclass(frozen=True, kw_only=True)
class HateSettings(DetectorSettings):
    label: ClassVar[str] = "Hostile generalisations about protected groups"
    groups: tuple[str, ...] = setting(
        type="texts", help="Protected groups as people name them (immigrants, gay men)."
    )
    traits: tuple[str, ...] = setting(
        type="texts", help="Demeaning words said of a whole group (vermin, criminals)."
    )
    hostile_verbs: tuple[str, ...] = setting(
        type="texts", help="Hostile things said a group does or should suffer (ruin, go back)."
    )
    attitudes: tuple[str, ...] = setting(
        type="texts", help="The writer's hostility just before a group (I hate, deport all)."
    )
    context: tuple[str, ...] = setting(
        (),
        type="texts",
        help="Phrases that make a sentence a report, a condemnation or about one's own group.",
    )
    offensive_threshold: float | None = setting(
        None,
        type="number",
        minimum=0.5,
        maximum=1,
        nullable=True,
        help=OFFENSIVE_HELP.format(what="a comment naming a protected group flags"),
    )


@dataclass(frozen=True, kw_only=True)
class SexualContentSettings(DetectorSettings):
    label: ClassVar[str] = "Sexual content"
    explicit: tuple[str, ...] = setting(
        type="texts", help="Words and phrases that are sexual on their own (blowjob, send nudes)."
    )
    body_parts: tuple[str, ...] = setting(
        type="texts", help="Body parts that count when acted on or described (suck my …)."
    )
    acts: tuple[str, ...] = setting(
        type="texts", help="Acts that count on a body part, or with a wish or intent."
    )
    minors: tuple[str, ...] = setting(
        type="texts", help="Words for children: with any sexual word they always flag."
    )
    context: tuple[str, ...] = setting(
        (), type="texts", help="Phrases of health, sex education and reporting (not flagged)."
    )


HARM_DETECTOR_SETTINGS: dict[str, type[DetectorSettings]] = {
    "threats": ThreatsSettings,
    "hate": HateSettings,
    "sexual_content": SexualContentSettings,
}


KIND_SETTINGS: dict[str, type[RuleSettings]] = {
    cls.kind: cls
    for cls in (
        KeywordsSettings,
        RegexSettings,
        LinkDomainsSettings,
        LengthSettings,
        RepetitionSettings,
        NamesSettings,
        LearnedSettings,
    )
}
DETECTOR_SETTINGS: dict[str, type[DetectorSettings]] = {
    "profanity_model": ProfanityModelSettings,
    "commerce_signals": CommerceSignalsSettings,
    "link_spam": LinkSpamSettings,
    "unintelligible": UnintelligibleSettings,
    "phone_numbers": PhoneNumbersSettings,
    "emails": EmailsSettings,
    "ssn": SsnSettings,
    "street_address": StreetAddressSettings,
    "brown_act": BrownActSettings,
    **HARM_DETECTOR_SETTINGS,
    **SPAM_PII_DETECTOR_SETTINGS,
}
# The code detectors a `threshold` rule can switch on, with their names for people.
DETECTORS: dict[str, str] = {key: cls.label for key, cls in DETECTOR_SETTINGS.items()}


def settings_class(kind: str, parameters: Any) -> type[RuleSettings]:
    if kind == THRESHOLD:
        detector = parameters.get("detector") if isinstance(parameters, dict) else None
        if detector not in DETECTOR_SETTINGS:
            raise ValidationError(
                "A detector rule names one of: " + ", ".join(sorted(DETECTOR_SETTINGS)) + "."
            )
        return DETECTOR_SETTINGS[detector]
    if kind not in KIND_SETTINGS:
        raise ValidationError(f"Unknown rule kind “{kind}”.")
    return KIND_SETTINGS[kind]


def _fields(cls: type[RuleSettings]) -> list[dataclasses.Field]:
    return [f for f in dataclasses.fields(cls) if "spec" in f.metadata]


def rule_settings_read(kind: str, parameters: Any) -> RuleSettings:
    """The typed settings of a rule of `kind`, or ValidationError listing every problem, each
    naming its setting."""
    if not isinstance(parameters, dict):
        raise ValidationError("Settings must be a JSON object: {…}.")
    cls = settings_class(kind, parameters)
    known = {f.name: f for f in _fields(cls)}
    errors: list[str] = []
    unknown = sorted(set(parameters) - set(known))
    if unknown:
        errors.append(
            "Unknown setting"
            + ("s " if len(unknown) > 1 else " ")
            + ", ".join(f"“{k}”" for k in unknown)
            + f" for this kind of rule; it takes: {', '.join(sorted(known))}."
        )
    values: dict[str, Any] = {}
    for name, spec_field in known.items():
        if name not in parameters:
            if spec_field.default is REQUIRED:
                errors.append(f"“{name}” is required for this kind of rule.")
            continue
        try:
            values[name] = spec_field.metadata["spec"].clean(name, parameters[name])
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    settings = cls(**values)
    settings.check()
    return settings


def rule_parameters_validate(kind: str, parameters: Any) -> dict:
    """Check a rule's stored parameters; return them tidied (only the keys given, lists as
    lists, numbers typed). Raises ValidationError."""
    settings = rule_settings_read(kind, parameters)
    tidied = {}
    for name in parameters:
        value = getattr(settings, name)
        tidied[name] = list(value) if isinstance(value, tuple) else value
    return tidied


def settings_help() -> list[tuple[str, list[tuple[str, str]]]]:
    """For the form: each kind (and detector) with its settings described."""
    kinds: list[tuple[str, type[RuleSettings]]] = list(KIND_SETTINGS.items())
    kinds += [(f"threshold: {key}", cls) for key, cls in DETECTOR_SETTINGS.items()]
    return [
        (
            label,
            [(f.name, f.metadata["spec"].describe(f.default)) for f in _fields(cls)],
        )
        for label, cls in kinds
    ]
