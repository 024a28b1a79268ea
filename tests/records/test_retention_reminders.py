"""retention_report (reports, never deletes, respects holds) and deadline reminders."""

import json
from datetime import date, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from moderation.models import Comment
from records import services
from records.models import DeadlineReminder
from records.tasks import send_deadline_reminders
from tests.factories import CommentFactory, PublicAccountFactory


@pytest.fixture
def old_and_new(site, other_site):
    long_ago = timezone.now() - timedelta(days=3 * 365)
    held_account = PublicAccountFactory(handle="litigant")
    return {
        "old": CommentFactory(site=site, posted_at=long_ago, body="An old comment"),
        "old_held_site": CommentFactory(site=other_site, posted_at=long_ago, body="held by site"),
        "old_held_account": CommentFactory(
            site=site, posted_at=long_ago, account=held_account, body="held by account"
        ),
        "new": CommentFactory(site=site, body="A new comment"),
        "held_account": held_account,
    }


def _report(capsys, *args):
    call_command("retention_report", "--json", *args)
    return json.loads(capsys.readouterr().out)


def test_report_lists_old_unheld_content_and_deletes_nothing(
    capsys, clerk, old_and_new, other_site
):
    before = Comment.objects.count()
    report = _report(capsys)
    ids = set(report["kinds"]["comments"]["ids"])
    assert old_and_new["old"].pk in ids and old_and_new["new"].pk not in ids
    assert old_and_new["old_held_site"].pk in ids
    services.hold_place(actor=clerk, reason="Litigation", site=other_site)
    services.hold_place(actor=clerk, reason="Claim", account=old_and_new["held_account"])
    ids = set(_report(capsys)["kinds"]["comments"]["ids"])
    assert ids == {old_and_new["old"].pk}
    assert Comment.objects.count() == before
    call_command("retention_report", "--years", "5")
    assert "comments: 0" in capsys.readouterr().out


def test_released_hold_no_longer_protects(capsys, clerk, old_and_new, other_site):
    hold = services.hold_place(actor=clerk, reason="Litigation", site=other_site)
    assert old_and_new["old_held_site"].pk not in _report(capsys)["kinds"]["comments"]["ids"]
    services.hold_release(actor=clerk, hold=hold, reason="Settled")
    assert old_and_new["old_held_site"].pk in _report(capsys)["kinds"]["comments"]["ids"]


@time_machine.travel(date(2025, 3, 12), tick=False)
def test_reminders_are_sent_once_a_day(clerk, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    due_soon = services.request_create(
        actor=clerk,
        received_on=date(2025, 3, 3),
        description="soon",
        channel="email",
        assignee=clerk,
    )
    overdue = services.request_create(
        actor=clerk,
        received_on=date(2025, 2, 10),
        description="late",
        channel="email",
        assignee=clerk,
    )
    services.request_create(
        actor=clerk,
        received_on=date(2025, 3, 11),
        description="fresh",
        channel="email",
        assignee=clerk,
    )
    assert send_deadline_reminders.apply().get() == 2
    subjects = sorted(m.subject for m in mail.outbox)
    assert any(due_soon.number in s and "due" in s for s in subjects)
    assert any(overdue.number in s and "OVERDUE" in s for s in subjects)
    assert send_deadline_reminders.apply().get() == 0  # same day: nothing more
    assert len(mail.outbox) == 2
    assert DeadlineReminder.objects.count() == 2
    with time_machine.travel(date(2025, 3, 13), tick=False):
        assert send_deadline_reminders.apply().get() == 2


@pytest.mark.parametrize("years", ["1", "0", "-3"])
def test_report_refuses_a_period_shorter_than_two_years(years):
    with pytest.raises(CommandError, match="at least 2: Gov. Code 34090"):
        call_command("retention_report", "--years", years)
