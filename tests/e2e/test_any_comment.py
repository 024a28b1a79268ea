"""A moderator finds a comment nobody flagged through the all-comments search and removes it,
citing a category, in Chromium: the decision, the staff flag raised with it and both audit
events are on the record, and the audit chain verifies. Then the kept-before case: the same
person flags a kept comment by hand from its page. Every page visited passes the axe check."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from audit.events import AuditVerb
from audit.models import AuditEvent
from moderation.models import Decision, Flag, FlagSource, PlatformState, QueueState
from moderation.queue.services import comment_decide
from tests.e2e.conftest import assert_accessible, sign_in_with_totp
from tests.factories import TEST_PASSWORD
from tests.moderation.queue.support import flagged_comment, make_comment

pytestmark = pytest.mark.django_db(transaction=True)

RATIONALE = "Offers to sell a used car with a phone number: commercial solicitation."


def test_moderator_finds_an_unflagged_comment_and_removes_it(page, site, moderator):
    target = make_comment(site, "Selling my used sedan, great price, call 555-0142 today")
    make_comment(site, "Thanks for fixing the streetlight on Oak Avenue")
    flagged_comment(site, "damn the traffic")
    assert not Flag.objects.filter(comment=target).exists()

    sign_in_with_totp(page, moderator, TEST_PASSWORD)
    page.get_by_role("link", name="All comments").click()
    page.wait_for_url("**/comments/")
    assert_accessible(page)

    page.get_by_label("Words in the text").fill("sedan")
    page.get_by_label("Flagged", exact=True).select_option("never")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/comments/?*")
    rows = page.locator("#comment-table tbody tr")
    assert rows.count() == 1
    assert "Selling my used sedan" in rows.first.inner_text()
    assert_accessible(page)

    with page.expect_navigation():
        rows.first.get_by_role("link", name=f"Comment {target.pk}").click()
    assert page.url.endswith(f"/queue/{target.pk}/")
    assert "No open flags." in page.inner_text("#comment-detail")
    assert_accessible(page)

    # USWDS draws its own box: a person clicks the label.
    page.locator("#decision-categories label", has_text="Commercial solicitation").click()
    assert page.locator("#decision-categories input:checked").count() == 1
    page.get_by_label("Rationale").fill(RATIONALE)
    page.get_by_role("button", name="Remove").click()
    # htmx swaps in the next waiting comment (the flagged one) with the outcome above it.
    expect(page.locator("#portal-messages")).to_contain_text(f"comment {target.pk} decided")

    decision = Decision.objects.get(comment=target)
    assert decision.action == "remove" and decision.actor == moderator
    assert [c.code for c in decision.categories.all()] == ["commerce"]
    assert decision.rationale == RATIONALE
    target.refresh_from_db()
    assert target.platform_state == PlatformState.REMOVED
    staff_flag = Flag.objects.get(comment=target)
    assert staff_flag.source == FlagSource.STAFF and staff_flag.raised_by == moderator
    assert staff_flag.category.code == "commerce"
    assert staff_flag.resolved_by_decision == decision
    flagged = AuditEvent.objects.get(verb=AuditVerb.COMMENT_FLAGGED_BY_STAFF, actor=moderator)
    removed = AuditEvent.objects.get(verb=AuditVerb.COMMENT_REMOVED, actor=moderator)
    assert flagged.data["decision_id"] == decision.pk
    assert removed.data["staff_flags"] == [staff_flag.pk]
    call_command("verify_audit_log")

    # The comment's page shows it all: the decision and the flag it answered.
    page.goto(f"/queue/{target.pk}/")
    detail = page.inner_text("#comment-detail")
    assert "Removed" in detail and RATIONALE in detail
    page.get_by_role("link", name="Everything on record about this account").click()
    page.wait_for_url(f"**/public-accounts/{target.account_id}/")
    assert RATIONALE[:40] in page.inner_text("main")
    assert_accessible(page)
    assert page.dialogs_seen == []
    assert page.console_errors == []


def test_moderator_flags_a_kept_comment_again_by_hand(page, site, moderator):
    comment = flagged_comment(site, "damn, I will find where you live")
    comment_decide(comment=comment, actor=moderator, action="keep", categories=[], rationale="")
    sign_in_with_totp(page, moderator, TEST_PASSWORD)
    page.goto(f"/queue/{comment.pk}/")
    panel = page.locator("#flag-panel")
    panel.get_by_label("Policy category").select_option("threat")
    panel.get_by_label("Why").fill("Reads as a threat to find someone's home.")
    panel.get_by_role("button", name="Flag it").click()
    page.wait_for_url(f"**/queue/{comment.pk}/")
    assert "the comment is in the queue" in page.inner_text("#portal-messages")
    assert_accessible(page)
    comment.refresh_from_db()
    assert comment.queue_state == QueueState.OPEN
    assert Flag.objects.filter(comment=comment, source=FlagSource.STAFF, status="open").exists()
    assert AuditEvent.objects.filter(verb=AuditVerb.COMMENT_FLAGGED_BY_STAFF).count() == 1
    assert Decision.objects.filter(comment=comment).count() == 1  # the keep stays on record
