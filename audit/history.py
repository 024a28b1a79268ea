"""History rows for rows a batch has just inserted, copied by PostgreSQL from the rows themselves.

`simple_history.utils.bulk_create_with_history` builds one historical instance per new row in
Python and inserts them as a second `bulk_create`: each of the row's values is made into a
model field value, prepared, sent and parsed again. For an ingestion batch (500 comments and
their 500 first revisions) that was a third of the API request's CPU. `bulk_create_copying_
history` inserts the rows, then their '+' history rows in one `INSERT ... SELECT` from the
rows just inserted: the same columns with the same values (what was stored is what the
history holds), the same user, change reason and type a `bulk_create_with_history` writes,
one time for the batch, history ids in the rows' id order.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from django.db import connection, models
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, get_change_reason_from_object

from audit.pgcopy import copy_insert, copy_supported


@cache
def history_model(model: type[models.Model]) -> Any:
    """`model.history.model`, once per process: each read of `model.history` builds a new
    manager class (simple_history's descriptor), some 60 us."""
    return model.history.model  # type: ignore[attr-defined]  # added by simple_history


def bulk_create_copying_history(
    rows: Sequence[models.Model],
    model: type[models.Model],
    *,
    batch_size: int,
    default_user=None,
    default_change_reason: str | None = None,
) -> list[models.Model]:
    """`bulk_create_with_history(rows, model, ...)`, on PostgreSQL the rows written by COPY
    (audit/pgcopy.py) and their history rows copied from them in SQL (`history_rows_copy`);
    elsewhere (the demo's SQLite) that function itself."""
    if connection.vendor != "postgresql":
        return bulk_create_with_history(
            list(rows),
            model,
            batch_size=batch_size,
            default_user=default_user,
            default_change_reason=default_change_reason,
        )
    rows = list(rows)
    if copy_supported(model, rows):
        created = copy_insert(model, rows)
    else:
        created = model._default_manager.bulk_create(rows, batch_size=batch_size)
    history_rows_copy(
        created,
        model,
        history_type="+",
        batch_size=batch_size,
        default_user=default_user,
        default_change_reason=default_change_reason,
    )
    return created


def history_rows_copy(
    rows: Sequence[models.Model],
    model: type[models.Model],
    *,
    history_type: str,
    batch_size: int,
    default_user=None,
    default_change_reason: str | None = None,
) -> None:
    """The history rows `model.history.bulk_history_create(rows, update=history_type == "~",
    ...)` writes, for rows as now stored, copied from them in SQL. Each row's user and change
    reason are found as simple_history finds them (the row's `_history_user` and
    `_change_reason`, else the defaults, else the request's user); rows that differ in them,
    or a database other than PostgreSQL (the demo's SQLite), go through
    `bulk_history_create` itself."""
    rows = list(rows)
    if not rows:
        return
    history = history_model(model)
    users = {
        getattr(row, "_history_user", default_user or history.get_default_history_user(row))
        for row in rows
    }
    reasons = {get_change_reason_from_object(row) or default_change_reason for row in rows}
    if connection.vendor != "postgresql" or len(users) != 1 or len(reasons) != 1:
        model.history.bulk_history_create(  # type: ignore[attr-defined]
            rows,
            batch_size=batch_size,
            update=history_type == "~",
            default_user=default_user,
            default_change_reason=default_change_reason,
        )
        return
    (user,) = users
    (reason,) = reasons
    history_copy_inserted(
        model,
        [row.pk for row in rows],
        user_id=getattr(user, "pk", None),
        change_reason=reason,
        history_type=history_type,
    )


def history_copy_inserted(
    model: type[models.Model],
    pks: Sequence[int],
    *,
    user_id: int | None,
    change_reason: str | None,
    history_type: str = "+",
) -> None:
    """Insert a history row of `history_type` ('+' created, '~' changed) for each row of
    `model` with these ids, copied from the row as stored (PostgreSQL; in id order, so
    history ids follow the rows' ids)."""
    if not pks:
        return
    history = history_model(model)
    if hasattr(history, "history_relation"):  # pragma: no cover - none of ours has one
        raise NotImplementedError("history_relation is not copied")
    qn = connection.ops.quote_name
    tracked = list(history.tracked_fields)
    names = [f.attname for f in tracked]
    names += ["history_date", "history_change_reason", "history_type", "history_user"]
    target = [str(history._meta.get_field(name).column) for name in names]
    source = [qn(f.column) for f in tracked]
    pk_column = qn(str(model._meta.pk.column))
    sql = (
        f"INSERT INTO {qn(history._meta.db_table)} ({', '.join(map(qn, target))}) "  # noqa: S608 - our own tables, quoted
        f"SELECT {', '.join(source)}, %s, %s, %s, %s FROM {qn(model._meta.db_table)} "
        f"WHERE {pk_column} = ANY(%s) ORDER BY {pk_column}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [timezone.now(), change_reason, history_type, user_id, list(pks)])
