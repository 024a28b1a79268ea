"""The classifier: pure, given a text, a compiled RuleSet and optional Context, it returns
what the detectors found, each candidate explaining itself. The Celery task and
`evaluate_flagging` both call `classify_text` (one code path)."""

from __future__ import annotations

import time
from collections.abc import Callable

from moderation.flagging.detectors.brown_act import detect_brown_act
from moderation.flagging.detectors.commerce import detect_commerce_signals
from moderation.flagging.detectors.hate import detect_hate
from moderation.flagging.detectors.keywords import detect_keywords, detect_name_mentions
from moderation.flagging.detectors.links import (
    detect_link_domains,
    detect_link_spam,
    detect_outside_links,
)
from moderation.flagging.detectors.patterns import detect_patterns
from moderation.flagging.detectors.personal import (
    detect_emails,
    detect_phone_numbers,
    detect_ssn,
    detect_street_address,
)
from moderation.flagging.detectors.personal_more import (
    detect_bank_accounts,
    detect_card_numbers,
    detect_iban,
    detect_ip_addresses,
    detect_more_phone_numbers,
    detect_postal_addresses,
    detect_ssn_more,
    phone_is_personal,
)
from moderation.flagging.detectors.profanity import apply_profanity_model
from moderation.flagging.detectors.promotion import (
    detect_offer_signals,
    detect_promotion_signals,
)
from moderation.flagging.detectors.sexual import detect_sexual
from moderation.flagging.detectors.signals import signal_families
from moderation.flagging.detectors.threats import detect_threats
from moderation.flagging.detectors.unintelligible import detect_unintelligible
from moderation.flagging.detectors.volume import detect_length, detect_repetition
from moderation.flagging.document import Context, Document
from moderation.flagging.rules import RuleSet
from moderation.flagging.services import FlagCandidate
from moderation.flagging.typos import typo_index, typo_view

__all__ = [
    "ClassificationOverrun",
    "Context",
    "RuleSet",
    "classify_text",
    "predicted_categories",
]

# One comment's time budget. RE2 and the input cap bound each detector; this guard bounds
# their sum, so one pathological comment costs itself, not its batch's time limit.
COMMENT_BUDGET_SECONDS = 10.0


class ClassificationOverrun(Exception):
    """One comment took longer than its budget; its classification is abandoned."""


PHONE_DETECTORS = ("phone_numbers", "phone_numbers_more")
PROMOTION_DETECTORS = ("outside_links", "promotion_signals")
# Families of the self-promotion rule that make a comment a lure, and the contact details a
# lure gives for itself.
LURE_FAMILIES = frozenset({"money, crypto or earnings", "scam services"})
LURE_CONTACT_DETECTORS = (*PHONE_DETECTORS, "emails")

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
    # --- spam, self-promotion, offers and more personal information (issue 11) ---
    detect_outside_links,
    detect_promotion_signals,
    detect_offer_signals,
    detect_card_numbers,
    detect_iban,
    detect_ip_addresses,
    detect_ssn_more,
    detect_bank_accounts,
    detect_more_phone_numbers,
    detect_postal_addresses,
)
# --- harm detectors (issue 11): threats, hate, sexual content -------------------------------
HARM_DETECTORS = (detect_threats, detect_hate, detect_sexual)
DETECTORS = DETECTORS + HARM_DETECTORS
# The detectors that read sentences and shapes in the clean text, which the word lists'
# evasion views (normalize.py) do not reach: they also read a comment's variants below.
VARIANT_DETECTORS = (
    detect_patterns,
    detect_promotion_signals,
    detect_offer_signals,
    *HARM_DETECTORS,
)


def classify_text(
    text: str,
    *,
    rules: RuleSet,
    context: Context | None = None,
    budget_seconds: float | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> list[FlagCandidate]:
    """What the detectors found. With `budget_seconds`, raises ClassificationOverrun once the
    detectors together have run longer than that (checked between detectors)."""
    if not text or not text.strip():
        return []
    doc = Document(text, rules, context or Context())
    deadline = clock() + budget_seconds if budget_seconds is not None else None
    candidates: list[FlagCandidate] = []
    for detector in DETECTORS:
        candidates.extend(detector(doc))
        if deadline is not None and clock() > deadline:
            raise ClassificationOverrun(
                f"stopped after {detector.__name__}: over {budget_seconds:g} s"
            )
    # VARIANT_DETECTORS again on the comment with leetspeak and held-down letters undone
    # ("ima kiiiill u") and misspelt rule words read as meant ("shoud be shot"), when it has
    # any: what they add is kept, once per rule.
    found = {(c.detector, c.category, c.rule_id) for c in candidates}
    variants = list(doc.norm.sentence_variants)
    if (misspelt := typo_view(doc.norm.clean, typo_index(rules), doc.original)) is not None:
        variants.append(misspelt)
    for view in variants:
        variant = doc.variant(view)
        for detector in VARIANT_DETECTORS:
            for candidate in detector(variant):
                key = (candidate.detector, candidate.category, candidate.rule_id)
                if key not in found:
                    found.add(key)
                    candidates.append(candidate)
        if deadline is not None and clock() > deadline:
            raise ClassificationOverrun(f"stopped after a variant: over {budget_seconds:g} s")
    candidates = apply_profanity_model(doc, candidates)
    # A phone number in an advertisement is the business's own: commerce, not private data;
    # unless the words before it make it a person's ("my cell is …", "call her at …").
    if any(c.category == "commerce" for c in candidates) and not phone_is_personal(doc):
        candidates = [c for c in candidates if c.detector not in PHONE_DETECTORS]
    # A money-making or "spell caster" lure's number and address are the lure's own line
    # ("thanks to Mr. James, his whatsapp is …", "email him drogun@…"), however it names them.
    if any(c.detector == "promotion_signals" for c in candidates) and (
        LURE_FAMILIES & set(signal_families(doc, "promotion_signals"))
    ):
        candidates = [c for c in candidates if c.detector not in LURE_CONTACT_DETECTORS]
    # A sexual lure is flagged as sexual content; the self-promotion and outside-link shapes
    # and the spam phrases it also has ("link in bio", "singles in your area") would be the
    # same concern twice.
    if any(c.category == "sexual" for c in candidates):
        candidates = [
            c
            for c in candidates
            if c.detector not in PROMOTION_DETECTORS
            and not (c.category == "off_topic" and c.sub_reason == "spam")
        ]
    candidates = _fallbacks_reduced(candidates, rules)
    return sorted(candidates, key=lambda c: (-c.score, c.category, c.detector, c.rule_id or 0))


def _fallbacks_reduced(candidates: list[FlagCandidate], rules: RuleSet) -> list[FlagCandidate]:
    """Rules marked `fallback` (the broad general-case shapes) flag only what no other rule of
    the same category and sub-reason caught, and once: one concern, one flag in the queue."""
    fallback_ids = rules.fallback_ids
    if not fallback_ids:
        return candidates

    def is_fallback(candidate: FlagCandidate) -> bool:
        return candidate.rule_id in fallback_ids

    caught = {(c.category, c.sub_reason) for c in candidates if not is_fallback(c)}
    kept: list[FlagCandidate] = []
    for candidate in sorted(candidates, key=lambda c: -c.score):  # the strongest fallback wins
        key = (candidate.category, candidate.sub_reason)
        if is_fallback(candidate):
            if key in caught:
                continue
            caught.add(key)
        kept.append(candidate)
    return kept


def predicted_categories(candidates: list[FlagCandidate]) -> set[str]:
    return {c.category for c in candidates}
