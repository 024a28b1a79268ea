"""Word and phrase lists (FlagRule kind `keywords`) and names lists (kind `names`)."""

from __future__ import annotations

from moderation.flagging.document import Document
from moderation.flagging.rules import KEYWORDS, NAMES
from moderation.flagging.services import FlagCandidate


def _quoted(terms) -> str:
    return ", ".join(f"“{t}”" for t in sorted(set(terms))[:10])


def _near(doc: Document, hit, key: str, window: int) -> list:
    """The names from list `key` within `window` words of the hit."""
    position = doc.word_index(hit.start)
    return [
        name
        for _, name in doc.name_hits.get(key, ())
        if abs(doc.word_index(name.start) - position) <= window
    ]


def detect_keywords(doc: Document) -> list[FlagCandidate]:
    candidates = []
    for index, rule in doc.rules.of_kind(KEYWORDS, doc.context.site_id):
        hits = doc.keyword_hits.get(index)
        if not hits or rule.settings.signal:
            continue  # signal lists only count towards a detector (commerce_signals)
        near_key = rule.settings.near
        names = []
        if near_key:
            window = rule.settings.window
            kept = []
            for hit in hits:
                nearby = _near(doc, hit, near_key, window)
                if nearby:
                    kept.append(hit)
                    names.extend(nearby)
            hits = kept
        distinct = {h.term for h in hits}
        if len(distinct) < rule.settings.min_hits or not hits:
            continue
        score = min(1.0, rule.score + 0.05 * (len(distinct) - 1))
        explanation = (
            f"Matched {len(distinct)} entr{'y' if len(distinct) == 1 else 'ies'} of the list "
            f"“{rule.name}”: {_quoted(distinct)}."
        )
        ranges = [(h.start, h.end) for h in hits]
        if names:
            explanation += f" Next to: {_quoted(doc.text[n.start : n.end] for n in names)}."
            ranges += [(n.start, n.end) for n in names]
        candidates.append(
            FlagCandidate(
                category=rule.category,
                sub_reason=rule.sub_reason,
                detector=rule.settings.detector or "keywords",
                score=score,
                explanation=explanation,
                spans=doc.spans(ranges),
                rule_id=rule.id,
            )
        )
    return candidates


def detect_name_mentions(doc: Document) -> list[FlagCandidate]:
    """Names lists flag a bare mention only when the rule says so (`flag_mentions`)."""
    candidates = []
    for index, rule in doc.rules.of_kind(NAMES, doc.context.site_id):
        if not rule.settings.flag_mentions:
            continue
        key = rule.settings.list
        hits = [hit for i, hit in doc.name_hits.get(key, ()) if i == index]
        if not hits:
            continue
        candidates.append(
            FlagCandidate(
                category=rule.category,
                sub_reason=rule.sub_reason,
                detector="names",
                score=rule.settings.mention_score,
                explanation=f"Mentions {_quoted(h.term for h in hits)} from the list “{rule.name}” "
                "(a mention only, not advocacy or a personal detail).",
                spans=doc.spans((h.start, h.end) for h in hits),
                rule_id=rule.id,
            )
        )
    return candidates
