"""Reading comment exports (CSV, JSON Lines) into `CommentItem`s, line by line, so a bad line
is reported with its number and the rest still goes in. Used by `import_comments`.

CSV columns (a header row is required; extra columns are kept in the raw row):
    external_id, post_external_id, post_body, post_permalink, post_posted_at,
    parent_external_id, author_external_id, author_handle, author_display_name,
    body, posted_at, permalink, platform_state, edited_at (optional: the platform's edit time)
JSON Lines: one API comment object per line (the items of POST /api/v1/comments/).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from moderation.ingest.schemas import (
    CommentItem,
    ItemInvalid,
    parse_comment_item,
    unstorable_text_problem,
)
from stanton.strictjson import loads_strict

CSV_COLUMNS = (
    "external_id",
    "post_external_id",
    "post_body",
    "post_permalink",
    "post_posted_at",
    "parent_external_id",
    "author_external_id",
    "author_handle",
    "author_display_name",
    "body",
    "posted_at",
    "permalink",
    "platform_state",
    "edited_at",
)
REQUIRED_CSV_COLUMNS = ("external_id", "author_external_id", "body", "posted_at")
FORMATS = ("csv", "jsonl")
# A CSV field may hold a whole comment (up to 100,000 characters) and then some: the longer
# ones are refused by validation with a clear reason rather than by the csv module.
csv.field_size_limit(1_000_000)


@dataclass
class ParsedLine:
    line: int  # first physical line of the record, 1-based
    item: CommentItem | None = None
    error: str = ""


class ImportFormatError(Exception):
    """The file as a whole cannot be read (e.g. a CSV without the required columns)."""


def format_for(path: str, explicit: str | None) -> str:
    if explicit:
        return explicit
    lower = path.lower()
    if lower.endswith(".csv"):
        return "csv"
    if lower.endswith((".jsonl", ".ndjson", ".jsonlines")):
        return "jsonl"
    raise ImportFormatError("Cannot tell the format from the file name; pass --format csv|jsonl.")


def _decoded_lines(
    stream: IO[bytes], bad: dict[int, str], progress: Callable[[int], None]
) -> Iterator[str]:
    """Physical lines as text. A line that is not UTF-8 is noted in `bad` (by number) and
    given to the reader with replacement characters, so the record it belongs to can be
    rejected as a whole."""
    for number, raw in enumerate(stream, start=1):
        progress(len(raw))
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            bad[number] = f"not valid UTF-8 (byte {exc.start} of the line)"
            yield raw.decode("utf-8", errors="replace")


def read_jsonl(stream: IO[bytes], progress: Callable[[int], None]) -> Iterator[ParsedLine]:
    for number, raw in enumerate(stream, start=1):
        progress(len(raw))
        if not raw.strip():
            continue
        try:
            data = loads_strict(raw)
        except ValueError as exc:
            yield ParsedLine(number, error=str(exc))
            continue
        try:
            yield ParsedLine(number, item=parse_comment_item(data))
        except ItemInvalid as exc:
            yield ParsedLine(number, error=exc.reason)


def _csv_row_to_item(row: dict[str, Any]) -> dict[str, Any]:
    def value(name: str) -> str | None:
        text = row.get(name)
        return text if text not in (None, "") else None

    item: dict[str, Any] = {
        "external_id": row.get("external_id") or "",
        "author": {"external_id": row.get("author_external_id") or ""},
        "body": row.get("body") or "",
        "posted_at": row.get("posted_at") or "",
    }
    for source, target in (("author_handle", "handle"), ("author_display_name", "display_name")):
        if value(source) is not None:
            item["author"][target] = value(source)
    if value("post_external_id") is not None:
        item["post"] = {"external_id": value("post_external_id")}
        for source, target in (
            ("post_body", "body"),
            ("post_permalink", "permalink"),
            ("post_posted_at", "posted_at"),
        ):
            if value(source) is not None:
                item["post"][target] = value(source)
    for name in ("parent_external_id", "permalink", "platform_state", "edited_at"):
        if value(name) is not None:
            item[name] = value(name)
    return item


def read_csv(stream: IO[bytes], progress: Callable[[int], None]) -> Iterator[ParsedLine]:
    bad: dict[int, str] = {}
    lines = _decoded_lines(stream, bad, progress)
    reader = csv.DictReader(lines)
    try:
        header = reader.fieldnames or []
    except csv.Error as exc:
        raise ImportFormatError(f"line 1: the header cannot be read: {exc}") from exc
    missing = [c for c in REQUIRED_CSV_COLUMNS if c not in header]
    if missing:
        raise ImportFormatError(f"The CSV header lacks column(s): {', '.join(missing)}.")
    last_line = reader.line_num
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield ParsedLine(reader.line_num, error=f"unreadable CSV: {exc}")
            last_line = reader.line_num
            continue
        first, last_line = last_line + 1, reader.line_num
        bad_lines = [n for n in range(first, last_line + 1) if n in bad]
        if bad_lines:
            yield ParsedLine(first, error=f"line {bad_lines[0]} is {bad[bad_lines[0]]}")
            continue
        if None in row:  # more fields than the header names
            yield ParsedLine(first, error="the row has more fields than the header")
            continue
        raw = {k: v for k, v in row.items() if k is not None}
        problem = unstorable_text_problem(raw)
        if problem:
            yield ParsedLine(first, error=f"the row {problem}")
            continue
        try:
            yield ParsedLine(first, item=parse_comment_item(_csv_row_to_item(raw), raw=raw))
        except ItemInvalid as exc:
            yield ParsedLine(first, error=exc.reason)


def read_export(
    stream: IO[bytes], fmt: str, progress: Callable[[int], None] = lambda n: None
) -> Iterator[ParsedLine]:
    if fmt == "csv":
        return read_csv(stream, progress)
    if fmt == "jsonl":
        return read_jsonl(stream, progress)
    raise ImportFormatError(f"Unknown format {fmt!r}; use csv or jsonl.")
