"""The services of answering the public, each with its audit row: detection (enqueued by
ingestion on commit), the personal-information check, exceptions, sending."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.utils import timezone

from audit.events import AuditVerb
from audit.models import AuditEvent
from moderation.ingest.services import RESPONSE_NEEDS_TASK, comments_ingest_batch
from moderation.models import (
    CommentReply,
    PlatformAction,
    PlatformReport,
    PostingRequest,
    ResponseNeed,
    StaffDirectoryEntry,
)
from moderation.responses.personal_info import reply_personal_information
from moderation.responses.services import (
    ReplyRefused,
    platform_report_record,
    posting_request_decide,
    posting_request_log,
    reply_draft_save,
    reply_exception_approve,
    reply_exception_request,
    reply_send,
    response_need_dismiss,
    response_needs_detect,
    saved_reply_save,
)
from outbox.models import OutboxMessage
from stanton.errors import ActionRefused
from tests.factories import UserFactory
from tests.moderation.queue.support import flagged_comment, make_comment
from tests.moderation.responses.support import PUBLIC_LINE, STAFF_PHONE, directory, question

pytestmark = pytest.mark.django_db
PACIFIC = ZoneInfo("America/Los_Angeles")


def events(verb):
    return list(AuditEvent.objects.filter(verb=verb).order_by("seq"))


# --- detection -------------------------------------------------------------------------------
def item(external_id, body, when="2026-03-06T18:00:00Z"):
    return {
        "external_id": external_id,
        "body": body,
        "posted_at": when,
        "author": {"external_id": f"acct-{external_id}", "handle": f"h{external_id}"},
        "post": {"external_id": "post-1", "body": "Street sweeping resumes Monday."},
    }


def test_ingestion_enqueues_detection_on_commit_and_it_finds_the_question(
    site, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = comments_ingest_batch(
            site=site,
            items=[
                item("q1", "THE STREETLIGHT ON KATELLA IS OUT AGAIN, who do i call"),
                item("q2", "Lovely photo of the parade!"),
            ],
            source="api",
        )
    [message] = OutboxMessage.objects.filter(task_name=RESPONSE_NEEDS_TASK)
    assert message.kwargs == {"comment_ids": [r.comment_id for r in result.results]}
    assert message.done_at is not None  # the eager worker ran it
    need = ResponseNeed.objects.get()
    assert need.comment.external_id == "q1"
    assert (need.kind, need.topic) == ("service_request", "streetlights")
    # Friday 6 March 2026 + 2 business days: Tuesday 10 March.
    assert need.due_on == date(2026, 3, 10)
    [event] = events(AuditVerb.RESPONSE_NEED_DETECTED)
    assert event.target_id == str(need.pk) and event.actor is None


def test_detection_twice_records_one_need(site):
    comment = make_comment(site, "hw do i report a leak in the street")
    assert response_needs_detect(comment_ids=[comment.pk]) == {"read": 1, "created": 1}
    assert response_needs_detect(comment_ids=[comment.pk]) == {"read": 1, "created": 0}
    assert ResponseNeed.objects.count() == 1
    assert len(events(AuditVerb.RESPONSE_NEED_DETECTED)) == 1


def test_the_citys_own_page_is_not_read(site):
    from tests.factories import PublicAccountFactory

    page = PublicAccountFactory(platform=site.platform, external_id=site.platform_page_id)
    comment = make_comment(site, "Who has questions about the new trash carts?", account=page)
    assert response_needs_detect(comment_ids=[comment.pk])["created"] == 0


def test_a_need_can_be_dismissed_with_a_reason(site, moderator):
    comment = question(site)
    need = comment.response_need
    with pytest.raises(ActionRefused):
        response_need_dismiss(need=need, actor=moderator, reason=" ")
    response_need_dismiss(need=need, actor=moderator, reason="Answered in the post itself.")
    need.refresh_from_db()
    assert need.state == "dismissed" and need.closed_by == moderator
    [event] = events(AuditVerb.RESPONSE_NEED_DISMISSED)
    assert event.data["reason"] == "Answered in the post itself."


# --- the personal-information check ------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (f"Call our superintendent directly at {STAFF_PHONE}.", "phone"),
        ("Text me on 714.555.0163 and I will look.", "phone"),
        ("Write to me at dana.whitfield72@gmail.com", "email"),
        ("You can drop it at my place, 1234 Elm Street, Apt 5, Stanton CA 90680", "address"),
        ("Dana Whitfield from Public Works will call you back.", "name"),
        ("dana   WHITFIELD is on it", "name"),
    ],
)
def test_personal_information_is_found(text, kind):
    directory()
    assert kind in {f.kind for f in reply_personal_information(text)}


def test_public_lines_city_mailboxes_and_titles_pass():
    directory()
    text = (
        "Thanks for letting us know. The Public Works Superintendent has a crew scheduled; "
        f"for updates call Public Works at {PUBLIC_LINE}, City Hall at 714-379-9222, or "
        "write to publicworks@stantonca.gov."
    )
    assert reply_personal_information(text) == []


def test_the_writers_own_name_is_found(moderator):
    text = f"Regards, {moderator.full_name}"
    assert [f.kind for f in reply_personal_information(text, writer=moderator)] == ["name"]


# --- drafting, refusing, sending ---------------------------------------------------------------
def test_a_reply_with_a_staff_phone_is_refused_then_fixed_and_sent(site, moderator):
    directory()
    comment = question(site)
    with pytest.raises(ReplyRefused) as refused:
        reply_send(
            comment=comment,
            actor=moderator,
            text=f"Call the superintendent on her cell, {STAFF_PHONE}.",
        )
    assert [f.kind for f in refused.value.findings] == ["phone"]
    assert not CommentReply.objects.exists() and not PlatformAction.objects.exists()

    reply = reply_send(
        comment=comment,
        actor=moderator,
        text=f"A crew is scheduled this week. Public Works: {PUBLIC_LINE}.",
    )
    assert reply.state == "sent" and reply.sent_by == moderator
    action = reply.platform_action
    assert action.kind == PlatformAction.Kind.REPLY_COMMENT == "reply_comment"
    assert action.reply_text == reply.text and action.comment == comment
    # No access token is entered for the test site: the reply waits on the worklist (the
    # connectors send it where a token is set: tests/moderation/connectors).
    assert action.state == PlatformAction.State.MANUAL and "access token" in action.manual_reason
    need = ResponseNeed.objects.get(comment=comment)
    assert need.state == "answered" and need.closed_by == moderator
    [event] = events(AuditVerb.REPLY_SENT)
    assert event.data["platform_action"] == action.pk and event.data["exception"] is False


def test_a_site_without_a_platform_connection_gets_a_manual_worklist_item(site, moderator):
    site.platform_page_id = ""
    site.save()
    comment = question(site)
    reply = reply_send(comment=comment, actor=moderator, text="We have passed this on.")
    assert reply.platform_action.state == PlatformAction.State.MANUAL


def test_a_draft_is_saved_only_when_clean_and_a_sent_reply_is_sealed(site, moderator):
    comment = question(site)
    with pytest.raises(ReplyRefused):
        reply_draft_save(comment=comment, actor=moderator, text="Email me: me@yahoo.com")
    draft = reply_draft_save(comment=comment, actor=moderator, text="Looking into it.")
    assert draft.state == "draft" and len(events(AuditVerb.REPLY_DRAFTED)) == 1
    draft = reply_draft_save(comment=comment, actor=moderator, text="Crew booked.", reply=draft)
    assert CommentReply.objects.count() == 1 and draft.history.count() == 2
    sent = reply_send(comment=comment, actor=moderator, text="Crew booked.", reply=draft)
    with pytest.raises(ActionRefused):
        reply_send(comment=comment, actor=moderator, text="Again", reply=sent)
    if connection.vendor == "postgresql":
        from django.db import DatabaseError, transaction

        with pytest.raises(DatabaseError), transaction.atomic():
            CommentReply.objects.filter(pk=sent.pk).update(text="Rewritten")


def test_only_designated_staff_reply(site, other_moderator, clerk):
    comment = question(site)
    for actor in (other_moderator, clerk):
        with pytest.raises(ActionRefused):
            reply_send(comment=comment, actor=actor, text="Hello")


def test_an_exception_lets_exactly_that_text_go_out(site, moderator, supervisor):
    directory()
    comment = question(site)
    text = "Dana Whitfield will meet you at the site on Monday."
    with pytest.raises(ActionRefused):
        reply_exception_request(comment=comment, actor=moderator, text=text, reason="")
    held = reply_exception_request(
        comment=comment, actor=moderator, text=text, reason="The resident asked for her by name."
    )
    assert held.state == "awaiting_exception" and held.findings[0]["kind"] == "name"
    with pytest.raises(ReplyRefused):
        reply_send(comment=comment, actor=moderator, text=text, reply=held)
    with pytest.raises(ActionRefused):
        reply_exception_approve(reply=held, actor=moderator, reason="Fine")
    approved = reply_exception_approve(
        reply=held, actor=supervisor, reason="She is already known to the resident."
    )
    assert approved.exception_approved_by == supervisor
    # An edited text needs its own exception.
    with pytest.raises(ReplyRefused):
        reply_send(comment=comment, actor=moderator, text=text + " Bring photos.", reply=held)
    sent = reply_send(comment=comment, actor=moderator, text=text, reply=held)
    assert sent.state == "sent"
    assert events(AuditVerb.REPLY_SENT)[0].data["exception"] is True
    assert len(events(AuditVerb.REPLY_EXCEPTION_REQUESTED)) == 1
    assert events(AuditVerb.REPLY_EXCEPTION_APPROVED)[0].actor == supervisor


def test_a_supervisor_does_not_approve_their_own_exception(site, supervisor):
    directory()
    comment = question(site)
    held = reply_exception_request(
        comment=comment, actor=supervisor, text="Ask for Dana Whitfield.", reason="Asked for."
    )
    with pytest.raises(ActionRefused, match="Another supervisor"):
        reply_exception_approve(reply=held, actor=supervisor, reason="Mine")


def test_saved_replies_are_checked_too(supervisor, moderator):
    directory()
    with pytest.raises(ReplyRefused):
        saved_reply_save(
            actor=supervisor, topic="streets", title="Pothole", text=f"Call {STAFF_PHONE}"
        )
    with pytest.raises(ActionRefused):
        saved_reply_save(actor=moderator, topic="streets", title="Pothole", text="Thanks")
    saved = saved_reply_save(
        actor=supervisor, topic="streets", title="Pothole", text="Thanks, a crew is booked."
    )
    assert events(AuditVerb.SAVED_REPLY_SAVED)[0].target_id == str(saved.pk)


# --- overdue ---------------------------------------------------------------------------------
def test_due_and_overdue_marks_follow_the_calendar(site, moderator):
    from moderation.responses.selectors import due_marks, needs_for_user

    posted = datetime(2025, 11, 26, 10, 0, tzinfo=PACIFIC)  # Wednesday before Thanksgiving
    comment = make_comment(site, "when is the holiday trash pickup?")
    comment.posted_at = posted
    comment.save(update_fields=["posted_at"])
    response_needs_detect(comment_ids=[comment.pk])
    need = ResponseNeed.objects.get()
    assert need.due_on == date(2025, 12, 2)
    assert due_marks(need, date(2025, 12, 1)) == {"overdue": False, "due_today": False}
    assert due_marks(need, date(2025, 12, 2)) == {"overdue": False, "due_today": True}
    assert due_marks(need, date(2025, 12, 3)) == {"overdue": True, "due_today": False}
    assert list(needs_for_user(moderator, tab="overdue", today=date(2025, 12, 3))) == [need]
    assert list(needs_for_user(moderator, tab="overdue", today=date(2025, 12, 2))) == []


# --- platform reports --------------------------------------------------------------------------
def test_a_platform_report_is_recorded_on_a_decision(site, moderator, other_moderator):
    from moderation.queue.services import comment_decide

    comment = flagged_comment(site, "I will find you and hurt you", category="threat", word="hurt")
    decision = comment_decide(
        comment=comment,
        actor=moderator,
        action="remove",
        categories=["threat"],
        rationale="A threat.",
    )
    when = timezone.now() - timedelta(minutes=5)
    with pytest.raises(ActionRefused):
        platform_report_record(decision=decision, actor=other_moderator, reported_at=when)
    with pytest.raises(ActionRefused):
        platform_report_record(
            decision=decision, actor=moderator, reported_at=timezone.now() + timedelta(days=1)
        )
    report = platform_report_record(
        decision=decision, actor=moderator, reported_at=when, platform_reference="FB-REP-88121"
    )
    assert report.account_id == comment.account_id
    [event] = events(AuditVerb.PLATFORM_REPORT_RECORDED)
    assert event.data["platform_reference"] == "FB-REP-88121"
    if connection.vendor == "postgresql":
        from django.db import DatabaseError, transaction

        with pytest.raises(DatabaseError), transaction.atomic():
            PlatformReport.objects.filter(pk=report.pk).update(platform_reference="x")


# --- posting requests --------------------------------------------------------------------------
def test_a_business_request_is_declined_and_cannot_be_posted(supervisor, moderator):
    row = posting_request_log(
        actor=moderator,
        requester_type="business",
        requester_name="Katella Tire & Brake",
        content="20% off brake jobs this weekend!",
        received_on=date(2026, 3, 2),
    )
    with pytest.raises(ActionRefused, match="does not let the City post"):
        posting_request_decide(
            posting_request=row, actor=supervisor, decision="post", reason="x", reply_text="y"
        )
    with pytest.raises(ActionRefused):
        posting_request_decide(
            posting_request=row, actor=moderator, decision="decline", reason="x", reply_text="y"
        )
    decided = posting_request_decide(
        posting_request=row,
        actor=supervisor,
        decision="decline",
        reason="Outside business: the policy does not allow it.",
        reply_text="Thank you for asking; the City's pages carry only City information.",
    )
    assert decided.decision == PostingRequest.Decision.DECLINE
    with pytest.raises(ActionRefused, match="already answered"):
        posting_request_decide(
            posting_request=row, actor=supervisor, decision="decline", reason="x", reply_text="y"
        )
    assert len(events(AuditVerb.POSTING_REQUEST_LOGGED)) == 1
    assert events(AuditVerb.POSTING_REQUEST_DECIDED)[0].data["decision"] == "decline"


def test_an_agency_request_may_be_posted(supervisor):
    row = posting_request_log(
        actor=supervisor,
        requester_type="public_agency",
        requester_name="Orange County Fire Authority",
        content="Red flag warning this weekend.",
        received_on=date(2026, 3, 2),
    )
    decided = posting_request_decide(
        posting_request=row,
        actor=supervisor,
        decision="post",
        reason="Public safety notice from a partner agency.",
        reply_text="We will share it today.",
    )
    assert decided.decision == "post"


def test_new_staff_directory_rows_are_kept(supervisor):
    from moderation.responses.services import staff_directory_save

    entry = staff_directory_save(actor=supervisor, name="Lee Ortiz", public_title="Planner")
    assert StaffDirectoryEntry.objects.get() == entry
    assert events(AuditVerb.STAFF_DIRECTORY_SAVED)[0].data["name"] == "Lee Ortiz"
    with pytest.raises(ActionRefused):
        staff_directory_save(actor=UserFactory(), name="X Y", public_title="Z")
