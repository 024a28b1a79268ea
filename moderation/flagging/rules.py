"""FlagRules compiled for matching: a `RuleSet` is built once (per task run, per evaluation)
from the active rules, and the classifier only reads it.

Word lists become Aho-Corasick automata (pyahocorasick), one per category and one per names
list, so matching costs the same however long the lists grow. Patterns are compiled with RE2
(pattern_engine.py). Each rule's settings are read through its kind's description
(rule_settings.py); a stored rule whose settings no longer validate is logged and left out,
so one bad row never stops the other rules.
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import ahocorasick
from django.core.exceptions import ValidationError

from moderation.flagging.normalize import normalise_term
from moderation.flagging.pattern_engine import Pattern, PatternSet, pattern_compile
from moderation.flagging.rule_settings import (
    DETECTORS,
    KEYWORDS,
    LEARNED,
    LENGTH,
    LINK_DOMAINS,
    NAMES,
    REGEX,
    REPETITION,
    THRESHOLD,
    RuleSettings,
    rule_parameters_validate,
    rule_settings_read,
)

__all__ = [
    "DETECTORS",
    "KEYWORDS",
    "LEARNED",
    "LENGTH",
    "LINK_DOMAINS",
    "NAMES",
    "REGEX",
    "REPETITION",
    "THRESHOLD",
    "CompiledRule",
    "RuleSet",
    "pattern_validate",
    "rule_parameters_validate",
    "ruleset_load",
]

logger = logging.getLogger(__name__)


def pattern_validate(pattern: str) -> Pattern:
    """Compile a supervisor's pattern with RE2 (linear-time matching), refusing invalid and
    oversized ones and the look-around and back-references RE2 cannot run."""
    return pattern_compile(pattern)


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

    @cached_property
    def settings(self) -> RuleSettings:
        """The typed settings (defaults filled in). Raises ValidationError for bad ones."""
        return rule_settings_read(self.kind, self.parameters)

    @property
    def score(self) -> float:
        return self.settings.score


@dataclass
class RuleSet:
    """Active rules, compiled. Build with `RuleSet.build(...)` or `ruleset_load()`."""

    rules: list[CompiledRule] = field(default_factory=list)
    # category -> automaton over normalised terms; value: (term, [rule index, ...])
    keyword_automata: dict[str, Any] = field(default_factory=dict)
    keyword_automaton: Any = None  # all of keyword_automata's terms together
    # names list key -> automaton; value: (term, [rule index, ...])
    name_automata: dict[str, Any] = field(default_factory=dict)
    patterns: list[tuple[int, Pattern, dict[str, Pattern]]] = field(default_factory=list)
    # The same patterns in one RE2 Set (`patterns[i]` is the Set's member i).
    pattern_set: PatternSet | None = None
    # Rules left out because their stored settings do not validate: (rule id, name, why).
    skipped: list[tuple[int | None, str, str]] = field(default_factory=list)
    domains: dict[str, list[int]] = field(default_factory=dict)
    by_kind: dict[str, list[int]] = field(default_factory=dict)
    # (kind, site) -> the rules `of_kind` returns; (detector, site) -> `detector_rule`. Every
    # detector asks these of every comment: asked once per set of rules, not 50 times a comment.
    _of_kind: dict[tuple[str, int | None], list] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _detector_rules: dict[tuple[str, int | None], CompiledRule | None] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @classmethod
    def build(cls, rules: Iterable[CompiledRule]) -> RuleSet:
        ruleset = cls()
        for rule in rules:
            try:
                rule.settings  # noqa: B018 - validates, and caches the typed settings
            except ValidationError as exc:
                # Refused when saved; a row that got stored anyway (an old migration, a
                # manual edit) costs that rule only, never the whole classification run.
                why = "; ".join(exc.messages)
                logger.error("Flag rule %s (%s) skipped: %s", rule.id, rule.name, why)
                ruleset.skipped.append((rule.id, rule.name, why))
                continue
            ruleset.rules.append(rule)
        keyword_terms: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
        name_terms: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
        by_kind: dict[str, list[int]] = defaultdict(list)
        for index, rule in enumerate(ruleset.rules):
            by_kind[rule.kind].append(index)
            settings: Any = rule.settings
            if rule.kind == KEYWORDS:
                for term in settings.terms:
                    normalised = normalise_term(term)
                    if normalised:
                        keyword_terms[rule.category][normalised].append(index)
            elif rule.kind == NAMES:
                key = settings.list
                for term in settings.terms:
                    normalised = normalise_term(term)
                    if normalised:
                        name_terms[key][normalised].append(index)
            elif rule.kind == REGEX:
                exclusions = {
                    group: pattern_compile(pattern)
                    for group, pattern in (settings.not_followed_by or {}).items()
                }
                ruleset.patterns.append((index, pattern_compile(settings.pattern), exclusions))
            elif rule.kind == LINK_DOMAINS:
                for domain in settings.domains:
                    ruleset.domains.setdefault(domain, []).append(index)
        ruleset.pattern_set = PatternSet(
            [ruleset.rules[index].settings.pattern for index, _, _ in ruleset.patterns]
        )
        ruleset.keyword_automata = {c: _automaton(t) for c, t in keyword_terms.items()}
        # Every category's terms in one automaton: a comment is read once, not once a category.
        every_term: dict[str, list[int]] = defaultdict(list)
        for terms in keyword_terms.values():
            for term, indexes in terms.items():
                every_term[term].extend(indexes)
        ruleset.keyword_automaton = _automaton(every_term) if every_term else None
        ruleset.name_automata = {k: _automaton(t) for k, t in name_terms.items()}
        ruleset.by_kind = dict(by_kind)
        return ruleset

    @cached_property
    def fallback_ids(self) -> frozenset[int]:
        """The ids of the rules marked `fallback` (engine._fallbacks_reduced): asked of every
        comment, found once per set of rules."""
        return frozenset(r.id for r in self.rules if r.id is not None and r.settings.fallback)

    def of_kind(self, kind: str, site_id: int | None) -> list[tuple[int, CompiledRule]]:
        key = (kind, site_id)
        if key not in self._of_kind:
            self._of_kind[key] = [
                (i, self.rules[i])
                for i in self.by_kind.get(kind, ())
                if self.rules[i].applies_to(site_id)
            ]
        return list(self._of_kind[key])

    def detector_rule(self, detector: str, site_id: int | None) -> CompiledRule | None:
        key = (detector, site_id)
        if key not in self._detector_rules:
            self._detector_rules[key] = next(
                (
                    rule
                    for _, rule in self.of_kind(THRESHOLD, site_id)
                    if rule.settings.detector == detector
                ),
                None,
            )
        return self._detector_rules[key]


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


# The last rule set built in this process, by what it was built from (`ruleset_load`).
_last_built: tuple[str, RuleSet] | None = None


def _rules_fingerprint() -> str | None:
    """A digest, computed by PostgreSQL in one query, of everything `compiled_rule_from_model`
    reads from the active rules (each rule's id, category code, sub-reason, name, kind,
    parameters and sites). Any change to what a set is built from changes it, however the change
    was made (a supervisor's edit, a migration, a deactivation), so no writer has to remember
    to announce it. None off PostgreSQL (the demo's SQLite): the rows are compared instead."""
    from django.db import connection

    from moderation.models import FlagRule, PolicyCategory

    if connection.vendor != "postgresql":
        return None
    rule, category = FlagRule._meta.db_table, PolicyCategory._meta.db_table
    through = FlagRule.sites.through._meta.db_table
    sql = f"""
        SELECT md5(coalesce(string_agg(concat_ws(chr(31), r.id, c.code, r.sub_reason, r.name,
                   r.kind, r.parameters::text,
                   (SELECT string_agg(s.site_id::text, ',' ORDER BY s.site_id)
                      FROM "{through}" s WHERE s.flagrule_id = r.id)),
               chr(30) ORDER BY r.id), ''))
          FROM "{rule}" r JOIN "{category}" c ON c.id = r.category_id
         WHERE r.active
    """  # noqa: S608 - table names from the models' own metadata, no input
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return "pg:" + cursor.fetchone()[0]


def ruleset_load() -> RuleSet:
    """The active FlagRules, compiled.

    Compiling (word automata, RE2 programs, settings) costs more than reading the rows, and
    reading the rows (a keyword list's parameters made into Python values, every batch) costs
    more than asking PostgreSQL whether they changed: every batch of a worker asks for the set,
    so each asks one query for the rules' fingerprint, and the rows are read and the set
    built again only when it differs from the last one built here (so a supervisor's edit
    takes effect on the next batch). Off PostgreSQL the rows themselves are compared."""
    global _last_built
    fingerprint = _rules_fingerprint()
    if fingerprint is not None and _last_built is not None and _last_built[0] == fingerprint:
        return _last_built[1]
    from moderation.models import FlagRule

    rules = (
        FlagRule.objects.filter(active=True)
        .select_related("category")
        .prefetch_related("sites")
        .order_by("pk")
    )
    compiled = [compiled_rule_from_model(rule) for rule in rules]
    key = fingerprint or json.dumps(
        [
            [r.id, r.category, r.sub_reason, r.name, r.kind, r.parameters, sorted(r.site_ids)]
            for r in compiled
        ],
        sort_keys=True,
        default=str,
    )
    if _last_built is not None and _last_built[0] == key:
        return _last_built[1]
    ruleset = RuleSet.build(compiled)
    _last_built = (key, ruleset)
    return ruleset
