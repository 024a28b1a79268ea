"""A supervisor approves a proposed ban in Chromium: the list row offers no approve button, only
the way to the ban's page, where the findings, the evidence and the account's history come
before the buttons; approved with a note, the ban is active in the database and on the list,
and the approval is audited."""

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


def test_supervisor_approves_a_proposed_ban_beside_its_evidence(page, site, moderator, supervisor):
    evidence, _decision = decided_comment(
        site, moderator, category="threat", body="I know where you park. Watch out."
    )
    ban = propose(moderator, site, evidence, findings="Threatened staff twice in one week.")
    assert ban.state == BanState.PROPOSED

    sign_in_with_totp(page, supervisor, TEST_PASSWORD)
    page.goto("/bans/")
    assert_accessible(page)
    row = page.locator("tr", has=page.get_by_role("link", name=f"Ban #{ban.pk}", exact=True))
    assert "Proposed" in row.inner_text()
    assert row.get_by_role("button").count() == 0  # nothing is decided from a list row
    with page.expect_navigation():
        row.get_by_role(
            "link", name=f"Review the evidence to approve or reject ban #{ban.pk}"
        ).click()

    # The ban's page: findings, evidence and the account's history above the buttons.
    assert_accessible(page)
    main = page.inner_text("main")
    approve = main.index(f"Approve ban #{ban.pk}")
    for shown in (
        "Threatened staff twice in one week.",
        "I know where you park. Watch out.",
        "The account's history",
        f"#{_decision.pk} Remove",
    ):
        assert -1 < main.index(shown) < approve, shown
    page.get_by_label(f"Note on ban #{ban.pk}").fill(NOTE)
    with page.expect_navigation():
        page.get_by_role("button", name=f"Approve ban #{ban.pk}").click()
    assert f"Ban #{ban.pk} approved: it is now active." in page.inner_text("#portal-messages")
    assert page.get_by_role("button", name=f"Approve ban #{ban.pk}").count() == 0
    assert NOTE in page.inner_text("main")

    ban.refresh_from_db()
    assert ban.state == BanState.ACTIVE
    assert ban.decided_by == supervisor and ban.decision_note == NOTE
    assert ban.starts_at is not None and ban.ends_at is not None
    event = AuditEvent.objects.get(verb=AuditVerb.BAN_APPROVED, target_id=str(ban.pk))
    assert event.actor == supervisor
    call_command("verify_audit_log")

    # The list says the same.
    page.goto("/bans/")
    assert_accessible(page)
    row = page.locator("tr", has=page.get_by_role("link", name=f"Ban #{ban.pk}", exact=True))
    assert row.locator('td[data-label="State"]').inner_text().strip() == "Active"
    assert "Sue Supervisor" in row.locator('td[data-label="Decided by"]').inner_text()
    assert page.dialogs_seen == []
