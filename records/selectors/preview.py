"""The redacted preview a clerk sees before packaging, and the record's text marked with its
redactions for selecting more. The same rules as the package (records.packages.builder):
a whole-field redaction replaces the field; spans replace exactly their characters, and
overlapping spans make one box; a span whose text changed since it was marked withholds the
whole field; a redaction also covers verbatim copies of its field inside the same record.

HTML is built from escaped pieces (format_html escapes every argument): platform text is
never marked safe.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from records.models import Redaction


@dataclass(frozen=True)
class Segment:
    text: str  # the original text of this piece
    redaction: Redaction | None = None  # the redaction that covers it (None: released)


def _label(redaction: Redaction) -> str:
    return f"Redacted: {redaction.exemption.label}"


def segments(text: str, redactions: list[Redaction]) -> list[Segment]:
    """`text` cut into released and redacted pieces (as the package will write it)."""
    active = [r for r in redactions if r.withdrawn_at is None]
    if not active:
        return [Segment(text)]
    whole = [r for r in active if r.start is None]
    if whole:
        return [Segment(text, whole[0])]
    spans = sorted(active, key=lambda r: (r.start, r.end, r.pk))
    assert all(r.start is not None and r.end is not None for r in spans)
    if any(
        r.end > len(text)  # type: ignore[operator]
        or (
            r.text_sha256
            and hashlib.sha256(text[r.start : r.end].encode("utf-8")).hexdigest() != r.text_sha256
        )
        for r in spans
    ):
        return [Segment(text, spans[0])]
    out: list[Segment] = []
    pos = 0
    for r in spans:
        start, end = r.start, r.end
        assert start is not None and end is not None
        if start < pos:  # overlaps the previous box: it grows to cover this one
            if end > pos:
                previous = out.pop()
                out.append(Segment(previous.text + text[pos:end], previous.redaction))
                pos = end
            continue
        if start > pos:
            out.append(Segment(text[pos:start]))
        out.append(Segment(text[start:end], r))
        pos = end
    if pos < len(text):
        out.append(Segment(text[pos:]))
    return out


def field_redactions(
    texts: dict[str, str], by_field: dict[str, list[Redaction]], name: str
) -> list[Redaction]:
    """The redactions reaching field `name`: its own and those of every field of the same
    record whose original text it repeats verbatim (builder.RecordRedactor)."""
    text = texts.get(name, "")
    found = {r.pk: r for r in by_field.get(name, [])}
    if text:
        for other, other_text in texts.items():
            if other != name and other_text == text:
                found.update({r.pk: r for r in by_field.get(other, [])})
    return list(found.values())


def released_html(text: str, redactions: list[Redaction]) -> SafeString:
    """What the requester will read: the released text, each redaction a labelled box."""
    pieces = [
        format_html("{}", piece.text)
        if piece.redaction is None
        else format_html('<span class="portal-redaction-box">[{}]</span>', _label(piece.redaction))
        for piece in segments(text, redactions)
    ]
    return format_html_join("", "{}", ((piece,) for piece in pieces))


def marked_html(text: str, redactions: list[Redaction]) -> SafeString:
    """The original text for the clerk, redacted pieces outlined and labelled. Only the
    record's own characters are text here (the label is an attribute), so offsets counted in
    the page are offsets in the field."""
    pieces = [
        format_html("{}", piece.text)
        if piece.redaction is None
        else format_html(
            '<mark class="portal-redacted" title="{}">{}</mark>',
            _label(piece.redaction),
            piece.text,
        )
        for piece in segments(text, redactions)
    ]
    return format_html_join("", "{}", ((piece,) for piece in pieces))
