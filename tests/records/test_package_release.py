"""The release a requester opens (issue 15): index.html is a readable page that needs nothing
outside the package, with each record's site, post, place in the thread, local time, text
with labelled redaction boxes, revisions and moderation history; platform text stays text;
index.csv has human column names; index.pdf is built when the requester asks for a PDF."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest
from django.test import TestCase
from django.urls import reverse
from django.utils import dateformat, timezone

from audit.events import AuditVerb
from audit.models import AuditEvent
from moderation.connectors.selectors import comment_platform_status
from moderation.models import PolicyCategory
from records import services
from records.models import DisclosurePackage
from records.packages import builder, release
from records.packages.verify import verify_package_file
from records.selectors.search import SearchCriteria
from tests.conftest import sign_in
from tests.factories import CommentFactory, PublicAccountFactory
from tests.records.scene import (
    EDITED_ORIGINAL,
    REMOVED_TEXT,
    build_content,
    exemption,
    make_request,
)
from tests.test_platform_text_direction import assert_isolated

pytestmark = pytest.mark.django_db

RLO = "\u202e"
HOSTILE_BODY = (
    '<script>alert("x")</script><img src=x onerror=alert(2)> '
    f"{RLO}gnitset [REDACTED — Gov. Code 7928.300] \ue000fake1\ue001 "
    '<a href="https://evil.example/">click</a> call 714-555-0199 now'
)
HOSTILE_NAME = f'"><script>alert(3)</script>{RLO}Kestrel'


class PageParser(HTMLParser):
    """Every tag with its attributes, the text of <style>, and the ids on the page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.ids: set[str] = set()
        self.style = ""
        self._in_style = False
        self.redaction_boxes: list[str] = []
        self._in_box = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if attributes.get("id"):
            self.ids.add(attributes["id"])
        self._in_style = tag == "style"
        if tag == "span" and attributes.get("class") == "redaction":
            self._in_box = True
            self.redaction_boxes.append("")

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False
        if tag == "span":
            self._in_box = False

    def handle_data(self, data):
        if self._in_style:
            self.style += data
        if self._in_box:
            self.redaction_boxes[-1] += data


def parse(page: str) -> PageParser:
    parser = PageParser()
    parser.feed(page)
    parser.close()
    return parser


def assert_self_contained(page: str, members: set[str]) -> PageParser:
    """No script, nothing fetched, and every link a place on the page or a file of the package."""
    parsed = parse(page)
    names = [tag for tag, _attrs in parsed.tags]
    for forbidden in ("script", "iframe", "object", "embed", "img", "link", "base", "form"):
        assert forbidden not in names, forbidden
    assert names.count("style") == 1
    for tag, attrs in parsed.tags:
        for key in attrs:
            assert not key.startswith("on"), (tag, key)
            assert key not in ("src", "srcset", "action", "formaction", "style"), (tag, key)
            if tag == "meta":
                assert key != "http-equiv", "a meta refresh or the like"
        if "href" in attrs:
            href = attrs["href"] or ""
            if href.startswith("#"):
                assert href[1:] in parsed.ids, f"a link to nothing on the page: {href}"
            else:
                assert ":" not in href and not href.startswith("/"), href
                assert href in members, f"a link to a file not in the package: {href}"
    for fetch in ("url(", "@import", "http", "//"):
        assert fetch not in parsed.style.lower(), fetch
    return parsed


def build(clerk, request, **kw) -> DisclosurePackage:
    with TestCase.captureOnCommitCallbacks(execute=True):
        package = services.package_request(actor=clerk, request=request, **kw)
    package.refresh_from_db()
    assert package.status == "complete", package.error
    return package


def members(package) -> dict[str, bytes]:
    with zipfile.ZipFile(package.file.path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def site_request(clerk, site, **kw):
    request = make_request(clerk, **kw)
    services.request_save_criteria(
        actor=clerk,
        request=request,
        criteria=SearchCriteria(site_id=site.pk, site_slug=site.slug).to_json(),
        result_count=0,
    )
    request.refresh_from_db()
    return request


def local(moment: datetime) -> str:
    return dateformat.format(timezone.localtime(moment), release.LOCAL_FORMAT)


def test_the_page_shows_each_record_readably_and_needs_nothing_outside(clerk, site, moderator):
    content = build_content(site=site, moderator=moderator)
    removed, edited, post = content["removed"], content["edited"], content["post"]
    winter = datetime(2026, 1, 21, 19, 5, tzinfo=UTC)  # 11:05 a.m. PST
    reply = CommentFactory(
        site=site,
        post=post,
        parent=removed,
        body="I agree with the comment above",
        posted_at=winter,
    )
    request = site_request(clerk, site)
    start = REMOVED_TEXT.index("(714)")
    services.redaction_create(
        actor=clerk,
        request=request,
        target_type="comment",
        target_id=removed.pk,
        field="body",
        start=start,
        end=start + len("(714) 555-0134"),
        exemption=exemption(),
    )
    files = members(build(clerk, request))
    page = files["index.html"].decode()
    parsed = assert_self_contained(page, set(files))

    # every record has its section, under an id other records link to
    for record in (removed, edited, reply, content["visible"]):
        assert f"comment-{record.pk}" in parsed.ids
    assert {f"post-{post.pk}", f"ban-{content['ban'].pk}"} <= parsed.ids
    # site, post, place in the thread, local time with the zone
    assert f"on {site.name}" in page
    assert f"City post {post.pk}" in page and "Pool hours change next week." in page
    assert ("a", {"href": f"#comment-{removed.pk}"}) in parsed.tags  # the reply's parent
    assert "Reply to" in page
    assert "A comment on the post itself (not a reply)" in page
    assert local(winter) == "Wednesday, January 21, 2026, 11:05 a.m. PST"
    assert f"<dd>{local(winter)}</dd>" in page
    # the full text, the redaction drawn as a box naming citation and plain name
    assert REMOVED_TEXT[:start] in page and REMOVED_TEXT[start + 14 :] in page
    assert "555-0134" not in page
    assert (
        parsed.redaction_boxes
        == ["Redacted: Gov. Code 7928.300 (Employee home contact details and birth dates)"] * 2
    )  # the body and its revision, which repeats it
    # revisions, and the moderation history in words
    assert EDITED_ORIGINAL in page and "Thanks for fixing it" in page
    assert "Revision 1" in page and "Revision 2" in page
    personnel = PolicyCategory.objects.get(code="personnel").name
    assert f"<strong>Remove</strong> by {moderator.full_name}, under {personnel}" in page
    assert "Personnel matter about a named employee." in page
    assert f"Ban {content['ban'].pk}, Proposed, awaiting a supervisor" in page
    # what the platform has done
    assert comment_platform_status(removed).summary in page
    assert "Removed." in page
    assert "None: the comment was never flagged or decided." in page  # the reply


def test_platform_text_stays_text_on_the_page(clerk, site):
    account = PublicAccountFactory(handle=f"kestrel{RLO}lanruoj", display_name=HOSTILE_NAME)
    hostile = CommentFactory(site=site, account=account, body=HOSTILE_BODY)
    request = site_request(clerk, site)
    start = HOSTILE_BODY.index("714-555-0199")
    services.redaction_create(
        actor=clerk,
        request=request,
        target_type="comment",
        target_id=hostile.pk,
        field="body",
        start=start,
        end=start + len("714-555-0199"),
        exemption=exemption("constitutional-privacy"),
    )
    files = members(build(clerk, request))
    page = files["index.html"].decode()
    parsed = assert_self_contained(page, set(files))
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page
    assert "&quot;&gt;&lt;script&gt;alert(3)&lt;/script&gt;" in page
    # The comment that writes a redaction marker, or a token-like string, gets no box: only the
    # clerk's one redaction is drawn.
    assert (
        parsed.redaction_boxes
        == ["Redacted: Cal. Const. art. I, sec. 1 (Privacy of members of the public)"] * 2
    )  # the body and its revision, which repeats it
    assert "[REDACTED — Gov. Code 7928.300]" in page and "\ue000fake1\ue001" in page
    assert "714-555-0199" not in page
    # right-to-left overrides are isolated from our words
    assert_isolated(page, "package index.html", at_least=2)
    # records.jsonl: the clerk's marker, plainly; the comment's own fake marker is its text
    record = next(
        json.loads(line) for line in files["records.jsonl"].splitlines() if b'"comment"' in line
    )
    assert record["body"] == (
        HOSTILE_BODY[:start] + "[REDACTED — Cal. Const. art. I, sec. 1]" + " now"
    )
    # index.csv: human column names; a cell cannot start a formula
    rows = list(csv.reader(io.StringIO(files["index.csv"].decode())))
    assert rows[0] == release.INDEX_HEADER
    assert rows[0][0] == "Record type" and rows[0][4] == "Date and time (Pacific)"
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_index_csv_times_are_local_with_the_zone(clerk, site):
    summer = datetime(2026, 7, 4, 16, 30, tzinfo=UTC)  # 9:30 a.m. PDT
    comment = CommentFactory(site=site, body="Fireworks at the park?", posted_at=summer)
    files = members(build(clerk, site_request(clerk, site)))
    rows = list(csv.DictReader(io.StringIO(files["index.csv"].decode())))
    row = next(r for r in rows if r["Record ID"] == str(comment.pk))
    assert row["Date and time (Pacific)"] == "2026-07-04 09:30:00 PDT"
    assert row["State on the platform"] == "visible"
    assert "Saturday, July 4, 2026, 9:30 a.m. PDT" in files["index.html"].decode()


def test_a_pdf_of_the_page_when_the_requester_asks_for_one(clerk, site, monkeypatch):
    CommentFactory(site=site, body="Please fix the streetlight on Main Street")
    printed: list[str] = []
    real = builder.write_pdf

    def spy(page_html, target):
        printed.append(page_html)
        real(page_html, target)

    monkeypatch.setattr(builder, "write_pdf", spy)
    plain = members(build(clerk, site_request(clerk, site)))
    assert "index.pdf" not in plain and printed == []

    package = build(clerk, site_request(clerk, site, wants_pdf=True))
    assert package.include_pdf
    files = members(package)
    assert files["index.pdf"].startswith(b"%PDF-")
    manifest = json.loads(files["manifest.json"])
    assert manifest["files"]["index.pdf"]["size"] == len(files["index.pdf"])
    # the PDF is the page itself, printed
    assert printed == [files["index.html"].decode()]
    assert 'href="index.pdf"' in files["index.html"].decode()
    assert verify_package_file(package.file.path).problems == []


def test_the_pdf_fetches_nothing(tmp_path):
    """A page that points anywhere (it never does) still makes WeasyPrint fetch nothing."""
    secret = tmp_path / "secret.css"
    secret.write_text("body { color: red }")
    out = io.BytesIO()
    release.write_pdf(
        f'<html><head><link rel="stylesheet" href="{secret.as_uri()}"></head>'
        f'<body><img src="{secret.as_uri()}">x</body></html>',
        out,
    )
    assert out.getvalue().startswith(b"%PDF-")
    fetched: list[str] = []
    refusing = type(release.refusing_fetcher())

    class Recording(refusing):
        def fetch(self, url, headers=None):
            fetched.append(url)
            return super().fetch(url, headers)

    import weasyprint

    weasyprint.HTML(string=f'<img src="{secret.as_uri()}">', url_fetcher=Recording()).write_pdf(
        target=io.BytesIO()
    )
    assert fetched == [secret.as_uri()]  # asked, and refused


def test_the_build_form_chooses_the_pdf(client, clerk, site):
    request = site_request(clerk, site, wants_pdf=True)
    sign_in(client, clerk)
    page = client.get(reverse("records:request_detail", args=[request.pk])).content.decode()
    checkbox = re.search(r"<input[^>]*name=\"include_pdf\"[^>]*>", page).group(0)
    assert " checked" in checkbox
    client.post(reverse("records:package_create", args=[request.pk]), {"include_pdf": "on"})
    client.post(reverse("records:package_create", args=[request.pk]), {})
    with_pdf, without = DisclosurePackage.objects.order_by("pk")
    assert with_pdf.include_pdf and not without.include_pdf
    events = AuditEvent.objects.filter(verb=AuditVerb.PACKAGE_REQUESTED).order_by("seq")
    assert [e.data["include_pdf"] for e in events] == [True, False]


def test_the_package_page_says_when_a_letter_was_sent_after_the_build(client, clerk, site):
    CommentFactory(site=site, body="When does the pool open?")
    request = site_request(clerk, site)
    before = build(clerk, request)
    sign_in(client, clerk)
    page = client.get(reverse("records:package_detail", args=[before.pk])).content.decode()
    assert "No determination letter has been sent yet" in page
    services.request_determine(
        actor=clerk,
        request=request,
        outcome="disclosable",
        determination="All records are disclosed.",
        sent_on=timezone.localdate(),
        records_available_at=timezone.now(),
    )
    page = client.get(reverse("records:package_detail", args=[before.pk])).content.decode()
    assert "after this package was built, so it is not in it" in page
    after = build(clerk, request)
    page = client.get(reverse("records:package_detail", args=[after.pk])).content.decode()
    assert "not in it" not in page and "No determination letter" not in page
    assert "determination_letter.txt (sent" in page
    letter = request.letters.get(kind="determination_full")
    assert members(after)["determination_letter.txt"] == letter.body.encode("utf-8")


def test_verify_names_index_columns_that_differ_from_the_manifest(clerk, site, tmp_path):
    package = build(clerk, site_request(clerk, site))
    changed = tmp_path / "changed.zip"
    with zipfile.ZipFile(package.file.path) as src, zipfile.ZipFile(changed, "w") as dst:
        files = {i.filename: src.read(i.filename) for i in src.infolist()}
        index = files["index.csv"].replace(b"Record type", b"Kind", 1)
        manifest = json.loads(files["manifest.json"])
        import hashlib

        manifest["files"]["index.csv"] = {
            "sha256": hashlib.sha256(index).hexdigest(),
            "size": len(index),
        }
        files["index.csv"], files["manifest.json"] = index, json.dumps(manifest).encode()
        for name, data in files.items():
            dst.writestr(name, data)
    problems = verify_package_file(changed, expected_sha256="0" * 64).problems
    assert any("index.csv columns" in p and "'Kind'" in p for p in problems), problems
    assert not any("hash mismatch" in p for p in problems)


def test_a_member_of_the_public_asks_for_a_pdf(client, clerk):
    from tests.records.test_public_portal import _submitted

    request, link = _submitted(client, wants_pdf="on")
    assert request.wants_pdf
    assert services.package_request(actor=clerk, request=request, enqueue=False).include_pdf
    other, _link = _submitted(client)
    assert not other.wants_pdf
