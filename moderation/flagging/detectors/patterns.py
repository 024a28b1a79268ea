"""Patterns (FlagRule kind `regex`), run on the `clean` view (casefolded, NFKC, invisible
characters removed), with optional exclusions for quoted news and negation."""

from __future__ import annotations

import re

from moderation.flagging.document import Document
from moderation.flagging.services import FlagCandidate


def _excluded(clean: str, start: int, end: int, excludes: list[str], context_chars: int) -> str:
    before = clean[max(0, start - context_chars) : end]
    for phrase in excludes:
        phrase = phrase.casefold().strip()
        if phrase and re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", before):
            return phrase
    return ""


def detect_patterns(doc: Document) -> list[FlagCandidate]:
    candidates = []
    clean = doc.norm.clean
    site_id = doc.context.site_id
    for index, pattern in doc.rules.patterns:
        rule = doc.rules.rules[index]
        if not rule.applies_to(site_id):
            continue
        excludes = rule.parameters.get("exclude_context") or []
        context_chars = int(rule.parameters.get("context_chars", 40))
        ranges = []
        for match in pattern.finditer(clean.text):
            if match.end() == match.start():
                continue
            if excludes and _excluded(
                clean.text, match.start(), match.end(), excludes, context_chars
            ):
                continue
            ranges.append(clean.original_span(match.start(), match.end()))
        if not ranges:
            continue
        quoted = ", ".join(f"“{doc.text[s:e]}”" for s, e in sorted(set(ranges))[:5])
        candidates.append(
            FlagCandidate(
                category=rule.category,
                sub_reason=rule.sub_reason,
                detector=rule.parameters.get("detector") or "pattern",
                score=rule.score,
                explanation=f"Matched the pattern “{rule.name}”: {quoted}.",
                spans=doc.spans(ranges),
                rule_id=rule.id,
            )
        )
    return candidates
