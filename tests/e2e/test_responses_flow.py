"""A moderator answers a resident's question in Chromium: the question is on the
needs-response list with its target, the first reply (with a staff member's own phone number)
is refused with the number shown, the moderator takes it out and sends the reply. The reply,
its platform action and the audit events are on the record; every page passes the axe check."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from audit.events import AuditVerb
from audit.models import AuditEvent
from moderation.models import CommentReply, PlatformAction, ResponseNeed
from tests.e2e.conftest import assert_accessible, sign_in_with_totp
from tests.factories import TEST_PASSWORD
from tests.moderation.responses.support import PUBLIC_LINE, STAFF_PHONE, directory, question

pytestmark = pytest.mark.django_db(transaction=True)

REFUSED = f"The superintendent will sort it out, call her cell at {STAFF_PHONE}."
FIXED = f"Thanks for telling us. Public Works has the repair booked; updates at {PUBLIC_LINE}."


def test_moderator_drafts_a_reply_sees_it_refused_fixes_it_and_sends_it(page, site, moderator):
    directory()
    comment = question(site, "WHEN WILL THE POTHOLE ON CEDAR ST BE FIXED its huge")
    need = ResponseNeed.objects.get(comment=comment)

    sign_in_with_totp(page, moderator, TEST_PASSWORD)
    page.get_by_role("link", name="Needs a response").click()
    page.wait_for_url("**/responses/")
    table = page.locator("#response-table")
    assert "WHEN WILL THE POTHOLE" in table.inner_text()
    assert need.due_on.strftime("%Y-%m-%d") in table.inner_text()
    assert_accessible(page)

    table.get_by_role("link", name=f"Comment {comment.pk}").click()
    page.wait_for_url(f"**/responses/comments/{comment.pk}/")
    assert "Target: answer by" in page.inner_text("#need-summary")
    assert_accessible(page)

    page.get_by_label("Reply (required)", exact=True).fill(REFUSED)
    page.get_by_role("button", name="Send reply").click()
    page.wait_for_load_state()
    findings = page.locator("#reply-findings")
    assert STAFF_PHONE in findings.inner_text()
    assert "not a listed public line" in findings.inner_text()
    assert not CommentReply.objects.exists()
    assert_accessible(page)

    page.get_by_label("Reply (required)", exact=True).fill(FIXED)
    page.get_by_role("button", name="Send reply").click()
    page.wait_for_url(f"**/responses/comments/{comment.pk}/")
    assert "Reply sent" in page.inner_text("#portal-messages")
    assert FIXED in page.inner_text("#reply-history")
    assert "refused for personal information (phone)" in page.inner_text("#reply-refusals")
    assert_accessible(page)

    reply = CommentReply.objects.get()
    assert reply.state == "sent" and reply.text == FIXED and reply.sent_by == moderator
    action = PlatformAction.objects.get(kind=PlatformAction.Kind.REPLY_COMMENT)
    assert action.reply_text == FIXED and reply.platform_action == action
    need.refresh_from_db()
    assert need.state == "answered"
    assert AuditEvent.objects.filter(verb=AuditVerb.REPLY_REFUSED, actor=moderator).count() == 1
    assert AuditEvent.objects.filter(verb=AuditVerb.REPLY_SENT, actor=moderator).count() == 1
    call_command("verify_audit_log")
    # The refused reply's page answers 400 (a form with errors), which Chromium logs; nothing else.
    assert page.dialogs_seen == []
    assert [e for e in page.console_errors if "status of 400" not in e] == []
    assert len(page.console_errors) == 1
