"""Changes to one comment are ordered by the platform's own time: an old signed body sent again
after a newer one, or an API batch carrying an older text or state, is recorded (raw payload
kept) but not applied (issue 9, item 9)."""

from __future__ import annotations

import copy
from datetime import UTC, datetime

import pytest

from audit.models import AuditEvent
from moderation.ingest.services import comments_ingest_batch
from moderation.models import Comment, CommentRevision, PlatformState, Site
from tests.fixtures.ingest import load
from tests.moderation.ingest.support import (
    COMMENT_ID,
    PAGE_ID,
    SECRET,
    T0,
    T1,
    T2,
    T3,
    deliver,
    fb_change,
)

pytestmark = pytest.mark.django_db

FIRST = "When does the Stanton Park splash pad open?"
OLDER_EDIT = "When does the Stanton Park splash pad open? And the hours?"
NEWER_EDIT = "When does the Stanton Park splash pad open? And the hours? Thanks!"


@pytest.fixture
def fb_page(site, settings):
    settings.META_APP_SECRET = SECRET
    Site.objects.filter(pk=site.pk).update(platform_page_id=PAGE_ID)
    return site


def revisions(comment):
    return list(comment.revisions.order_by("number").values_list("body", "stale"))


# --- the webhook ------------------------------------------------------------------------------
def test_a_replayed_older_edit_does_not_revert_the_text(client, fb_page):
    deliver(client, fb_change("add", T0, FIRST))
    older = fb_change("edited", T1, OLDER_EDIT)
    deliver(client, older)
    deliver(client, fb_change("edited", T2, NEWER_EDIT))

    answer = deliver(client, older)  # the same signed body, sent again

    [result] = answer["sites"][0]["results"]
    assert result["status"] == "unchanged" and result["stale"] == ["body"]
    comment = Comment.objects.get(external_id=COMMENT_ID)
    assert comment.body == NEWER_EDIT
    assert comment.body_reported_at == datetime.fromtimestamp(T2, UTC)
    # The text was known already (revision 2): no duplicate, and the replay is on record.
    assert revisions(comment) == [(FIRST, False), (OLDER_EDIT, False), (NEWER_EDIT, False)]
    event = AuditEvent.objects.get(verb="comment.late_report_recorded")
    assert event.target_id == str(comment.pk)
    assert event.data["source"] == "webhook"
    assert "revision" not in event.data["stale"]["body"]  # no stale copy of a known text
    assert event.data["raw"]["change"]["value"]["message"] == OLDER_EDIT
    assert event.data["raw"]["entry_time"] == T1
    summary = AuditEvent.objects.filter(verb="comments.ingested").order_by("-seq").first()
    assert summary.data["stale"] == [comment.pk]


def test_an_edit_that_arrives_late_is_kept_as_a_stale_revision(client, fb_page):
    deliver(client, fb_change("add", T0, FIRST))
    deliver(client, fb_change("edited", T2, NEWER_EDIT))

    deliver(client, fb_change("edited", T1, OLDER_EDIT))  # delayed: never seen before

    comment = Comment.objects.get(external_id=COMMENT_ID)
    assert comment.body == NEWER_EDIT
    assert revisions(comment) == [(FIRST, False), (NEWER_EDIT, False), (OLDER_EDIT, True)]
    late = comment.revisions.get(stale=True)
    assert late.reported_at == datetime.fromtimestamp(T1, UTC)
    assert late.raw_payload["change"]["value"]["message"] == OLDER_EDIT
    event = AuditEvent.objects.get(verb="comment.late_report_recorded")
    assert event.data["stale"]["body"]["revision"] == late.number


def test_an_old_hide_after_a_newer_unhide_does_not_win(client, fb_page):
    deliver(client, fb_change("add", T0, FIRST))
    hide = fb_change("hide", T1)
    deliver(client, hide)
    deliver(client, fb_change("unhide", T2))

    answer = deliver(client, hide)

    assert answer["sites"][0]["results"][0]["stale"] == ["platform_state"]
    comment = Comment.objects.get(external_id=COMMENT_ID)
    assert comment.platform_state == comment.platform_reported_state == PlatformState.VISIBLE
    assert comment.platform_reported_at == datetime.fromtimestamp(T2, UTC)
    event = AuditEvent.objects.get(verb="comment.late_report_recorded")
    assert event.data["stale"]["platform_state"]["reported"] == "hidden"
    assert event.data["stale"]["platform_state"]["held"] == "visible"
    assert event.data["raw"]["change"]["value"]["verb"] == "hide"


def test_a_later_report_of_the_same_state_moves_the_time_on(client, fb_page):
    """hidden at T1, hidden again at T3: an unhide dated T2 is older than what we hold."""
    deliver(client, fb_change("add", T0, FIRST))
    deliver(client, fb_change("hide", T1))
    deliver(client, fb_change("hide", T3))
    deliver(client, fb_change("unhide", T2))
    comment = Comment.objects.get(external_id=COMMENT_ID)
    assert comment.platform_state == PlatformState.HIDDEN
    assert comment.platform_reported_at == datetime.fromtimestamp(T3, UTC)


def test_a_retried_delivery_is_still_unchanged_and_writes_nothing(client, fb_page):
    deliver(client, fb_change("add", T0, FIRST))
    edit = fb_change("edited", T1, OLDER_EDIT)
    deliver(client, edit)
    before = AuditEvent.objects.count(), CommentRevision.objects.count()
    answer = deliver(client, edit)
    assert answer["sites"][0]["results"][0]["status"] == "unchanged"
    assert "stale" not in answer["sites"][0]["results"][0]
    assert (AuditEvent.objects.count(), CommentRevision.objects.count()) == before


# --- the API ----------------------------------------------------------------------------------
@pytest.fixture
def item():
    return copy.deepcopy(load("api_batch.json")["comments"][0])


def ingest(site, items):
    return comments_ingest_batch(site=site, items=items, source="api")


def test_the_api_orders_edits_by_edited_at(site, item):
    ingest(site, [item])
    ingest(site, [{**item, "body": NEWER_EDIT, "edited_at": "2026-03-02T10:00:00Z"}])

    [late] = ingest(
        site, [{**item, "body": OLDER_EDIT, "edited_at": "2026-03-02T09:00:00Z"}]
    ).results
    [original] = ingest(site, [item]).results  # the first text, dated by its posted_at

    comment = Comment.objects.get(site=site, external_id=item["external_id"])
    assert comment.body == NEWER_EDIT
    assert (late.status, late.stale) == ("unchanged", ["body"])
    assert (original.status, original.stale) == ("unchanged", ["body"])
    assert revisions(comment) == [(item["body"], False), (NEWER_EDIT, False), (OLDER_EDIT, True)]
    assert AuditEvent.objects.filter(verb="comment.late_report_recorded").count() == 2


def test_an_api_item_without_edited_at_still_edits_a_comment_it_created(site, item):
    """posted_at dates the text when no edit time is sent: equal is not older."""
    ingest(site, [item])
    [outcome] = ingest(site, [{**item, "body": NEWER_EDIT}]).results
    assert outcome.status == "revised" and outcome.changes == ["body"]
    assert Comment.objects.get(external_id=item["external_id"]).body == NEWER_EDIT


def test_the_api_orders_state_reports_too(site, item):
    ingest(site, [item])
    ingest(site, [{**item, "platform_state": "hidden", "edited_at": "2026-03-02T10:00:00Z"}])
    [outcome] = ingest(site, [{**item, "platform_state": "visible"}]).results  # posted_at only
    comment = Comment.objects.get(external_id=item["external_id"])
    assert comment.platform_state == PlatformState.HIDDEN
    assert comment.platform_reported_state == PlatformState.HIDDEN
    assert outcome.stale == ["platform_state"]
