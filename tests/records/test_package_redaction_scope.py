"""A redaction changes exactly the record, field and span it names (issue 9, item 1).

Each test builds the same request's package twice, without and with one redaction, and
compares them member by member: every other record is byte-identical in records.jsonl and
index.csv, and the redacted record differs only where the redaction says."""

from __future__ import annotations

import copy
import csv
import io
import json
import zipfile
from datetime import UTC, datetime

import pytest
from django.test import TestCase

from records import services
from records.models import DisclosurePackage
from records.packages.builder import marker
from records.selectors.search import SearchCriteria
from tests.factories import CommentFactory, PublicAccountFactory
from tests.records.scene import build_content, exemption, make_request

TARGET_BODY = "Pool closes at 1 pm on the 21st, call me at (714) 555-0111"
CITATION = "Gov. Code 7928.300"


@pytest.fixture
def scene(site, moderator, clerk):
    """build_content's records (a ban whose account is the target's, a subscriber snapshot
    with external id "1") plus a target comment full of 1s in its dates, ids and payload."""
    content = build_content(site=site, moderator=moderator)
    account = content["account"]
    when = datetime(2026, 1, 21, 11, 11, 1, tzinfo=UTC)
    target = CommentFactory(
        site=site,
        post=content["post"],
        account=account,
        external_id="1011_1101",
        body=TARGET_BODY,
        posted_at=when,
        permalink="https://facebook.com/1011/posts/1101?comment_id=1",
        raw_payload={
            "id": "1011_1101",
            "message": TARGET_BODY,
            "created_time": "2026-01-21T11:11:01+0000",
            "from": {"id": "111", "name": account.display_name},
            "1": "a key that is only a digit",
        },
    )
    # Another account, and another comment that quotes the target's text verbatim: it is a
    # different record, so the target's redaction must not touch it.
    quoter = CommentFactory(
        site=site,
        post=content["post"],
        account=PublicAccountFactory(handle="user_1", display_name="User 1"),
        external_id="1111",
        body=TARGET_BODY,
        posted_at=datetime(2026, 1, 11, 1, 1, 1, tzinfo=UTC),
        raw_payload={"id": "1111", "message": TARGET_BODY},
    )
    request = make_request(clerk)
    services.request_save_criteria(
        actor=clerk,
        request=request,
        criteria=SearchCriteria(site_id=site.pk, site_slug=site.slug).to_json(),
        result_count=9,
    )
    request.refresh_from_db()
    return {**content, "target": target, "quoter": quoter, "request": request}


def build(clerk, request) -> DisclosurePackage:
    with TestCase.captureOnCommitCallbacks(execute=True):
        package = services.package_request(actor=clerk, request=request)
    package.refresh_from_db()
    assert package.status == "complete", package.error
    return package


def members(package) -> dict[str, bytes]:
    with zipfile.ZipFile(package.file.path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def records_by_key(files) -> dict[tuple[str, int], bytes]:
    lines = files["records.jsonl"].splitlines(keepends=True)
    out = {}
    for line in lines:
        record = json.loads(line)
        out[(record["kind"], record["id"])] = line
    assert len(out) == len(lines)
    return out


def index_rows(files) -> dict[tuple[str, str], list[str]]:
    rows = list(csv.reader(io.StringIO(files["index.csv"].decode())))
    return {(row[0], row[1]): row for row in rows[1:]}


def redact(clerk, scene, **kw):
    return services.redaction_create(
        actor=clerk,
        request=scene["request"],
        target_type="comment",
        target_id=scene["target"].pk,
        exemption=exemption(),
        **kw,
    )


def assert_only_target_changed(before, after, target_id):
    """Every record but the target is byte-identical, in records.jsonl and index.csv."""
    key = ("comment", target_id)
    old, new = records_by_key(before), records_by_key(after)
    assert set(old) == set(new)
    for k in old:
        if k != key:
            assert new[k] == old[k], k
    old_rows, new_rows = index_rows(before), index_rows(after)
    assert set(old_rows) == set(new_rows)
    for k in old_rows:
        if k != ("comment", str(target_id)):
            assert new_rows[k] == old_rows[k], k
    return json.loads(old[key]), json.loads(new[key]), new[key]


def dumped(record) -> bytes:
    return (
        json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n"
    ).encode()  # the builder's own line format


@pytest.mark.parametrize("span_text", ["1", "(714) 555-0111"])
def test_span_redaction_changes_only_that_span(clerk, scene, span_text):
    target = scene["target"]
    before = members(build(clerk, scene["request"]))
    start = TARGET_BODY.index(span_text)
    end = start + len(span_text)
    redact(clerk, scene, field="body", start=start, end=end)
    after = members(build(clerk, scene["request"]))

    old, new, new_line = assert_only_target_changed(before, after, target.pk)
    mark = marker(CITATION)
    redacted_body = TARGET_BODY[:start] + mark + TARGET_BODY[end:]
    # The expected record: the old one with the span replaced in the body and in the verbatim
    # copies of the body this same record carries (its raw payload's message, its current
    # revision and that revision's payload), and the body's hashes withheld (a SHA-256 of a
    # short redacted value can be brute-forced). Nothing else.
    expected = copy.deepcopy(old)
    expected["body"] = redacted_body
    expected["content_hash"] = None
    expected["raw_payload"]["message"] = redacted_body
    (revision,) = expected["revisions"]
    assert revision["body"] == TARGET_BODY
    revision["body"], revision["content_hash"] = redacted_body, None
    assert new == expected
    assert new_line == dumped(expected)
    # The key "1", the dates, ids and permalink full of 1s are untouched.
    assert new["raw_payload"]["1"] == "a key that is only a digit"
    assert new["posted_at"] == "2026-01-21T11:11:01+00:00"
    assert new["external_id"] == "1011_1101"
    # index.csv: the target's row differs only in its excerpt, by exactly the span.
    old_row = index_rows(before)[("comment", str(target.pk))]
    new_row = index_rows(after)[("comment", str(target.pk))]
    assert new_row[:-1] == old_row[:-1]
    assert new_row[-1] == redacted_body
    # The redaction is logged; the other members that name no record are unchanged.
    log = list(csv.DictReader(io.StringIO(after["redaction_log.csv"].decode())))
    assert [(r["record"], r["field"], r["span_start"], r["span_end"]) for r in log] == [
        (f"comment:{target.pk}", "body", str(start), str(end))
    ]
    assert (
        json.loads(after["manifest.json"])["criteria"]
        == json.loads(before["manifest.json"])["criteria"]
    )


def test_field_redaction_changes_only_that_field(clerk, scene):
    target = scene["target"]
    before = members(build(clerk, scene["request"]))
    redact(clerk, scene, field="account_display_name", start=None, end=None)
    after = members(build(clerk, scene["request"]))

    old, new, new_line = assert_only_target_changed(before, after, target.pk)
    mark = marker(CITATION)
    expected = copy.deepcopy(old)
    expected["account"]["display_name"] = mark
    # The same name, verbatim, in this record's own payload is the same personal data.
    expected["raw_payload"]["from"]["name"] = mark
    assert new == expected  # the body and its content hash are untouched
    assert new_line == dumped(expected)
    # The ban of the same account and the account's other comments keep the name: those are
    # other records, which the clerk redacts there on purpose.
    assert b"Angry Resident" in after["records.jsonl"]


def test_whole_record_withholding_withholds_that_record_only(clerk, scene):
    target = scene["target"]
    before = members(build(clerk, scene["request"]))
    redaction = redact(clerk, scene, field="", start=None, end=None)
    after = members(build(clerk, scene["request"]))

    _old, new, _line = assert_only_target_changed(before, after, target.pk)
    mark = marker(CITATION)
    assert new == {"kind": "comment", "id": target.pk, "site": target.site.slug, "withheld": mark}
    row = index_rows(after)[("comment", str(target.pk))]
    # Record type, ID, site, account, date, state, what the platform did, text: only the first
    # three and the marker (index.csv's columns, records/packages/release.py INDEX_COLUMNS).
    assert row == ["comment", str(target.pk), target.site.slug, "", "", "", "", mark]
    log = list(csv.DictReader(io.StringIO(after["redaction_log.csv"].decode())))
    assert [(r["redaction_id"], r["record"], r["field"], r["scope"]) for r in log] == [
        (str(redaction.pk), f"comment:{target.pk}", "(whole record)", "whole record withheld")
    ]
    # Its content is absent: the quoting comment is another record and still carries its text.
    quoter_line = records_by_key(after)[("comment", scene["quoter"].pk)]
    assert TARGET_BODY in json.loads(quoter_line)["body"]
    assert (
        after["records.jsonl"].count(TARGET_BODY.encode())
        == before["records.jsonl"].count(TARGET_BODY.encode()) - 3
    )  # the target's body, payload message and revision


def test_a_decision_rationale_redaction_also_covers_its_copy_in_the_comment_history(clerk, scene):
    """A decision is written twice, as its own record and inside its comment's moderation
    history: both are that one record, so its redaction applies in both, and only there."""
    decision, removed = scene["decision"], scene["removed"]
    before = members(build(clerk, scene["request"]))
    services.redaction_create(
        actor=clerk,
        request=scene["request"],
        target_type="decision",
        target_id=decision.pk,
        field="rationale",
        start=0,
        end=len("Personnel matter"),
        exemption=exemption(),
    )
    after = members(build(clerk, scene["request"]))
    redacted = marker(CITATION) + " about a named employee."
    old, new = records_by_key(before), records_by_key(after)
    changed = {k for k in old if old[k] != new[k]}
    assert changed == {("decision", decision.pk), ("comment", removed.pk)}
    assert json.loads(new[("decision", decision.pk)])["rationale"] == redacted
    history = json.loads(new[("comment", removed.pk)])["moderation_history"]["decisions"]
    assert [d["rationale"] for d in history] == [redacted]
    assert b"Personnel matter" not in after["records.jsonl"]


def test_an_older_revision_redaction_changes_that_revision_only(clerk, scene):
    edited = scene["edited"]
    first = edited.revisions.get(number=1)
    before = members(build(clerk, scene["request"]))
    start = first.body.index("Pacific Street")
    services.redaction_create(
        actor=clerk,
        request=scene["request"],
        target_type="revision",
        target_id=first.pk,
        field="body",
        start=start,
        end=start + len("Pacific Street"),
        exemption=exemption(),
    )
    after = members(build(clerk, scene["request"]))
    old, new, _line = assert_only_target_changed(before, after, edited.pk)
    expected = copy.deepcopy(old)
    revision = next(r for r in expected["revisions"] if r["number"] == 1)
    revision["body"] = first.body[:start] + marker(CITATION)
    revision["content_hash"] = None
    assert new == expected  # the comment's current body and the second revision unchanged
