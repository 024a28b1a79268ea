"""Retention: records are never deleted, and what is append-only is never rewritten.

Two layers refuse a deletion. In the ORM, `RetainedModel.delete()` and `QuerySet.delete()`
raise. In PostgreSQL, row-level DELETE triggers and statement-level TRUNCATE triggers raise,
so raw SQL cannot do it either. The same triggers refuse UPDATE on append-only tables (the
audit log, comment revisions, every history table); tables where some columns legitimately
change get a column-aware trigger that refuses a change to any column not on the model's
`MUTABLE_FIELDS` allow-list. Migrations install all of them with the operations below
(`protect_tables`, `protect_columns`, `protect_revised_text`), one mechanism for every table.

No session setting, GUC or client-supplied value switches a trigger off: there is no escape
hatch for anyone who can connect. The application connects as a role that neither owns the
tables nor is a superuser (README, "Production"), so it can neither drop nor disable the
triggers, nor set `session_replication_role` (superuser only), the one setting that skips
ordinary triggers. The test suite flushes its own database as the `postgres` superuser in
replica mode (tests/conftest.py).
"""

from __future__ import annotations

from typing import Any

from django.db import migrations, models
from simple_history.manager import HistoricalQuerySet
from simple_history.models import HistoricalRecords


class RetainedRecordError(Exception):
    """Raised when code tries to delete a retained record."""


class RetainedQuerySet(models.QuerySet):
    def delete(self):
        raise RetainedRecordError(
            f"{self.model._meta.label} rows are retained records and cannot be deleted."
        )

    delete.queryset_only = True  # type: ignore[attr-defined]


class RetainedModel(models.Model):
    """Base for every table whose rows are public records or their history."""

    objects = RetainedQuerySet.as_manager()
    # simple-history names the person on the history row it writes from this attribute, which
    # the services set before saving (an annotation only: not a database field).
    _history_user: Any

    class Meta:
        abstract = True

    def delete(self, *args, **kwargs):
        raise RetainedRecordError(
            f"{self._meta.label} rows are retained records and cannot be deleted."
        )


# The trigger functions. Each is (re)installed by CREATE OR REPLACE with every operation
# below, and by audit/migrations/0003, so a fresh database and an upgraded one both end with
# exactly this text (an earlier version let TRUNCATE through on a session setting any client
# could set: gone, and nothing may bring such a switch back).
REFUSE_FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION stanton_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'stanton: % on % is refused: retained records are never deleted or rewritten',
        TG_OP, TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
"""

# BEFORE UPDATE, FOR EACH ROW; the trigger's arguments are the columns that may change.
# Every other column (including any added later) must keep its value. Values are compared
# as jsonb, so the check needs no per-table code.
REFUSE_IMMUTABLE_FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION stanton_refuse_immutable_change() RETURNS trigger AS $$
DECLARE
    changed text;
BEGIN
    SELECT string_agg(o.key, ', ' ORDER BY o.key) INTO changed
    FROM jsonb_each(to_jsonb(OLD)) AS o
    JOIN jsonb_each(to_jsonb(NEW)) AS n ON n.key = o.key
    WHERE NOT (o.key = ANY (COALESCE(TG_ARGV, '{}'::text[])))
      AND o.value IS DISTINCT FROM n.value;
    IF changed IS NOT NULL THEN
        RAISE EXCEPTION 'stanton: UPDATE of % on % is refused: %', changed, TG_TABLE_NAME,
            'retained records are never deleted or rewritten'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""

# BEFORE UPDATE, FOR EACH ROW, WHEN one of the text columns changes. Arguments: the revisions
# table, its column pointing at this row, then the text columns. The new text is allowed only
# if a revision of this row already holds exactly that text: an edit always writes its
# revision first, so a silent rewrite is impossible. The revisions table is named with this
# table's schema, so a temporary table of the same name cannot stand in for it.
REFUSE_UNREVISED_TEXT_FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION stanton_refuse_unrevised_text() RETURNS trigger AS $$
DECLARE
    conditions text := format('%I = ($1->>%L)::bigint', TG_ARGV[1], 'id');
    found boolean;
BEGIN
    FOR i IN 2 .. TG_NARGS - 1 LOOP
        conditions := conditions || format(' AND %I = ($1->>%L)', TG_ARGV[i], TG_ARGV[i]);
    END LOOP;
    EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I.%I WHERE %s)',
                   TG_TABLE_SCHEMA, TG_ARGV[0], conditions)
        INTO found USING to_jsonb(NEW);
    IF NOT found THEN
        RAISE EXCEPTION 'stanton: UPDATE of the text of % % is refused: %', TG_TABLE_NAME, NEW.id,
            'an edit adds its revision first; retained records are never deleted or rewritten'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""

RETENTION_FUNCTIONS_SQL = (
    REFUSE_FUNCTION_SQL,
    REFUSE_IMMUTABLE_FUNCTION_SQL,
    REFUSE_UNREVISED_TEXT_FUNCTION_SQL,
)


def _identifier(name: str) -> str:
    # PostgreSQL truncates identifiers past 63 bytes: two long trigger names could collide.
    if len(name.encode()) > 63 or '"' in name:
        raise ValueError(f"Unusable PostgreSQL identifier: {name!r}")
    return f'"{name}"'


def _literal(value: str) -> str:
    if "'" in value or "\\" in value:
        raise ValueError(f"Unusable trigger argument: {value!r}")
    return f"'{value}'"


def _trigger_sql(table: str, *, refuse_update: bool) -> list[str]:
    ops = "DELETE OR UPDATE" if refuse_update else "DELETE"
    rows, whole = _identifier(f"{table}_retain_rows"), _identifier(f"{table}_retain_table")
    return [
        f"DROP TRIGGER IF EXISTS {rows} ON {_identifier(table)}",
        f"CREATE TRIGGER {rows} BEFORE {ops} ON {_identifier(table)} "
        "FOR EACH ROW EXECUTE FUNCTION stanton_refuse_change()",
        f"DROP TRIGGER IF EXISTS {whole} ON {_identifier(table)}",
        f"CREATE TRIGGER {whole} BEFORE TRUNCATE ON {_identifier(table)} "
        "FOR EACH STATEMENT EXECUTE FUNCTION stanton_refuse_change()",
    ]


def _run(statements: list[str]) -> migrations.RunPython:
    """A migration operation running the trigger functions, then `statements` (PostgreSQL
    only: elsewhere the ORM layer is the whole protection)."""

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        with schema_editor.connection.cursor() as cursor:
            for sql in (*RETENTION_FUNCTIONS_SQL, *statements):
                cursor.execute(sql)

    return migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False)


def install_retention_functions() -> migrations.RunPython:
    """(Re)install the trigger functions alone: an upgrade gets today's text."""
    return _run([])


def protect_tables(*tables: str, append_only: tuple[str, ...] = ()) -> migrations.RunPython:
    """Refuse DELETE and TRUNCATE on `tables`; on `append_only` tables refuse UPDATE too."""
    statements: list[str] = []
    for table in tables:
        statements += _trigger_sql(table, refuse_update=False)
    for table in append_only:
        statements += _trigger_sql(table, refuse_update=True)
    return _run(statements)


def protect_columns(
    table: str, *, mutable: tuple[str, ...], when: str = "", suffix: str = "immutable"
) -> migrations.RunPython:
    """Refuse an UPDATE that changes any column of `table` except the `mutable` ones (column
    names, from the model's `MUTABLE_FIELDS`). `when` limits the check to some rows, e.g.
    `OLD.status = 'complete'` (a trigger WHEN condition; the migration's own text, never
    input). The trigger is named `<table>_<suffix>`, so one table may have several."""
    name = _identifier(f"{table}_{suffix}")
    arguments = ", ".join(_literal(column) for column in mutable)
    condition = f"WHEN ({when}) " if when else ""
    return _run(
        [
            f"DROP TRIGGER IF EXISTS {name} ON {_identifier(table)}",
            f"CREATE TRIGGER {name} BEFORE UPDATE ON {_identifier(table)} FOR EACH ROW "
            f"{condition}EXECUTE FUNCTION stanton_refuse_immutable_change({arguments})",
        ]
    )


def protect_revised_text(
    table: str, *, revisions: str, key: str, columns: tuple[str, ...]
) -> migrations.RunPython:
    """Refuse an UPDATE that changes any of `columns` of `table` unless a row of `revisions`
    (pointing at it by `key`) already holds the new values of all of them."""
    name = _identifier(f"{table}_revised_text")
    changes = " OR ".join(
        f"OLD.{_identifier(c)} IS DISTINCT FROM NEW.{_identifier(c)}" for c in columns
    )
    arguments = ", ".join(_literal(value) for value in (revisions, key, *columns))
    return _run(
        [
            f"DROP TRIGGER IF EXISTS {name} ON {_identifier(table)}",
            f"CREATE TRIGGER {name} BEFORE UPDATE ON {_identifier(table)} FOR EACH ROW "
            f"WHEN ({changes}) EXECUTE FUNCTION stanton_refuse_unrevised_text({arguments})",
        ]
    )


# --- History of retained rows is retained too ------------------------------------------------


class RetainedHistoricalQuerySet(HistoricalQuerySet):
    def delete(self):
        raise RetainedRecordError("History rows are retained records and cannot be deleted.")

    delete.queryset_only = True  # type: ignore[attr-defined]


class RetainedHistoryBase(models.Model):
    class Meta:
        abstract = True

    def delete(self, *args, **kwargs):
        raise RetainedRecordError("History rows are retained records and cannot be deleted.")


def retained_history(**kwargs) -> HistoricalRecords:
    """django-simple-history whose rows refuse deletion in the ORM, as the PostgreSQL triggers
    refuse it in the database."""
    kwargs.setdefault("bases", [RetainedHistoryBase])
    kwargs.setdefault("historical_queryset", RetainedHistoricalQuerySet)
    return HistoricalRecords(**kwargs)
