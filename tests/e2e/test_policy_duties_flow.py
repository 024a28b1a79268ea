"""The policy's other duties in Chromium (issue 14): an administrator enters a policy version
and the public reads it at /policy/ without signing in; the administrators' home page names a
site that fails the compliance checklist; the clerk reviews a Brown Act alert raised by one
member's reaction to another member's comment; a supervisor declines a business's request to
post, as the policy suggests; a moderator records that an account was reported to the
platform. Every page passes the axe check."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core.management import call_command

from audit.events import AuditVerb
from audit.models import AuditEvent
from moderation.brownact.models import BrownActAlert
from moderation.brownact.services import (
    body_member_add,
    brown_act_scan_reactions,
    legislative_body_save,
)
from moderation.models import PlatformReport, PolicyVersion, PostingRequest, Reaction
from moderation.queue.services import comment_decide
from tests.e2e.conftest import assert_accessible, sign_in_with_totp
from tests.factories import TEST_PASSWORD, CommentFactory, PostFactory, PublicAccountFactory
from tests.moderation.queue.support import flagged_comment

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_administrator_enters_a_policy_version_the_public_reads_it(browser, page, admin, site):
    sign_in_with_totp(page, admin, TEST_PASSWORD)
    # The site has no designated staff, does not say it is the City's, has no token: listed.
    alert = page.locator("[data-site-compliance]")
    assert "Stanton on Facebook does not meet the policy's requirements" in alert.inner_text()
    assert "has designated staff" in alert.inner_text()
    assert_accessible(page)
    alert.get_by_role("link", name="Stanton on Facebook").click()
    page.wait_for_url(f"**/{site.slug}/**")
    assert "Has designated staff" in page.inner_text("main")
    assert_accessible(page)

    page.goto("/")
    page.get_by_role("link", name="Social Media Policy versions").click()
    page.wait_for_url("**/policy-versions/")
    page.get_by_label("Label").fill("Adopted 2026")
    page.get_by_label("Effective on").fill("2026-01-15")
    page.get_by_label("Full text of this version").fill(
        "Comments on the City's pages are the opinions of their writers.\n\nSection 1. Scope."
    )
    page.get_by_role("button", name="Enter this version").click()
    page.wait_for_load_state()
    assert "Adopted 2026" in page.inner_text("main")
    assert "in force" in page.inner_text("main").casefold()  # a USWDS tag, set in capitals
    assert_accessible(page)
    version = PolicyVersion.objects.get(label="Adopted 2026")
    assert AuditEvent.objects.filter(verb=AuditVerb.POLICY_VERSION_ADDED, actor=admin).exists()

    # A member of the public, signed in to nothing.
    public = browser.new_context(base_url=page.url.split("/policy-versions/")[0])
    reader = public.new_page()
    response = reader.goto("/policy/")
    assert response is not None and response.status == 200
    assert "/accounts/sign-in/" not in reader.url
    text = reader.inner_text("main")
    assert "Adopted 2026" in text and "Section 1. Scope." in text
    assert_accessible(reader)
    reader.goto(f"/policy/{version.pk}/")
    assert "Section 1. Scope." in reader.inner_text("main")
    public.close()


def test_the_clerk_reviews_a_brown_act_alert_for_a_members_reaction(page, admin, clerk, site):
    council = legislative_body_save(
        actor=admin, name="City Council", jurisdiction_terms="budget\nparks"
    )
    first = PublicAccountFactory(platform=site.platform, display_name="Member One")
    second = PublicAccountFactory(platform=site.platform, display_name="Member Two")
    body_member_add(actor=admin, body=council, name="Member One", seat="D1", accounts=[first])
    body_member_add(actor=admin, body=council, name="Member Two", seat="D2", accounts=[second])
    post = PostFactory(site=site, body="The proposed budget is posted.")
    comment = CommentFactory(
        site=site, post=post, account=first, body="We should put the surplus into parks."
    )
    reaction = Reaction.objects.create(
        site=site,
        comment=comment,
        account=second,
        kind="like",
        verb="add",
        reacted_at=datetime(2026, 3, 1, 17, 0, tzinfo=UTC),
    )
    assert brown_act_scan_reactions(reaction_ids=[reaction.pk]) == 1

    sign_in_with_totp(page, clerk, TEST_PASSWORD)
    page.get_by_role("link", name="1 Brown Act alert to review").click()
    page.wait_for_url("**/brown-act/")
    main = page.inner_text("main")
    assert "A member reacted to another member's comment" in main
    assert "We should put the surplus into parks." in main
    assert_accessible(page)
    page.get_by_label("What you found or did").fill("A like only; noted for the City Attorney.")
    page.get_by_role("button", name="Mark reviewed").click()
    page.wait_for_load_state()
    assert "A like only; noted for the City Attorney." in page.inner_text("main")
    alert = BrownActAlert.objects.get()
    assert alert.state == "closed" and alert.closed_by == clerk
    comment.refresh_from_db()
    assert comment.platform_state == "visible"
    assert_accessible(page)


def test_a_supervisor_declines_a_business_request_to_post(page, supervisor, site):
    sign_in_with_totp(page, supervisor, TEST_PASSWORD)
    page.get_by_role("link", name="Posting requests").first.click()
    page.wait_for_url("**/posting-requests/")
    page.get_by_label("Who is asking").select_option(label="Business")
    page.get_by_label("Requester's name").fill("Cedar Street Car Wash")
    page.get_by_label("What they asked the City to post").fill(
        "Please share our grand opening: half-price washes all weekend!"
    )
    page.get_by_label("Received on").fill("2026-03-02")
    page.get_by_role("button", name="Log the request").click()
    page.wait_for_load_state()
    row = PostingRequest.objects.get()
    page.goto(f"/posting-requests/{row.pk}/")
    assert "do not carry content for outside businesses" in page.inner_text("#policy-answer")
    assert_accessible(page)
    # The policy's answer is already chosen; the supervisor writes the reply.
    assert page.get_by_label("Decline").is_checked()
    page.get_by_label("Reply sent to the requester").fill(
        "Thank you for asking. The City's pages carry only the City's own information."
    )
    page.get_by_role("button", name="Record the answer").click()
    page.wait_for_load_state()
    decision = page.inner_text("#posting-decision")
    assert "Decline" in decision and str(supervisor) in decision
    row.refresh_from_db()
    assert row.decision == PostingRequest.Decision.DECLINE and row.decided_by == supervisor
    assert_accessible(page)
    call_command("verify_audit_log")


def test_a_moderator_records_a_report_to_the_platform(page, moderator, site):
    comment = flagged_comment(
        site, "Buy followers now at cheapfollowers dot biz", category="commerce", word="Buy"
    )
    decision = comment_decide(
        comment=comment,
        actor=moderator,
        action="remove",
        categories=["commerce"],
        rationale="Solicitation: selling followers.",
    )
    sign_in_with_totp(page, moderator, TEST_PASSWORD)
    page.goto(f"/queue/{comment.pk}/")
    page.get_by_text("Record a report to the platform").click()
    page.get_by_label("Reported on the platform at").fill("2026-03-02T10:15")
    page.get_by_label("The platform's reference").fill("FB-REPORT-5521")
    page.get_by_label("Note", exact=True).fill("Reported as spam under Meta's terms.")
    page.get_by_role("button", name="Record the report").click()
    page.wait_for_load_state()
    assert "Report to the platform recorded." in page.inner_text("#portal-messages")
    assert "FB-REPORT-5521" in page.inner_text(f"#platform-reports-{decision.pk}")
    assert_accessible(page)
    report = PlatformReport.objects.get()
    assert report.decision == decision and report.reported_by == moderator
    assert AuditEvent.objects.filter(verb=AuditVerb.PLATFORM_REPORT_RECORDED).exists()
