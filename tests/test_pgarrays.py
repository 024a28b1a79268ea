"""Our connections write a list parameter as psycopg would, byte for byte, only faster
(stanton/pgarrays.py): the array literal of a bulk insert's column is what PostgreSQL stores."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from psycopg.adapt import PyFormat, Transformer
from psycopg.types.array import ListDumper
from psycopg.types.json import Jsonb

from stanton.pgarrays import ListTextDumper
from tests.conftest import on_postgresql

AWKWARD_TEXTS = [
    "plain",
    "",
    "two words",
    'a "quoted" word',
    "back\\slash and \\\\ two",
    '\\"',
    "braces {a,b} and, commas",
    "NULL",
    "null",
    "tab\tnew\nline",
    "ünïcödé  and 〜 wide",
    "\u2028 line separator and \u00a0 no-break space",
    "ends with a backslash\\",
    '"',
]
AWKWARD_JSON = [
    {"body": 'he said "hi" \\ then left', "n": 1, "nested": {"list": ["a", "b\\", '"']}},
    {"external_id": "x", "author": {"handle": "{curly}", "display_name": "Null"}},
    [],
    {},
    'a JSON string with \\u00e9 and "quotes"',
]
CASES = [
    AWKWARD_TEXTS,
    [*AWKWARD_TEXTS, None, "after a null"],
    [[*AWKWARD_TEXTS[:3]], [*AWKWARD_TEXTS[3:6]]],  # nested: two dimensions
    [Jsonb(value) for value in AWKWARD_JSON],
    [Jsonb(value) for value in AWKWARD_JSON] + [None],
    [1, 2, 3, -40, 2**40],
    [1.5, None, 2.25],
    [True, False, None],
    [],
    [None],
]


def _dumped(dumper_cls, values, adapt_context) -> bytes:
    transformer = Transformer(adapt_context)
    dumper = dumper_cls(list, transformer).upgrade(values, PyFormat.TEXT)
    return bytes(dumper.dump(values))


@pytest.mark.parametrize("values", CASES, ids=range(len(CASES)))
def test_the_same_bytes_as_psycopgs_own_dumper(values):
    assert _dumped(ListTextDumper, values, None) == _dumped(ListDumper, values, None)


@pytest.mark.django_db
def test_postgresql_stores_the_same_values_through_our_connections():
    if not on_postgresql():
        pytest.skip("the dumper is registered on PostgreSQL connections")
    with connection.cursor() as cursor:
        assert isinstance(
            cursor.cursor.adapters.get_dumper(list, PyFormat.TEXT)(list, None), ListTextDumper
        )
        cursor.execute("SELECT %s::text[]", [AWKWARD_TEXTS])
        assert cursor.fetchone()[0] == AWKWARD_TEXTS
        cursor.execute(
            "SELECT array_agg(x::text) FROM unnest(%s::jsonb[]) AS x",
            [[Jsonb(value) for value in AWKWARD_JSON]],
        )
        stored = [json.loads(x) for x in cursor.fetchone()[0]]
    assert stored == AWKWARD_JSON
