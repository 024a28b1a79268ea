"""`manage.py import_comments PATH --site SLUG` for CSV and JSON Lines."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from audit.events import AuditVerb
from audit.models import AuditEvent
from moderation.ingest.services import CLASSIFY_TASK
from moderation.models import Comment, CommentRevision, PlatformState
from outbox.models import OutboxMessage
from tests.factories import SiteFactory
from tests.fixtures.ingest import load, path

pytestmark = pytest.mark.django_db


@pytest.fixture
def nextdoor(db):
    return SiteFactory(slug="nextdoor-stanton", platform="nextdoor")


def run(*args, **options):
    out, err = StringIO(), StringIO()
    call_command("import_comments", *args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def test_csv_import_then_a_second_run_changes_nothing(nextdoor):
    out, err = run(str(path("export.csv")), "--site", nextdoor.slug)

    assert "created 4, revised 0, unchanged 0, rejected 0" in out
    assert "export.csv" in err  # the progress bar goes to stderr
    multi = Comment.objects.get(site=nextdoor, external_id="nd_503")
    assert multi.body == (
        "Multi-line comment:\nfirst, thanks for posting;\nsecond, can the agenda be in Spanish too?"
    )
    assert multi.account.display_name == 'Anne "AJ" Jones'
    assert multi.raw_payload["author_display_name"] == 'Anne "AJ" Jones'  # the row as read
    reply = Comment.objects.get(external_id="nd_502")
    assert reply.parent.external_id == "nd_501"
    assert reply.post.body == "Council meeting agenda for March 10 is posted."
    assert Comment.objects.get(external_id="nd_504").platform_state == PlatformState.DELETED
    assert OutboxMessage.objects.filter(task_name=CLASSIFY_TASK).count() == 1
    event = AuditEvent.objects.get(verb=AuditVerb.COMMENTS_INGESTED)
    assert event.data["source"] == "import"
    assert event.data["origin"] == {"file": "export.csv", "format": "csv"}
    before = (
        Comment.objects.count(),
        CommentRevision.objects.count(),
        OutboxMessage.objects.count(),
        AuditEvent.objects.count(),
        Comment.history.count(),
    )

    out, _ = run(str(path("export.csv")), "--site", nextdoor.slug, "--no-progress")

    assert "created 0, revised 0, unchanged 4, rejected 0" in out
    assert (
        Comment.objects.count(),
        CommentRevision.objects.count(),
        OutboxMessage.objects.count(),
        AuditEvent.objects.count(),
        Comment.history.count(),
    ) == before


def test_jsonl_import_then_a_second_run_changes_nothing(site):
    out, _ = run(str(path("export.jsonl")), "--site", site.slug, "--no-progress")
    assert "created 4, revised 0, unchanged 0, rejected 0" in out
    first = Comment.objects.get(external_id="fb_c_1001")
    assert first.raw_payload == load("api_batch.json")["comments"][0]
    out, _ = run(str(path("export.jsonl")), "--site", site.slug, "--no-progress")
    assert "created 0, revised 0, unchanged 4, rejected 0" in out


def test_bad_lines_are_reported_with_their_numbers(site, tmp_path):
    good = load("api_batch.json")["comments"]
    lines = [
        json.dumps(good[0]).encode(),
        b'{"external_id": "broken", ',
        json.dumps({**good[1], "posted_at": "2026-03-01"}).encode(),
        b"",
        json.dumps(good[2]).encode().replace(b"BEST", b"\xff\xfeBEST"),
        b"[1, 2]",
        json.dumps(good[3]).encode(),
    ]
    export = tmp_path / "export.jsonl"
    export.write_bytes(b"\n".join(lines) + b"\n")

    out, _ = run(str(export), "--site", site.slug, "--no-progress")

    assert "created 2, revised 0, unchanged 0, rejected 4" in out
    assert "line 2: rejected: The body is not valid JSON" in out
    assert "line 3: rejected: posted_at" in out
    assert "line 5: rejected: The body is not valid UTF-8" in out
    assert "line 6: rejected: Each comment must be a JSON object." in out
    assert set(Comment.objects.values_list("external_id", flat=True)) == {"fb_c_1001", "fb_c_1004"}


def test_a_csv_with_invalid_utf8_or_bad_rows_reports_lines(nextdoor, tmp_path):
    text = path("export.csv").read_bytes()
    header, *rows = text.split(b"\n")
    rows[1] = rows[1].replace(b"You can", b"You \xe9 can")  # latin-1, not UTF-8
    rows.insert(2, b"nd_bad,,,,nd_u_9,,,no time,,,")
    export = tmp_path / "export.csv"
    export.write_bytes(b"\n".join([header, *rows]))

    out, _ = run(str(export), "--site", nextdoor.slug, "--no-progress")

    assert "created 3, revised 0, unchanged 0, rejected 2" in out
    assert "line 3: rejected: line 3 is not valid UTF-8" in out
    assert "line 4: rejected: posted_at" in out
    assert not Comment.objects.filter(external_id__in=["nd_502", "nd_bad"]).exists()


def test_the_format_can_be_given_and_batches_are_one_task_each(site, tmp_path):
    export = tmp_path / "comments.txt"
    export.write_bytes(path("export.jsonl").read_bytes())
    with pytest.raises(CommandError, match="--format"):
        run(str(export), "--site", site.slug)
    out, _ = run(
        str(export), "--site", site.slug, "--format", "jsonl", "--batch-size", "3", "--no-progress"
    )
    assert "created 4" in out
    messages = OutboxMessage.objects.filter(task_name=CLASSIFY_TASK).order_by("id")
    assert [len(m.kwargs["comment_ids"]) for m in messages] == [3, 1]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--site", "nope"], "No site"),
        (["--site", "facebook-main", "--batch-size", "5000"], "--batch-size"),
    ],
)
def test_bad_arguments_are_command_errors(site, args, message):
    with pytest.raises(CommandError, match=message):
        run(str(path("export.csv")), *args)


def test_a_missing_file_or_header_is_a_command_error(site, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run(str(tmp_path / "absent.csv"), "--site", site.slug)
    bad = tmp_path / "bad.csv"
    bad.write_text("id,text\n1,hello\n")
    with pytest.raises(CommandError, match="lacks column"):
        run(str(bad), "--site", site.slug)
    assert not Comment.objects.exists()
