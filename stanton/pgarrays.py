"""How our PostgreSQL connections write a list parameter as a text array.

Django 5.2 inserts a `bulk_create` on PostgreSQL as `INSERT ... SELECT * FROM UNNEST(%s::jsonb[],
...)`: each column one array parameter, written by psycopg as an array literal. psycopg escapes
every element that holds a double quote or a backslash with a regular-expression substitution
whose replacement is a template, expanded in Python once per character escaped. A JSON value is
full of double quotes, so an ingestion batch's raw payloads (the comments' and their first
revisions': two jsonb columns of 500 rows) cost ~15 ms each to write, and the response task's
500 audit events' data as much: a fifth of the API request's CPU. `ListTextDumper` writes
the same bytes with two `bytes.replace` calls (tests/test_pgarrays.py compares it with
psycopg's own on awkward values).
"""

from __future__ import annotations

from typing import Any

from psycopg.types.array import ListDumper


class ListTextDumper(ListDumper):
    """psycopg's `ListDumper` (text format), escaping with `bytes.replace`: a backslash
    becomes two, then a double quote becomes backslash-quote, as psycopg's `(["\\\\])` ->
    `\\\\\\1` substitution does in one pass."""

    def _dump_list(self, obj: list[Any], tokens: list, needs_quotes) -> None:
        # psycopg 3.3's ListDumper._dump_list, but for the escape.
        if not obj:
            tokens.append(b"{}")
            return
        dump = self.sub_dumper.dump if self.sub_dumper else self._dump_item
        delimiter = self.delimiter
        tokens.append(b"{")
        for item in obj:
            if item is None:
                tokens.append(b"NULL")
            elif isinstance(item, list):
                self._dump_list(item, tokens, needs_quotes)
            elif (ad := dump(item)) is None:
                tokens.append(b"NULL")
            else:
                if needs_quotes(ad):
                    ad = b'"' + bytes(ad).replace(b"\\", b"\\\\").replace(b'"', b'\\"') + b'"'
                tokens.append(ad)
            tokens.append(delimiter)
        tokens[-1] = b"}"


def list_dumper_register(sender, connection, **kwargs) -> None:
    """`connection_created`: our PostgreSQL connections write text arrays with
    `ListTextDumper` (registered for lists in text format, which is also what psycopg picks
    for a `%s` list, as before)."""
    if connection.vendor == "postgresql":
        connection.connection.adapters.register_dumper(list, ListTextDumper)
