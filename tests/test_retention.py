"""Nothing retained is ever deleted: refused in the ORM everywhere, and on PostgreSQL by
triggers that raw SQL cannot get past. The audit log refuses UPDATE too."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import DatabaseError, IntegrityError, connection, transaction

from accounts.models import User
from audit.models import AuditEvent
from audit.retention import RetainedModel, RetainedRecordError
from audit.services import audit_record
from moderation.models import Designation, Site


def retained_models() -> list[type]:
    return sorted(
        (
            model
            for model in apps.get_models()
            if issubclass(model, RetainedModel)
            and not model._meta.abstract
            and not model._meta.proxy
        ),
        key=lambda model: model._meta.label,
    )


def history_model(model):
    attribute = getattr(model._meta, "simple_history_manager_attribute", None)
    return getattr(model, attribute).model if attribute else None


def protected_tables() -> list[tuple[str, bool]]:
    """(table, append_only) for every retained model, its history, and staff accounts
    (tests/test_append_only.py covers the other append-only and column-guarded tables)."""
    tables = []
    for model in [*retained_models(), User]:
        tables.append((model._meta.db_table, model is AuditEvent))
        history = history_model(model)
        if history is not None:
            tables.append((history._meta.db_table, True))  # history is append-only
    return tables


def trigger_definitions(table: str) -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT t.tgname, pg_get_triggerdef(t.oid), t.tgenabled
            FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relname = %s AND n.nspname = current_schema() AND NOT t.tgisinternal
            """,
            [table],
        )
        return {
            name: f"{definition} [enabled={enabled}]"
            for name, definition, enabled in cursor.fetchall()
        }


def refused(sql: str, params=None) -> None:
    """The statement fails, and the surrounding transaction stays usable."""
    with connection.cursor() as cursor:
        # Run the foreign-key checks still deferred from this test's inserts now; otherwise
        # PostgreSQL refuses TRUNCATE for that reason before our trigger is reached.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with pytest.raises(DatabaseError) as excinfo, transaction.atomic(), connection.cursor() as c:
        c.execute(sql, params)
    assert isinstance(excinfo.value, IntegrityError)
    assert "retained records are never deleted or rewritten" in str(excinfo.value)


@pytest.fixture
def event(db, admin):
    with transaction.atomic():
        return audit_record(actor=admin, verb="test.recorded", target=admin, data={"n": 1})


# --- the ORM, on every database ------------------------------------------------------------------
def test_orm_refuses_to_delete_a_site(site):
    with pytest.raises(RetainedRecordError):
        site.delete()
    with pytest.raises(RetainedRecordError):
        Site.objects.all().delete()
    with pytest.raises(RetainedRecordError):
        Site.objects.filter(pk=site.pk).delete()
    assert Site.objects.filter(pk=site.pk).exists()


def test_orm_refuses_to_delete_designations_even_through_a_relation(moderator, site):
    with pytest.raises(RetainedRecordError):
        site.designations.all().delete()
    with pytest.raises(RetainedRecordError):
        Designation.objects.in_force().delete()
    assert Designation.objects.filter(site=site).count() == 1


def test_orm_refuses_to_delete_staff_accounts(moderator):
    with pytest.raises(RetainedRecordError):
        moderator.delete()
    with pytest.raises(RetainedRecordError):
        User.objects.filter(pk=moderator.pk).delete()
    assert User.objects.filter(pk=moderator.pk).exists()


def test_orm_refuses_to_change_or_delete_audit_events(event):
    with pytest.raises(RetainedRecordError):
        event.delete()
    with pytest.raises(RetainedRecordError):
        AuditEvent.objects.all().delete()
    event.verb = "test.rewritten"
    with pytest.raises(RetainedRecordError):
        event.save()
    with pytest.raises(RetainedRecordError):
        AuditEvent.objects.filter(pk=event.pk).update(verb="test.rewritten")
    with pytest.raises(RetainedRecordError):
        AuditEvent.objects.bulk_update([event], ["verb"])
    assert AuditEvent.objects.get(pk=event.pk).verb == "test.recorded"


@pytest.mark.parametrize("model", retained_models(), ids=lambda model: model._meta.label)
def test_every_retained_model_refuses_orm_deletes(db, model):
    with pytest.raises(RetainedRecordError):
        model.objects.all().delete()
    with pytest.raises(RetainedRecordError):
        model._default_manager.none().delete()
    with pytest.raises(RetainedRecordError):
        model().delete()


# --- PostgreSQL: raw SQL cannot get past the triggers ---------------------------------------------
def test_raw_delete_and_truncate_of_sites_are_refused(require_postgresql, site, moderator):
    refused("DELETE FROM moderation_site")
    refused("DELETE FROM moderation_site WHERE id = %s", [site.pk])
    refused("TRUNCATE moderation_site CASCADE")
    refused("TRUNCATE moderation_designation")
    refused("DELETE FROM moderation_historicalsite")
    refused("DELETE FROM moderation_designation")
    assert Site.objects.filter(pk=site.pk).exists()
    assert Designation.objects.filter(site=site).exists()


def test_raw_update_and_delete_of_audit_events_are_refused(require_postgresql, event):
    refused("UPDATE audit_auditevent SET verb = 'test.rewritten'")
    refused("DELETE FROM audit_auditevent")
    refused("TRUNCATE audit_auditevent")
    assert AuditEvent.objects.get(pk=event.pk).verb == "test.recorded"


def test_raw_delete_of_staff_accounts_is_refused(require_postgresql, moderator):
    refused("DELETE FROM accounts_user WHERE id = %s", [moderator.pk])
    assert User.objects.filter(pk=moderator.pk).exists()


def test_sites_can_still_be_edited_in_sql(require_postgresql, site):
    """A site is not append-only: it changes through services (with history)."""
    with connection.cursor() as cursor:
        cursor.execute("UPDATE moderation_site SET handle = 'renamed' WHERE id = %s", [site.pk])
    site.refresh_from_db()
    assert site.handle == "renamed"


@pytest.mark.parametrize(
    ("table", "append_only"),
    protected_tables(),
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_every_retained_table_has_its_triggers(require_postgresql, db, table, append_only):
    """A new retained model (or its history) without a `protect_tables` migration fails here."""
    triggers = trigger_definitions(table)

    rows = triggers.get(f"{table}_retain_rows", "")
    whole = triggers.get(f"{table}_retain_table", "")
    assert rows, f"{table} has no {table}_retain_rows trigger (found {sorted(triggers)})"
    assert whole, f"{table} has no {table}_retain_table trigger (found {sorted(triggers)})"
    assert "BEFORE DELETE" in rows and "FOR EACH ROW" in rows, rows
    assert "stanton_refuse_change()" in rows, rows
    assert "[enabled=O]" in rows, rows
    assert "BEFORE TRUNCATE" in whole and "FOR EACH STATEMENT" in whole, whole
    assert "stanton_refuse_change()" in whole, whole
    assert "[enabled=O]" in whole, whole
    if append_only:
        assert "UPDATE" in rows, rows


def test_the_list_of_retained_models_is_not_empty():
    labels = {model._meta.label for model in retained_models()}
    assert {"audit.AuditEvent", "moderation.Site", "moderation.Designation"} <= labels


@pytest.mark.django_db
def test_history_rows_refuse_deletion_in_the_orm(site):
    """History of a retained row is retained too, on every database (triggers add PostgreSQL)."""
    from audit.retention import RetainedRecordError

    assert site.history.exists()
    with pytest.raises(RetainedRecordError):
        site.history.all().delete()
    with pytest.raises(RetainedRecordError):
        site.history.first().delete()
    assert site.history.exists()
