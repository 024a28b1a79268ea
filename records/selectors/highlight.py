"""Why a record matched a search: short excerpts of its text with the matching words marked.

The terms are the keyword's (records.selectors.search.keyword_terms): phrases as written, any
spacing between their words; a word also where it begins a longer word or shares its stem
("hearing" in "hearings"), as full-text search finds it. Each excerpt is built from escaped
pieces: the text through format_html's escaping, the marks our own `<mark>` elements.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from records.selectors.search import keyword_terms, phrase_pattern

CONTEXT = 60  # characters shown on each side of a match
MAX_EXCERPTS = 3
_SUFFIXES = ("ings", "ing", "ies", "ed", "es", "s")


@dataclass(frozen=True)
class Excerpt:
    where: str  # "Text", "Revision 2", "The City's reply", ...
    html: SafeString


def _stem(word: str) -> str:
    lowered = word.lower()
    for suffix in _SUFFIXES:
        if lowered.endswith(suffix) and len(lowered) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def terms_pattern(keyword: str) -> re.Pattern | None:
    terms = keyword_terms(keyword)
    parts = [phrase_pattern(p, python=True) for p in terms.phrases]
    parts += [rf"\b{re.escape(_stem(w))}\w*" for w in terms.words]
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


def _excerpt(text: str, spans: list[tuple[int, int]]) -> SafeString:
    first, last = spans[0][0], spans[-1][1]
    start, end = max(0, first - CONTEXT), min(len(text), last + CONTEXT)
    pieces = ["…" if start > 0 else ""]
    pos = start
    for a, b in spans:
        pieces.append(format_html("{}<mark>{}</mark>", text[pos:a], text[a:b]))
        pos = b
    pieces.append(text[pos:end])
    pieces.append("…" if end < len(text) else "")
    # Plain strings are escaped, our format_html pieces kept: no text is ever marked safe.
    return format_html_join("", "{}", ((piece,) for piece in pieces))


def excerpts(keyword: str, texts: list[tuple[str, str]]) -> list[Excerpt]:
    """Up to MAX_EXCERPTS excerpts from `texts` ([(where, text)]) where the keyword matches."""
    pattern = terms_pattern(keyword)
    if pattern is None:
        return []
    found: list[Excerpt] = []
    for where, text in texts:
        matches = [m.span() for m in pattern.finditer(text or "") if m.end() > m.start()]
        if not matches:
            continue
        # The matches close to the first one make one excerpt.
        near = [s for s in matches if s[1] - matches[0][0] <= 3 * CONTEXT]
        found.append(Excerpt(where, _excerpt(text, near)))
        if len(found) >= MAX_EXCERPTS:
            break
    return found
