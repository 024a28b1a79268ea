"""The comment row says it has been edited (records 0015): its `edited` column is set by the
database when a revision after the first is stored, however it is written, and the search
reads a date range's edited comments off that column's partial index (issue 16: finding
them by joining the revisions to the whole range took a second at a million comments)."""

from __future__ import annotations

import copy
import hashlib
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from moderation.ingest.services import comments_ingest_batch
from moderation.models import Comment, CommentRevision
from records.selectors.search import (
    SearchCriteria,
    _comment_text_branches,
    _comments_base,
    comments_matching,
    comments_preview,
)
from tests.factories import CommentFactory
from tests.fixtures.ingest import load

pytestmark = pytest.mark.usefixtures("require_postgresql")


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def edited(*comments: Comment) -> list[bool]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, edited FROM moderation_comment WHERE id = ANY(%s)",
            [[c.pk for c in comments]],
        )
        marks = dict(cursor.fetchall())
    return [marks[c.pk] for c in comments]


def revision(comment: Comment, number: int, text: str, **extra) -> CommentRevision:
    return CommentRevision(
        comment=comment, number=number, body=text, content_hash=_sha(text), **extra
    )


def test_a_revision_after_the_first_marks_the_comment(site):
    first_only = CommentFactory(site=site, body="Potholes on Elm")
    changed = CommentFactory(site=site, body="Potholes on Oak")
    assert edited(first_only, changed) == [False, False]

    revision(changed, 2, "Fixed, thanks").save()
    assert edited(first_only, changed) == [False, True]


def test_a_save_of_a_copy_loaded_before_the_edit_keeps_the_mark(site):
    comment = CommentFactory(site=site, body="Potholes on Oak")
    stale_copy = Comment.objects.get(pk=comment.pk)
    revision(comment, 2, "Fixed, thanks").save()
    # The ORM does not know the column, so a save (all fields) cannot put it back.
    stale_copy.queue_categories = ",profanity,"
    stale_copy.save()
    assert edited(comment) == [True]


def test_revisions_inserted_together_mark_only_the_edited_comments(site):
    comments = [CommentFactory(site=site, body=f"Comment {i}") for i in range(4)]
    CommentRevision.objects.bulk_create(
        [revision(comments[1], 2, "one, edited"), revision(comments[3], 2, "three, edited")]
    )
    assert edited(*comments) == [False, True, False, True]


def test_a_revision_stored_before_its_comment_marks_it_when_the_comment_arrives(site):
    # Foreign keys are checked at the commit, so within a transaction the revision may come
    # first (a loader writing table by table); the comment's own INSERT then sets the mark.
    template = CommentFactory(site=site, body="Already here")
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT nextval(pg_get_serial_sequence('moderation_comment', 'id'))")
            pk = cursor.fetchone()[0]
        CommentRevision.objects.create(
            comment_id=pk, number=2, body="Later text", content_hash=_sha("Later text")
        )
        arriving = CommentFactory.build(
            id=pk, site=site, post=template.post, account=template.account, body="Later text"
        )
        Comment.objects.bulk_create([arriving])
        assert edited(arriving) == [True]


def test_ingestion_marks_an_edit_and_a_late_text_but_not_a_new_comment(site):
    batch = load("api_batch.json")["comments"]
    first, second = batch[0], batch[1]
    changed = copy.deepcopy(first)
    changed["body"] = "Edited: will the sweeper come down Pacific St?"
    comments_ingest_batch(site=site, items=[first, second, changed], source="api")
    by_external = {c.external_id: c for c in Comment.objects.filter(site=site)}
    assert edited(by_external[first["external_id"]], by_external[second["external_id"]]) == [
        True,
        False,
    ]

    # A text the platform dates before the one held: kept as a stale revision, the body
    # unchanged, and still an earlier text a search must find.
    late = copy.deepcopy(second)
    late["body"] = "An older wording about the library"
    late["edited_at"] = "2020-01-01T00:00:00Z"
    comments_ingest_batch(site=site, items=[late], source="api")
    comment = Comment.objects.get(pk=by_external[second["external_id"]].pk)
    assert comment.body == second["body"]
    assert comment.revisions.filter(stale=True).exists()
    assert edited(comment) == [True]
    assert comment in comments_matching(SearchCriteria(keyword="older wording library"))


def test_an_edited_comment_is_found_by_its_first_text_and_an_unedited_one_only_by_its_body(
    site,
):
    changed = CommentFactory(site=site, body="The sewer backed up on my street")
    text = "Thanks, fixed now"
    revision(changed, 2, text).save()
    changed.body, changed.content_hash = text, _sha(text)
    changed.save()
    plain = CommentFactory(site=site, body="The sewer on Main St.")

    criteria = SearchCriteria(
        keyword="sewer",
        date_from=timezone.localdate() - timedelta(days=30),
        date_to=timezone.localdate(),
    )
    assert set(comments_matching(criteria)) == {changed, plain}
    count, page = comments_preview(criteria, size=10, cap=1000)
    assert int(count) == 2 and page == [plain, changed]
    # The earlier-texts branch alone holds only the edited comment.
    _latest, earlier, _replied = _comment_text_branches(_comments_base(criteria), "sewer")
    assert list(earlier) == [changed]


def test_the_earlier_texts_of_a_date_range_are_read_off_the_edited_index(site):
    for i in range(3):
        comment = CommentFactory(site=site, body=f"Sewer {i}")
        revision(comment, 2, f"Fixed {i}").save()
    criteria = SearchCriteria(
        keyword="sewer",
        date_from=timezone.localdate() - timedelta(days=30),
        date_to=timezone.localdate(),
    )
    _latest, earlier, _replied = _comment_text_branches(_comments_base(criteria), "sewer")
    sql, params = earlier.values("pk").query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        # A table this small would be read whole; what matters is that the partial index
        # can serve the range (its condition is implied by the query's).
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "records_comment_edited_search_time" in plan, plan
    assert len(list(earlier)) == 3


def test_the_search_page_reads_no_rows_of_a_kind_it_counted_as_none(client, clerk, site):
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from tests.conftest import sign_in
    from tests.records.scene import make_request

    changed = CommentFactory(site=site, body="Parking on Elm again")
    revision(changed, 2, "Never mind").save()
    changed.body, changed.content_hash = "Never mind", _sha("Never mind")
    changed.save()
    plain = CommentFactory(site=site, body="Parking meters on Oak")
    request = make_request(clerk)
    sign_in(client, clerk)
    url = reverse("records:request_search", args=[request.pk])
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, {"keyword": "parking", "kinds": ["comments", "decisions"]})
    assert response.status_code == 200
    counts = response.context["counts"]
    assert (int(counts["comments"]), counts["decisions"]) == (2, 0)
    # Ranked: the latest text that matches first, the one found by its first text after it.
    assert [c for c, _excerpts in response.context["previews"]["comments"]] == [plain, changed]
    decision_reads = [
        q for q in captured.captured_queries if 'FROM "moderation_decision"' in q["sql"]
    ]
    assert len(decision_reads) == 1 and "COUNT(*)" in decision_reads[0]["sql"], decision_reads
