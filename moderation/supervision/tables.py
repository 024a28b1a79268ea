"""The tables behind every chart: the same figures a screen reader reads, and a CSV of each."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from moderation.supervision.charts import Chart


@dataclass
class Table:
    """One table of figures. The first cell of each row names the row (a day, a person, a
    site); the template writes it as the row's header."""

    key: str
    title: str
    columns: list[str]
    rows: list[list[Any]]
    note: str = ""
    chart: Chart | None = None
    csv_url: str = ""

    def column(self, name: str) -> list[Any]:
        index = self.columns.index(name)
        return [row[index] for row in self.rows]

    def as_dict(self, key_columns: int = 1) -> dict[Any, dict[str, Any]]:
        """{row key: {column: value}}, for tests and for reading one cell."""
        out = {}
        for row in self.rows:
            key = row[0] if key_columns == 1 else tuple(row[:key_columns])
            out[key] = dict(zip(self.columns[key_columns:], row[key_columns:], strict=True))
        return out


def csv_safe(value: Any) -> str:
    """Spreadsheet formula injection (OWASP): a text cell starting with = + - @, a tab or a
    carriage return is prefixed with an apostrophe (as records/packages/builder.py does).
    Numbers are written as they are: a negative count cannot start a formula."""
    if value is None:
        return ""
    if isinstance(value, int | float):
        return f"{value:g}" if isinstance(value, float) else str(value)
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def table_csv(table: Table, *, preamble: list[list[str]] | None = None) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for line in preamble or []:
        writer.writerow([csv_safe(v) for v in line])
    writer.writerow([csv_safe(c) for c in table.columns])
    for row in table.rows:
        writer.writerow([csv_safe(v) for v in row])
    return buffer.getvalue()
