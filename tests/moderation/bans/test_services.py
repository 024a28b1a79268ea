"""Ban services: propose, approve, reject, lift, expire — the rules, the audit rows, the
history rows and the pending platform actions."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from accounts.roles import SUPERVISOR
from audit.events import AuditVerb
from audit.models import AuditEvent
from moderation.bans.services import (
    ban_approve,
    ban_lift,
    ban_propose,
    ban_reject,
    bans_expire,
)
from moderation.models import Ban, BanState, PlatformAction, PlatformState, PolicyVersion
from stanton.errors import ActionRefused
from tests.factories import (
    CommentFactory,
    DesignationFactory,
    PublicAccountFactory,
    SiteFactory,
    UserFactory,
)
from tests.moderation.bans.scene import decided_comment, propose, removed_comment

pytestmark = pytest.mark.django_db


def events(verb):
    return list(AuditEvent.objects.filter(verb=verb).order_by("seq"))


# --- proposing ------------------------------------------------------------------------------
def test_propose_records_the_ban_its_citations_history_and_audit(moderator, site):
    policy = PolicyVersion.objects.create(
        label="Adopted 2019", text="…", effective_on=timezone.localdate() - timedelta(days=1)
    )
    comment = removed_comment(site)
    ban = propose(moderator, site, comment, categories=["threat", "profanity"])

    ban.refresh_from_db()
    assert ban.state == BanState.PROPOSED
    assert ban.proposed_by == moderator
    assert ban.duration_days == 7
    assert ban.policy_version == policy
    assert ban.starts_at is None and ban.ends_at is None
    assert sorted(ban.categories.values_list("code", flat=True)) == ["profanity", "threat"]
    assert list(ban.evidence.all()) == [comment]
    (event,) = events(AuditVerb.BAN_PROPOSED)
    assert event.actor == moderator
    assert event.site_id == site.pk
    assert event.target_type == "moderation.ban" and event.target_id == str(ban.pk)
    assert event.data["categories"] == ["profanity", "threat"]
    assert event.data["covered_sites"] == [site.slug]
    assert event.data["evidence_comments"] == [comment.pk]
    (record,) = ban.history.all()
    assert record.history_type == "+" and record.history_user == moderator
    assert not PlatformAction.objects.exists()  # nothing happens on the platform yet


def test_default_duration_is_seven_days_and_none_is_indefinite(moderator, site):
    comment = removed_comment(site)
    ban = ban_propose(
        account=comment.account,
        site=site,
        scope="site",
        categories=["threat"],
        findings="Threats.",
        evidence_comment_ids=[comment.pk],
        actor=moderator,
    )
    assert ban.duration_days == 7
    other = removed_comment(site)
    indefinite = propose(moderator, site, other, duration_days=None)
    assert indefinite.duration_days is None


def test_evidence_removed_by_a_real_decision_is_accepted(moderator, site):
    comment, decision = decided_comment(site, moderator, action="remove")
    assert comment.platform_state == PlatformState.REMOVED
    ban = propose(moderator, site, comment)
    assert list(ban.evidence.all()) == [comment]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"categories": []}, "at least one policy category"),
        ({"categories": ["no_such_thing"]}, "Unknown policy category"),
        ({"findings": "   "}, "Write the findings"),
        ({"evidence_comment_ids": []}, "at least one of the account's removed comments"),
        ({"evidence_comment_ids": [999_999]}, "does not exist"),
        ({"scope": "everywhere"}, "Choose a scope"),
        ({"duration_days": 0}, "between 1 and"),
    ],
)
def test_propose_refuses_bad_input_and_saves_nothing(moderator, site, overrides, message):
    comment = removed_comment(site)
    with pytest.raises(ActionRefused, match=message):
        propose(moderator, site, comment, **overrides)
    assert not Ban.objects.exists()
    assert not events(AuditVerb.BAN_PROPOSED)


def test_evidence_must_be_removed_and_written_by_the_account(moderator, site):
    visible = CommentFactory(site=site)
    with pytest.raises(ActionRefused, match="has not been removed"):
        propose(moderator, site, visible)
    someone_else = removed_comment(site)
    mine = removed_comment(site)
    with pytest.raises(ActionRefused, match="not written by this account"):
        propose(moderator, site, mine, evidence_comment_ids=[mine.pk, someone_else.pk])
    assert not Ban.objects.exists()


def test_evidence_on_a_site_the_ban_does_not_cover_is_refused(moderator, site, admin):
    second = SiteFactory(platform=site.platform, name="Stanton Parks on Facebook")
    DesignationFactory(user=moderator, site=second, designated_by=admin)
    account = PublicAccountFactory(platform=site.platform)
    elsewhere = removed_comment(second, account=account)
    with pytest.raises(ActionRefused, match="would not cover"):
        propose(moderator, site, elsewhere)
    # The same evidence is fine for a platform-wide ban, which covers both pages.
    ban = propose(moderator, site, elsewhere, scope="platform")
    assert ban.state == BanState.PROPOSED


@pytest.mark.parametrize("who", ["other_moderator", "clerk", "outsider", "admin"])
def test_only_designated_moderators_and_supervisors_propose(request, site, who):
    comment = removed_comment(site)
    user = request.getfixturevalue(who)
    with pytest.raises(ActionRefused):
        propose(user, site, comment)
    assert not Ban.objects.exists()


def test_supervisor_may_propose(supervisor, site):
    ban = propose(supervisor, site, removed_comment(site))
    assert ban.proposed_by == supervisor


def test_account_on_another_platform_is_refused(moderator, site):
    account = PublicAccountFactory(platform="nextdoor")
    comment = removed_comment(site, account=account)
    with pytest.raises(ActionRefused, match="on Nextdoor"):
        propose(moderator, site, comment)


def test_second_open_ban_with_overlapping_scope_is_refused(moderator, supervisor, site, admin):
    comment = removed_comment(site)
    first = propose(moderator, site, comment)
    with pytest.raises(ActionRefused, match=rf"already has a ban that is proposed.*\(#{first.pk}"):
        propose(moderator, site, comment)
    with pytest.raises(ActionRefused, match="already has a ban that is proposed"):
        propose(moderator, site, comment, scope="platform")
    ban_approve(ban=first, actor=supervisor, note="")
    with pytest.raises(ActionRefused, match="already has a ban that is active"):
        propose(moderator, site, comment)
    assert Ban.objects.count() == 1

    # A site ban on another City page of the platform does not overlap a site ban here...
    second = SiteFactory(platform=site.platform)
    DesignationFactory(user=moderator, site=second, designated_by=admin)
    there = removed_comment(second, account=comment.account)
    assert propose(moderator, second, there).state == BanState.PROPOSED


def test_a_rejected_ban_does_not_block_a_new_proposal(moderator, supervisor, site):
    comment = removed_comment(site)
    first = propose(moderator, site, comment)
    ban_reject(ban=first, actor=supervisor, note="Not enough yet.")
    assert propose(moderator, site, comment).state == BanState.PROPOSED


# --- approving and rejecting -----------------------------------------------------------------
def test_supervisor_approval_makes_the_ban_active_for_its_duration(moderator, supervisor, site):
    ban = propose(moderator, site, removed_comment(site))
    at = timezone.now().replace(microsecond=0)
    with time_machine.travel(at, tick=False):
        ban = ban_approve(ban=ban, actor=supervisor, note="Clear pattern of threats.")
    ban.refresh_from_db()
    assert ban.state == BanState.ACTIVE
    assert ban.starts_at == at
    assert ban.ends_at == at + timedelta(days=7)
    assert ban.decided_by == supervisor and ban.decision_note == "Clear pattern of threats."
    (action,) = PlatformAction.objects.all()
    assert action.kind == PlatformAction.Kind.BAN_ACCOUNT
    assert action.state == PlatformAction.State.MANUAL  # no access token entered: by hand
    assert action.ban == ban and action.site == site
    (event,) = events(AuditVerb.BAN_APPROVED)
    assert event.actor == supervisor and event.data["platform_actions"] == [action.pk]
    latest = ban.history.order_by("-history_id").first()
    assert latest.state == BanState.ACTIVE and latest.history_user == supervisor


def test_indefinite_ban_has_no_end(moderator, supervisor, site):
    ban = propose(moderator, site, removed_comment(site), duration_days=None)
    ban = ban_approve(ban=ban, actor=supervisor, note="")
    assert ban.state == BanState.ACTIVE and ban.ends_at is None


def test_platform_ban_records_an_action_for_every_covered_site(moderator, supervisor, site):
    second = SiteFactory(platform=site.platform, name="Stanton Library on Facebook")
    SiteFactory(platform="nextdoor")
    ban = propose(moderator, site, removed_comment(site), scope="platform")
    ban_approve(ban=ban, actor=supervisor, note="")
    assert set(PlatformAction.objects.values_list("site_id", flat=True)) == {site.pk, second.pk}
    assert set(events(AuditVerb.BAN_APPROVED)[0].data["covered_sites"]) == {site.slug, second.slug}


def test_a_moderator_cannot_approve(moderator, site, admin):
    colleague = UserFactory(roles=["Moderator"])
    DesignationFactory(user=colleague, site=site, designated_by=admin)
    ban = propose(moderator, site, removed_comment(site))
    with pytest.raises(ActionRefused, match="Only a supervisor"):
        ban_approve(ban=ban, actor=colleague, note="")
    ban.refresh_from_db()
    assert ban.state == BanState.PROPOSED
    assert not events(AuditVerb.BAN_APPROVED)


def test_the_proposer_cannot_approve_their_own_ban(supervisor, site):
    ban = propose(supervisor, site, removed_comment(site))
    with pytest.raises(ActionRefused, match="another supervisor must approve"):
        ban_approve(ban=ban, actor=supervisor, note="")
    ban.refresh_from_db()
    assert ban.state == BanState.PROPOSED


def test_a_supervisor_not_designated_for_the_site_cannot_approve(
    moderator, site, other_site, admin
):
    elsewhere = UserFactory(roles=[SUPERVISOR])
    DesignationFactory(user=elsewhere, site=other_site, designated_by=admin)
    ban = propose(moderator, site, removed_comment(site))
    with pytest.raises(ActionRefused, match="not designated"):
        ban_approve(ban=ban, actor=elsewhere, note="")


def test_only_a_proposed_ban_can_be_approved_or_rejected(moderator, supervisor, site):
    ban = propose(moderator, site, removed_comment(site))
    ban_approve(ban=ban, actor=supervisor, note="")
    with pytest.raises(ActionRefused, match="Only a proposed ban can be approved"):
        ban_approve(ban=ban, actor=supervisor, note="")
    with pytest.raises(ActionRefused, match="Only a proposed ban can be rejected"):
        ban_reject(ban=ban, actor=supervisor, note="No")
    assert len(events(AuditVerb.BAN_APPROVED)) == 1


def test_reject_needs_a_note_and_records_it(moderator, supervisor, site):
    ban = propose(moderator, site, removed_comment(site))
    with pytest.raises(ActionRefused, match="Write a note"):
        ban_reject(ban=ban, actor=supervisor, note="  ")
    ban = ban_reject(ban=ban, actor=supervisor, note="One comment is not a pattern.")
    ban.refresh_from_db()
    assert ban.state == BanState.REJECTED and ban.starts_at is None
    assert ban.decision_note == "One comment is not a pattern."
    (event,) = events(AuditVerb.BAN_REJECTED)
    assert event.actor == supervisor and event.data["note"] == "One comment is not a pattern."
    assert not PlatformAction.objects.exists()


# --- lifting and expiring --------------------------------------------------------------------
def test_lift_needs_a_reason_and_an_active_ban(moderator, supervisor, site):
    ban = propose(moderator, site, removed_comment(site))
    with pytest.raises(ActionRefused, match="Only an active ban"):
        ban_lift(ban=ban, actor=supervisor, reason="Apologised.")
    ban_approve(ban=ban, actor=supervisor, note="")
    with pytest.raises(ActionRefused, match="Give the reason"):
        ban_lift(ban=ban, actor=supervisor, reason="")
    with pytest.raises(ActionRefused, match="Only a supervisor"):
        ban_lift(ban=ban, actor=moderator, reason="Apologised.")
    ban = ban_lift(ban=ban, actor=supervisor, reason="Apologised in writing.")
    ban.refresh_from_db()
    assert ban.state == BanState.LIFTED
    assert ban.lifted_by == supervisor and ban.lift_reason == "Apologised in writing."
    kinds = sorted(PlatformAction.objects.values_list("kind", flat=True))
    assert kinds == ["ban_account", "unban_account"]
    (event,) = events(AuditVerb.BAN_LIFTED)
    assert event.data["reason"] == "Apologised in writing."


def test_bans_expire_on_time_not_before(moderator, supervisor, site):
    start = timezone.now().replace(microsecond=0)
    with time_machine.travel(start, tick=False):
        ban = propose(moderator, site, removed_comment(site), duration_days=3)
        ban_approve(ban=ban, actor=supervisor, note="")
        forever = propose(moderator, site, removed_comment(site), duration_days=None)
        ban_approve(ban=forever, actor=supervisor, note="")

    with time_machine.travel(start + timedelta(days=3) - timedelta(seconds=1), tick=False):
        assert bans_expire() == 0
    ban.refresh_from_db()
    assert ban.state == BanState.ACTIVE

    with time_machine.travel(start + timedelta(days=3), tick=False):
        assert bans_expire() == 1
        assert bans_expire() == 0  # idempotent
    ban.refresh_from_db()
    forever.refresh_from_db()
    assert ban.state == BanState.EXPIRED
    assert forever.state == BanState.ACTIVE
    (event,) = events(AuditVerb.BAN_EXPIRED)
    assert event.actor is None and event.target_id == str(ban.pk)
    latest = ban.history.order_by("-history_id").first()
    assert latest.state == BanState.EXPIRED and latest.history_user is None
    assert PlatformAction.objects.filter(ban=ban, kind="unban_account").count() == 1

    with time_machine.travel(start + timedelta(days=3650), tick=False):
        assert bans_expire() == 0  # indefinite bans never expire by themselves


def test_full_cycle_leaves_a_verified_audit_chain(moderator, supervisor, site, capsys):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        ban = propose(moderator, site, removed_comment(site), duration_days=1)
        ban_approve(ban=ban, actor=supervisor, note="Approved.")
    with time_machine.travel(start + timedelta(days=1, minutes=1), tick=False):
        assert bans_expire() == 1
    call_command("verify_audit_log")
    assert "Audit chain intact" in capsys.readouterr().out
    verbs = list(AuditEvent.objects.order_by("seq").values_list("verb", flat=True))
    assert verbs[-3:] == [AuditVerb.BAN_PROPOSED, AuditVerb.BAN_APPROVED, AuditVerb.BAN_EXPIRED]


# --- who decides and lifts: one rule for the pages and the services ---------------------------
@pytest.mark.parametrize("who", ["proposer", "supervisor", "moderator", "not_designated"])
def test_the_ban_pages_offer_exactly_what_the_services_allow(who, moderator, site):
    from moderation.bans.services import APPROVE, LIFT, REJECT, ban_refusal
    from moderation.sites.selectors import designated_site_ids

    proposer = UserFactory(roles=[SUPERVISOR])
    DesignationFactory(user=proposer, site=site)
    actor = {"proposer": proposer, "moderator": moderator}.get(who) or UserFactory(
        roles=[SUPERVISOR]
    )
    if who == "supervisor":
        DesignationFactory(user=actor, site=site)

    def offered(ban, doing):
        return not ban_refusal(
            ban=ban, actor=actor, doing=doing, site_ids=designated_site_ids(actor)
        )

    def allowed(call, **kwargs):
        try:
            call(actor=actor, **kwargs)
        except ActionRefused:
            return False
        return True

    to_approve = propose(proposer, site, removed_comment(site))
    to_reject = propose(proposer, site, removed_comment(site))
    assert offered(to_approve, APPROVE) == allowed(ban_approve, ban=to_approve)
    assert offered(to_reject, REJECT) == allowed(ban_reject, ban=to_reject, note="No.")
    assert offered(to_reject, LIFT) is False
    # Only a designated supervisor who did not propose it approves; the proposer may still
    # withdraw (reject) their own proposal.
    assert offered(to_approve, APPROVE) == (who == "supervisor")
    assert offered(to_reject, REJECT) == (who in ("supervisor", "proposer"))
