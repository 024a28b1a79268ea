"""Unduly lengthy (FlagRule kind `length`) and unduly repetitive (kind `repetition`: the same
account posting near-duplicates within a window, compared with MinHash)."""

from __future__ import annotations

from functools import lru_cache

from datasketch import MinHash

from moderation.flagging.document import Document
from moderation.flagging.normalize import normalise_term
from moderation.flagging.rules import LENGTH, REPETITION
from moderation.flagging.services import FlagCandidate

NUM_PERM = 64


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


@lru_cache(maxsize=1)
def _template() -> MinHash:
    """The seed's permutations are drawn once, here (MinHash draws them again for every
    instance it makes: a third of the detector's time); each text's MinHash reuses them."""
    return MinHash(num_perm=NUM_PERM, seed=7)


@lru_cache(maxsize=4096)
def minhash_of(text: str) -> MinHash:
    template = _template()
    minhash = MinHash(
        num_perm=NUM_PERM, seed=7, permutations=template.permutations, scheme=template.scheme
    )
    # One vectorised update (the same signature as one `update` per shingle, which cost a
    # numpy round per shingle: most of the classification task's time on a batch of 500).
    minhash.update_batch([shingle.encode("utf-8") for shingle in _shingles(text)])
    return minhash


def detect_repetition(doc: Document) -> list[FlagCandidate]:
    recent = doc.context.recent_texts
    if not recent:
        return []  # no context (e.g. evaluate_flagging): this detector cannot tell
    candidates = []
    for _, rule in doc.rules.of_kind(REPETITION, doc.context.site_id):
        min_chars = rule.settings.min_chars
        if len(doc.text.strip()) < min_chars:
            continue
        similarity = rule.settings.similarity
        mine = minhash_of(doc.text)
        similar = [
            other
            for other in recent
            if len(other.strip()) >= min_chars and mine.jaccard(minhash_of(other)) >= similarity
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
                f"within {hours} hours (MinHash similarity ≥ {similarity:.2f}).",
                spans=[doc.span(0, min(len(doc.text), 80))],
                rule_id=rule.id,
            )
        )
    return candidates
