"""Triage in a real browser (Chromium): a keystroke decides the selected queue row in place,
`u` undoes it (a new decision on the record), and at a phone's width (390 px) neither the
queue nor the comment page scrolls sideways."""

from __future__ import annotations

import pytest

from audit.events import AuditVerb
from audit.models import AuditEvent
from moderation.models import Decision, PlatformState, QueueState
from tests.e2e.conftest import sign_in_with_totp
from tests.factories import TEST_PASSWORD
from tests.moderation.queue.support import flagged_comment, make_comment, make_post

pytestmark = pytest.mark.django_db(transaction=True)

NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


def test_row_keystroke_decides_in_place_and_u_undoes(page, site, moderator):
    first = flagged_comment(site, "I will hurt you", category="threat", word="hurt", score=0.9)
    second = flagged_comment(site, "This is damn annoying", score=0.5)
    sign_in_with_totp(page, moderator, TEST_PASSWORD)
    page.goto("/queue/")
    assert page.inner_text("[data-tab-count='flagged']") == "2"

    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.id") == f"queue-row-{first.pk}"
    page.keyboard.press("r")
    page.locator(f"#queue-row-{first.pk}[data-decided]").wait_for()
    # Focus went on to the next row; the counts were redrawn.
    page.locator(f"#queue-row-{second.pk}:focus").wait_for()
    page.locator("[data-tab-count='flagged']", has_text="1").wait_for()
    removal = Decision.objects.get(comment=first)
    assert removal.action == "remove"
    assert [c.code for c in removal.categories.all()] == ["threat"]
    assert "“hurt”" in removal.rationale and removal.rationale_source == "template"
    first.refresh_from_db()
    assert first.platform_state == PlatformState.REMOVED
    assert "Remove" in page.inner_text(f"#queue-row-{first.pk}")

    page.keyboard.press("u")
    page.locator(f"#queue-row-{first.pk}:not([data-decided]) [data-row-shortcut='r']").wait_for()
    page.locator("[data-tab-count='flagged']", has_text="2").wait_for()
    first.refresh_from_db()
    assert first.platform_state == PlatformState.VISIBLE
    assert first.queue_state == QueueState.OPEN
    undo = Decision.objects.get(comment=first, action="undo")
    assert undo.undoes_id == removal.pk  # both stay on the record
    assert AuditEvent.objects.filter(verb=AuditVerb.DECISION_UNDONE).count() == 1
    assert not page.console_errors


def test_queue_and_comment_pages_fit_a_phone(page, site, moderator):
    long_word = "x" * 300
    long_url = "https://example.com/" + "a/" * 120 + "?q=" + "b" * 80
    post = make_post(site, body=f"Road works {long_url} start Monday")
    make_comment(site, f"Earlier remark {long_word}", post=post)
    comment = flagged_comment(site, f"damn {long_word} see {long_url}", post=post, word="damn")
    sign_in_with_totp(page, moderator, TEST_PASSWORD)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/queue/")
    page.locator(f"#queue-row-{comment.pk}").wait_for()
    assert page.evaluate(NO_SIDEWAYS_SCROLL), page.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth]"
    )
    page.goto(f"/queue/{comment.pk}/")
    page.locator("#decision-form").wait_for()
    assert page.evaluate(NO_SIDEWAYS_SCROLL), page.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth]"
    )
    # The decision form is one key away, even at the bottom of a long page.
    page.keyboard.press("d")
    assert page.evaluate("document.activeElement.closest('#decision-form') !== null")
