"""A moderator removes a flagged comment with the keyboard alone, in Chromium: j to the row,
Enter to open it, r asks for a category, Tab/Space choose it, the rationale is typed, r again
submits. Every page visited passes the axe check; the decision, the platform state, the
audit event and the audit chain are checked in the database."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from audit.events import AuditVerb
from audit.models import AuditEvent
from moderation.models import Decision, PlatformState
from tests.e2e.conftest import assert_accessible, sign_in_with_totp
from tests.factories import TEST_PASSWORD
from tests.moderation.queue.support import flagged_comment

pytestmark = pytest.mark.django_db(transaction=True)

RATIONALE = "Threatens to hurt a named resident; removed under the threats category."


def focused(page, expression: str):
    return page.evaluate(f"(() => {{ const el = document.activeElement; return {expression}; }})()")


def tab_until(page, predicate: str, *, limit: int = 40, backwards: bool = False) -> None:
    """Press Tab (or Shift+Tab) until the focused element satisfies `predicate` (JS, `el`)."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        if focused(page, f"!!el && ({predicate})"):
            return
        page.keyboard.press(key)
    raise AssertionError(f"never reached an element where {predicate}")


def test_moderator_removes_a_flagged_comment_by_keyboard_only(page, site, moderator):
    calm = flagged_comment(site, "damn it all", score=0.1)
    threat = flagged_comment(
        site, "I will hurt you at the meeting", category="threat", word="hurt", score=0.95
    )
    sign_in_with_totp(page, moderator, TEST_PASSWORD)
    assert_accessible(page)

    page.goto("/queue/")
    assert_accessible(page)
    page.keyboard.press("j")  # threats sort first
    assert focused(page, "el.id") == f"queue-row-{threat.pk}"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/queue/{threat.pk}/")
    assert_accessible(page)

    # The page may offer the flagged category ticked: untick everything, by keyboard, so
    # that the moderator's own choice is what is recorded.
    while page.locator("#decision-categories input:checked").count():
        tab_until(page, "el.name === 'categories' && el.checked")
        page.keyboard.press("Space")

    # r without a category: focus goes to the categories, nothing is decided.
    page.keyboard.press("r")
    assert focused(page, "el.name") == "categories"
    assert "Choose at least one policy category" in page.inner_text("#decision-status")
    assert not Decision.objects.exists()

    # Tab through the checkboxes to "threat", Space ticks it.
    tab_until(page, "el.name === 'categories' && el.value === 'threat'")
    page.keyboard.press("Space")
    assert focused(page, "el.checked") is True
    assert page.locator("#decision-categories input:checked").count() == 1
    assert_accessible(page)  # with the status message shown

    # An empty rationale: r puts focus in the rationale and says what is missing.
    tab_until(page, "el.name === 'rationale'")
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.press("Tab")
    page.keyboard.press("r")
    assert focused(page, "el.name") == "rationale"
    assert "Write a rationale" in page.inner_text("#decision-status")
    assert not Decision.objects.exists()
    page.keyboard.type(RATIONALE)
    assert page.get_by_label("Rationale").input_value() == RATIONALE

    # Shortcuts are ignored while typing: Tab out, then r submits (htmx), and the next
    # waiting comment is swapped in with focus on its heading.
    page.keyboard.press("Tab")
    assert focused(page, "el.tagName") == "BUTTON"
    page.keyboard.press("r")
    page.wait_for_url(f"**/queue/{calm.pk}/")
    page.locator("#comment-heading:focus").wait_for()
    assert "Remove: comment" in page.inner_text("#portal-messages")
    assert_accessible(page)

    page.goto("/queue/")
    assert_accessible(page)
    assert page.locator(f"#queue-row-{threat.pk}").count() == 0
    assert page.locator(f"#queue-row-{calm.pk}").count() == 1

    decision = Decision.objects.get(comment=threat)
    assert decision.action == "remove"
    assert decision.rationale == RATIONALE
    assert [c.code for c in decision.categories.all()] == ["threat"]
    assert decision.actor == moderator
    threat.refresh_from_db()
    assert threat.platform_state == PlatformState.REMOVED
    assert AuditEvent.objects.filter(verb=AuditVerb.COMMENT_REMOVED, actor=moderator).exists()
    call_command("verify_audit_log")
    assert page.dialogs_seen == []
    assert page.console_errors == []
