"""What classification's lock on its comments lets through, on PostgreSQL: a transaction that
only points new rows at the comments (the response task's needs for the same batch) goes on
at once; anyone who changes the comments (a decision) still waits for it."""

from __future__ import annotations

import threading

import pytest
from django.db import OperationalError, connection, transaction

from audit.services import referenced_rows_lock
from moderation.flagging.services import comments_lock_for_flags
from moderation.models import Comment
from tests.moderation.queue.support import flagged_comment


def _lock_timeout(milliseconds: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL lock_timeout = '{int(milliseconds)}ms'")


@pytest.mark.django_db(transaction=True)
def test_classification_holds_off_writers_but_not_rows_pointing_at_its_comments(
    require_postgresql, site
):
    comment = flagged_comment(site)
    held, release = threading.Event(), threading.Event()
    locked: list[set[int]] = []

    def classification():
        try:
            with transaction.atomic():
                locked.append(comments_lock_for_flags([comment.pk]))
                held.set()
                release.wait(10)
        finally:
            connection.close()

    thread = threading.Thread(target=classification)
    thread.start()
    try:
        assert held.wait(10)
        assert locked == [{comment.pk}]
        with transaction.atomic():  # the response task's lock before the audit chain's
            _lock_timeout(2000)
            referenced_rows_lock(Comment, [comment.pk])
        with pytest.raises(OperationalError, match="lock timeout"), transaction.atomic():
            _lock_timeout(300)  # a decision locks the comment FOR UPDATE: it must wait
            list(Comment.objects.select_for_update(of=("self",)).filter(pk=comment.pk))
    finally:
        release.set()
        thread.join()
