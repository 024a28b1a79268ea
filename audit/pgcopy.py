"""New rows inserted with PostgreSQL's COPY instead of a multi-row INSERT.

`QuerySet.bulk_create` prepares every value of every row through its field
(`pre_save`, `get_db_prep_save`, ...) in Python, then psycopg writes each column as one array
literal that PostgreSQL parses again (`INSERT ... SELECT * FROM UNNEST(...)`). For an ingestion
batch (500 comments and their first revisions) that preparation was about a third of the API
request's CPU. `copy_insert` takes the new rows' ids from the table's sequence in one query,
then streams the rows with `COPY ... FROM STDIN` (psycopg's `Cursor.copy()`, whose C dumper
writes plain values without Django's per-value calls). Only the values that need Django's
conversion get it: JSON (the field's own encoder), naive datetimes, and any field type not
known to pass through unchanged. The rows stored are the same as `bulk_create`'s
(tests/test_pgcopy.py compares them column by column).

Like `bulk_create`, it sends no signals and sets each instance's `pk` and `_state`. It runs
inside the caller's transaction: a failed COPY (a unique or foreign-key violation) aborts the
statement as a failed INSERT would, and the ids it took are left unused, as a failed INSERT's
are.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection, models

# Field classes whose attribute value psycopg writes exactly as `get_db_prep_save` would
# return it (subclasses that override preparation are not in this set: the lookup is by
# exact class).
_PASS_THROUGH: frozenset[type[models.Field]] = frozenset(
    {
        models.AutoField,
        models.BigAutoField,
        models.BigIntegerField,
        models.BooleanField,
        models.CharField,
        models.EmailField,
        models.FloatField,
        models.IntegerField,
        models.PositiveBigIntegerField,
        models.PositiveIntegerField,
        models.PositiveSmallIntegerField,
        models.SlugField,
        models.SmallIntegerField,
        models.TextField,
        models.URLField,
    }
)


def _value_reader(field: models.Field) -> Callable[[models.Model], Any]:
    """How one field's value of a new row is read for COPY."""
    kind = type(field)
    if kind in (models.ForeignKey, models.OneToOneField):
        kind = type(field.target_field)  # type: ignore[attr-defined]  # the key's own type
    if kind in _PASS_THROUGH:
        attname = field.attname
        return lambda obj: getattr(obj, attname)
    if type(field) is models.DateTimeField and not (field.auto_now or field.auto_now_add):
        attname = field.attname

        def aware_or_prepared(obj):
            value = getattr(obj, attname)
            if value is None or value.tzinfo is not None:
                return value
            return field.get_db_prep_save(value, connection)  # a naive time: Django's rule

        return aware_or_prepared
    return lambda obj: field.get_db_prep_save(field.pre_save(obj, add=True), connection)


def copy_supported(model: type[models.Model], rows: Sequence[models.Model]) -> bool:
    """COPY is used on PostgreSQL for rows that all await an id from the table's sequence."""
    pk = model._meta.pk
    return (
        connection.vendor == "postgresql"
        and isinstance(pk, models.AutoField)  # AutoField, BigAutoField, SmallAutoField
        and all(row.pk is None for row in rows)
    )


def copy_insert(model: type[models.Model], rows: Sequence[models.Model]) -> list[models.Model]:
    """Insert `rows` (new instances of `model`, none with a pk) with COPY; return them with
    their new ids, in order, as `bulk_create` does. PostgreSQL only (`copy_supported`)."""
    rows = list(rows)
    if not rows:
        return rows
    if not copy_supported(model, rows):
        raise ValueError("copy_insert needs PostgreSQL and rows without ids")
    for row in rows:
        # What bulk_create does first: a related object saved after it was assigned gives
        # its new id to the foreign key (a comment's account inserted in the same batch).
        row._prepare_related_fields_for_save(operation_name="copy_insert")  # type: ignore[attr-defined]
    meta = model._meta
    fields = [f for f in meta.concrete_fields if not getattr(f, "generated", False)]
    readers = [_value_reader(f) for f in fields]
    qn = connection.ops.quote_name
    table, pk_column = meta.db_table, str(meta.pk.column)
    with connection.cursor() as wrapper:
        wrapper.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [qn(table), pk_column, len(rows)],
        )
        ids = sorted(row[0] for row in wrapper.fetchall())
        for row, pk in zip(rows, ids, strict=True):
            row.pk = pk
        columns = ", ".join(qn(str(f.column)) for f in fields)
        # psycopg's own cursor (Django's wrapper has no copy()), its errors made Django's
        # (IntegrityError, DataError, ...) as the wrapper's are.
        with (
            connection.wrap_database_errors,
            wrapper.cursor.copy(f"COPY {qn(table)} ({columns}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row([read(row) for read in readers])
    for row in rows:
        row._state.adding = False
        row._state.db = connection.alias
    return rows
