"""Retention: records are never deleted (DESIGN.md, invariant 1).

Two layers refuse a deletion. In the ORM, `RetainedModel.delete()` and `QuerySet.delete()`
raise. In PostgreSQL, row-level DELETE triggers and statement-level TRUNCATE triggers raise,
so raw SQL cannot do it either (`protect_tables` below, used from migrations). The audit log
also refuses UPDATE.

The one escape hatch is for the *test suite's* own database flush between transactional
tests: the TRUNCATE trigger lets the statement through when the session setting
`stanton.allow_test_flush` is `on`. Only tests/conftest.py sets it. In production the
application's database role should not own the tables, so it cannot drop the triggers.
"""

from __future__ import annotations

from django.db import migrations, models
from simple_history.manager import HistoricalQuerySet
from simple_history.models import HistoricalRecords


class RetainedRecordError(Exception):
    """Raised when code tries to delete a retained record."""


class RetainedQuerySet(models.QuerySet):
    def delete(self):  # type: ignore[override]
        raise RetainedRecordError(
            f"{self.model._meta.label} rows are retained records and cannot be deleted."
        )

    delete.queryset_only = True  # type: ignore[attr-defined]


class RetainedModel(models.Model):
    """Base for every table whose rows are public records or their history."""

    objects = RetainedQuerySet.as_manager()

    class Meta:
        abstract = True

    def delete(self, *args, **kwargs):  # type: ignore[override]
        raise RetainedRecordError(
            f"{self._meta.label} rows are retained records and cannot be deleted."
        )


REFUSE_FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION stanton_refuse_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' AND current_setting('stanton.allow_test_flush', true) = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'stanton: % on % is refused: retained records are never deleted or rewritten',
        TG_OP, TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
"""


def _trigger_sql(table: str, *, refuse_update: bool) -> list[str]:
    ops = "DELETE OR UPDATE" if refuse_update else "DELETE"
    return [
        f'DROP TRIGGER IF EXISTS "{table}_retain_rows" ON "{table}"',
        f'CREATE TRIGGER "{table}_retain_rows" BEFORE {ops} ON "{table}" '
        "FOR EACH ROW EXECUTE FUNCTION stanton_refuse_change()",
        f'DROP TRIGGER IF EXISTS "{table}_retain_table" ON "{table}"',
        f'CREATE TRIGGER "{table}_retain_table" BEFORE TRUNCATE ON "{table}" '
        "FOR EACH STATEMENT EXECUTE FUNCTION stanton_refuse_change()",
    ]


def protect_tables(*tables: str, append_only: tuple[str, ...] = ()) -> migrations.RunPython:
    """A migration operation installing the retention triggers (PostgreSQL only)."""

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        statements = [REFUSE_FUNCTION_SQL]
        for table in tables:
            statements += _trigger_sql(table, refuse_update=False)
        for table in append_only:
            statements += _trigger_sql(table, refuse_update=True)
        with schema_editor.connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)

    return migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False)


# --- History of retained rows is retained too ------------------------------------------------


class RetainedHistoricalQuerySet(HistoricalQuerySet):
    def delete(self):  # type: ignore[override]
        raise RetainedRecordError("History rows are retained records and cannot be deleted.")

    delete.queryset_only = True  # type: ignore[attr-defined]


class RetainedHistoryBase(models.Model):
    class Meta:
        abstract = True

    def delete(self, *args, **kwargs):  # type: ignore[override]
        raise RetainedRecordError("History rows are retained records and cannot be deleted.")


def retained_history(**kwargs) -> HistoricalRecords:
    """django-simple-history whose rows refuse deletion in the ORM, as the PostgreSQL triggers
    refuse it in the database."""
    kwargs.setdefault("bases", [RetainedHistoryBase])
    kwargs.setdefault("historical_queryset", RetainedHistoricalQuerySet)
    return HistoricalRecords(**kwargs)
