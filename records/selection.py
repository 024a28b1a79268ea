"""What a browser shows of a record's text, and back: the offsets a clerk's selection gives.

A browser's DOM does not hold a field's text byte for byte: the HTML parser turns "\r\n" and a
lone "\r" into "\n" and a NUL into U+FFFD (HTML Standard, "preprocessing the input stream").
The redaction form sends offsets counted in what the browser shows, in code points as Python
counts them (static/js/records.js), and the selected text itself; these functions map them to
the stored text, so a redaction covers exactly the characters selected.
"""

from __future__ import annotations


def displayed(text: str) -> str:
    """`text` as a browser's DOM holds it."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "\ufffd")


def _source_positions(text: str) -> list[int]:
    """For each displayed position (and the end), the stored position it stands for."""
    positions: list[int] = []
    i = 0
    while i < len(text):
        positions.append(i)
        i += 2 if text.startswith("\r\n", i) else 1
    positions.append(len(text))
    return positions


def source_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Displayed offsets [start, end) to stored ones; None when they are not inside the text."""
    positions = _source_positions(text)
    if not (0 <= start < end < len(positions)):
        return None
    return positions[start], positions[end]


def displayed_offset(text: str, position: int) -> int:
    """A stored position to a displayed one (for links the server writes, e.g. suggestions)."""
    return len(displayed(text[:position]))


def occurrences(text: str, needle: str) -> list[int]:
    """Displayed start offsets of every occurrence of `needle` in what the browser shows."""
    shown, found, at = displayed(text), [], 0
    if not needle:
        return found
    while (at := shown.find(needle, at)) != -1:
        found.append(at)
        at += 1
    return found
