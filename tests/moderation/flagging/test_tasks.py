"""The classification task: one per batch, flags with evidence, idempotent, never hides or
removes anything; eagerly here, and once through a real Celery worker against Redis."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audit.events import AuditVerb
from audit.models import AuditEvent
from moderation.auditlog.services import audit_chain_verify
from moderation.flagging.tasks import classify_comments
from moderation.models import (
    Comment,
    CommentRevision,
    Flag,
    FlagRule,
    FlagSource,
    PlatformState,
    QueueState,
)
from moderation.rules.services import flag_rule_set_active, flag_rule_update
from outbox.services import task_enqueue
from tests.moderation.flagging.support import (
    account_make,
    comment_make,
    default_rules_ensure,
    result,
)

TASK = "moderation.flagging.classify_comments"
DEADLINE_SECONDS = 60


@pytest.fixture
def rules(db):
    return default_rules_ensure()


def test_the_task_is_registered_under_the_name_ingestion_uses():
    from stanton.celery import app

    app.loader.import_default_modules()
    assert TASK in app.tasks
    assert classify_comments.name == TASK


def test_enqueued_batch_flags_comments_with_evidence(
    rules, site, django_capture_on_commit_callbacks
):
    threat = comment_make(site=site, body="Watch your back, councilman. I know where you live.")
    benign = comment_make(site=site, body="The council is wrong about the budget, again.")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        task_enqueue(TASK, comment_ids=[threat.pk, benign.pk])

    flag = Flag.objects.get(comment=threat)
    assert flag.source == FlagSource.RULE
    assert flag.category.code == "threat"
    assert flag.rule.name == "Veiled threats"
    assert flag.detector == "pattern"
    assert flag.status == Flag.Status.OPEN
    assert [s["text"] for s in flag.evidence["spans"]] == [
        "Watch your back",
        "I know where you live",
    ]
    assert "Veiled threats" in flag.evidence["explanation"]
    threat.refresh_from_db()
    assert threat.queue_state == QueueState.OPEN
    assert threat.platform_state == PlatformState.VISIBLE  # flags route; they never hide
    assert not Flag.objects.filter(comment=benign).exists()
    benign.refresh_from_db()
    assert benign.queue_state == QueueState.NONE
    event = AuditEvent.objects.get(verb=AuditVerb.FLAGS_RAISED)
    assert event.target_id == str(threat.pk) and event.site_id == site.pk
    assert event.data["flags"][0]["category"] == "threat"


def test_running_twice_adds_no_duplicate_flag(rules, site):
    comment = comment_make(site=site, body="This is bullshit. Vote no on Measure B!")
    first = classify_comments(comment_ids=[comment.pk])
    flags = Flag.objects.filter(comment=comment)
    assert first == result(classified=1, flags=flags.count())
    assert set(flags.values_list("category__code", flat=True)) == {
        "political_campaign",
        "profanity",
    }
    second = classify_comments(comment_ids=[comment.pk])
    assert second == result(classified=1, flags=0)
    assert flags.count() == first["flags"]
    assert AuditEvent.objects.filter(verb=AuditVerb.FLAGS_RAISED).count() == 1


def test_loads_the_batch_in_a_constant_number_of_queries(
    rules, site, django_assert_max_num_queries
):
    account = account_make()
    small = [
        comment_make(site=site, body=f"Thanks for fixing street {i}", account=account)
        for i in range(2)
    ]
    large = [
        comment_make(site=site, body=f"Great job on park {i}", account=account_make())
        for i in range(12)
    ]
    # Nothing to flag: rules (2 queries), the comments (1), the repetition context (1), the
    # learned models in use (1; their weights are read once per process).
    with django_assert_max_num_queries(5):
        classify_comments(comment_ids=[c.pk for c in small])
    with django_assert_max_num_queries(5):
        classify_comments(comment_ids=[c.pk for c in large])


def _flagged_batch(site, n: int) -> list[Comment]:
    return [
        comment_make(site=site, body=f"Watch your back, neighbour {i}. I know where you live.")
        for i in range(n)
    ]


def test_a_batch_writes_its_flags_in_a_number_of_queries_that_does_not_grow(
    rules, site, django_assert_num_queries
):
    """Every comment flagged: the flags, their history, the queue places, the comments'
    history and one audit event per comment are written together, so 3 comments and 15 take
    the same number of queries."""
    small, large = _flagged_batch(site, 3), _flagged_batch(site, 15)
    with CaptureQueriesContext(connection) as first:
        outcome = classify_comments(comment_ids=[c.pk for c in small])
    assert outcome == result(classified=3, flags=3)
    with django_assert_num_queries(len(first.captured_queries)):
        assert classify_comments(comment_ids=[c.pk for c in large]) == result(
            classified=15, flags=15
        )
    # Still one flag, one queue place, one history row and one audit event per comment.
    for comment in small + large:
        flag = Flag.objects.get(comment=comment)
        assert flag.category.code == "threat" and flag.rule.name == "Veiled threats"
        assert Flag.history.filter(id=flag.pk, history_type="+").count() == 1
        comment.refresh_from_db()
        assert comment.queue_state == QueueState.OPEN
        assert comment.queue_categories == ",threat,"
        assert comment.flagged_at == flag.created_at
        assert comment.history.filter(history_type="~").first().queue_state == QueueState.OPEN
        event = AuditEvent.objects.get(verb=AuditVerb.FLAGS_RAISED, target_id=str(comment.pk))
        assert event.data["flags"] == [
            {"id": flag.pk, "category": "threat", "detector": flag.detector, "score": flag.score}
        ]
    # The events were appended to the chain together, and the chain still verifies.
    assert audit_chain_verify(actor=None).data["intact"] is True


def test_repetition_uses_the_accounts_comments_in_the_window(rules, site):
    account = account_make()
    now = timezone.now()
    text = "Everyone must come to the meeting and demand answers about the sewer fees!!"
    old = comment_make(site=site, body=text, account=account, posted_at=now - timedelta(days=3))
    a = comment_make(site=site, body=text, account=account, posted_at=now - timedelta(hours=2))
    b = comment_make(
        site=site, body=text + " Please!", account=account, posted_at=now - timedelta(hours=1)
    )
    other_account = comment_make(site=site, body=text)  # another person saying the same thing
    classify_comments(comment_ids=[a.pk, other_account.pk])
    assert not Flag.objects.exists()  # two from this account within 24 hours: not yet
    c = comment_make(site=site, body=text, account=account, posted_at=now)
    classify_comments(comment_ids=[c.pk, old.pk, other_account.pk])
    flag = Flag.objects.get()
    assert (flag.comment, flag.category.code, flag.sub_reason) == (c, "off_topic", "repetitive")
    # a and b are in c's window; the 3-day-old one and the other account's are not.
    assert "3 near-identical comments" in flag.evidence["explanation"]
    assert not Flag.objects.filter(comment__in=[a, b, old]).exists()


def test_brown_act_flag_needs_a_legislative_body_member(rules, site):
    text = "Agree with my council colleagues, we should vote yes on agenda item 7."
    member = comment_make(site=site, body=text, account=account_make(legislative=True))
    resident = comment_make(site=site, body=text)
    classify_comments(comment_ids=[member.pk, resident.pk])
    assert list(Flag.objects.values_list("comment_id", "category__code")) == [
        (member.pk, "brown_act")
    ]


def test_an_inactive_or_other_site_rule_is_not_applied(rules, site, other_site, supervisor):
    profanity = FlagRule.objects.get(name="Profanity word list")
    flag_rule_set_active(actor=supervisor, rule=profanity, active=False)
    campaign = FlagRule.objects.get(name="Campaign advocacy phrases")
    flag_rule_update(actor=supervisor, rule=campaign, sites=[other_site])
    # The general "Re-elect …" shape (0008) would catch it too; scope it the same way.
    general = FlagRule.objects.get(name="Re-elect or do not vote for a named person")
    flag_rule_update(actor=supervisor, rule=general, sites=[other_site])
    comment = comment_make(site=site, body="This is bullshit. Re-elect Dana Whitfield!")
    assert classify_comments(comment_ids=[comment.pk]) == result(classified=1, flags=0)
    there = comment_make(site=other_site, body="Re-elect Dana Whitfield!")
    assert classify_comments(comment_ids=[there.pk])["flags"] == 1


def test_deleted_and_missing_comments_are_skipped(rules, site):
    comment = comment_make(site=site, body="fuck this")
    Comment.objects.filter(pk=comment.pk).update(platform_state=PlatformState.DELETED)
    assert classify_comments(comment_ids=[comment.pk, 999_999]) == result(classified=0, flags=0)


def test_an_edit_is_classified_afresh(rules, site):
    comment = comment_make(site=site, body="Thanks for the update")
    classify_comments(comment_ids=[comment.pk])
    assert not Flag.objects.exists()
    # An edit as ingestion writes it: the revision, then the comment's new text.
    CommentRevision.objects.create(
        comment=comment, number=2, body="Thanks for nothing, assholes", content_hash="edited"
    )
    comment.body = "Thanks for nothing, assholes"
    comment.content_hash = "edited"
    comment.save()
    classify_comments(comment_ids=[comment.pk])
    assert Flag.objects.get().category.code == "profanity"


@pytest.mark.worker
def test_classification_through_a_real_worker(celery_worker, transactional_db, site):
    default_rules_ensure()
    with transaction.atomic():
        comment = comment_make(site=site, body="I'm going to kill you, councilman")
        task_enqueue(TASK, comment_ids=[comment.pk])

    deadline = time.monotonic() + DEADLINE_SECONDS
    while time.monotonic() < deadline and not Flag.objects.filter(comment=comment).exists():
        time.sleep(0.1)  # polling a real worker, not waiting for time to pass in the code
    flag = Flag.objects.get(comment=comment)
    assert flag.category.code == "threat"
    assert flag.evidence["spans"][0]["text"] == "I'm going to kill you"
    assert celery_worker.poll() is None
