"""The queue by keyboard in a real browser (Chromium): j/k/Enter on the list, h/e on the
detail page with htmx swapping in the next item, ? for the shortcut list; and the pages pass
the axe accessibility check."""

from __future__ import annotations

import pytest

from moderation.models import Decision, PlatformState
from moderation.queue.rationale import KEEP_RATIONALE
from tests.e2e.conftest import assert_accessible, sign_in_with_totp
from tests.factories import TEST_PASSWORD
from tests.moderation.queue.support import flagged_comment

pytestmark = pytest.mark.django_db(transaction=True)


def test_keyboard_flow(page, site, moderator):
    first = flagged_comment(site, "I will hurt you", category="threat", word="hurt", score=0.9)
    second = flagged_comment(site, "This is damn annoying <script>alert(1)</script>")
    third = flagged_comment(site, "damn it", score=0.2)
    sign_in_with_totp(page, moderator, TEST_PASSWORD)

    page.goto("/queue/")
    assert_accessible(page)
    page.keyboard.press("j")
    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.id") == f"queue-row-{second.pk}"
    page.keyboard.press("k")
    assert page.evaluate("document.activeElement.id") == f"queue-row-{first.pk}"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/queue/{first.pk}/")
    assert_accessible(page)

    # The flagged category comes ticked, and its template is offered filled in (never with a
    # blank such as “[evidence]”); the moderator's own words win.
    assert page.locator("#decision-categories input[value='threat']").is_checked()
    rationale = page.get_by_label("Rationale")
    assert "threatens a person" in rationale.input_value()
    assert "“hurt”" in rationale.input_value() and "[evidence]" not in rationale.input_value()
    # Unticking it empties the template it put there: hide then asks for a category first.
    page.locator("#decision-categories label", has_text="Threats").click()  # USWDS checkbox
    assert rationale.input_value() == ""
    page.get_by_label("Threats").focus()
    page.keyboard.press("h")
    assert page.evaluate("document.activeElement.name") == "categories"
    assert "Choose at least one policy category" in page.inner_text("#decision-status")
    assert not Decision.objects.exists()
    page.locator("#decision-categories label", has_text="Threats").click()
    assert "threatens a person" in rationale.input_value()
    rationale.fill("Threatens a named person with harm.")
    page.get_by_label("Threats").focus()
    page.keyboard.press("h")
    page.wait_for_url(f"**/queue/{second.pk}/")  # htmx swapped in the next item
    # ...and focus moved to its heading (queue.js), announced to screen readers
    page.locator("#comment-heading:focus").wait_for()
    assert page.inner_text("#comment-heading").startswith(f"Comment {second.pk} on")
    decision = Decision.objects.get(comment=first)
    assert decision.action == "hide" and decision.rationale == "Threatens a named person with harm."
    assert decision.rationale_source == "written"
    first.refresh_from_db()
    assert first.platform_state == PlatformState.HIDDEN
    assert "Hide: comment" in page.inner_text("#portal-messages")
    assert not page.dialogs_seen  # the <script> in the comment never ran

    page.keyboard.press("e")
    page.wait_for_url(f"**/queue/{third.pk}/")
    page.locator("#comment-heading:focus").wait_for()
    kept = Decision.objects.get(comment=second)
    # The keep got its own wording, not the profanity template the form was prefilled with.
    assert kept.action == "keep" and kept.rationale == KEEP_RATIONALE
    assert kept.rationale_source == "template" and not kept.categories.exists()

    page.keyboard.press("?")
    assert page.evaluate("document.getElementById('shortcut-help').open")
    assert_accessible(page)
