"""Triage speed: keep/hide/remove from a queue row (one POST, in place with htmx), undo as a
new decision with its own audit event, the tab counts, and the comment page's post, thread
and stored attachments before the decision form."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from audit.events import AuditVerb
from audit.models import AuditEvent
from moderation.flagging.services import FlagCandidate, flags_raise
from moderation.models import (
    Attachment,
    Decision,
    DecisionAction,
    Flag,
    FlagSource,
    PlatformAction,
    PlatformState,
    QueueState,
    RationaleSource,
)
from moderation.queue.rationale import KEEP_RATIONALE
from moderation.queue.services import UNDO_SECONDS, comment_decide, decision_undo
from stanton.errors import ActionRefused
from tests.conftest import sign_in
from tests.moderation.queue.support import flagged_comment, make_comment, make_post

pytestmark = pytest.mark.django_db

PROFANITY_FILLED = "The comment contains profane or obscene language: “damn”."


def keep(comment, actor):
    return comment_decide(comment=comment, actor=actor, action="keep", categories=[], rationale="")


def quick(client, comment, action, *, htmx=False, **extra):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(
        reverse("moderation:comment_quick_decide", args=[comment.pk]),
        {"quick_action": action, **extra},
        **headers,
    )


# --- one keystroke from the row -------------------------------------------------------------------
def test_row_remove_cites_the_flagged_category_with_its_filled_template(client, site, moderator):
    comment = flagged_comment(site)
    sign_in(client, moderator)
    response = quick(client, comment, "remove", htmx=True, return_query="tab=flagged")
    assert response.status_code == 200
    html = response.content.decode()
    decision = Decision.objects.get(comment=comment)
    assert decision.action == "remove"
    assert [c.code for c in decision.categories.all()] == ["profanity"]
    assert decision.rationale == PROFANITY_FILLED
    assert decision.rationale_source == RationaleSource.TEMPLATE
    comment.refresh_from_db()
    assert comment.platform_state == PlatformState.REMOVED
    assert comment.queue_state == QueueState.NONE
    event = AuditEvent.objects.get(verb=AuditVerb.COMMENT_REMOVED)
    assert event.data["decision_id"] == decision.pk
    # The row is swapped for what was decided, with its undo, and the tab counts are redrawn.
    assert f'id="queue-row-{comment.pk}"' in html and "data-decided" in html
    assert reverse("moderation:decision_undo", args=[decision.pk]) in html
    assert 'id="queue-tabs"' in html and 'hx-swap-oob="true"' in html


def test_row_keep_records_the_keeps_own_wording(client, site, moderator):
    comment = flagged_comment(site)
    sign_in(client, moderator)
    quick(client, comment, "keep", htmx=True)
    decision = Decision.objects.get(comment=comment)
    assert decision.action == "keep" and decision.rationale == KEEP_RATIONALE
    assert not decision.categories.exists()
    assert AuditEvent.objects.get(verb=AuditVerb.COMMENT_KEPT).data["rationale"] == KEEP_RATIONALE


def test_row_without_a_completable_template_offers_no_one_key_removal(client, site, moderator):
    comment = flagged_comment(
        site, "Posting this is unlawful", category="illegal_conduct", word="unlawful"
    )
    sign_in(client, moderator)
    page = client.get(reverse("moderation:queue"))
    row = page.context["page"].rows[0]
    assert row.quick_category is None  # its template needs {details}
    assert 'data-row-shortcut="r"' not in page.content.decode()
    assert 'data-row-shortcut="e"' in page.content.decode()
    response = quick(client, comment, "remove", htmx=True)
    assert "open it and write the rationale" in response.content.decode()
    assert not Decision.objects.exists()


def test_row_decide_without_javascript_redirects_back_with_an_undo(client, site, moderator):
    comment = flagged_comment(site)
    sign_in(client, moderator)
    response = quick(client, comment, "hide", return_query="tab=flagged")
    assert (
        response.status_code == 302 and response.url == reverse("moderation:queue") + "?tab=flagged"
    )
    decision = Decision.objects.get(comment=comment)
    page = client.get(response.url)
    assert reverse("moderation:decision_undo", args=[decision.pk]) in page.content.decode()


def test_row_decide_refusals_are_shown_not_recorded(client, site, moderator, supervisor):
    comment = flagged_comment(site)
    comment_decide(
        comment=comment, actor=supervisor, action="escalate", categories=[], rationale="Unsure."
    )
    sign_in(client, moderator)
    response = quick(client, comment, "keep", htmx=True)
    assert "a supervisor decides it" in response.content.decode()
    assert Decision.objects.filter(comment=comment).count() == 1


def test_row_decide_rejects_get_and_checks_access(client, site, other_moderator, clerk):
    comment = flagged_comment(site)
    sign_in(client, other_moderator)
    assert quick(client, comment, "keep").status_code == 404
    client.logout()
    sign_in(client, clerk)
    assert quick(client, comment, "keep").status_code == 403
    url = reverse("moderation:comment_quick_decide", args=[comment.pk])
    assert client.get(url).status_code == 405
    assert not Decision.objects.exists()


# --- undo ---------------------------------------------------------------------------------------
def test_undo_of_a_removal_is_a_new_decision_restoring_and_requeueing(site, moderator):
    comment = flagged_comment(site)
    removal = comment_decide(
        comment=comment,
        actor=moderator,
        action="remove",
        categories=["profanity"],
        rationale=PROFANITY_FILLED,
    )
    undo = decision_undo(decision=removal, actor=moderator)

    comment.refresh_from_db()
    assert undo.action == DecisionAction.UNDO and undo.undoes_id == removal.pk
    assert comment.platform_state == PlatformState.VISIBLE
    assert comment.queue_state == QueueState.OPEN and comment.flagged_at is not None
    # Both decisions stay on the record; the flags are open again.
    assert list(Decision.objects.filter(comment=comment).order_by("id")) == [removal, undo]
    assert Flag.objects.filter(comment=comment, status=Flag.Status.OPEN).count() == 1
    restore = PlatformAction.objects.get(decision=undo)
    assert restore.kind == PlatformAction.Kind.RESTORE_COMMENT
    event = AuditEvent.objects.get(verb=AuditVerb.DECISION_UNDONE)
    assert event.actor == moderator and event.target_id == str(comment.pk)
    assert event.data["undone_decision_id"] == removal.pk
    assert event.data["decision_id"] == undo.pk
    assert event.data["new_state"] == "visible" and event.data["queue_state"] == "open"
    assert event.data["flags_reopened"]


def test_undo_of_a_supervisors_decision_returns_it_to_escalated(site, moderator, supervisor):
    comment = flagged_comment(site)
    comment_decide(
        comment=comment, actor=moderator, action="escalate", categories=[], rationale="Unsure."
    )
    kept = comment_decide(
        comment=comment, actor=supervisor, action="keep", categories=[], rationale=""
    )
    decision_undo(decision=kept, actor=supervisor)
    comment.refresh_from_db()
    assert comment.queue_state == QueueState.ESCALATED


def test_undo_refusals(site, moderator, supervisor):
    comment = flagged_comment(site)
    kept = comment_decide(
        comment=comment, actor=moderator, action="keep", categories=[], rationale=""
    )
    with pytest.raises(ActionRefused, match="Only the person who made"):
        decision_undo(decision=kept, actor=supervisor)
    undo = decision_undo(decision=kept, actor=moderator)
    with pytest.raises(ActionRefused, match="cannot itself be undone"):
        decision_undo(decision=undo, actor=moderator)
    with pytest.raises(ActionRefused):
        decision_undo(decision=kept, actor=moderator)  # no longer the latest, already undone
    with pytest.raises(ActionRefused, match="undo reverses one decision"):
        comment_decide(comment=comment, actor=moderator, action="undo", categories=[], rationale="")

    later = flagged_comment(site)
    late = comment_decide(
        comment=later, actor=moderator, action="keep", categories=[], rationale=""
    )
    too_late = timezone.now() + dt.timedelta(seconds=UNDO_SECONDS + 1)
    with (
        time_machine.travel(too_late),
        pytest.raises(ActionRefused, match="seconds after it is made"),
    ):
        decision_undo(decision=late, actor=moderator)
    assert AuditEvent.objects.filter(verb=AuditVerb.DECISION_UNDONE).count() == 1


def test_undo_from_the_row_puts_the_row_back(client, site, moderator):
    comment = flagged_comment(site)
    sign_in(client, moderator)
    quick(client, comment, "remove", htmx=True)
    decision = Decision.objects.get(comment=comment)
    response = client.post(
        reverse("moderation:decision_undo", args=[decision.pk]),
        {"from": "row", "return_query": ""},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="queue-row-{comment.pk}"' in html and "data-decided" not in html
    assert 'data-row-shortcut="r"' in html
    comment.refresh_from_db()
    assert comment.platform_state == PlatformState.VISIBLE
    assert AuditEvent.objects.filter(verb=AuditVerb.DECISION_UNDONE).count() == 1


def test_undo_from_the_comment_page_goes_back_to_the_comment(client, site, moderator):
    comment = flagged_comment(site)
    following = flagged_comment(site, "damn again", score=0.1)
    sign_in(client, moderator)
    response = client.post(
        reverse("moderation:comment_decide", args=[comment.pk]),
        {"action": "keep", "rationale": ""},
        HTTP_HX_REQUEST="true",
    )
    decision = Decision.objects.get(comment=comment)
    # The next item comes with the offer to undo the one just decided.
    assert response.context["comment"] == following
    assert reverse("moderation:decision_undo", args=[decision.pk]) in response.content.decode()
    response = client.post(reverse("moderation:decision_undo", args=[decision.pk]))
    assert response.status_code == 302
    assert response.url == reverse("moderation:comment_detail", args=[comment.pk])
    comment.refresh_from_db()
    assert comment.queue_state == QueueState.OPEN


def test_undo_checks_access(client, site, moderator, other_moderator):
    comment = flagged_comment(site)
    kept = comment_decide(
        comment=comment, actor=moderator, action="keep", categories=[], rationale=""
    )
    sign_in(client, other_moderator)
    response = client.post(reverse("moderation:decision_undo", args=[kept.pk]))
    assert response.status_code == 404
    assert client.get(reverse("moderation:decision_undo", args=[kept.pk])).status_code == 405
    assert not Decision.objects.filter(action="undo").exists()


# --- tabs ---------------------------------------------------------------------------------------
def test_tab_counts_and_filters(client, site, other_site, moderator, supervisor):
    flagged_comment(site)
    flagged_comment(site, "damn twice")
    escalated = flagged_comment(site, "damn thrice")
    comment_decide(
        comment=escalated, actor=moderator, action="escalate", categories=[], rationale="Unsure."
    )
    reported = make_comment(site, "Please look at this one")
    flags_raise(
        comment=reported,
        candidates=[FlagCandidate(category="threat", detector="report", score=1.0, explanation="")],
        source=FlagSource.PUBLIC,
    )
    flagged_comment(other_site)  # not the moderator's
    sign_in(client, moderator)
    response = client.get(reverse("moderation:queue"))
    counts = {t["code"]: t["count"] for t in response.context["tabs"]}
    assert counts == {"flagged": 3, "escalated": 1, "reported": 1, "all": 4}
    html = response.content.decode()
    assert 'data-tab-count="reported">1<' in html
    only = client.get(reverse("moderation:queue"), {"tab": "reported"})
    assert [r.comment.pk for r in only.context["page"].rows] == [reported.pk]
    # Filtering within a tab stays in it.
    assert '<input type="hidden" name="tab" value="reported">' in only.content.decode()
    esc = client.get(reverse("moderation:queue"), {"tab": "escalated"})
    assert [r.comment.pk for r in esc.context["page"].rows] == [escalated.pk]


def test_queue_rows_show_post_and_evidence_escaped(client, site, moderator):
    post = make_post(site, body="Library hours <b>change</b> next week")
    flagged_comment(site, "damn <script>x()</script>", post=post)
    sign_in(client, moderator)
    html = client.get(reverse("moderation:queue")).content.decode()
    assert '<mark class="portal-highlight">damn</mark>' in html
    assert "Library hours &lt;b&gt;change&lt;/b&gt;" in html
    assert "<script>x()" not in html
    assert "usa-table--stacked" in html and 'data-label="Decide"' in html
    assert "portal-wide" in html and "grid-container" not in html.split("<main")[1][:200]


def test_queue_queries_constant_with_row_actions(
    client, site, moderator, django_assert_max_num_queries
):
    for i in range(30):
        flagged_comment(site, f"damn {i}")
    sign_in(client, moderator)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("moderation:queue"), {"size": 30})
    assert response.content.decode().count('data-row-shortcut="r"') == 30


# --- the comment page -----------------------------------------------------------------------
def test_comment_page_shows_post_and_thread_before_the_form(client, site, moderator):
    post = make_post(site, body="Park clean-up on Saturday")
    now = timezone.now()
    earlier = make_comment(site, "I'll bring gloves", post=post)
    comment = flagged_comment(site, "damn this park", post=post)
    later = make_comment(site, "See you there", post=post)
    for c, hours in ((earlier, 3), (comment, 2), (later, 1)):
        type(c).objects.filter(pk=c.pk).update(posted_at=now - dt.timedelta(hours=hours))
    sign_in(client, moderator)
    html = client.get(reverse("moderation:comment_detail", args=[comment.pk])).content.decode()
    form_at = html.index('id="decision-form"')
    assert html.index("Park clean-up on Saturday") < form_at
    assert html.index("I&#x27;ll bring gloves") < html.index("This comment</span>")
    assert html.index("This comment</span>") < html.index("See you there") < form_at
    assert 'href="#decide-heading"' in html and 'id="decide-heading" tabindex="-1"' in html


def test_comment_page_shows_attachments_from_the_stored_copy(client, site, moderator):
    comment = flagged_comment(site)
    image = Attachment(
        comment=comment, source_url="https://cdn.fbcdn.net/p.png", media_type="image/png"
    )
    image.file.save("p.png", ContentFile(b"\x89PNG\r\n\x1a\n-fake-"), save=False)
    image.save()
    video = Attachment(
        comment=comment, source_url="https://cdn.fbcdn.net/v.mp4", media_type="video/mp4"
    )
    video.file.save("v.mp4", ContentFile(b"\x00\x00\x00\x18ftypmp42"), save=False)
    video.save()
    missing = Attachment.objects.create(
        comment=comment,
        source_url="https://cdn.fbcdn.net/gone.jpg?<x>",
        media_type="image/jpeg",
        fetch_error="refused: too large",
    )
    sign_in(client, moderator)
    html = client.get(reverse("moderation:comment_detail", args=[comment.pk])).content.decode()
    image_url = reverse("moderation:attachment_download", args=[image.pk])
    assert f'<img class="portal-attachment-image" src="{image_url}"' in html
    video_url = reverse("moderation:attachment_download", args=[video.pk])
    assert f'href="{video_url}" download' in html and f'src="{video_url}"' not in html
    # Never the platform's address as a link or an image source.
    assert 'src="https://cdn.fbcdn.net' not in html and 'href="https://cdn.fbcdn.net' not in html
    assert "gone.jpg?&lt;x&gt;" in html and "refused: too large" in html
    assert missing.pk
    served = client.get(image_url)
    assert served["Content-Type"] == "image/png"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served["Content-Disposition"].startswith("inline")
    download = client.get(video_url)
    assert download["Content-Type"] == "application/octet-stream"
    assert download["Content-Disposition"].startswith("attachment")
