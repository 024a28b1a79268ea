"""Supervisors review decisions: the review list (judgment calls + the random sample), uphold,
overturn (which restores the comment and keeps both decisions), and the refusals."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.events import AuditVerb
from audit.models import AuditEvent
from moderation.models import Decision, PlatformAction, PlatformState, ReviewState
from moderation.review.services import decision_review
from stanton.errors import ActionRefused
from tests.conftest import sign_in
from tests.factories import DesignationFactory, UserFactory
from tests.moderation.bans.scene import decided_comment

pytestmark = pytest.mark.django_db


def test_uphold_records_the_review_and_leaves_the_comment_removed(moderator, supervisor, site):
    comment, decision = decided_comment(site, moderator, action="remove")
    assert decision.review_state == ReviewState.UNREVIEWED  # discrimination is a judgment call
    decision_review(decision=decision, actor=supervisor, outcome="upheld", note="Right call.")
    decision.refresh_from_db()
    comment.refresh_from_db()
    assert decision.review_state == ReviewState.UPHELD
    assert decision.reviewed_by == supervisor and decision.review_note == "Right call."
    assert comment.platform_state == PlatformState.REMOVED
    event = AuditEvent.objects.get(verb=AuditVerb.DECISION_UPHELD)
    assert event.actor == supervisor and event.data["comment_id"] == comment.pk
    assert event.data["categories"] == ["discrimination"]
    latest = decision.history.order_by("-history_id").first()
    assert latest.review_state == ReviewState.UPHELD and latest.history_user == supervisor


def test_overturn_restores_the_comment_and_keeps_both_decisions(moderator, supervisor, site):
    comment, decision = decided_comment(site, moderator, action="remove")
    decision_review(
        decision=decision,
        actor=supervisor,
        outcome="overturned",
        note="Criticism of the City, not discrimination.",
    )
    comment.refresh_from_db()
    decision.refresh_from_db()
    assert comment.platform_state == PlatformState.VISIBLE
    assert decision.review_state == ReviewState.OVERTURNED
    actions = list(
        Decision.objects.filter(comment=comment).order_by("id").values_list("action", "actor_id")
    )
    assert actions == [("remove", moderator.pk), ("restore", supervisor.pk)]
    restore = Decision.objects.get(comment=comment, action="restore")
    assert f"decision #{decision.pk}" in restore.rationale
    assert PlatformAction.objects.filter(comment=comment, kind="restore_comment").exists()
    event = AuditEvent.objects.get(verb=AuditVerb.DECISION_OVERTURNED)
    assert event.data["restoring_decision_id"] == restore.pk
    assert AuditEvent.objects.filter(verb=AuditVerb.COMMENT_RESTORED, actor=supervisor).exists()


def test_overturning_a_hide_restores_too(moderator, supervisor, site):
    comment, decision = decided_comment(site, moderator, action="hide")
    decision_review(decision=decision, actor=supervisor, outcome="overturned", note="No.")
    comment.refresh_from_db()
    assert comment.platform_state == PlatformState.VISIBLE


def test_overturn_needs_a_note(moderator, supervisor, site):
    comment, decision = decided_comment(site, moderator, action="remove")
    with pytest.raises(ActionRefused, match="Write a note"):
        decision_review(decision=decision, actor=supervisor, outcome="overturned", note=" ")
    comment.refresh_from_db()
    assert comment.platform_state == PlatformState.REMOVED
    assert not AuditEvent.objects.filter(verb__startswith="decision.").exists()


def test_nobody_reviews_their_own_decision(supervisor, site):
    _comment, decision = decided_comment(site, supervisor, action="remove")
    with pytest.raises(ActionRefused, match="another supervisor must review"):
        decision_review(decision=decision, actor=supervisor, outcome="upheld", note="")
    decision.refresh_from_db()
    assert decision.review_state == ReviewState.UNREVIEWED


def test_only_designated_supervisors_review(moderator, site, other_site, admin):
    _comment, decision = decided_comment(site, moderator, action="remove")
    with pytest.raises(ActionRefused, match="Only supervisors"):
        decision_review(decision=decision, actor=moderator, outcome="upheld", note="")
    elsewhere = UserFactory(roles=["Supervisor"])
    DesignationFactory(user=elsewhere, site=other_site, designated_by=admin)
    with pytest.raises(ActionRefused, match="not designated"):
        decision_review(decision=decision, actor=elsewhere, outcome="upheld", note="")


def test_a_decision_is_reviewed_once(moderator, supervisor, site, admin):
    _comment, decision = decided_comment(site, moderator, action="remove")
    decision_review(decision=decision, actor=supervisor, outcome="upheld", note="")
    second = UserFactory(roles=["Supervisor"])
    DesignationFactory(user=second, site=site, designated_by=admin)
    with pytest.raises(ActionRefused, match="already reviewed"):
        decision_review(decision=decision, actor=second, outcome="overturned", note="No.")


def test_bad_outcome_is_refused(moderator, supervisor, site):
    _comment, decision = decided_comment(site, moderator, action="remove")
    with pytest.raises(ActionRefused, match="uphold or to overturn"):
        decision_review(decision=decision, actor=supervisor, outcome="maybe", note="")


# --- the review page ---------------------------------------------------------------------------
def test_review_list_holds_judgment_calls_and_the_drawn_sample(
    client, moderator, supervisor, site, settings
):
    _c, judgment = decided_comment(site, moderator, action="remove")
    settings.REVIEW_SAMPLE_RATE = 1.0  # every other decision is drawn
    _c, drawn = decided_comment(site, moderator, action="keep", category="profanity")
    settings.REVIEW_SAMPLE_RATE = 0.0  # none is
    _c, skipped = decided_comment(site, moderator, action="keep", category="profanity")
    assert drawn.review_state == ReviewState.UNREVIEWED and drawn.review_reason == "sample"
    assert skipped.review_state == ReviewState.NOT_REQUIRED and skipped.review_reason == ""
    assert skipped.review_sample_draw is not None  # drawn, and not under the rate
    sign_in(client, supervisor)
    response = client.get(reverse("moderation:review_list"))
    assert response.status_code == 200
    listed = {d.pk for d in response.context["decisions"]}
    assert listed == {judgment.pk, drawn.pk}
    html = response.content.decode()
    assert "Judgment call" in html and "Random sample" in html
    assert f"(seed {drawn.review_sample_seed})" in html


def test_review_page_uphold_and_overturn(client, moderator, supervisor, site):
    comment, decision = decided_comment(site, moderator, action="remove")
    sign_in(client, supervisor)
    url = reverse("moderation:review_decide", args=[decision.pk])
    assert client.get(url).status_code == 405
    response = client.post(url, {"outcome": "overturned", "note": ""}, follow=True)
    assert "Write a note saying why the decision is overturned." in response.content.decode()
    response = client.post(url, {"outcome": "overturned", "note": "Not a violation."})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.platform_state == PlatformState.VISIBLE
    html = client.get(reverse("moderation:review_list")).content.decode()
    assert "100%" in html  # Mo Moderator: one reviewed decision, overturned


def test_review_page_for_supervisors_only(client, moderator, supervisor, site):
    _comment, decision = decided_comment(site, moderator, action="remove")
    sign_in(client, moderator)
    assert client.get(reverse("moderation:review_list")).status_code == 403
    response = client.post(
        reverse("moderation:review_decide", args=[decision.pk]), {"outcome": "upheld"}
    )
    assert response.status_code == 403
    decision.refresh_from_db()
    assert decision.review_state == ReviewState.UNREVIEWED


def test_own_decisions_show_without_a_form(client, supervisor, site):
    _comment, decision = decided_comment(site, supervisor, action="remove")
    sign_in(client, supervisor)
    html = client.get(reverse("moderation:review_list")).content.decode()
    assert "Your own decision" in html
    assert reverse("moderation:review_decide", args=[decision.pk]) not in html


def test_review_page_escapes_comment_text(client, moderator, supervisor, site):
    decided_comment(
        site,
        moderator,
        action="remove",
        body="<script>alert(1)</script><img src=x onerror=alert(1)>",
    )
    sign_in(client, supervisor)
    html = client.get(reverse("moderation:review_list")).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "<img src=x onerror=alert(1)>" not in html
    assert "&lt;script&gt;" in html


def test_an_undone_decision_leaves_the_review_list_and_cannot_be_reviewed(
    client, moderator, supervisor, site
):
    from moderation.queue.services import decision_undo

    _c, decision = decided_comment(site, moderator, action="remove")
    assert decision.review_state == ReviewState.UNREVIEWED  # a judgment call
    undo = decision_undo(decision=decision, actor=moderator)
    sign_in(client, supervisor)
    listed = {d.pk for d in client.get(reverse("moderation:review_list")).context["decisions"]}
    assert decision.pk not in listed and undo.pk not in listed
    with pytest.raises(ActionRefused, match="undid this decision"):
        decision_review(decision=decision, actor=supervisor, outcome="upheld", note="")
    with pytest.raises(ActionRefused, match="an undo is not a decision"):
        decision_review(decision=undo, actor=supervisor, outcome="upheld", note="")
    assert Decision.objects.get(pk=decision.pk).review_state == ReviewState.UNREVIEWED
