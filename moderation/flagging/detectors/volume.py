"""Unduly lengthy (FlagRule kind `length`) and unduly repetitive (kind `repetition`: the same
account posting near-duplicates within a window, compared by the Jaccard similarity of
their 5-character shingles)."""

from __future__ import annotations

from functools import lru_cache

from moderation.flagging.document import Document
from moderation.flagging.normalize import normalise_term
from moderation.flagging.rules import LENGTH, REPETITION
from moderation.flagging.services import FlagCandidate


def detect_length(doc: Document) -> list[FlagCandidate]:
    candidates = []
    length = doc.length  # the whole comment, not only the part the other detectors read
    for _, rule in doc.rules.of_kind(LENGTH, doc.context.site_id):
        limit = rule.settings.max_chars
        if length <= limit:
            continue
        over = length / limit - 1
        candidates.append(
            FlagCandidate(
                category=rule.category,
                sub_reason=rule.sub_reason or "lengthy",
                detector="length",
                score=round(min(0.9, 0.6 + 0.3 * over), 3),
                explanation=f"{length:,} characters; the rule “{rule.name}” flags more than "
                f"{limit:,}.",
                spans=[
                    {
                        "start": limit,
                        "end": min(length, limit + 80),
                        "text": doc.original[limit : limit + 80],
                    }
                ],
                rule_id=rule.id,
            )
        )
    return candidates


def _shingles(text: str) -> set[str]:
    words = normalise_term(text)
    if len(words) < 5:
        return {words} if words else set()
    return {words[i : i + 5] for i in range(len(words) - 4)}


@lru_cache(maxsize=4096)
def shingles_of(text: str) -> frozenset[str]:
    return frozenset(_shingles(text))


def similarity(a: str, b: str) -> float:
    """The Jaccard similarity of two texts' 5-character shingles, exactly. (This detector
    estimated it with MinHash before; for texts of comment size the exact figure costs less
    than the estimate: the sets are small and one account's texts are compared with each
    other many times. A text with no letters or digits has no shingle: two such texts are
    alike, one such text is like no other.)"""
    mine, theirs = shingles_of(a), shingles_of(b)
    if not mine or not theirs:
        return 1.0 if mine == theirs else 0.0
    shared = len(mine & theirs)
    return shared / (len(mine) + len(theirs) - shared)


def detect_repetition(doc: Document) -> list[FlagCandidate]:
    recent = doc.context.recent_texts
    if not recent:
        return []  # no context (e.g. evaluate_flagging): this detector cannot tell
    candidates = []
    for _, rule in doc.rules.of_kind(REPETITION, doc.context.site_id):
        min_chars = rule.settings.min_chars
        if len(doc.text.strip()) < min_chars:
            continue
        alike = rule.settings.similarity
        similar = [
            other
            for other in recent
            if len(other.strip()) >= min_chars and similarity(doc.text, other) >= alike
        ]
        needed = rule.settings.min_similar
        if len(similar) + 1 < needed:
            continue
        hours = rule.settings.window_hours
        candidates.append(
            FlagCandidate(
                category=rule.category,
                sub_reason=rule.sub_reason or "repetitive",
                detector="repetition",
                score=round(min(0.9, 0.6 + 0.05 * len(similar)), 3),
                explanation=f"This account posted {len(similar) + 1} near-identical comments "
                f"within {hours} hours (Jaccard similarity ≥ {alike:.2f}).",
                spans=[doc.span(0, min(len(doc.text), 80))],
                rule_id=rule.id,
            )
        )
    return candidates
