"""The responses pages through HTTP: each works, refuses the wrong method, checks access, and
writes through its service (with its audit row). Hostile text is escaped."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from audit.events import AuditVerb
from audit.models import AuditEvent
from moderation.models import (
    CommentReply,
    PlatformAction,
    PlatformReport,
    PostingRequest,
    ResponseNeed,
    SavedReply,
    StaffDirectoryEntry,
)
from moderation.queue.services import comment_decide
from moderation.responses.services import posting_request_log, response_due_on, saved_reply_save
from stanton.calendar import add_business_days
from tests.conftest import sign_in
from tests.moderation.queue.support import flagged_comment
from tests.moderation.responses.support import PUBLIC_LINE, STAFF_PHONE, directory, question

pytestmark = pytest.mark.django_db
PACIFIC = ZoneInfo("America/Los_Angeles")


def reply_url(comment):
    return reverse("moderation:reply", kwargs={"pk": comment.pk})


# --- the list ------------------------------------------------------------------------------------
def _posted_to_be_due_on(day):
    """A posting time whose target is `day` (None if `day` cannot be a target)."""
    for back in range(1, 10):
        posted = datetime.combine(day - timedelta(days=back), time(10), tzinfo=PACIFIC)
        if response_due_on(posted) == day:
            return posted
    return None


def test_the_list_shows_overdue_and_due_today_marks(
    client, site, moderator, django_assert_max_num_queries
):
    # The next business day after today (a target is always a business day), seen that day.
    day = add_business_days(timezone.localdate(), 1)
    overdue = question(
        site,
        "When is the next council meeting?",
        posted_at=datetime.combine(day - timedelta(days=12), time(9), tzinfo=PACIFIC),
    )
    today = question(
        site, "how do i renew my business license", posted_at=_posted_to_be_due_on(day)
    )
    # Five more asked that morning: due later, neither overdue nor due today (posted at a
    # fixed time: the factory's own time would make them due today at some hours of the day).
    for n in range(5):
        question(
            site,
            f"where can i pay parking ticket number {n}",
            posted_at=datetime.combine(day, time(8), tzinfo=PACIFIC),
        )
    with time_machine.travel(datetime.combine(day, time(9), tzinfo=PACIFIC), tick=False):
        sign_in(client, moderator)  # the session's idle limit runs on the travelled clock
        with django_assert_max_num_queries(14):
            response = client.get(reverse("moderation:response_list"))
        html = response.content.decode()
        assert response.status_code == 200
        assert html.count('data-mark="overdue"') == 1
        assert html.count('data-mark="due-today"') == 1
        assert html.index(f"Comment {overdue.pk}<") < html.index(f"Comment {today.pk}<")
        response = client.get(reverse("moderation:response_list"), {"tab": "overdue"})
        assert f"Comment {overdue.pk}<" in response.content.decode()
        assert f"Comment {today.pk}<" not in response.content.decode()


def test_the_list_shows_only_designated_sites(client, site, other_moderator):
    question(site)
    sign_in(client, other_moderator)
    response = client.get(reverse("moderation:response_list"))
    assert "Nothing here." in response.content.decode()


# --- the reply page ------------------------------------------------------------------------------
def test_a_reply_with_a_staff_phone_is_refused_then_sent(client, site, moderator):
    directory()
    comment = question(site)
    sign_in(client, moderator)
    response = client.get(reply_url(comment))
    assert response.status_code == 200 and "Target: answer by" in response.content.decode()

    response = client.post(
        reply_url(comment),
        {"text": f"Please call Dana on {STAFF_PHONE}.", "action": "send"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Personal information in the reply" in html and STAFF_PHONE in html
    # A first name alone is not matched: only a directory entry's full name is.
    assert "Names a member of staff" not in html
    assert not CommentReply.objects.exists()
    [refused] = AuditEvent.objects.filter(verb=AuditVerb.REPLY_REFUSED)
    assert refused.data["kinds"] == ["phone"] and refused.actor == moderator
    assert "0147" not in str(refused.data)  # the refused text is not kept, even in the log

    response = client.post(
        reply_url(comment),
        {"text": f"A crew is booked. Public Works: {PUBLIC_LINE}.", "action": "send"},
    )
    assert response.status_code == 302
    reply = CommentReply.objects.get()
    assert reply.state == "sent"
    assert PlatformAction.objects.get(kind="reply_comment").reply_text == reply.text
    assert AuditEvent.objects.filter(verb=AuditVerb.REPLY_SENT).count() == 1
    page = client.get(reply_url(comment)).content.decode()
    assert "Sent" in page and "A crew is booked." in page
    assert "was refused for personal information (phone)" in page


def test_a_draft_then_an_exception_then_sending(client, site, moderator, supervisor):
    directory()
    comment = question(site)
    sign_in(client, moderator)
    client.post(reply_url(comment), {"text": "We are on it.", "action": "save"})
    draft = CommentReply.objects.get()
    assert draft.state == "draft"
    text = "Dana Whitfield will phone you on Monday."
    response = client.post(
        reply_url(comment),
        {"text": text, "reply": draft.pk, "action": "exception", "exception_reason": "Asked."},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.state == "awaiting_exception"

    client.logout()
    sign_in(client, supervisor)
    page = client.get(reply_url(comment)).content.decode()
    assert "Approve the exception" in page
    url = reverse("moderation:reply_exception_approve", kwargs={"pk": draft.pk})
    assert client.get(url).status_code == 405
    client.post(url, {"reason": "Known to the resident."})
    draft.refresh_from_db()
    assert draft.exception_approved_by == supervisor

    client.logout()
    sign_in(client, moderator)
    page = client.get(reply_url(comment)).content.decode()
    assert "approved an exception for this text" in page and 'id="reply-findings"' not in page
    client.post(reply_url(comment), {"text": text, "reply": draft.pk, "action": "send"})
    draft.refresh_from_db()
    assert draft.state == "sent"


def test_a_saved_reply_fills_the_form(client, site, moderator, supervisor):
    saved = saved_reply_save(
        actor=supervisor, topic="streets", title="Pothole booked", text="A crew is booked."
    )
    comment = question(site)
    sign_in(client, moderator)
    page = client.get(reply_url(comment), {"saved": saved.pk}).content.decode()
    assert "Pothole booked" in page and "A crew is booked.</textarea>" in page
    client.post(
        reply_url(comment), {"text": "A crew is booked.", "saved_reply": saved.pk, "action": "send"}
    )
    assert CommentReply.objects.get().saved_reply == saved


def test_the_comment_text_is_escaped(client, site, moderator):
    comment = question(site, "<script>alert(1)</script> when is trash pickup?")
    sign_in(client, moderator)
    html = client.get(reply_url(comment)).content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html


def test_dismissing_takes_it_off_the_list(client, site, moderator):
    comment = question(site)
    sign_in(client, moderator)
    url = reverse("moderation:response_dismiss", kwargs={"pk": comment.pk})
    assert client.get(url).status_code == 405
    client.post(url, {"reason": "A neighbour answered it."})
    assert ResponseNeed.objects.get().state == "dismissed"


def test_others_cannot_reply(client, site, other_moderator, clerk):
    comment = question(site)
    sign_in(client, other_moderator)
    assert client.post(reply_url(comment), {"text": "Hi", "action": "send"}).status_code == 404
    client.logout()
    sign_in(client, clerk)
    assert client.post(reply_url(comment), {"text": "Hi", "action": "send"}).status_code == 403
    assert not CommentReply.objects.exists()


# --- managed lists -------------------------------------------------------------------------------
def test_supervisors_keep_saved_replies(client, supervisor, moderator):
    directory()
    sign_in(client, supervisor)
    url = reverse("moderation:saved_reply_list")
    response = client.post(
        url,
        {"topic": "trash", "title": "Missed pickup", "text": f"Call {STAFF_PHONE}", "active": "on"},
    )
    assert response.status_code == 400 and not SavedReply.objects.exists()
    client.post(
        url,
        {"topic": "trash", "title": "Missed pickup", "text": "We told the hauler.", "active": "on"},
    )
    saved = SavedReply.objects.get()
    edit = reverse("moderation:saved_reply_edit", kwargs={"pk": saved.pk})
    client.post(edit, {"topic": "trash", "title": "Missed pickup", "text": "Hauler told."})
    saved.refresh_from_db()
    assert saved.text == "Hauler told." and saved.active is False
    assert AuditEvent.objects.filter(verb=AuditVerb.SAVED_REPLY_SAVED).count() == 2
    client.logout()
    sign_in(client, moderator)
    assert client.get(url).status_code == 403


def test_supervisors_keep_the_staff_directory(client, supervisor):
    sign_in(client, supervisor)
    url = reverse("moderation:staff_directory")
    client.post(url, {"name": "Lee Ortiz", "public_title": "Associate Planner", "active": "on"})
    entry = StaffDirectoryEntry.objects.get()
    edit = reverse("moderation:staff_directory_edit", kwargs={"pk": entry.pk})
    client.post(edit, {"name": "Lee Ortiz", "public_title": "Senior Planner", "active": "on"})
    entry.refresh_from_db()
    assert entry.public_title == "Senior Planner"
    assert "Senior Planner" in client.get(url).content.decode()


# --- a platform report ---------------------------------------------------------------------------
def test_a_platform_report_from_the_comment_page(client, site, moderator):
    comment = flagged_comment(site, "I will hurt you", category="threat", word="hurt")
    decision = comment_decide(
        comment=comment,
        actor=moderator,
        action="remove",
        categories=["threat"],
        rationale="Threat.",
    )
    sign_in(client, moderator)
    page = client.get(reverse("moderation:comment_detail", kwargs={"pk": comment.pk}))
    assert "Record a report to the platform" in page.content.decode()
    url = reverse("moderation:platform_report_add", kwargs={"pk": decision.pk})
    when = (timezone.localtime() - timedelta(minutes=10)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(url, {"reported_at": when, "platform_reference": "FB-4471"})
    assert response.status_code == 302
    report = PlatformReport.objects.get()
    assert report.reported_by == moderator and report.platform_reference == "FB-4471"
    page = client.get(reverse("moderation:comment_detail", kwargs={"pk": comment.pk}))
    assert "FB-4471" in page.content.decode()
    client.post(url, {"reported_at": "not a date"})
    assert PlatformReport.objects.count() == 1


# --- posting requests ----------------------------------------------------------------------------
def test_a_business_request_is_logged_and_declined(client, moderator, supervisor, clerk):
    sign_in(client, moderator)
    url = reverse("moderation:posting_request_list")
    response = client.post(
        url,
        {
            "requester_type": "business",
            "requester_name": "Beach Blvd Pizza",
            "content": "Two for one on Tuesdays!",
            "received_on": "2026-11-30",
        },
    )
    row = PostingRequest.objects.get()
    assert response.status_code == 302
    detail = reverse("moderation:posting_request_detail", kwargs={"pk": row.pk})
    page = client.get(detail).content.decode()
    assert "Decline: the City" in page
    assert client.post(detail, {"decision": "decline"}).status_code == 405  # not a decider

    client.logout()
    sign_in(client, supervisor)
    response = client.post(detail, {"decision": "post", "reason": "Why not", "reply_text": "Sure"})
    assert response.status_code == 400
    assert "does not let the City post" in response.content.decode()
    client.post(
        detail,
        {
            "decision": "decline",
            "reason": "Outside business.",
            "reply_text": "The City's pages carry City information only.",
        },
    )
    row.refresh_from_db()
    assert row.decision == "decline" and row.decided_by == supervisor

    client.logout()
    sign_in(client, clerk)
    assert "Beach Blvd Pizza" in client.get(url).content.decode()
    assert client.post(url, {"requester_type": "business"}).status_code == 405


def test_posting_requests_are_not_for_people_without_a_role(client, outsider, supervisor):
    row = posting_request_log(
        actor=supervisor,
        requester_type="individual",
        requester_name="A resident",
        content="My lost cat",
        received_on=date(2026, 11, 30),
    )
    sign_in(client, outsider)
    detail = reverse("moderation:posting_request_detail", kwargs={"pk": row.pk})
    assert client.get(detail).status_code == 403


def test_the_all_comments_search_finds_a_comment_by_the_citys_reply(client, site, moderator):
    from moderation.responses.services import reply_send

    comment = question(site)
    question(site, "when does the pool open")
    reply_send(comment=comment, actor=moderator, text="The asphalt crew comes on Thursday.")
    sign_in(client, moderator)
    response = client.get(reverse("moderation:comment_list"), {"q": "asphalt"})
    html = response.content.decode()
    assert f"Comment {comment.pk}<" in html and "when does the pool open" not in html
