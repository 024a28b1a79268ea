"""Spam, self-promotion and offers as families of signals: each family is a pattern (a rule
setting, RE2, published with the rule), and a comment that shows enough different families
is flagged. "Check out" alone is ordinary; "check out my channel" is promotion; "you have
won" is chat until it comes with "claim", a short code or a premium-rate number.

Two default rules use this detector: self-promotion (off-topic: spam) and prize and offer
messages (commercial solicitation). A link to an outside site (links.py `outside_links`)
counts as a family of its own. Where the City's post is known, a comment far from its topic
(relevance.py) needs one family fewer: promotion is what spam is, not what it says."""

from __future__ import annotations

from moderation.flagging.detectors.links import outside_links, promoted_links
from moderation.flagging.detectors.relevance import relevance_evidence, relevance_of
from moderation.flagging.detectors.signals import signal_families
from moderation.flagging.document import Document
from moderation.flagging.services import FlagCandidate

LINK_FAMILY = "a link"


def _signal_candidates(doc: Document, detector: str) -> list[FlagCandidate]:
    rule = doc.rules.detector_rule(detector, doc.context.site_id)
    if rule is None:
        return []
    settings = rule.settings
    families = dict(signal_families(doc, detector))
    if settings.count_links:
        links = promoted_links(doc) if detector == "promotion_signals" else outside_links(doc)
        if links:
            families[LINK_FAMILY] = [(link.start, link.end) for link in links]
    if not families:
        return []
    needed = settings.min_signals
    relevance, profile = relevance_of(doc)
    far = (
        settings.max_relevance is not None
        and relevance is not None
        and relevance < settings.max_relevance
    )
    if far:
        needed = max(1, needed - 1)
    if len(families) < needed:
        return []
    explanation = (
        f"{len(families)} kinds of signal of “{rule.name}”: " + ", ".join(sorted(families)) + "."
    )
    if relevance is not None:
        explanation += " " + relevance_evidence(relevance, profile)
    ranges = [r for found in families.values() for r in found]
    return [
        FlagCandidate(
            category=rule.category,
            sub_reason=rule.sub_reason,
            detector=detector,
            score=min(0.95, settings.score + 0.05 * (len(families) - needed)),
            explanation=explanation,
            spans=doc.spans(ranges),
            rule_id=rule.id,
        )
    ]


def detect_promotion_signals(doc: Document) -> list[FlagCandidate]:
    return _signal_candidates(doc, "promotion_signals")


def detect_offer_signals(doc: Document) -> list[FlagCandidate]:
    return _signal_candidates(doc, "offer_signals")
