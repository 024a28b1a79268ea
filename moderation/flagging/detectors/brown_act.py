"""Brown Act: a member of a City legislative body (PublicAccount.is_legislative_body_member)
discussing City business in comments may be part of a serial meeting (Gov. Code 54952.2(b)).
Flagged for a person to judge; anyone else's comments are never flagged here."""

from __future__ import annotations

import re

from moderation.flagging.document import Document
from moderation.flagging.normalize import normalise_term
from moderation.flagging.services import FlagCandidate


def detect_brown_act(doc: Document) -> list[FlagCandidate]:
    if not doc.context.is_legislative_body_member:
        return []
    rule = doc.rules.detector_rule("brown_act", doc.context.site_id)
    if rule is None:
        return []
    view = doc.norm.words
    ranges = []
    terms = []
    for term in rule.settings.terms:
        normalised = normalise_term(term)
        if not normalised:
            continue
        for match in re.finditer(rf"(?<!\S){re.escape(normalised)}(?!\S)", view.text):
            ranges.append(view.original_span(match.start(), match.end()))
            terms.append(normalised)
    if not ranges:
        return []
    return [
        FlagCandidate(
            category=rule.category,
            sub_reason=rule.sub_reason,
            detector="brown_act",
            score=rule.score,
            explanation="The author is recorded as a member of a City legislative body and the "
            "comment discusses City business ("
            + ", ".join(sorted(set(terms))[:8])
            + "): check for a serial meeting.",
            spans=doc.spans(ranges),
            rule_id=rule.id,
        )
    ]
