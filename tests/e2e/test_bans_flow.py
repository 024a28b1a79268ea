"""A supervisor approves a proposed ban from the ban list, in Chromium, with a note; the ban
is active in the database and on the list, and the approval is audited."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from audit.events import AuditVerb
from audit.models import AuditEvent
from moderation.models import BanState
from tests.e2e.conftest import assert_accessible, sign_in_with_totp
from tests.factories import TEST_PASSWORD
from tests.moderation.bans.scene import decided_comment, propose

pytestmark = pytest.mark.django_db(transaction=True)

NOTE = "Evidence reviewed: two threats against staff. Approved for seven days."


def test_supervisor_approves_a_proposed_ban_from_the_list(page, site, moderator, supervisor):
    evidence, _decision = decided_comment(
        site, moderator, category="threat", body="I know where you park. Watch out."
    )
    ban = propose(moderator, site, evidence, findings="Threatened staff twice in one week.")
    assert ban.state == BanState.PROPOSED

    sign_in_with_totp(page, supervisor, TEST_PASSWORD)
    page.goto("/bans/")
    assert_accessible(page)
    row = page.locator("tr", has=page.get_by_role("link", name=f"Ban #{ban.pk}"))
    assert "Proposed" in row.inner_text()

    row.get_by_label(f"Note on ban #{ban.pk}").fill(NOTE)
    with page.expect_navigation():
        row.get_by_role("button", name=f"Approve ban #{ban.pk}").click()
    # back on the list (the form's `next`), with the outcome announced
    assert page.url.split("?")[0].endswith("/bans/")
    assert f"Ban #{ban.pk} approved: it is now active." in page.inner_text("#portal-messages")
    assert_accessible(page)
    row = page.locator("tr", has=page.get_by_role("link", name=f"Ban #{ban.pk}"))
    assert row.locator('td[data-label="State"]').inner_text().strip() == "Active"
    assert row.get_by_role("button", name=f"Approve ban #{ban.pk}").count() == 0
    assert "Sue Supervisor" in row.locator('td[data-label="Decided by"]').inner_text()

    ban.refresh_from_db()
    assert ban.state == BanState.ACTIVE
    assert ban.decided_by == supervisor and ban.decision_note == NOTE
    assert ban.starts_at is not None and ban.ends_at is not None
    event = AuditEvent.objects.get(verb=AuditVerb.BAN_APPROVED, target_id=str(ban.pk))
    assert event.actor == supervisor
    call_command("verify_audit_log")

    # the detail page says the same, and is accessible too
    with page.expect_navigation():
        row.get_by_role("link", name=f"Ban #{ban.pk}").click()
    assert_accessible(page)
    assert NOTE in page.inner_text("main")
    assert page.dialogs_seen == []
