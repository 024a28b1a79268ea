"""Disclosure packages: contents, manifest, redactions absent everywhere, verify, failures."""

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import TestCase

from audit.events import AuditVerb
from audit.models import AuditEvent
from audit.retention import RetainedRecordError
from moderation.models import Attachment
from records import services
from records.models import DisclosurePackage
from records.packages import builder
from records.packages.naming import attachment_member, is_safe_member, safe_name
from records.packages.verify import verify_package_file
from records.selectors.search import SearchCriteria
from tests.records.scene import REMOVED_TEXT, SECRET_PHONE, build_content, exemption, make_request


@pytest.fixture
def content(site, moderator):
    return build_content(site=site, moderator=moderator)


@pytest.fixture
def pool_request(clerk, site, content):
    request = make_request(clerk)
    criteria = SearchCriteria(site_id=site.pk, site_slug=site.slug)
    services.request_save_criteria(
        actor=clerk, request=request, criteria=criteria.to_json(), result_count=7
    )
    request.refresh_from_db()
    return request


def build(clerk, request) -> DisclosurePackage:
    # The task is enqueued on commit and runs eagerly in tests.
    with TestCase.captureOnCommitCallbacks(execute=True):
        package = services.package_request(actor=clerk, request=request)
    package.refresh_from_db()
    return package


def members(package) -> dict[str, bytes]:
    with zipfile.ZipFile(package.file.path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def test_package_contents_and_manifest(clerk, pool_request, content):
    package = build(clerk, pool_request)
    assert package.status == "complete" and package.progress == 100
    files = members(package)
    assert set(files) == {
        "manifest.json",
        "records.jsonl",
        "index.csv",
        "index.html",
        "redaction_log.csv",
    }  # no letter was sent yet, so none is carried (a letter is never rendered again)
    manifest = json.loads(files["manifest.json"])
    assert manifest["request"] == pool_request.number
    assert manifest["counts"]["total"] == 7
    assert set(manifest["files"]) == set(files) - {"manifest.json"}
    assert manifest["letters"] == {}
    # index.csv's columns: human names, and the stable keys beside them in the manifest
    header = next(csv.reader(io.StringIO(files["index.csv"].decode())))
    assert header == [c["name"] for c in manifest["index_columns"]]
    assert header[:3] == ["Record type", "Record ID", "Site"]
    assert [c["key"] for c in manifest["index_columns"]] == [
        "kind",
        "id",
        "site",
        "account",
        "date",
        "platform_state",
        "on_the_platform",
        "excerpt",
    ]
    records = [json.loads(line) for line in files["records.jsonl"].splitlines()]
    removed = next(
        r for r in records if r["kind"] == "comment" and r["id"] == content["removed"].pk
    )
    assert removed["platform_state"] == "removed"
    assert removed["moderation_history"]["decisions"][0]["categories"] == ["personnel"]
    assert removed["moderation_history"]["decisions"][0]["policy_version"].startswith("Adopted")
    assert removed["moderation_history"]["bans"][0]["findings"] == "Repeated personnel attacks."
    edited = next(r for r in records if r["kind"] == "comment" and r["id"] == content["edited"].pk)
    assert [rev["number"] for rev in edited["revisions"]] == [1, 2]
    assert "potholes" in edited["revisions"][0]["body"]
    # the stored hash is the archive's
    import hashlib

    assert hashlib.sha256(Path(package.file.path).read_bytes()).hexdigest() == package.sha256
    assert AuditEvent.objects.filter(
        verb=AuditVerb.PACKAGE_COMPLETED, target_id=str(package.pk)
    ).exists()
    call_command("verify_package", package.file.path)


def test_redacted_text_is_in_no_file(clerk, pool_request, content):
    removed = content["removed"]
    start = removed.body.index(SECRET_PHONE)
    services.redaction_create(
        actor=clerk,
        request=pool_request,
        target_type="comment",
        target_id=removed.pk,
        field="body",
        start=start,
        end=start + len(SECRET_PHONE),
        exemption=exemption(),
    )
    # the same number also sits in the raw payload and the first revision (the body, verbatim)
    package = build(clerk, pool_request)
    for name, data in members(package).items():
        assert SECRET_PHONE.encode() not in data, name
        assert b"555-0134" not in data, name
    files = members(package)
    assert "[REDACTED — Gov. Code 7928.300]".encode() in files["records.jsonl"]
    log = list(csv.DictReader(io.StringIO(files["redaction_log.csv"].decode())))
    assert log[0]["exemption"] == "Gov. Code 7928.300" and log[0]["span_start"] == str(start)
    # the readable page draws the span as a box naming the exemption, and lists it
    page = files["index.html"].decode()
    box = (
        '<span class="redaction" role="note">Redacted: Gov. Code 7928.300 '
        "(Employee home contact details and birth dates)</span>"
    )
    assert page.count(box) == 2  # the body, and its revision that repeats it
    assert "<strong>Gov. Code 7928.300</strong>, Employee home contact details" in page
    assert "\ue000" not in files["records.jsonl"].decode()  # no build token leaks
    assert verify_package_file(package.file.path).problems == []


def test_whole_record_redaction_withholds_it_everywhere(clerk, pool_request, content):
    services.redaction_create(
        actor=clerk,
        request=pool_request,
        target_type="comment",
        target_id=content["removed"].pk,
        field="",
        start=None,
        end=None,
        exemption=exemption("personnel-medical"),
    )
    package = build(clerk, pool_request)
    for name, data in members(package).items():
        assert REMOVED_TEXT.encode() not in data, name


def test_withdrawn_redaction_no_longer_applies(clerk, pool_request, content):
    redaction = services.redaction_create(
        actor=clerk,
        request=pool_request,
        target_type="comment",
        target_id=content["visible"].pk,
        field="body",
        start=None,
        end=None,
        exemption=exemption(),
    )
    services.redaction_withdraw(actor=clerk, redaction=redaction, reason="Not exempt after all")
    redaction.refresh_from_db()
    assert redaction.withdrawn_at is not None and redaction.history.count() == 2
    package = build(clerk, pool_request)
    assert b"Thanks for the pool update!" in members(package)["records.jsonl"]


def test_redaction_span_must_lie_within_the_field(clerk, pool_request, content):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.redaction_create(
            actor=clerk,
            request=pool_request,
            target_type="comment",
            target_id=content["visible"].pk,
            field="body",
            start=5,
            end=5000,
            exemption=exemption(),
        )


def test_flipping_one_byte_fails_verification(clerk, pool_request, tmp_path, capsys):
    package = build(clerk, pool_request)
    original = Path(package.file.path)
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(original) as src, zipfile.ZipFile(tampered, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "records.jsonl":
                data = bytes([data[0] ^ 0x01]) + data[1:]
            dst.writestr(info, data)
    call_command("verify_package", str(original))
    with pytest.raises(CommandError, match="hash mismatch: records.jsonl"):
        call_command("verify_package", str(tampered))


def test_missing_and_extra_members_are_named(clerk, pool_request, tmp_path):
    package = build(clerk, pool_request)
    changed = tmp_path / "changed.zip"
    with zipfile.ZipFile(package.file.path) as src, zipfile.ZipFile(changed, "w") as dst:
        for info in src.infolist():
            if info.filename != "index.csv":
                dst.writestr(info, src.read(info.filename))
        dst.writestr("surprise.txt", b"hello")
    problems = verify_package_file(changed).problems
    assert "missing: index.csv" in problems
    assert "extra file not in the manifest: surprise.txt" in problems


def test_no_results_still_gets_a_package_with_the_no_records_letter_as_sent(clerk, db):
    from django.utils import timezone

    from records.models import LetterTemplate

    request = make_request(clerk, description="Anything about unicorns")
    services.request_save_criteria(
        actor=clerk,
        request=request,
        criteria=SearchCriteria(keyword="unicorns").to_json(),
        result_count=0,
    )
    services.request_determine(
        actor=clerk,
        request=request,
        outcome="no_records",
        determination="We searched every site for unicorns.",
        sent_on=timezone.localdate(),
    )
    sent = request.letters.get(kind="no_records")
    # The wording changes after the letter went out: the package still carries what was sent.
    services.letter_template_save(
        actor=clerk, kind="no_records", subject="Changed", body="Changed wording {number}"
    )
    assert LetterTemplate.objects.filter(kind="no_records").exists()
    request.refresh_from_db()
    package = build(clerk, request)
    assert package.status == "complete" and package.counts["total"] == 0
    files = members(package)
    assert files["determination_letter.txt"] == sent.body.encode("utf-8")
    assert "no records" in sent.body and "Cal Clerk" in sent.body
    manifest = json.loads(files["manifest.json"])
    assert manifest["letters"] == {
        "determination_letter.txt": {
            "letter_id": sent.pk,
            "kind": "no_records",
            "subject": sent.subject,
            "sent_at": sent.sent_at.isoformat(),
        }
    }
    assert 'href="determination_letter.txt"' in files["index.html"].decode()
    assert verify_package_file(package.file.path).problems == []


def test_extension_notice_is_included(clerk, db):
    from datetime import timedelta

    request = make_request(clerk, days_ago=1)
    services.request_extend(
        actor=clerk,
        request=request,
        reasons=["voluminous"],
        notice_sent_on=request.received_on,
        new_due_on=request.due_on + timedelta(days=1),
    )
    request.refresh_from_db()
    files = members(build(clerk, request))
    sent = request.letters.get(kind="extension")
    assert files["extension_notice.txt"] == sent.body.encode("utf-8")
    assert "(c)(2)" in files["extension_notice.txt"].decode()


@pytest.mark.parametrize(
    "hostile",
    [
        "../../etc/passwd",
        "/etc/shadow",
        "..\\..\\windows\\system32\\evil.dll",
        "C:\\evil.exe",
        "....//....//x",
        "",
        ".hidden",
        "a" * 400 + ".png",
        "naïve résumé.pdf",
    ],
)
def test_hostile_names_cannot_escape(hostile):
    name = attachment_member(7, hostile)
    assert is_safe_member(name), name
    assert name.startswith("attachments/7-")
    assert "/" not in name[len("attachments/") :]
    assert len(safe_name(hostile)) <= 100


def test_attachments_are_copied_under_safe_names(clerk, pool_request, content):
    attachment = Attachment(
        comment=content["visible"], source_url="https://example.com/x.png", media_type="image/png"
    )
    # Storage refuses "../" itself; a backslash name is a legal file name on Linux.
    stored = "attachments/test/a\\..\\..\\evil name<b>.png"
    path = Path(settings.MEDIA_ROOT) / stored
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x89PNG fake")
    attachment.file.name = stored
    attachment.save()
    package = build(clerk, pool_request)
    files = members(package)
    attachment_names = [n for n in files if n.startswith("attachments/")]
    assert len(attachment_names) == 1
    assert all(is_safe_member(n) for n in files)
    assert files[attachment_names[0]] == b"\x89PNG fake"
    assert verify_package_file(package.file.path).problems == []


def test_failed_build_is_marked_failed_cleaned_up_and_can_be_retried(
    clerk, pool_request, monkeypatch, tmp_path
):
    monkeypatch.setattr(builder, "TEMP_DIR", str(tmp_path))
    real = builder.page_frame

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(builder, "page_frame", boom)
    with pytest.raises(RuntimeError):
        builder.package_build(
            package_id=services.package_request(actor=clerk, request=pool_request, enqueue=False).pk
        )
    package = DisclosurePackage.objects.get()
    assert package.status == "failed" and "disk full" in package.error
    assert not package.file and not package.sha256
    assert list(tmp_path.iterdir()) == []  # no temporary file left behind
    assert AuditEvent.objects.filter(verb=AuditVerb.PACKAGE_FAILED).exists()

    monkeypatch.setattr(builder, "page_frame", real)
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.package_retry(actor=clerk, package=package)  # eager: builds again
    package.refresh_from_db()
    assert package.status == "complete" and package.attempts == 2
    assert verify_package_file(package.file.path).problems == []


def test_a_complete_package_is_immutable_and_a_second_run_does_nothing(clerk, pool_request):
    package = build(clerk, pool_request)
    sha = package.sha256
    assert builder.package_build(package_id=package.pk) is None
    package.refresh_from_db()
    assert package.sha256 == sha and package.attempts == 1
    package.error = "tamper"
    with pytest.raises(RetainedRecordError):
        package.save()
    with pytest.raises(Exception):  # noqa: B017 - ValidationError from the service
        services.package_retry(actor=clerk, package=package)
    # a rebuild is a new row
    second = build(clerk, pool_request)
    assert second.pk != package.pk and DisclosurePackage.objects.count() == 2


def test_build_package_command_prints_path_and_hash(clerk, pool_request, capsys):
    call_command("build_package", pool_request.number)
    out = capsys.readouterr().out.strip().splitlines()
    package = DisclosurePackage.objects.get()
    assert out[0] == package.file.path
    assert out[1] == f"sha256 {package.sha256}"
    with pytest.raises(CommandError, match="No records request"):
        call_command("build_package", "PRA-1999-0001")


def test_index_html_escapes_hostile_text(clerk, site, moderator):
    from tests.factories import CommentFactory

    CommentFactory(site=site, body='<script>alert("x")</script> =HYPERLINK("evil")')
    request = make_request(clerk)
    services.request_save_criteria(
        actor=clerk,
        request=request,
        criteria=SearchCriteria(site_id=site.pk, site_slug=site.slug).to_json(),
        result_count=1,
    )
    request.refresh_from_db()
    files = members(build(clerk, request))
    html = files["index.html"].decode()
    assert "<script>" not in html and "&lt;script&gt;" in html
    # one inline style sheet, nothing fetched (tests/records/test_package_release.py)
    assert html.count("<style") == 1 and "http" not in html.split("<body>")[0]
    rows = list(csv.reader(io.StringIO(files["index.csv"].decode())))
    assert all(not cell.startswith("=") for row in rows for cell in row)


@pytest.mark.django_db
def test_package_uses_the_saved_criteria_even_from_a_stale_request_object(clerk):
    """The criteria saved by one service call reach the package even when the caller still
    holds the request object it had before saving them."""
    from records.services.packages import package_request
    from records.services.requests import request_save_criteria

    request = make_request(clerk)
    criteria = {"keyword": "water", "kinds": ["comments"]}
    request_save_criteria(actor=clerk, request=request, criteria=criteria, result_count=0)
    assert request.search_criteria in ({}, None)  # this object is now stale
    package = package_request(actor=clerk, request=request, enqueue=False)
    assert package.criteria == criteria
