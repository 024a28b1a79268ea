"""Which families of a signal-counting rule (promotion.py) a comment shows, each with its
spans: read by the promotion and offer detectors and by links.py, which asks whether a link
to a public body comes with anything but a call to visit. Apart from promotion.py so that
links.py can read it without an import cycle."""

from __future__ import annotations

from functools import lru_cache

from moderation.flagging.detectors.patterns import clean_encoded, pattern_matches
from moderation.flagging.document import Document
from moderation.flagging.pattern_engine import Pattern, PatternSet, pattern_compile


@lru_cache(maxsize=1024)
def _compiled(pattern: str) -> Pattern:
    """Each family's pattern compiled once per process (validated when the rule was saved)."""
    return pattern_compile(pattern)


@lru_cache(maxsize=64)
def _signal_set(patterns: tuple[str, ...]) -> PatternSet:
    return PatternSet(list(patterns))


def signal_families(doc: Document, detector: str) -> dict[str, list[tuple[int, int]]]:
    """The families of the detector's rule whose patterns match (links not counted), each
    with its spans in the original text; computed once per comment and detector."""
    cache = doc.__dict__.setdefault("_signal_families", {})
    if detector in cache:
        return cache[detector]
    rule = doc.rules.detector_rule(detector, doc.context.site_id)
    families: dict[str, list[tuple[int, int]]] = {}
    if rule is not None:
        signals = rule.settings.signals
        clean = doc.norm.clean
        text, encoded = clean_encoded(doc)
        # One pass over the text says which families' patterns match at all.
        matching = _signal_set(tuple(signals.values())).matching(encoded[0])
        for member, (name, pattern) in enumerate(signals.items()):
            if matching is not None and member not in matching:
                continue
            matches = pattern_matches(text, _compiled(pattern), {}, encoded)
            if matches:
                families[name] = [clean.original_span(s, e) for s, e in matches[:5]]
    cache[detector] = families
    return families
