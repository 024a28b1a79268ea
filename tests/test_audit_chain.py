"""The hash-chained audit log: `verify_audit_log` passes on an intact chain and names the
first bad row after any edit, deletion or reordering; concurrent writers never fork it."""

from __future__ import annotations

import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections, transaction

from audit.models import GENESIS_HASH, AuditEvent
from audit.services import audit_record
from tests.conftest import on_postgresql


def record(n: int, actor=None) -> list[AuditEvent]:
    events = []
    for i in range(n):
        with transaction.atomic():
            events.append(
                audit_record(
                    actor=actor,
                    verb="test.step",
                    target_type="test.thing",
                    target_id=i,
                    data={"i": i, "note": "naïve café ✓"},
                )
            )
    return events


def verify() -> str:
    """Run the command; return its output, or raise CommandError (exit status 1)."""
    from io import StringIO

    out = StringIO()
    call_command("verify_audit_log", stdout=out)
    return out.getvalue()


def verify_fails() -> str:
    with pytest.raises(CommandError) as excinfo:
        verify()
    assert excinfo.value.returncode != 0
    return str(excinfo.value)


def tamper(sql: str, params=None) -> None:
    """What a database owner could do by hand. On PostgreSQL the owner must first switch the
    append-only triggers off (inside this test's transaction, so it is rolled back)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Run the foreign-key checks deferred from this test's inserts first: PostgreSQL
            # will not alter a table with pending trigger events.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
        cursor.execute(sql, params)


@pytest.fixture
def genesis(db):
    """An empty log, so these tests count from the genesis: the data migrations wrote events
    already (the default rules they installed); the owner clears them, inside this test's
    transaction, which is rolled back."""
    tamper("DELETE FROM audit_auditevent")
    assert not AuditEvent.objects.exists()


@pytest.fixture
def chain(genesis, admin):
    return record(5, actor=admin)


def test_empty_log_verifies(genesis):
    assert "0 event(s) verified" in verify()


def test_intact_chain_verifies(chain):
    assert "Audit chain intact: 5 event(s) verified." in verify()
    assert [e.seq for e in AuditEvent.objects.all()] == [1, 2, 3, 4, 5]
    assert chain[0].prev_hash == GENESIS_HASH
    assert all(b.prev_hash == a.hash for a, b in zip(chain, chain[1:], strict=False))


def test_stored_rows_hash_the_same_as_when_written(chain):
    """Values come back from the database exactly as they were hashed (JSON, time, unicode)."""
    for event in AuditEvent.objects.all():
        assert event.compute_hash() == event.hash


def test_rich_data_round_trips(genesis, admin, site):
    from datetime import date
    from decimal import Decimal

    with transaction.atomic():
        audit_record(
            actor=admin,
            verb="test.rich",
            target=site,
            site_id=site.pk,
            data={
                "when": date(2026, 5, 1),
                "amount": Decimal("1.50"),
                "nested": {"b": [1, 2.5, None, True], "a": 'quote " and \\ backslash'},
            },
        )

    assert "1 event(s) verified" in verify()


@pytest.mark.parametrize(
    "data",
    [
        {"flags": [{"id": 7, "category": "threat", "score": 0.85}], "source": "rule"},
        {10: "ten", 9: "nine"},  # keys that JSON makes strings, in another order
        {"outer": {2: {1.5: "x", True: None}}, "tuple": (1, "two")},
        {"text": "Ünïcödé ✓ \u2028 line", "big": 2**70, "float": 1e-7},
        {},
    ],
)
def test_the_hash_written_is_the_hash_of_the_stored_row(genesis, data):
    """The data is serialised once for both the stored value and the hash: whatever the
    data, the row read back hashes to what was written."""
    with transaction.atomic():
        written = audit_record(actor=None, verb="test.keys", target_type="t", data=data)
    stored = AuditEvent.objects.get(pk=written.pk)
    assert stored.data == written.data
    assert stored.compute_hash() == written.compute_hash() == written.hash == stored.hash
    assert "1 event(s) verified" in verify()


def test_edited_row_is_named(chain):
    tamper("UPDATE audit_auditevent SET data = %s WHERE seq = 3", ['{"i": 99}'])

    message = verify_fails()

    assert f"event #3 (id {chain[2].pk})" in message
    assert "edited" in message
    assert "2 event(s) before it verified" in message


def test_edited_row_with_a_recomputed_hash_breaks_the_next_link(chain):
    tamper("UPDATE audit_auditevent SET verb = 'test.forged' WHERE seq = 2")
    forged = AuditEvent.objects.get(seq=2)
    tamper("UPDATE audit_auditevent SET hash = %s WHERE seq = 2", [forged.compute_hash()])

    message = verify_fails()

    assert "event #3" in message
    assert "prev_hash" in message


def test_edited_actor_is_detected(chain, moderator):
    tamper("UPDATE audit_auditevent SET actor_id = %s WHERE seq = 4", [moderator.pk])

    assert "event #4" in verify_fails()


@pytest.mark.parametrize("deleted", [1, 3])
def test_deleted_row_is_named(chain, deleted):
    tamper("DELETE FROM audit_auditevent WHERE seq = %s", [deleted])

    message = verify_fails()

    assert f"event #{deleted + 1}" in message
    assert f"expected #{deleted}" in message


def test_reordered_rows_are_named(chain):
    tamper("UPDATE audit_auditevent SET seq = -2 WHERE seq = 2")
    tamper("UPDATE audit_auditevent SET seq = 2 WHERE seq = 3")
    tamper("UPDATE audit_auditevent SET seq = 3 WHERE seq = -2")

    message = verify_fails()

    assert f"event #2 (id {chain[2].pk})" in message


def test_inserted_row_is_named(chain):
    fake = AuditEvent(
        seq=6,
        occurred_at=chain[-1].occurred_at,
        verb="test.inserted",
        target_type="x",
        target_id="1",
        data={},
        prev_hash="f" * 64,
    )
    fake.hash = fake.compute_hash()
    fake.save(force_insert=True)

    assert "event #6" in verify_fails()


@pytest.mark.django_db(transaction=True)
def test_audit_record_refuses_to_run_outside_a_transaction():
    with pytest.raises(RuntimeError):
        audit_record(actor=None, verb="test.loose")
    assert not AuditEvent.objects.filter(verb="test.loose").exists()


def test_a_rolled_back_change_leaves_no_event_and_no_gap(genesis):
    record(2)
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(actor=None, verb="test.rolled_back")
        raise RuntimeError
    record(1)

    assert [e.seq for e in AuditEvent.objects.all()] == [1, 2, 3]
    assert "3 event(s) verified" in verify()


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_do_not_fork_the_chain(require_postgresql):
    assert on_postgresql()
    before = AuditEvent.objects.count()
    per_thread, threads_n = 20, 2
    start = threading.Barrier(threads_n)
    errors: list[BaseException] = []

    def writer(name: str) -> None:
        try:
            start.wait(timeout=10)
            for i in range(per_thread):
                with transaction.atomic():
                    audit_record(
                        actor=None,
                        verb=f"test.{name}",
                        target_type="thread",
                        target_id=i,
                        data={"writer": name, "i": i},
                    )
        except BaseException as exc:  # noqa: BLE001 - reported to the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(f"w{n}",)) for n in range(threads_n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not errors, errors
    assert not any(thread.is_alive() for thread in threads)
    seqs = list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, before + per_thread * threads_n + 1))
    assert AuditEvent.objects.filter(verb="test.w0").count() == per_thread
    assert AuditEvent.objects.filter(verb="test.w1").count() == per_thread
    assert f"{before + 40} event(s) verified" in verify()


@pytest.mark.django_db
def test_anchor_detects_events_cut_off_the_end(admin, require_postgresql):
    """A cut at the tail leaves a valid chain; a head recorded elsewhere still catches it."""
    import io

    from django.core.management import CommandError, call_command
    from django.db import connection

    from audit.services import audit_record

    with transaction.atomic():
        for n in range(3):
            audit_record(actor=admin, verb="test.event", target_type="t", target_id=n)
    out = io.StringIO()
    call_command("verify_audit_log", stdout=out)
    head = out.getvalue().strip().splitlines()[-1].removeprefix("Head: ")
    call_command("verify_audit_log", anchor=[head], stdout=io.StringIO())

    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
        cursor.execute(
            "DELETE FROM audit_auditevent WHERE seq = (SELECT max(seq) FROM audit_auditevent)"
        )
    call_command("verify_audit_log", stdout=io.StringIO())  # the chain alone cannot tell
    with pytest.raises(CommandError, match="missing"):
        call_command("verify_audit_log", anchor=[head], stdout=io.StringIO())
