"""`seed_demo` shows answering the public: an overdue question, a reply refused for a staff
phone number and then sent, a declined business posting request; once, however often run."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import timezone

from audit.events import AuditVerb
from audit.models import AuditEvent
from moderation.demo.responses import ANSWERED_ID, OVERDUE_ID
from moderation.models import (
    CommentReply,
    PlatformAction,
    PlatformReport,
    PostingRequest,
    ResponseNeed,
    SavedReply,
    StaffDirectoryEntry,
)
from moderation.responses.selectors import due_marks

pytestmark = pytest.mark.django_db


def counts():
    return (
        ResponseNeed.objects.count(),
        CommentReply.objects.count(),
        PlatformAction.objects.filter(kind="reply_comment").count(),
        PostingRequest.objects.count(),
        SavedReply.objects.count(),
        StaffDirectoryEntry.objects.count(),
        PlatformReport.objects.count(),
        AuditEvent.objects.filter(verb=AuditVerb.REPLY_REFUSED).count(),
    )


def test_seed_demo_shows_the_responses_once(capsys):
    call_command("seed_demo")
    first = counts()
    call_command("seed_demo")
    assert counts() == first

    overdue = ResponseNeed.objects.get(comment__external_id=OVERDUE_ID)
    assert overdue.state == "open" and due_marks(overdue, timezone.localdate())["overdue"]

    answered = ResponseNeed.objects.get(comment__external_id=ANSWERED_ID)
    assert answered.state == "answered"
    [reply] = CommentReply.objects.filter(comment=answered.comment)
    assert reply.state == "sent" and "555-0183" not in reply.text
    [refused] = AuditEvent.objects.filter(
        verb=AuditVerb.REPLY_REFUSED, target_id=str(answered.comment_id)
    )
    assert "phone" in refused.data["kinds"]
    assert reply.platform_action.reply_text == reply.text

    [posting] = PostingRequest.objects.filter(requester_type="business")
    assert posting.decision == "decline" and posting.reply_text
    [report] = PlatformReport.objects.all()
    assert report.decision.action == "remove" and report.platform_reference

    call_command("verify_audit_log")
    assert "Audit chain intact" in capsys.readouterr().out
