"""A member of the public asks for records and gets them, in Chromium (issue 15).

The requester submits a request at /records/request/ (no sign-in) and follows it by its
private tracking link; the clerk writes to them, extends the request with two reasons (the
notice goes out by email), builds the package, sends a partial-denial letter naming the person
responsible, builds again so the release carries that letter, and releases it; the requester
downloads the release from the tracking page and opens its index.html. axe finds no serious or
critical violation on any of these pages, the release's own page included.

Choosing records and marking redactions have their own browser test (test_records_flow.py);
here the criteria and the one redaction are set through the services, so the flow stays on
what the requester sees and the letters they get."""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from records import deadlines, services
from records.forms import PublicRequestForm
from records.models import (
    ArchiveCopy,
    DisclosurePackage,
    Exemption,
    PackageStatus,
    RecordsRequest,
    RequestLetter,
)
from records.packages.verify import verify_package_file
from records.selectors.search import SearchCriteria
from tests.e2e.conftest import assert_accessible, sign_in_with_totp
from tests.factories import TEST_PASSWORD, CommentFactory, PostFactory, PublicAccountFactory

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = "714-555-0172"
BODY = f"The Zanzibar pool lifeguard was rude. My cell is {PHONE} if the City wants details."
RESPONSIBLE = "Jane Doe, City Attorney"


def click_label(page, text: str) -> None:
    """USWDS hides checkbox and radio inputs off-screen: click the label, as a person would."""
    page.locator("label", has_text=text).first.click()


def test_a_member_of_the_public_gets_a_release(page, browser, live_server, site, clerk, tmp_path):
    # The form refuses a submission sent within seconds of being shown (a bot guard); a person
    # takes longer than a browser driven by a test.
    PublicRequestForm.MIN_SECONDS = 0
    try:
        _flow(page, browser, live_server, site, clerk, tmp_path)
    finally:
        PublicRequestForm.MIN_SECONDS = 3


def _flow(page, browser, live_server, site, clerk, tmp_path):
    post = PostFactory(site=site, body="Zanzibar pool summer hours")
    account = PublicAccountFactory(handle="swimmer", display_name="A Swimmer")
    comment = CommentFactory(site=site, post=post, account=account, body=BODY)
    CommentFactory(site=site, post=post, parent=comment, body="Zanzibar pool staff are great.")

    # --- the requester asks, without signing in ------------------------------------------------
    page.goto("/records/request/")
    assert_accessible(page)
    page.get_by_label("Describe the records you want").fill(
        "Comments about the Zanzibar pool on the City's Facebook page this month."
    )
    page.get_by_label("Your name (optional)").fill("Pat Requester")
    page.get_by_label("How to reach you (optional)").fill("pat@example.org")
    click_label(page, "I would like the records as a PDF too")
    with page.expect_navigation():
        page.get_by_role("button", name="Send the request").click()
    records_request = RecordsRequest.objects.get()
    assert records_request.channel == "portal" and records_request.wants_pdf
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Your request {records_request.number} was received"
    )
    assert_accessible(page)
    tracking_link = page.locator("main a.portal-wrap").get_attribute("href")
    assert tracking_link.startswith(live_server.url + "/records/track/")
    [acknowledgment] = mail.outbox
    assert acknowledgment.to == ["pat@example.org"] and tracking_link in acknowledgment.body

    page.goto(tracking_link)
    expect(page.get_by_role("heading", level=1)).to_contain_text(records_request.number)
    assert "Nothing released yet." in page.inner_text("main")
    assert_accessible(page)

    # --- the clerk, in their own browser session ----------------------------------------------
    staff = browser.new_context(base_url=live_server.url, accept_downloads=True)
    clerk_page = staff.new_page()
    clerk_page.set_default_timeout(15_000)
    try:
        _clerk_works(page, clerk_page, records_request, clerk, comment, tracking_link, tmp_path)
    finally:
        staff.close()


def _clerk_works(page, clerk_page, records_request, clerk, comment, tracking_link, tmp_path):
    request_url = f"/records/requests/{records_request.pk}/"
    sign_in_with_totp(clerk_page, clerk, TEST_PASSWORD)
    clerk_page.goto(request_url)
    assert_accessible(clerk_page)

    # A message to the requester: kept, emailed, shown on their page.
    clerk_page.get_by_label("Message to the requester").fill(
        "Do you also want comments the City removed? We will include them unless you say no."
    )
    with clerk_page.expect_navigation():
        clerk_page.get_by_role("button", name="Send the message").click()
    assert mail.outbox[-1].to == ["pat@example.org"]
    assert "comments the City removed" in mail.outbox[-1].body
    page.goto(tracking_link)
    assert "comments the City removed" in page.inner_text("main")
    page.get_by_label("Your message").fill("Yes please, removed ones too.")
    with page.expect_navigation():
        page.get_by_role("button", name="Send to the City").click()
    assert "Yes please, removed ones too." in page.inner_text("main")
    assert_accessible(page)

    # The extension, with two reasons: the notice is sent when it is recorded.
    clerk_page.goto(request_url)
    with clerk_page.expect_navigation():
        clerk_page.get_by_role("link", name="Record an extension").click()
    assert_accessible(clerk_page)
    click_label(clerk_page, "(c)(2) A voluminous amount")
    click_label(clerk_page, "(c)(3) Consultation")
    today = timezone.localdate()
    new_due = deadlines.extension_limit_for(records_request.received_on)
    clerk_page.get_by_label("Written notice sent on").fill(today.isoformat())
    clerk_page.get_by_label("New determination date").fill(new_due.isoformat())
    before = len(mail.outbox)
    with clerk_page.expect_navigation():
        clerk_page.get_by_role("button", name="Record the extension").click()
    assert "Extension recorded." in clerk_page.inner_text("#portal-messages")
    notice = RequestLetter.objects.get(request=records_request, kind="extension")
    [sent_notice] = mail.outbox[before:]
    assert sent_notice.to == ["pat@example.org"] and sent_notice.body == notice.body
    assert "(c)(2) A voluminous amount" in notice.body and "(c)(3) Consultation" in notice.body
    assert f"{new_due:%B} {new_due.day:02d}, {new_due.year}" in notice.body
    assert_accessible(clerk_page)

    # Records chosen and one portion redacted (see the module docstring).
    services.request_save_criteria(
        actor=clerk,
        request=records_request,
        criteria=SearchCriteria(keyword="Zanzibar").to_json(),
        result_count=2,
    )
    start = BODY.index(PHONE)
    services.redaction_create(
        actor=clerk,
        request=records_request,
        target_type="comment",
        target_id=comment.pk,
        field="body",
        start=start,
        end=start + len(PHONE),
        exemption=Exemption.objects.get(code="constitutional-privacy"),
    )

    # A first build: the requester asked for a PDF, so the box is ticked.
    clerk_page.goto(request_url)
    assert clerk_page.get_by_label("Include a PDF (index.pdf)").is_checked()
    with clerk_page.expect_navigation():
        clerk_page.get_by_role("button", name="Build a package").click()
    expect(clerk_page.locator("#package-status strong")).to_have_text("Complete", timeout=30_000)
    first = DisclosurePackage.objects.get(request=records_request)
    assert first.include_pdf
    assert "No determination letter has been sent yet" in clerk_page.inner_text("main")
    assert_accessible(clerk_page)

    # The partial denial, naming the person responsible: the letter goes out.
    clerk_page.goto(request_url)
    with clerk_page.expect_navigation():
        clerk_page.get_by_role("link", name="Record the determination").click()
    assert_accessible(clerk_page)
    click_label(clerk_page, "Disclosable records exist: some are withheld")
    clerk_page.get_by_label("The determination and its reasons, as sent").fill(
        "The comments are disclosed; a private telephone number is withheld."
    )
    clerk_page.get_by_label("Sent to the requester on").fill(today.isoformat())
    clerk_page.get_by_label("Persons responsible for a denial").fill(RESPONSIBLE)
    available = timezone.localtime() + timedelta(days=1)
    clerk_page.get_by_label("Records estimated to be available").fill(
        available.strftime("%Y-%m-%dT%H:%M")
    )
    before = len(mail.outbox)
    with clerk_page.expect_navigation():
        clerk_page.get_by_role("button", name="Record the determination").click()
    assert "Determination recorded." in clerk_page.inner_text("#portal-messages")
    letter = RequestLetter.objects.get(request=records_request, kind="determination_partial")
    assert f"Persons responsible for this denial (Gov. Code 7922.540): {RESPONSIBLE}" in letter.body
    assert "Cal. Const. art. I, sec. 1" in letter.body
    [sent_letter] = mail.outbox[before:]
    assert sent_letter.body == letter.body and sent_letter.to == ["pat@example.org"]

    # The first package predates the letter, and says so; the new one carries it.
    clerk_page.goto(f"/records/packages/{first.pk}/")
    assert "after this package was built" in clerk_page.inner_text("main")
    clerk_page.goto(request_url)
    with clerk_page.expect_navigation():
        clerk_page.get_by_role("button", name="Build a package (new version)").click()
    expect(clerk_page.locator("#package-status strong")).to_have_text("Complete", timeout=30_000)
    package = DisclosurePackage.objects.filter(request=records_request).latest("pk")
    assert package.pk != first.pk and package.status == PackageStatus.COMPLETE
    assert "after this package was built" not in clerk_page.inner_text("main")
    with clerk_page.expect_navigation():
        clerk_page.get_by_role("button", name="Release to the requester").click()
    assert "Released" in clerk_page.inner_text("#portal-messages")
    assert_accessible(clerk_page)

    # --- the requester downloads the release -------------------------------------------------
    page.goto(tracking_link)
    main = page.inner_text("main")
    assert letter.subject in main and notice.subject in main
    assert_accessible(page)
    with page.expect_download() as info:
        page.get_by_role("link", name="Download the release").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == package.sha256
    assert verify_package_file(path).problems == []
    assert package.downloads.filter(user=None).count() == 1

    with zipfile.ZipFile(path) as zf:
        files = {name: zf.read(name) for name in zf.namelist()}
    # The letters in the release are the ones sent, byte for byte.
    assert files["determination_letter.txt"] == letter.body.encode("utf-8")
    assert files["extension_notice.txt"] == notice.body.encode("utf-8")
    manifest = json.loads(files["manifest.json"])
    assert manifest["letters"]["determination_letter.txt"]["letter_id"] == letter.pk
    assert files["index.pdf"].startswith(b"%PDF-")
    for name, data in files.items():
        assert PHONE.encode() not in data, name

    # The requester opens index.html from the unpacked release.
    folder = tmp_path / "release"
    for name, data in files.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    page.goto((folder / "index.html").as_uri())
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Records released for request {records_request.number}"
    )
    record = page.locator(f"#comment-{comment.pk}")
    expect(record.locator(".redaction")).to_have_text(
        ["Redacted: Cal. Const. art. I, sec. 1 (Privacy of members of the public)"] * 2
    )
    assert "The Zanzibar pool lifeguard was rude." in record.inner_text()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("link", name="determination_letter.txt").click()
    assert RESPONSIBLE in page.inner_text("body")
    assert page.dialogs_seen == [] and page.console_errors == []

    # --- the clerk closes the request and publishes it in the public archive ----------------
    clerk_page.goto(request_url)
    for status in ("Searching", "In review", "Partially denied"):
        clerk_page.get_by_label("New status").select_option(label=status)
        with clerk_page.expect_navigation():
            clerk_page.get_by_role("button", name="Change status").click()
    assert "This request is closed." in clerk_page.inner_text("main")
    with clerk_page.expect_navigation():
        clerk_page.get_by_role("button", name="Publish in the archive").click()
    assert "In the public archive." in clerk_page.inner_text("#portal-messages")

    # Anyone opens the archive: the release is there, as a copy that never names the requester.
    public = page
    public.goto("/records/archive/")
    archive_text = public.inner_text("main")
    assert records_request.number in archive_text and "Pat Requester" not in archive_text
    assert_accessible(public)
    with public.expect_download() as info:
        public.get_by_role("link", name=re.compile(r"^Release of ")).click()
    copy_path = tmp_path / info.value.suggested_filename
    info.value.save_as(copy_path)
    copy = ArchiveCopy.objects.get(release__package=package)
    assert hashlib.sha256(copy_path.read_bytes()).hexdigest() == copy.sha256 != package.sha256
    assert verify_package_file(copy_path).archive_copy == copy
    with zipfile.ZipFile(copy_path) as zf:
        published = {name: zf.read(name) for name in zf.namelist()}
    assert set(published) == set(files)
    for name, data in published.items():
        assert b"Pat Requester" not in data and b"pat@example.org" not in data, name
    assert b"Dear [requester's name withheld]," in published["determination_letter.txt"]
    assert published["records.jsonl"] == files["records.jsonl"]
    assert page.console_errors == []
