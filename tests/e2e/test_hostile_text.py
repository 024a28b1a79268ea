"""Platform text is hostile: HTML and JavaScript in comments, handles, posts, rationales and
findings stay inert text on every page that shows them, in a real browser. No dialog opens,
no payload sets `window.__pwned`, no element with an event-handler attribute or a
`javascript:` link appears, and the literal text is visible, escaped. The disclosure
package's index.html, opened in the browser, is inert too."""

from __future__ import annotations

import json
import zipfile

import pytest
from django.contrib.auth.models import Group
from django.test import TestCase

from accounts.roles import RECORDS_CLERK
from moderation.models import CommentRevision
from moderation.queue.services import comment_decide
from records import services as records_services
from records.models import PackageStatus
from records.selectors.search import SearchCriteria
from tests.e2e.conftest import assert_accessible, sign_in_with_totp
from tests.factories import TEST_PASSWORD
from tests.moderation.bans.scene import propose
from tests.moderation.queue.support import flag, make_account, make_comment, make_post
from tests.records.scene import make_request

pytestmark = pytest.mark.django_db(transaction=True)

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    '"><script>alert(document.domain)</script>',
    '<a href="javascript:alert(1)">javascript:alert(1)</a>',
    '<img src=x onerror="window.__pwned=1">',
    '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
]
# U+202E (RIGHT-TO-LEFT OVERRIDE) left open would reverse our own words after the handle.
HOSTILE_HANDLE = '"><svg onload="window.__pwned=1">\u202eeman'
HOSTILE_NAME = "<img src=x onerror=alert('name')>"
EVIDENCE_BODY = "Kestrel " + " ".join(PAYLOADS) + " \u202edesrever"
FIRST_REVISION = "Kestrel before the edit <script>window.__pwned=1</script>"
RATIONALE = "Removed: <script>alert('rationale')</script> threatens staff."
FINDINGS = 'Findings <img src=x onerror="window.__pwned=1"> and <b>bold</b> threats.'

# Elements and attributes that would only exist if platform text became markup.
INJECTED = (
    "[onerror], [onload], [onclick], [onmouseover], iframe, "
    'a[href^="javascript:" i], main script, main svg[onload], main img[src="x"]'
)


def assert_inert(page, *literals: str) -> None:
    page.wait_for_load_state("load")  # images (and any onerror) have settled
    assert page.dialogs_seen == [], f"a dialog opened on {page.url}: {page.dialogs_seen}"
    assert page.evaluate("typeof window.__pwned") == "undefined", f"a payload ran on {page.url}"
    assert page.locator(INJECTED).count() == 0, f"platform text became markup on {page.url}"
    blocked = [e for e in page.console_errors if "Content Security Policy" in e]
    assert blocked == [], f"{page.url}: the CSP had to stop something: {blocked}"
    text = page.inner_text("main")
    for literal in literals:
        assert literal in text, f"{literal!r} is not shown as text on {page.url}"


# Text nodes holding U+202E outside an isolate (<bdi>, dir="auto", or a form control's own box).
LOOSE_OVERRIDES = """() => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const loose = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.data.includes("\\u202e")
        && !node.parentElement.closest("bdi, [dir=auto], textarea, option")) {
      loose.push(node.data.slice(0, 80));
    }
  }
  return loose;
}"""


def assert_isolated(page) -> None:
    loose = page.evaluate(LOOSE_OVERRIDES)
    assert loose == [], f"{page.url}: platform text outside <bdi>/dir=auto: {loose}"


def visit(page, url: str, *literals: str) -> None:
    page.goto(url)
    assert_inert(page, *literals)
    assert_isolated(page)
    assert_accessible(page)


def hostile_scene(site, moderator, supervisor):
    account = make_account(site.platform, handle=HOSTILE_HANDLE)
    account.display_name = HOSTILE_NAME
    account.save()
    post = make_post(site, body="City post <script>alert('post')</script>")
    queued = [
        flag(
            make_comment(site, f"Kestrel {payload}", post=post, account=account),
            category="threat",
            word=payload,
            score=0.9,
        )
        for payload in PAYLOADS
    ]
    raw = {
        "message": EVIDENCE_BODY,
        "from": {"name": HOSTILE_NAME, "id": HOSTILE_HANDLE},
        "link": "javascript:alert(1)",
        "<script>alert('key')</script>": "</pre><script>alert(1)</script>",
    }
    evidence = make_comment(site, FIRST_REVISION, post=post, account=account, raw_payload=raw)
    CommentRevision.objects.create(
        comment=evidence, number=2, body=EVIDENCE_BODY, content_hash="0" * 64, raw_payload=raw
    )
    evidence.body, evidence.content_hash = EVIDENCE_BODY, "0" * 64  # the revision's text
    evidence.save()
    flag(evidence, category="threat", word="<script>alert(1)</script>", score=0.99)
    comment_decide(
        comment=evidence,
        actor=moderator,
        action="remove",
        categories=["threat"],
        rationale=RATIONALE,
    )
    ban = propose(moderator, site, evidence, findings=FINDINGS)
    return queued, evidence, ban


def test_hostile_platform_text_is_inert_everywhere(page, site, moderator, supervisor, tmp_path):
    supervisor.groups.add(Group.objects.get(name=RECORDS_CLERK))
    queued, evidence, ban = hostile_scene(site, moderator, supervisor)
    records_request = make_request(supervisor, description="Everything about Kestrel")

    sign_in_with_totp(page, supervisor, TEST_PASSWORD)
    visit(page, "/queue/", *PAYLOADS, HOSTILE_HANDLE)
    visit(page, f"/queue/{queued[0].pk}/", PAYLOADS[0], HOSTILE_NAME, HOSTILE_HANDLE)
    visit(page, f"/queue/{evidence.pk}/", *PAYLOADS, FIRST_REVISION, RATIONALE)
    visit(
        page,
        f"/queue/{evidence.pk}/raw/",
        "javascript:alert(1)",
        "<script>alert('key')</script>",
        json.dumps(HOSTILE_NAME)[1:-1],
    )
    visit(page, f"/bans/{ban.pk}/", EVIDENCE_BODY, FINDINGS, HOSTILE_HANDLE)
    visit(page, "/bans/", HOSTILE_HANDLE, HOSTILE_NAME)
    visit(page, f"/audit/comment/{evidence.pk}/history/", EVIDENCE_BODY, FIRST_REVISION, RATIONALE)
    visit(page, "/audit/")
    visit(page, "/reviews/")
    visit(
        page,
        f"/records/requests/{records_request.pk}/search/?keyword=Kestrel&kinds=comments"
        "&kinds=posts&kinds=decisions&kinds=bans",
        PAYLOADS[0],
        PAYLOADS[3],
    )
    assert "8 matching records" in page.inner_text("main")
    visit(
        page,
        f"/records/requests/{records_request.pk}/redact/comment/{evidence.pk}/",
        EVIDENCE_BODY,
        HOSTILE_HANDLE,
    )

    # The package's index.html is read in a browser by the requester: inert there too.
    criteria = SearchCriteria(keyword="Kestrel")
    records_services.request_save_criteria(
        actor=supervisor,
        request=records_request,
        criteria=criteria.to_json(),
        result_count=0,
    )
    records_request.refresh_from_db()
    with TestCase.captureOnCommitCallbacks(execute=True):
        package = records_services.package_request(actor=supervisor, request=records_request)
    package.refresh_from_db()
    assert package.status == PackageStatus.COMPLETE
    with zipfile.ZipFile(package.file.path) as zf:
        index = tmp_path / "index.html"
        index.write_bytes(zf.read("index.html"))
    page.goto(index.as_uri())
    page.wait_for_load_state("load")
    assert page.dialogs_seen == []
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator(INJECTED.replace("main ", "body ")).count() == 0
    assert PAYLOADS[0] in page.inner_text("body")
    assert_isolated(page)


@pytest.mark.parametrize(
    ("markup", "failure"),
    [
        ("<img src=x onerror=alert(1)>", "a dialog opened"),
        ('<img src=x onerror="window.__pwned=1">', "a payload ran"),
        ('<a href="javascript:alert(1)">link</a>', "became markup"),
        ("", "is not shown as text"),
    ],
)
def test_the_inertness_check_is_not_vacuous(page, markup, failure):
    """assert_inert must fail when a payload became markup, or its text is not shown."""
    shown = "&lt;script&gt;alert(1)&lt;/script&gt;" if markup else "nothing"
    page.set_content(
        f"<html><head><title>t</title></head><body><main>{shown} {markup}</main></body></html>"
    )
    with pytest.raises(AssertionError, match=failure):
        assert_inert(page, "<script>alert(1)</script>")


def test_the_isolation_check_is_not_vacuous(page):
    """assert_isolated must fail on an override outside an isolate, and pass inside one."""
    page.set_content("<html><body><main><p>Account \u202eeman (id 1)</p></main></body></html>")
    with pytest.raises(AssertionError, match="outside <bdi>"):
        assert_isolated(page)
    page.set_content("<html><body><main><p><bdi>\u202eeman</bdi> (id 1)</p></main></body></html>")
    assert_isolated(page)
