"""The classifier: pure, given a text, a compiled RuleSet and optional Context, it returns
what the detectors found, each candidate explaining itself. The Celery task and
`evaluate_flagging` both call `classify_text` (one code path)."""

from __future__ import annotations

from moderation.flagging.detectors.brown_act import detect_brown_act
from moderation.flagging.detectors.commerce import detect_commerce_signals
from moderation.flagging.detectors.keywords import detect_keywords, detect_name_mentions
from moderation.flagging.detectors.links import detect_link_domains, detect_link_spam
from moderation.flagging.detectors.patterns import detect_patterns
from moderation.flagging.detectors.personal import (
    detect_emails,
    detect_phone_numbers,
    detect_ssn,
    detect_street_address,
)
from moderation.flagging.detectors.profanity import apply_profanity_model
from moderation.flagging.detectors.unintelligible import detect_unintelligible
from moderation.flagging.detectors.volume import detect_length, detect_repetition
from moderation.flagging.document import Context, Document
from moderation.flagging.rules import RuleSet
from moderation.services.flags import FlagCandidate

__all__ = ["Context", "RuleSet", "classify_text", "predicted_categories"]

DETECTORS = (
    detect_keywords,
    detect_name_mentions,
    detect_patterns,
    detect_link_domains,
    detect_link_spam,
    detect_commerce_signals,
    detect_phone_numbers,
    detect_emails,
    detect_ssn,
    detect_street_address,
    detect_unintelligible,
    detect_length,
    detect_repetition,
    detect_brown_act,
)


def classify_text(
    text: str, *, rules: RuleSet, context: Context | None = None
) -> list[FlagCandidate]:
    if not text or not text.strip():
        return []
    doc = Document(text, rules, context or Context())
    candidates: list[FlagCandidate] = []
    for detector in DETECTORS:
        candidates.extend(detector(doc))
    candidates = apply_profanity_model(doc, candidates)
    # A phone number in an advertisement is the business's own: commerce, not private data.
    if any(c.category == "commerce" for c in candidates):
        candidates = [c for c in candidates if c.detector != "phone_numbers"]
    return sorted(candidates, key=lambda c: (-c.score, c.category, c.detector, c.rule_id or 0))


def predicted_categories(candidates: list[FlagCandidate]) -> set[str]:
    return {c.category for c in candidates}
