"""A records clerk takes a Public Records Act request to a downloaded package, in Chromium:
intake, search criteria that find a removed comment with two revisions, a redaction of a
phone number under an exemption (the no-JS suggestion link) in the comment and, where the
editor points to it, in its first revision, the package built and
downloaded. The test opens the ZIP: every manifest entry's SHA-256 and size, the comment with
both revisions and its moderation history, the redacted text in no member, and
`verify_package` passing on the file and failing on a copy with one byte flipped."""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from audit.models import AuditEvent
from moderation.flagging.services import FlagCandidate, flags_raise
from moderation.models import CommentRevision
from moderation.queue.services import comment_decide
from records.models import DisclosurePackage, Exemption, PackageStatus, RecordsRequest, Redaction
from tests.e2e.conftest import assert_accessible, sign_in_with_totp
from tests.factories import TEST_PASSWORD, CommentFactory, PublicAccountFactory

pytestmark = pytest.mark.django_db(transaction=True)

SECRET_PHONE = "(714) 555-0134"
FIRST_TEXT = f"The Zanzibar pool manager is useless, call him at home {SECRET_PHONE}"
EDITED_TEXT = f"The Zanzibar pool manager is useless! Call him at home {SECRET_PHONE} tonight"
RATIONALE = "Personnel complaint naming an employee and his home telephone."


def choose_exemption(page, exemption) -> None:
    """By its plain-language name with the citation beside it. USWDS hides the radio itself
    off-screen: click its label, as a person would."""
    radio = page.get_by_label(exemption.label, exact=True)
    page.locator(f'label[for="{radio.get_attribute("id")}"]').click()
    assert radio.is_checked()


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def removed_comment_with_two_revisions(site, moderator):
    """As ingestion stores an edited comment, then removed through the real services."""
    account = PublicAccountFactory(handle="pool_critic", display_name="Pool Critic")
    comment = CommentFactory(
        site=site,
        account=account,
        body=FIRST_TEXT,
        raw_payload={"message": FIRST_TEXT},
        posted_at=timezone.now() - timedelta(days=3),
    )
    CommentRevision.objects.create(
        comment=comment,
        number=2,
        body=EDITED_TEXT,
        content_hash=sha(EDITED_TEXT),
        raw_payload={"message": EDITED_TEXT},
    )
    comment.body, comment.content_hash = EDITED_TEXT, sha(EDITED_TEXT)
    comment.raw_payload = {"message": EDITED_TEXT}
    comment.save()
    flags_raise(
        comment=comment,
        candidates=[
            FlagCandidate(
                category="personnel", detector="test", score=0.9, explanation="named employee"
            )
        ],
    )
    decision = comment_decide(
        comment=comment,
        actor=moderator,
        action="remove",
        categories=["personnel"],
        rationale=RATIONALE,
    )
    comment.refresh_from_db()
    assert comment.platform_state == "removed"
    return comment, decision


def test_clerk_builds_downloads_and_verifies_a_package(page, site, moderator, clerk, tmp_path):
    comment, decision = removed_comment_with_two_revisions(site, moderator)
    # Something the criteria must leave out.
    CommentFactory(site=site, body="Zanzibar is a lovely name for a pool.")
    exemption = Exemption.objects.get(code="employee-home-contact")

    sign_in_with_totp(page, clerk, TEST_PASSWORD)
    page.goto("/records/")
    assert_accessible(page)

    # Intake.
    page.goto("/records/requests/new/")
    assert_accessible(page)
    received = timezone.localdate() - timedelta(days=1)
    page.get_by_label("Date received").fill(received.isoformat())
    page.get_by_label("Channel").select_option("email")
    page.get_by_label("Requester's name").fill("Pat Requester")
    page.get_by_label("Requester's contact").fill("pat@example.org")
    page.get_by_label("Records requested").fill("Removed comments about the Zanzibar pool.")
    with page.expect_navigation():
        page.get_by_role("button", name="Log request").click()
    request = RecordsRequest.objects.get()
    assert page.url.endswith(f"/records/requests/{request.pk}/")
    assert request.received_on == received and request.requester_name == "Pat Requester"
    assert AuditEvent.objects.filter(target_id=str(request.pk), actor=clerk).exists()
    assert_accessible(page)

    # Search criteria: the keyword and the removed state; preview, then save.
    with page.expect_navigation():
        page.get_by_role("link", name="Search and choose records").click()
    assert_accessible(page)
    page.get_by_label("Keyword").fill("Zanzibar")
    removed_box = page.get_by_label("Removed", exact=True)
    # USWDS hides the input itself off-screen: click its label, as a person would.
    page.locator(f'label[for="{removed_box.get_attribute("id")}"]').click()
    assert removed_box.is_checked()
    with page.expect_navigation():
        page.get_by_role("button", name="Count and preview").click()
    assert page.get_by_role("heading", name="1 matching record").is_visible()
    assert "1 comments, 0 posts, 0 decisions, 0 bans" in page.inner_text("main")
    results = page.get_by_role("table", name="First matching comments")
    assert "Removed" in results.inner_text()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Save criteria on the request").click()
    assert "Search criteria saved: 1 record(s) match." in page.inner_text("#portal-messages")
    assert_accessible(page)
    request.refresh_from_db()
    assert request.search_criteria["keyword"] == "Zanzibar"

    # Redact the phone number: open the comment from the results, use the suggestion.
    with page.expect_navigation():
        page.get_by_role("link", name="Search and choose records").click()
    # the saved criteria fill the form again
    assert page.get_by_label("Keyword").input_value() == "Zanzibar"
    with page.expect_navigation():
        page.get_by_role("button", name="Count and preview").click()
    results = page.get_by_role("table", name="First matching comments")
    with page.expect_navigation():
        results.get_by_role("link", name=f"Comment {comment.pk}", exact=True).click()
    assert page.url.endswith(f"/redact/comment/{comment.pk}/")
    assert_accessible(page)
    body_section = page.locator("section", has=page.get_by_role("heading", name="Text", exact=True))
    assert SECRET_PHONE in body_section.inner_text()
    with page.expect_navigation():
        body_section.get_by_role("link", name="Use this suggestion").first.click()
    start = EDITED_TEXT.index(SECRET_PHONE)
    assert page.get_by_label("Text to redact", exact=True).input_value() == SECRET_PHONE
    assert page.get_by_label("Part of the record").input_value() == "body"
    choose_exemption(page, exemption)
    page.get_by_label("Note", exact=True).fill("Home telephone of a City employee.")
    with page.expect_navigation():
        page.get_by_role("button", name="Mark redaction").click()
    assert "Redaction marked." in page.inner_text("#portal-messages")
    assert_accessible(page)
    redaction = Redaction.objects.get(request=request, target_type="comment")
    assert (redaction.field, redaction.start, redaction.end) == (
        "body",
        start,
        start + len(SECRET_PHONE),
    )
    assert redaction.exemption == exemption

    # A redaction covers only the record it names: the first revision (other text) still has
    # the number, and the editor says so. The clerk redacts it there, from its suggestion.
    revisions = page.locator(
        "section", has=page.get_by_role("heading", name="Revisions of this comment")
    )
    assert "still contains text redacted from this comment" in revisions.inner_text()
    with page.expect_navigation():
        revisions.get_by_role("link", name="Revision 1", exact=True).click()
    assert_accessible(page)
    body_section = page.locator("section", has=page.get_by_role("heading", name="Text", exact=True))
    with page.expect_navigation():
        body_section.get_by_role("link", name="Use this suggestion").first.click()
    first_start = FIRST_TEXT.index(SECRET_PHONE)
    assert page.get_by_label("Text to redact", exact=True).input_value() == SECRET_PHONE
    choose_exemption(page, exemption)
    with page.expect_navigation():
        page.get_by_role("button", name="Mark redaction").click()
    assert "Redaction marked." in page.inner_text("#portal-messages")
    revision_redaction = Redaction.objects.get(request=request, target_type="revision")
    assert (revision_redaction.start, revision_redaction.end) == (
        first_start,
        first_start + len(SECRET_PHONE),
    )

    # Build (the task runs in-process in tests; the page polls until it is finished).
    with page.expect_navigation():
        page.get_by_role("link", name=f"Back to {request.number}").click()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Build a package").click()
    package = DisclosurePackage.objects.get(request=request)
    assert page.url.endswith(f"/records/packages/{package.pk}/")
    from playwright.sync_api import expect

    expect(page.locator("#package-status strong")).to_have_text("Complete", timeout=30_000)
    assert_accessible(page)
    package.refresh_from_db()
    assert package.status == PackageStatus.COMPLETE

    # Download.
    with page.expect_download() as info:
        page.get_by_role("link", name="Download the ZIP").click()
    download = info.value
    assert download.suggested_filename == f"{request.number}-package-{package.pk}.zip"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == package.sha256
    assert package.downloads.filter(user=clerk).count() == 1

    with zipfile.ZipFile(path) as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    manifest = json.loads(members["manifest.json"])
    assert manifest["files"], "the manifest lists no files"
    assert set(manifest["files"]) == set(members) - {"manifest.json"}
    for name, expected in manifest["files"].items():
        assert hashlib.sha256(members[name]).hexdigest() == expected["sha256"], name
        assert len(members[name]) == expected["size"], name

    records = [json.loads(line) for line in members["records.jsonl"].splitlines()]
    comments = [r for r in records if r["kind"] == "comment"]
    assert [r["id"] for r in comments] == [comment.pk]
    record = comments[0]
    assert record["platform_state"] == "removed"
    assert [rev["number"] for rev in record["revisions"]] == [1, 2]
    assert "[REDACTED" in record["body"]
    assert all("Zanzibar pool manager" in rev["body"] for rev in record["revisions"])
    history = record["moderation_history"]
    assert [d["id"] for d in history["decisions"]] == [decision.pk]
    assert history["decisions"][0]["action"] == "remove"
    assert history["decisions"][0]["categories"] == ["personnel"]
    assert history["decisions"][0]["rationale"] == RATIONALE
    assert [f["category"] for f in history["flags"]] == ["personnel"]

    # The redacted number is in no member, in any spelling the text had.
    for name, data in members.items():
        assert SECRET_PHONE.encode() not in data, name
        assert b"555-0134" not in data, name

    call_command("verify_package", str(path))
    tampered = tmp_path / "tampered.zip"
    shutil.copy(path, tampered)
    raw = bytearray(tampered.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("records.jsonl")
    # one byte inside records.jsonl's stored data, past its local header (whose name and
    # extra-field lengths sit at bytes 26-29)
    offset = info.header_offset
    name_len = int.from_bytes(raw[offset + 26 : offset + 28], "little")
    extra_len = int.from_bytes(raw[offset + 28 : offset + 30], "little")
    raw[offset + 30 + name_len + extra_len + info.compress_size // 2] ^= 0x01
    tampered.write_bytes(bytes(raw))
    with pytest.raises(CommandError, match="records.jsonl"):
        call_command("verify_package", str(tampered))
    assert page.dialogs_seen == []
