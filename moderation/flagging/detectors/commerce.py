"""Commercial solicitation from weaker signals together: a price, a phone number, a shop
link, and words from "signal" keyword lists. One signal alone ("is there a senior
discount?", "the fee went up $20") never flags."""

from __future__ import annotations

import re

from moderation.flagging.detectors.links import host_matches, links_of
from moderation.flagging.detectors.personal import phone_numbers
from moderation.flagging.document import Document
from moderation.flagging.rules import KEYWORDS, LINK_DOMAINS
from moderation.flagging.services import FlagCandidate

# The digit runs are bounded ({0,15}: no price has more): an unbounded [\d,]* read again from
# every comma of a long "1,1,1,…" took Python's re 34 s on 20,000 characters (quadratic).
PRICE = re.compile(
    r"(?<!\w)(?:\$\s?\d[\d,]{0,15}(?:\.\d{2})?(?:\s?(?:k|each|ea|obo|/hr|/hour|an hour|/mo))?"
    r"|\d[\d,]{0,15}(?:\.\d{2})?\s?(?:dollars|usd|bucks))(?!\w)",
    re.IGNORECASE,
)
PERCENT_OFF = re.compile(r"\b\d{1,2}\s?%\s?off\b", re.IGNORECASE)


CONTACT_WORDS = {
    "dm me",
    "pm me",
    "inbox me",
    "hmu",
    "message me",
    "call me",
    "text me",
    "call or text",
}


def _is_contact_word(signal: str) -> bool:
    return any(f"“{w}”" in signal for w in CONTACT_WORDS)


def detect_commerce_signals(doc: Document) -> list[FlagCandidate]:
    rule = doc.rules.detector_rule("commerce_signals", doc.context.site_id)
    if rule is None:
        return []
    site_id = doc.context.site_id
    signals: dict[str, list[tuple[int, int]]] = {}
    for index, keyword_rule in doc.rules.of_kind(KEYWORDS, site_id):
        if keyword_rule.category == rule.category and keyword_rule.settings.signal:
            for hit in doc.keyword_hits.get(index, ()):
                if doc.in_question(hit.end):
                    continue  # "is there a senior discount?" asks, it does not sell
                signals.setdefault(f"word “{hit.term}”", []).append((hit.start, hit.end))
    words = list(signals)
    prices = [(m.start(), m.end()) for m in PRICE.finditer(doc.text)]
    prices += [(m.start(), m.end()) for m in PERCENT_OFF.finditer(doc.text)]
    if prices:
        signals["a price"] = prices
    phones = [(s, e) for s, e, _ in phone_numbers(doc)]
    if phones:
        signals["a phone number"] = phones
    shop_domains = [
        d
        for _, r in doc.rules.of_kind(LINK_DOMAINS, site_id)
        if r.category == rule.category
        for d in r.settings.domains
    ]
    shops = [
        (link.start, link.end)
        for link in links_of(doc)
        if any(host_matches(link.host, d) for d in shop_domains)
    ]
    if shops:
        signals["a shop link"] = shops
    # "Call me" next to a phone number is how people give their number, not a sales pitch:
    # contact words alone do not count as a kind of signal beside a phone number.
    if phones and words and all(_is_contact_word(w) for w in words):
        for word in words:
            del signals[word]
        words = []
    # Sales words count as one kind of signal (two kinds from three or more different words):
    # a price, a phone number or a shop link usually has to back them up.
    word_kinds = 0 if not words else (1 if len(words) < 3 else 2)
    kinds = len(signals) - len(words) + word_kinds
    minimum = rule.settings.min_signals
    if kinds < minimum:
        return []
    ranges = [r for found in signals.values() for r in found]
    return [
        FlagCandidate(
            category=rule.category,
            sub_reason=rule.sub_reason,
            detector="commerce_signals",
            score=min(0.95, rule.score + 0.05 * (kinds - minimum)),
            explanation="Sales signals together: " + ", ".join(sorted(signals)) + ".",
            spans=doc.spans(ranges),
            rule_id=rule.id,
        )
    ]
