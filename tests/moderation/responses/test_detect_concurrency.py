"""Ingestion enqueues classification and question detection for the same batch; two workers
run them at once. Classification locks the batch's comments and then appends to the audit
chain (flags_raise_many). Detection used to append an event after each need it wrote, and so
held the chain's lock while it inserted the next need, whose foreign key check waits on the
comment classification had locked: PostgreSQL found a deadlock and failed one of the tasks
(seen in `make bench` with two workers). Detection now writes its needs first and its events
last, so it never waits on a row while holding the chain."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, transaction

from audit.events import AuditVerb
from audit.models import AuditEvent
from audit.services import audit_record
from moderation.models import Comment, ResponseNeed
from moderation.responses.services import response_needs_detect
from tests.moderation.queue.support import make_comment


def _someone_waits_on_a_lock(own_pid: int) -> bool:
    with connection.cursor() as cursor:
        # Inside a transaction PostgreSQL keeps showing the first look at pg_stat_activity.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid <> %s",
            [own_pid],
        )
        return cursor.fetchone()[0] > 0


@pytest.mark.usefixtures("require_postgresql")
def test_detection_beside_classification_of_the_same_batch_does_not_deadlock(
    transactional_db, site
):
    first = make_comment(site, "When will the pothole on Cedar Street be fixed?")
    second = make_comment(site, "who do i call about the streetlight on Katella??")
    locked = threading.Event()
    errors: list[BaseException] = []

    def classify_like_the_task():
        # What flags_raise_many does: lock the comments, then append to the audit chain.
        try:
            with transaction.atomic():
                Comment.objects.select_for_update(of=("self",)).filter(pk=second.pk).get()
                locked.set()
                own_pid = connection.connection.info.backend_pid
                deadline = time.monotonic() + 10
                while not _someone_waits_on_a_lock(own_pid):
                    assert time.monotonic() < deadline, "detection never reached the lock"
                    time.sleep(0.02)
                audit_record(actor=None, verb=AuditVerb.FLAGS_RAISED, target=second, data={})
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    def detect():
        try:
            assert locked.wait(timeout=10)
            response_needs_detect(comment_ids=[first.pk, second.pk])
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=classify_like_the_task), threading.Thread(target=detect)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not errors, errors
    assert set(ResponseNeed.objects.values_list("comment_id", flat=True)) == {first.pk, second.pk}
    assert AuditEvent.objects.filter(verb=AuditVerb.RESPONSE_NEED_DETECTED).count() == 2
