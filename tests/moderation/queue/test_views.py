"""The queue, detail, raw, decide and bulk views: they work, reject the wrong method, check
access; plain POST redirects, htmx gets partials; platform text renders inert."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.events import AuditVerb
from audit.models import AuditEvent
from moderation.models import Ban, Claim, Decision, PlatformState, QueueState
from moderation.queue.claims import claim_take
from tests.conftest import sign_in
from tests.moderation.queue.support import flag, flagged_comment, make_account, make_comment

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
HOSTILE = f"damn {SCRIPT} and {IMG}"
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"
ESCAPED_IMG = "&lt;img src=x onerror=alert(1)&gt;"


def assert_inert(html: str):
    assert SCRIPT not in html and IMG not in html
    assert "<img src=x" not in html and "onerror=alert" not in html.replace(ESCAPED_IMG, "")
    assert ESCAPED_SCRIPT in html and ESCAPED_IMG in html


def test_queue_lists_flagged_comments_on_my_sites(client, site, other_site, moderator):
    mine = flagged_comment(site, "This is damn annoying")
    elsewhere = flagged_comment(other_site, "damn elsewhere")
    make_comment(site, "Unflagged, thanks!")
    sign_in(client, moderator)
    response = client.get(reverse("moderation:queue"))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"queue-row-{mine.pk}" in html and f"queue-row-{elsewhere.pk}" not in html
    assert "Unflagged" not in html
    assert '<mark class="portal-highlight">damn</mark>' in html
    assert "test-keywords" in html and "0.80" in html
    assert 'src="/static/js/queue.js"' in html


def test_queue_rejects_post(client, moderator):
    sign_in(client, moderator)
    assert client.post(reverse("moderation:queue")).status_code == 405


def test_queue_htmx_gets_the_partial(client, site, moderator):
    flagged_comment(site)
    sign_in(client, moderator)
    response = client.get(reverse("moderation:queue"), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="queue-results">') and "<html" not in html


def test_queue_shows_claim_holder_and_active_ban(client, site, moderator, supervisor, admin):
    comment = flagged_comment(site)
    claim_take(comment=comment, user=supervisor)
    Ban.objects.create(
        account=comment.account,
        site=site,
        findings="Repeated threats.",
        state="active",
        proposed_by=moderator,
    )
    sign_in(client, moderator)
    html = client.get(reverse("moderation:queue")).content.decode()
    assert "Sue Supervisor until" in html
    assert "Banned" in html


def test_queue_filters(client, site, other_site, supervisor):
    threat = flagged_comment(site, "I will hurt you", category="threat", word="hurt", score=0.9)
    profane = flagged_comment(site, "damn it")
    nd = flagged_comment(other_site, "damn nextdoor")
    sign_in(client, supervisor)

    def shown(**params):
        html = client.get(reverse("moderation:queue"), params).content.decode()
        return {c.pk for c in (threat, profane, nd) if f"queue-row-{c.pk}" in html}

    assert shown() == {threat.pk, profane.pk, nd.pk}
    assert shown(site=other_site.pk) == {nd.pk}
    assert shown(category="threat") == {threat.pk}
    assert shown(score_min="0.85") == {threat.pk}
    assert shown(account=threat.account.handle) == {threat.pk}
    assert shown(source="staff") == set()
    assert shown(queue_state="escalated") == set()


def test_detail_claims_and_shows_context(client, site, moderator):
    parent = make_comment(site, "When does sweeping start?")
    comment = flagged_comment(
        site, "damn, finally", post=parent.post, parent=parent, account=parent.account
    )
    sign_in(client, moderator)
    response = client.get(reverse("moderation:comment_detail", args=[comment.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert Claim.objects.get(comment=comment).user == moderator
    assert AuditEvent.objects.filter(verb=AuditVerb.COMMENT_CLAIMED).count() == 1
    assert "When does sweeping start?" in html  # the thread
    assert "Street sweeping resumes Monday" in html  # the City's post
    assert 'aria-keyshortcuts="h"' in html and 'id="shortcut-help"' in html
    assert "No policy version has been entered yet" in html
    # the first flagged category's template, filled with the matched words, is offered
    assert "The comment contains profane or obscene language: “damn”." in html


def test_detail_when_someone_else_holds_it(client, site, moderator, supervisor):
    comment = flagged_comment(site)
    claim_take(comment=comment, user=supervisor)
    sign_in(client, moderator)
    html = client.get(reverse("moderation:comment_detail", args=[comment.pk])).content.decode()
    assert "Sue Supervisor is working on this comment until" in html
    assert Claim.objects.get(comment=comment).user == supervisor


def test_detail_rejects_post(client, site, moderator):
    comment = flagged_comment(site)
    sign_in(client, moderator)
    assert client.post(reverse("moderation:comment_detail", args=[comment.pk])).status_code == 405


def test_decide_without_js_redirects_to_the_next_item(client, site, moderator):
    first = flagged_comment(site, "I will hurt you", category="threat", word="hurt", score=0.9)
    second = flagged_comment(site, "damn it")
    sign_in(client, moderator)
    client.get(reverse("moderation:comment_detail", args=[first.pk]))
    response = client.post(
        reverse("moderation:comment_decide", args=[first.pk]),
        {"action": "remove", "categories": ["threat"], "rationale": "Threatens a person."},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("moderation:comment_detail", args=[second.pk])
    first.refresh_from_db()
    assert first.platform_state == PlatformState.REMOVED
    decision = Decision.objects.get(comment=first)
    assert decision.actor == moderator
    assert AuditEvent.objects.filter(
        verb=AuditVerb.COMMENT_REMOVED, target_id=str(first.pk)
    ).exists()
    page = client.get(response["Location"]).content.decode()
    assert "Remove: comment" in page  # the success message


def test_decide_last_item_returns_to_the_queue(client, site, moderator):
    comment = flagged_comment(site)
    sign_in(client, moderator)
    response = client.post(
        reverse("moderation:comment_decide", args=[comment.pk]), {"action": "keep"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("moderation:queue")


def test_decide_errors_name_the_missing_fields(client, site, moderator):
    comment = flagged_comment(site)
    sign_in(client, moderator)
    response = client.post(
        reverse("moderation:comment_decide", args=[comment.pk]), {"action": "hide", "rationale": ""}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose at least one policy category" in html and "Write a rationale" in html
    assert not Decision.objects.exists()
    comment.refresh_from_db()
    assert comment.queue_state == QueueState.OPEN


def test_decide_refused_when_held_names_the_holder(client, site, moderator, supervisor):
    comment = flagged_comment(site)
    claim_take(comment=comment, user=supervisor)
    sign_in(client, moderator)
    response = client.post(
        reverse("moderation:comment_decide", args=[comment.pk]), {"action": "keep"}
    )
    assert response.status_code == 400
    assert "Sue Supervisor is working on this comment" in response.content.decode()
    assert not Decision.objects.exists()


def test_decide_rejects_get_and_checks_access(client, site, other_moderator, clerk):
    comment = flagged_comment(site)
    url = reverse("moderation:comment_decide", args=[comment.pk])
    sign_in(client, other_moderator)
    assert client.get(url).status_code == 405
    assert client.post(url, {"action": "keep"}).status_code == 404
    sign_in(client, clerk)
    assert client.post(url, {"action": "keep"}).status_code == 403
    assert not Decision.objects.exists()


def test_decide_with_htmx_returns_the_next_item_partial(client, site, moderator):
    first = flagged_comment(site, "I will hurt you", category="threat", word="hurt", score=0.9)
    second = flagged_comment(site, "damn it")
    sign_in(client, moderator)
    response = client.post(
        reverse("moderation:comment_decide", args=[first.pk]),
        {"action": "keep"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="comment-detail"') and "<html" not in html
    assert f"Comment {second.pk} on" in html
    assert 'hx-swap-oob="true"' in html and "Keep (no violation): comment" in html
    assert response["HX-Push-Url"] == reverse("moderation:comment_detail", args=[second.pk])
    assert Claim.objects.get(comment=second).user == moderator


def test_bulk_without_js(client, site, moderator, supervisor):
    a, b = flagged_comment(site), flagged_comment(site, "damn b")
    held = flagged_comment(site, "damn c")
    claim_take(comment=held, user=supervisor)
    sign_in(client, moderator)
    response = client.post(
        reverse("moderation:queue_bulk"),
        {
            "comments": [a.pk, b.pk, held.pk],
            "action": "remove",
            "category": "profanity",
            "rationale": "Profane language.",
            "return_query": "sort=age",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("moderation:queue") + "?sort=age"
    assert Decision.objects.filter(action="remove").count() == 2
    html = client.get(response["Location"]).content.decode()
    assert "2 comments decided." in html
    assert f"Comment {held.pk} not decided: Sue Supervisor is working on this comment" in html


def test_bulk_form_errors(client, site, moderator):
    a = flagged_comment(site)
    sign_in(client, moderator)
    response = client.post(
        reverse("moderation:queue_bulk"),
        {"comments": [a.pk], "action": "hide", "rationale": ""},
        follow=True,
    )
    html = response.content.decode()
    assert "Choose at least one policy category" in html and "Write a rationale" in html
    assert not Decision.objects.exists()


def test_bulk_with_htmx_returns_the_results(client, site, moderator):
    a = flagged_comment(site)
    sign_in(client, moderator)
    response = client.post(
        reverse("moderation:queue_bulk"),
        {
            "comments": [a.pk],
            "action": "keep",
            "return_query": "",
        },
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="queue-results">')
    assert f"queue-row-{a.pk}" not in html and "1 comment decided." in html


def test_bulk_checks_access(client, site, other_moderator, clerk):
    a = flagged_comment(site)
    sign_in(client, clerk)
    assert client.post(reverse("moderation:queue_bulk"), {"comments": [a.pk]}).status_code == 403
    sign_in(client, other_moderator)
    assert client.get(reverse("moderation:queue_bulk")).status_code == 405
    client.post(reverse("moderation:queue_bulk"), {"comments": [a.pk], "action": "keep"})
    assert not Decision.objects.exists()  # not on their sites: the form refuses the id


def test_release(client, site, moderator):
    comment = flagged_comment(site)
    sign_in(client, moderator)
    client.get(reverse("moderation:comment_detail", args=[comment.pk]))
    response = client.post(reverse("moderation:comment_release", args=[comment.pk]))
    assert response.status_code == 302
    assert not Claim.objects.get(comment=comment).is_live


def test_raw_payload_pretty_and_escaped(client, site, moderator):
    comment = flagged_comment(site, HOSTILE, raw_payload={"message": HOSTILE, "id": "1_2"})
    sign_in(client, moderator)
    response = client.get(reverse("moderation:comment_raw", args=[comment.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert_inert(html)
    assert '<pre class="portal-mono"><bdi>{\n  &quot;id&quot;: &quot;1_2&quot;,' in html
    assert client.post(reverse("moderation:comment_raw", args=[comment.pk])).status_code == 405


@pytest.mark.parametrize("page", ["queue", "detail"])
def test_hostile_text_renders_inert(client, site, moderator, page):
    comment = flagged_comment(site, HOSTILE, word="damn")
    comment.post.body = SCRIPT  # the City's own post is platform text too
    comment.post.save()
    sign_in(client, moderator)
    url = (
        reverse("moderation:queue")
        if page == "queue"
        else reverse("moderation:comment_detail", args=[comment.pk])
    )
    html = client.get(url).content.decode()
    assert_inert(html)
    assert '<mark class="portal-highlight">damn</mark>' in html


def test_every_platform_value_in_a_queue_row_renders_inert(client, site, moderator):
    """The row is built in Python (moderation/queue/row_html.py): each value that came from a
    platform, not only the text, is escaped there, and the handle keeps its direction to itself."""
    override = "\u202e"
    comment = make_comment(
        site,
        HOSTILE,
        account=make_account(site.platform, handle=f"{override}{SCRIPT}"),
        platform_reported_state="removed",
        platform_report_source="<i>api",
    )
    flag(comment, word="damn", detector=SCRIPT)
    sign_in(client, moderator)
    html = client.get(reverse("moderation:queue")).content.decode()
    assert_inert(html)
    assert f"<bdi>{override}{ESCAPED_SCRIPT}</bdi>" in html  # the handle, isolated
    assert "Platform reports: removed (&lt;i&gt;api)" in html
    assert f": {ESCAPED_SCRIPT} · score 0.80" in html  # the detector's name


def test_highlight_of_hostile_span_is_escaped(client, site, moderator):
    comment = flagged_comment(site, HOSTILE, category="public_safety", word=IMG)
    sign_in(client, moderator)
    html = client.get(reverse("moderation:queue")).content.decode()
    assert f'<mark class="portal-highlight">{ESCAPED_IMG}</mark>' in html
    assert_inert(html)
    assert comment.pk


def test_next_item_skips_escalated_for_moderators_not_supervisors(
    client, site, moderator, supervisor
):
    from moderation.queue.services import comment_decide

    escalated = flagged_comment(site, "hurt", category="threat", word="hurt", score=0.9)
    comment_decide(
        comment=escalated,
        actor=moderator,
        action="escalate",
        categories=[],
        rationale="A supervisor should look.",
    )
    first, second = flagged_comment(site, "damn a"), flagged_comment(site, "damn b", score=0.1)
    sign_in(client, moderator)
    response = client.post(
        reverse("moderation:comment_decide", args=[first.pk]), {"action": "keep"}
    )
    assert response["Location"] == reverse("moderation:comment_detail", args=[second.pk])
    sign_in(client, supervisor)
    response = client.post(
        reverse("moderation:comment_decide", args=[second.pk]), {"action": "keep"}
    )
    assert response["Location"] == reverse("moderation:comment_detail", args=[escalated.pk])


def test_every_action_without_javascript(client, site, moderator, supervisor):
    """Keep, hide, remove, restore and escalate, each a plain form POST, each audited."""
    kept, hidden, removed, escalated = (
        flagged_comment(site, f"damn comment {n}") for n in range(4)
    )
    sign_in(client, moderator)
    decide = lambda comment, **data: client.post(  # noqa: E731
        reverse("moderation:comment_decide", args=[comment.pk]), data
    )
    reason = {"categories": ["profanity"], "rationale": "Profane language."}
    assert decide(kept, action="keep").status_code == 302
    assert decide(hidden, action="hide", **reason).status_code == 302
    assert decide(removed, action="remove", **reason).status_code == 302
    assert decide(escalated, action="escalate", rationale="Needs a second look.").status_code == 302

    # Restoring a removed comment: the detail page offers it, and a plain POST does it.
    page = client.get(reverse("moderation:comment_detail", args=[removed.pk])).content.decode()
    assert 'value="restore"' in page
    assert decide(removed, action="restore", rationale="Removed in error.").status_code == 302

    states = {
        c.pk: (c.platform_state, c.queue_state)
        for c in (kept, hidden, removed, escalated)
        if not c.refresh_from_db()
    }
    assert states[kept.pk] == (PlatformState.VISIBLE, QueueState.NONE)
    assert states[hidden.pk] == (PlatformState.HIDDEN, QueueState.NONE)
    assert states[removed.pk] == (PlatformState.VISIBLE, QueueState.NONE)
    assert states[escalated.pk] == (PlatformState.VISIBLE, QueueState.ESCALATED)
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {
        AuditVerb.COMMENT_KEPT,
        AuditVerb.COMMENT_HIDDEN,
        AuditVerb.COMMENT_REMOVED,
        AuditVerb.COMMENT_RESTORED,
        AuditVerb.COMMENT_ESCALATED,
    } <= verbs
    assert list(
        Decision.objects.filter(comment=removed)
        .order_by("decided_at")
        .values_list("action", flat=True)
    ) == ["remove", "restore"]


def test_detail_shows_an_old_ban_still_in_force(client, site, moderator, supervisor):
    """The active-ban marker does not depend on the ban being among the newest in history."""
    from datetime import timedelta

    from django.utils import timezone

    from moderation.bans.services import ban_approve
    from tests.moderation.bans.scene import propose, removed_comment

    evidence = removed_comment(site)
    active = propose(moderator, site, evidence)
    ban_approve(ban=active, actor=supervisor, note="")
    later = timezone.now() + timedelta(minutes=1)
    for n in range(12):  # newer, closed bans fill the account's history list
        Ban.objects.create(
            account=evidence.account,
            site=site,
            findings=f"old {n}",
            proposed_by=moderator,
            state="rejected",
            proposed_at=later + timedelta(minutes=n),
        )
    comment = flagged_comment(site, "damn again", account=evidence.account)
    sign_in(client, moderator)
    html = client.get(reverse("moderation:comment_detail", args=[comment.pk])).content.decode()
    assert "Banned" in html


def test_detail_shows_only_bans_and_history_the_viewer_may_open(
    client, site, moderator, supervisor, admin
):
    """A moderator designated for site A sees, on a comment from A, the author's bans they may
    open at /bans/<id>/ (a ban on A, or platform-wide on A's platform), never a ban on a site B
    they are not designated for, nor the author's flags and decisions on B."""
    from moderation.bans.services import ban_reject
    from tests.factories import CommentFactory, DesignationFactory, SiteFactory
    from tests.moderation.bans.scene import decided_comment, propose, removed_comment

    site_b = SiteFactory(name="Stanton Parks on Facebook", platform=site.platform)
    DesignationFactory(user=supervisor, site=site_b, designated_by=admin)
    account = removed_comment(site).account
    on_b = removed_comment(site_b, account=account)
    # One open ban per account and site at a time: each is rejected before the next.
    ban_on_b = propose(supervisor, site_b, on_b, findings="Threats on the parks page.")
    ban_reject(ban=ban_on_b, actor=supervisor, note="Not enough evidence.")
    platform_wide = propose(supervisor, site_b, on_b, scope="platform", findings="Everywhere.")
    ban_reject(ban=platform_wide, actor=supervisor, note="Too wide.")
    ban_on_a = propose(moderator, site, removed_comment(site, account=account))
    flagged_on_b, decision_on_b = decided_comment(site_b, supervisor, account=account)
    comment = flag(CommentFactory(site=site, account=account, body="damn again"), word="damn")

    sign_in(client, moderator)
    assert client.get(reverse("moderation:ban_detail", args=[ban_on_b.pk])).status_code == 403
    for openable in (ban_on_a, platform_wide):
        assert client.get(reverse("moderation:ban_detail", args=[openable.pk])).status_code == 200
    response = client.get(reverse("moderation:comment_detail", args=[comment.pk]))
    assert response.status_code == 200
    ctx = response.context["ctx"]
    assert {b.pk for b in ctx.bans} == {ban_on_a.pk, platform_wide.pk}
    assert decision_on_b.pk not in {d.pk for d in ctx.earlier_decisions}
    assert flagged_on_b.pk not in {f.comment_id for f in ctx.earlier_flags}
    html = response.content.decode()
    assert reverse("moderation:ban_detail", args=[ban_on_a.pk]) in html
    assert reverse("moderation:ban_detail", args=[ban_on_b.pk]) not in html
    assert f"comment {flagged_on_b.pk}<" not in html
