"""The application's database role (README, "Production") cannot get past retention, and no
session setting switches retention off, for the owner either.

The role is made with the README's own SQL block, under a throw-away name: roles are
cluster-wide, so the name is unique and the role is dropped at the end (everything here also
runs inside the test's transaction, which is rolled back).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator

import pytest
from django.db import DatabaseError, connection, transaction
from psycopg import errors

from audit.models import AuditEvent
from audit.services import audit_record
from moderation.models import Site
from tests.conftest import ROOT


def readme_role_sql() -> list[str]:
    """The statements of the README's `sql` block in the Production section."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    production = readme[readme.index("## Production") :]
    block = re.search(r"```sql\n(.*?)```", production, re.S)
    assert block, "README's Production section has no ```sql block"
    lines = [line.strip() for line in block.group(1).splitlines()]
    statements = [line.rstrip(";") for line in lines if line and not line.startswith("--")]
    assert statements and all(line.endswith(";") for line in lines if line), lines
    return statements


def execute(sql: str, params=None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def denied(sql: str, error: type[Exception], message: str) -> None:
    """`sql` fails with `error`, and the surrounding transaction stays usable."""
    # Deferred foreign-key checks of this test's own inserts would otherwise fire first.
    execute("SET CONSTRAINTS ALL IMMEDIATE")
    with pytest.raises(DatabaseError) as excinfo, transaction.atomic():
        execute(sql)
    assert isinstance(excinfo.value.__cause__, error), repr(excinfo.value.__cause__)
    assert message in str(excinfo.value), str(excinfo.value)


RETENTION_REFUSED = "retained records are never deleted or rewritten"


@pytest.fixture
def application_role(require_postgresql, db) -> Iterator[str]:
    """A role with exactly the README's grants; the session switches to it with SET ROLE."""
    role = f"stanton_app_test_{uuid.uuid4().hex[:12]}"
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user, current_database()")
        owner, database = cursor.fetchone()
    names = {"stanton_app": role, "stanton_owner": owner, "stanton": database}
    for statement in readme_role_sql():
        execute(
            re.sub(r"\b(stanton_app|stanton_owner|stanton)\b", lambda m: names[m[1]], statement)
        )
    execute(f'SET ROLE "{role}"')
    try:
        yield role
    finally:
        execute("RESET ROLE")
        execute(f'REASSIGN OWNED BY "{role}" TO "{owner}"')
        execute(f'DROP OWNED BY "{role}"')  # its grants and default privileges
        execute(f'DROP ROLE "{role}"')


def test_the_readme_role_is_neither_superuser_nor_owner(application_role):
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user")
        assert cursor.fetchone() == (application_role, False)
        cursor.execute(
            "SELECT count(*) FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner "
            "WHERE r.rolname = current_user"
        )
        assert cursor.fetchone() == (0,)
        cursor.execute(
            "SELECT has_table_privilege('moderation_site', 'TRUNCATE'), "
            "has_table_privilege('moderation_site', 'UPDATE')"
        )
        assert cursor.fetchone() == (False, True)


def test_the_application_role_can_do_the_applications_work(application_role, admin, site):
    """The grants are enough: read, insert (sequences included), update what may change."""
    with transaction.atomic():
        audit_record(actor=admin, verb="test.as_app", target=site, data={})
    execute("UPDATE moderation_site SET handle = 'renamed' WHERE id = %s", [site.pk])
    assert Site.objects.get(pk=site.pk).handle == "renamed"
    assert AuditEvent.objects.filter(verb="test.as_app").exists()


def test_the_application_role_cannot_delete_or_truncate(application_role, admin, site, moderator):
    with transaction.atomic():
        audit_record(actor=admin, verb="test.as_app", target=site, data={})
    denied(
        f"DELETE FROM moderation_site WHERE id = {site.pk}",
        errors.IntegrityConstraintViolation,
        RETENTION_REFUSED,
    )
    denied("DELETE FROM audit_auditevent", errors.IntegrityConstraintViolation, RETENTION_REFUSED)
    denied("TRUNCATE moderation_site CASCADE", errors.InsufficientPrivilege, "permission denied")
    execute("SET stanton.allow_test_flush = on")  # the switch that once let TRUNCATE through
    denied("TRUNCATE moderation_designation", errors.InsufficientPrivilege, "permission denied")
    denied("TRUNCATE audit_auditevent", errors.InsufficientPrivilege, "permission denied")
    assert Site.objects.filter(pk=site.pk).exists()


def test_the_application_role_cannot_remove_or_disable_the_triggers(application_role):
    must_own = "must be owner"
    denied("DROP TABLE moderation_site CASCADE", errors.InsufficientPrivilege, must_own)
    denied(
        'DROP TRIGGER "moderation_site_retain_rows" ON moderation_site',
        errors.InsufficientPrivilege,
        must_own,
    )
    denied(
        "ALTER TABLE audit_auditevent DISABLE TRIGGER USER", errors.InsufficientPrivilege, must_own
    )
    denied(
        "CREATE OR REPLACE FUNCTION stanton_refuse_change() RETURNS trigger AS "
        "$$ BEGIN RETURN NULL; END; $$ LANGUAGE plpgsql",
        errors.InsufficientPrivilege,
        "permission denied for schema public",  # no CREATE there, let alone ownership
    )
    denied(
        "SET session_replication_role = replica",
        errors.InsufficientPrivilege,
        'permission denied to set parameter "session_replication_role"',
    )


def test_the_old_flush_switch_no_longer_works_even_for_the_owner(require_postgresql, site):
    """The test connection owns the tables (and is a superuser): the setting that used to let
    TRUNCATE through is just a setting now."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_userbyid(relowner) = current_user FROM pg_class "
            "WHERE relname = 'moderation_site'"
        )
        assert cursor.fetchone() == (True,)
    execute("SET LOCAL stanton.allow_test_flush = on")
    denied(
        "TRUNCATE moderation_site CASCADE", errors.IntegrityConstraintViolation, RETENTION_REFUSED
    )
    denied("TRUNCATE audit_auditevent", errors.IntegrityConstraintViolation, RETENTION_REFUSED)
    denied("DELETE FROM moderation_site", errors.IntegrityConstraintViolation, RETENTION_REFUSED)
    assert Site.objects.filter(pk=site.pk).exists()


def test_the_installed_function_is_the_one_in_the_code(require_postgresql, db):
    """A fresh database ends with the function audit/retention.py defines, and none of the
    retention functions reads a session setting."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT proname, prosrc FROM pg_proc WHERE proname LIKE 'stanton\\_%' ORDER BY 1"
        )
        functions = dict(cursor.fetchall())
    assert set(functions) == {
        "stanton_refuse_change",
        "stanton_refuse_immutable_change",
        "stanton_refuse_unrevised_text",
    }
    from audit.retention import REFUSE_FUNCTION_SQL

    assert functions["stanton_refuse_change"].strip() in REFUSE_FUNCTION_SQL
    for source in functions.values():
        assert "current_setting" not in source and "allow_test_flush" not in source
