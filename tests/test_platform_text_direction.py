"""Platform text cannot turn our words around: a U+202E (RIGHT-TO-LEFT OVERRIDE) in a handle,
display name, comment, post, revision, raw payload or search result is shown inside a `<bdi>`
(or an element with dir="auto") on every page that shows it, and in the package's
index.html, so the override ends with the platform's own text (UAX #9 isolates)."""

from __future__ import annotations

import zipfile
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Group
from django.test import TestCase
from django.urls import reverse

from accounts.roles import RECORDS_CLERK
from moderation.models import CommentRevision
from moderation.queue.services import comment_decide
from records import services as records_services
from records.selectors.search import SearchCriteria
from records.services.holds import hold_place
from tests.conftest import sign_in
from tests.moderation.bans.scene import propose
from tests.moderation.queue.support import flag, make_account, make_comment, make_post
from tests.records.scene import make_request

pytestmark = pytest.mark.django_db

RLO = "\u202e"
HANDLE = f"kestrel{RLO}lanruoj"
NAME = f"Kestrel {RLO}Resident"
WORD = f"Kestrel{RLO}gnitset"
BODY = f"Pool hours {WORD} are too short"
POST = f"City post about {RLO}pool hours"

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
# A form control draws its own text in its own box: an override inside it cannot reach out.
CONTROLS = {"textarea", "option"}


class _IsolationCheck(HTMLParser):
    """Collects every text run holding U+202E that no isolating element encloses."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.found = 0
        self.loose: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        isolates = tag == "bdi" or tag in CONTROLS or ("dir", "auto") in attrs
        self.stack.append((tag, isolates))

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        if RLO not in data:
            return
        self.found += 1
        if not any(isolates for _tag, isolates in self.stack):
            where = "/".join(tag for tag, _ in self.stack[-4:])
            self.loose.append(f"<{where}> {data.strip()[:80]!r}")


def check(html: str) -> _IsolationCheck:
    parser = _IsolationCheck()
    parser.feed(html)
    parser.close()
    return parser


def assert_isolated(html: str, where: str, *, at_least: int = 1) -> None:
    result = check(html)
    assert result.found >= at_least, f"{where}: the hostile text is not shown ({result.found})"
    assert not result.loose, f"{where}: platform text outside <bdi>/dir=auto: {result.loose}"


def test_the_check_is_not_vacuous():
    assert check(f"<p>Account {RLO}x (id 1)</p>").loose
    assert check(f"<p><span>{RLO}x</span> (id 1)</p>").loose
    assert check(f"<p><bdi>{RLO}x</bdi> after</p>").loose == []
    assert check(f'<td dir="auto">{RLO}x</td>').loose == []
    assert check(f"<p><bdi>a</bdi> {RLO}x</p>").loose  # closed before the text


@pytest.fixture
def scene(site, moderator, supervisor):
    supervisor.groups.add(Group.objects.get(name=RECORDS_CLERK))
    account = make_account(site.platform, handle=HANDLE)
    account.display_name = NAME
    account.save()
    post = make_post(site, body=POST)
    raw = {"message": BODY, "from": {"name": NAME, "id": HANDLE}}
    queued = flag(
        make_comment(site, BODY, post=post, account=account, raw_payload=raw),
        category="threat",
        word=WORD,
    )
    sibling = make_comment(site, f"Me too {RLO}ahah", post=post, account=account)
    evidence = make_comment(site, BODY, post=post, account=account, raw_payload=raw)
    CommentRevision.objects.create(
        comment=evidence, number=2, body=f"Edited {BODY}", content_hash="0" * 64, raw_payload=raw
    )
    flag(evidence, category="discrimination", word=WORD)
    comment_decide(
        comment=evidence,
        actor=moderator,
        action="remove",
        categories=["discrimination"],
        rationale=f"Removed: quoting {WORD}.",
    )
    ban = propose(moderator, site, evidence, findings=f"Findings quote {WORD}.")
    hold = hold_place(actor=supervisor, reason="Litigation", account=account)
    request = make_request(supervisor, description="Everything about Kestrel")
    return {
        "queued": queued,
        "sibling": sibling,
        "evidence": evidence,
        "ban": ban,
        "hold": hold,
        "request": request,
        "account": account,
    }


def test_every_page_isolates_platform_text(client, scene, supervisor):
    queued, evidence, request = scene["queued"], scene["evidence"], scene["request"]
    sign_in(client, supervisor)
    pages = [
        reverse("moderation:queue"),
        reverse("moderation:comment_detail", args=[queued.pk]),
        reverse("moderation:comment_detail", args=[evidence.pk]),
        reverse("moderation:comment_raw", args=[evidence.pk]),
        reverse("moderation:ban_list"),
        reverse("moderation:ban_detail", args=[scene["ban"].pk]),
        reverse("moderation:ban_propose"),  # without an account: choose one
        reverse("moderation:ban_propose") + f"?account={scene['account'].pk}",
        reverse("moderation:comment_history", args=[evidence.pk]),
        reverse("moderation:review_list"),
        reverse("moderation:audit_log"),
        reverse("records:request_search", args=[request.pk])
        + "?keyword=Pool&kinds=comments&kinds=posts&kinds=decisions&kinds=bans",
        reverse("records:redaction_editor", args=[request.pk, "comment", evidence.pk]),
        reverse("records:hold_list"),
    ]
    loose: dict[str, list[str]] = {}
    for url, extra in [(url, {}) for url in pages] + [
        (reverse("moderation:queue"), {"HTTP_HX_REQUEST": "true"}),  # the partial alone
    ]:
        response = client.get(url, **extra)
        assert response.status_code == 200, url
        result = check(response.content.decode())
        assert result.found, f"{url}: the hostile text is not shown"
        if result.loose:
            loose[url] = result.loose
    assert not loose, f"platform text outside <bdi>/dir=auto: {loose}"


def test_the_package_index_isolates_platform_text(scene, supervisor):
    request = scene["request"]
    records_services.request_save_criteria(
        actor=supervisor,
        request=request,
        criteria=SearchCriteria(keyword="Pool").to_json(),
        result_count=0,
    )
    request.refresh_from_db()
    with TestCase.captureOnCommitCallbacks(execute=True):
        package = records_services.package_request(actor=supervisor, request=request)
    package.refresh_from_db()
    with zipfile.ZipFile(package.file.path) as zf:
        index = zf.read("index.html").decode()
    assert_isolated(index, "package index.html")
