"""FlagRules compiled for matching: a `RuleSet` is built once (per task run, per evaluation)
from the active rules, and the classifier only reads it.

Word lists become Aho-Corasick automata (pyahocorasick), one per category and one per names
list, so matching costs the same however long the lists grow. Parameters are validated here,
for the portal's form and for the service that saves a rule.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import ahocorasick
from django.core.exceptions import ValidationError

from moderation.flagging.normalize import normalise_term

KEYWORDS = "keywords"
REGEX = "regex"
LINK_DOMAINS = "link_domains"
LENGTH = "length"
REPETITION = "repetition"
NAMES = "names"
THRESHOLD = "threshold"

# The code detectors a `threshold` rule can switch on (see detectors/).
DETECTORS = {
    "profanity_model": "Profanity model (alt-profanity-check)",
    "commerce_signals": "Sales signals together",
    "link_spam": "Link-heavy comments",
    "unintelligible": "Unintelligible text",
    "phone_numbers": "Phone numbers",
    "emails": "Email addresses",
    "ssn": "Social Security numbers",
    "street_address": "Home addresses",
    "brown_act": "Legislative-body members discussing City business",
}

MAX_PATTERN_LENGTH = 2000
MAX_TERMS = 20_000
# A quantified group that itself contains a quantifier, e.g. (a+)+ or (\w*)*: the classic
# shape of catastrophic backtracking. Refused outright; rules are written by people.
NESTED_QUANTIFIER = re.compile(r"\((?:[^()\\]|\\.)*(?:[+*]|\{\d*,?\d*\})\)(?:[+*]|\{\d*,?\d*\})")
ALTERNATION_OVERLAP = re.compile(r"\(([^()|]+)\|\1\)[+*]")


def pattern_validate(pattern: str) -> re.Pattern:
    """Compile a supervisor's pattern, refusing invalid, oversized and backtracking-prone ones."""
    if not pattern or not pattern.strip():
        raise ValidationError("Enter a pattern.")
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise ValidationError(f"Patterns are limited to {MAX_PATTERN_LENGTH} characters.")
    if NESTED_QUANTIFIER.search(pattern) or ALTERNATION_OVERLAP.search(pattern):
        raise ValidationError(
            "This pattern repeats a group that itself repeats (like (a+)+), which can take "
            "forever on some comments. Rewrite it without the nested repetition."
        )
    if re.search(r"\\[1-9]|\(\?P=", pattern):
        raise ValidationError("Back-references are not allowed in patterns.")
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        raise ValidationError(f"This is not a valid pattern: {exc}.") from exc


def _terms(parameters: dict, key: str, label: str) -> list[str]:
    terms = parameters.get(key)
    if not isinstance(terms, list) or not all(isinstance(t, str) for t in terms):
        raise ValidationError(f"{label}: give a list of words or phrases.")
    cleaned = [t.strip() for t in terms if t.strip()]
    if not cleaned:
        raise ValidationError(f"{label}: give at least one entry.")
    if len(cleaned) > MAX_TERMS:
        raise ValidationError(f"{label}: at most {MAX_TERMS} entries.")
    if any(len(t) > 200 for t in cleaned):
        raise ValidationError(f"{label}: each entry is at most 200 characters.")
    return cleaned


def _number(parameters, key, *, default, minimum, maximum, integer=False):
    value = parameters.get(key, default)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError(f"“{key}” must be a number.")
    if integer and int(value) != value:
        raise ValidationError(f"“{key}” must be a whole number.")
    if not minimum <= value <= maximum:
        raise ValidationError(f"“{key}” must be between {minimum} and {maximum}.")
    return int(value) if integer else float(value)


def rule_parameters_validate(kind: str, parameters: Any) -> dict:
    """Check a rule's parameters for its kind; return them tidied. Raises ValidationError."""
    if not isinstance(parameters, dict):
        raise ValidationError("Parameters must be a JSON object.")
    params = dict(parameters)
    _number(params, "score", default=0.8, minimum=0, maximum=1)
    if kind in (KEYWORDS, NAMES):
        params["terms"] = _terms(params, "terms", "Words or phrases")
        for term in params["terms"]:
            if len(normalise_term(term).replace(" ", "")) < 2:
                raise ValidationError(
                    f"“{term}” is too short to match safely: once punctuation is ignored it "
                    "has fewer than two letters or digits."
                )
        if kind == NAMES and (
            not isinstance(params.get("list"), str) or not params["list"].strip()
        ):
            raise ValidationError("A names rule needs a list key (e.g. “staff_directory”).")
        if kind == KEYWORDS:
            _number(params, "window", default=8, minimum=1, maximum=100, integer=True)
            _number(params, "min_hits", default=1, minimum=1, maximum=20, integer=True)
    elif kind == REGEX:
        pattern_validate(params.get("pattern", ""))
        excludes = params.get("exclude_context", [])
        if not isinstance(excludes, list) or not all(isinstance(t, str) for t in excludes):
            raise ValidationError("“exclude_context” must be a list of phrases.")
        _number(params, "context_chars", default=40, minimum=0, maximum=400, integer=True)
    elif kind == LINK_DOMAINS:
        domains = _terms(params, "domains", "Domains")
        for domain in domains:
            if not re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", domain.lower()):
                raise ValidationError(f"“{domain}” is not a domain name like example.com.")
        params["domains"] = [d.lower() for d in domains]
    elif kind == LENGTH:
        if "max_chars" not in params:
            raise ValidationError("A length rule needs “max_chars”.")
        _number(params, "max_chars", default=2500, minimum=100, maximum=100_000, integer=True)
    elif kind == REPETITION:
        _number(params, "window_hours", default=24, minimum=1, maximum=24 * 30, integer=True)
        _number(params, "min_similar", default=3, minimum=2, maximum=100, integer=True)
        _number(params, "similarity", default=0.8, minimum=0.3, maximum=1)
        _number(params, "min_chars", default=20, minimum=1, maximum=10_000, integer=True)
    elif kind == THRESHOLD:
        if params.get("detector") not in DETECTORS:
            raise ValidationError(
                "A detector rule names one of: " + ", ".join(sorted(DETECTORS)) + "."
            )
        _number(params, "model_only_threshold", default=None, minimum=0.5, maximum=1)
        _number(params, "min_signals", default=2, minimum=1, maximum=10, integer=True)
        _number(params, "min_links", default=2, minimum=1, maximum=50, integer=True)
        _number(params, "min_letters", default=8, minimum=1, maximum=1000, integer=True)
    else:
        raise ValidationError(f"Unknown rule kind “{kind}”.")
    return params


@dataclass(frozen=True)
class CompiledRule:
    id: int | None
    category: str
    sub_reason: str
    name: str
    kind: str
    parameters: dict
    site_ids: frozenset[int] = frozenset()

    def applies_to(self, site_id: int | None) -> bool:
        """Per-site switches: a rule with no sites applies everywhere; with sites, only there
        (and not when the site is unknown, as in `evaluate_flagging`)."""
        return not self.site_ids or (site_id is not None and site_id in self.site_ids)

    @property
    def score(self) -> float:
        return float(self.parameters.get("score", 0.8))


@dataclass
class RuleSet:
    """Active rules, compiled. Build with `RuleSet.build(...)` or `ruleset_load()`."""

    rules: list[CompiledRule] = field(default_factory=list)
    # category -> automaton over normalised terms; value: (term, [rule index, ...])
    keyword_automata: dict[str, Any] = field(default_factory=dict)
    # names list key -> automaton; value: (term, [rule index, ...])
    name_automata: dict[str, Any] = field(default_factory=dict)
    patterns: list[tuple[int, re.Pattern]] = field(default_factory=list)
    domains: dict[str, list[int]] = field(default_factory=dict)
    by_kind: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def build(cls, rules: Iterable[CompiledRule]) -> RuleSet:
        ruleset = cls(rules=list(rules))
        keyword_terms: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
        name_terms: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
        by_kind: dict[str, list[int]] = defaultdict(list)
        for index, rule in enumerate(ruleset.rules):
            by_kind[rule.kind].append(index)
            if rule.kind == KEYWORDS:
                for term in rule.parameters.get("terms", []):
                    normalised = normalise_term(term)
                    if normalised:
                        keyword_terms[rule.category][normalised].append(index)
            elif rule.kind == NAMES:
                key = rule.parameters.get("list") or f"rule-{rule.id}"
                for term in rule.parameters.get("terms", []):
                    normalised = normalise_term(term)
                    if normalised:
                        name_terms[key][normalised].append(index)
            elif rule.kind == REGEX:
                try:
                    ruleset.patterns.append((index, pattern_validate(rule.parameters["pattern"])))
                except (KeyError, ValidationError):
                    continue  # refused when saved; never run a bad pattern
            elif rule.kind == LINK_DOMAINS:
                for domain in rule.parameters.get("domains", []):
                    ruleset.domains.setdefault(domain.lower(), []).append(index)
        ruleset.keyword_automata = {c: _automaton(t) for c, t in keyword_terms.items()}
        ruleset.name_automata = {k: _automaton(t) for k, t in name_terms.items()}
        ruleset.by_kind = dict(by_kind)
        return ruleset

    def of_kind(self, kind: str, site_id: int | None) -> list[tuple[int, CompiledRule]]:
        return [
            (i, self.rules[i])
            for i in self.by_kind.get(kind, ())
            if self.rules[i].applies_to(site_id)
        ]

    def detector_rule(self, detector: str, site_id: int | None) -> CompiledRule | None:
        for _, rule in self.of_kind(THRESHOLD, site_id):
            if rule.parameters.get("detector") == detector:
                return rule
        return None


def _automaton(terms: dict[str, list[int]]):
    automaton = ahocorasick.Automaton()
    for term, indexes in terms.items():
        automaton.add_word(term, (term, tuple(indexes)))
    automaton.make_automaton()
    return automaton


def compiled_rule_from_model(rule) -> CompiledRule:
    return CompiledRule(
        id=rule.pk,
        category=rule.category.code,
        sub_reason=rule.sub_reason,
        name=rule.name,
        kind=rule.kind,
        parameters=dict(rule.parameters or {}),
        site_ids=frozenset(site.pk for site in rule.sites.all()),
    )


def ruleset_load() -> RuleSet:
    """The active FlagRules, compiled (two queries)."""
    from moderation.models import FlagRule

    rules = (
        FlagRule.objects.filter(active=True)
        .select_related("category")
        .prefetch_related("sites")
        .order_by("pk")
    )
    return RuleSet.build(compiled_rule_from_model(rule) for rule in rules)
