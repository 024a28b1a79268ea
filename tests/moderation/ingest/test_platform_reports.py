"""What the platform reports of a comment's state is recorded as the platform's report, beside
the City's decision, and never undoes it (issue 9, item 8). An absent `platform_state` is no
report at all."""

from __future__ import annotations

import copy
import re
from datetime import UTC, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from moderation.ingest.services import comments_ingest_batch
from moderation.models import Comment, PlatformState, Site
from tests.conftest import sign_in
from tests.fixtures.ingest import load
from tests.moderation.ingest.support import (
    COMMENT_ID,
    PAGE_ID,
    SECRET,
    T0,
    T1,
    T2,
    city_decides,
    deliver,
    fb_change,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def item():
    return copy.deepcopy(load("api_batch.json")["comments"][0])


def ingest(site, items, source="api"):
    return comments_ingest_batch(site=site, items=items, source=source)


def stored(site, item) -> Comment:
    return Comment.objects.get(site=site, external_id=item["external_id"])


@pytest.fixture
def fb_page(site, settings):
    """The `site` fixture (the moderator's) as the Facebook page of the webhook fixtures."""
    settings.META_APP_SECRET = SECRET
    Site.objects.filter(pk=site.pk).update(platform_page_id=PAGE_ID)
    return site


# --- an absent state is not a state -------------------------------------------------------
def test_an_api_resend_without_platform_state_does_not_undo_a_city_hide(site, moderator, item):
    ingest(site, [item])
    city_decides(stored(site, item), moderator, "hide")
    before = AuditEvent.objects.count()

    resend = {k: v for k, v in item.items() if k != "platform_state"}
    [outcome] = ingest(site, [resend]).results

    assert outcome.status == "unchanged"
    comment = stored(site, item)
    assert comment.platform_state == PlatformState.HIDDEN
    assert comment.platform_reported_state == PlatformState.VISIBLE  # as reported on arrival
    assert AuditEvent.objects.count() == before


def test_a_new_comment_without_a_state_is_visible_with_no_platform_report(site, item):
    del item["platform_state"]
    ingest(site, [item])
    comment = stored(site, item)
    assert comment.platform_state == PlatformState.VISIBLE
    assert (comment.platform_reported_state, comment.platform_reported_at) == ("", None)


def test_a_new_comment_records_the_platform_report_it_came_with(site, item):
    ingest(site, [{**item, "platform_state": "hidden"}])
    comment = stored(site, item)
    assert comment.platform_state == PlatformState.HIDDEN
    assert comment.platform_reported_state == PlatformState.HIDDEN
    assert comment.platform_reported_at == datetime(2026, 3, 2, 1, 12, 5, tzinfo=UTC)
    assert comment.platform_report_source == "api"


# --- a report that differs from the City's decision -----------------------------------------
def test_a_platform_report_is_recorded_beside_the_city_hide_and_audited(site, moderator, item):
    ingest(site, [item])
    city_decides(stored(site, item), moderator, "hide")

    later = {**item, "platform_state": "visible", "edited_at": "2026-03-02T09:00:00Z"}
    [outcome] = ingest(site, [later]).results

    assert outcome.status == "revised" and outcome.changes == ["platform_report"]
    comment = stored(site, item)
    assert comment.platform_state == PlatformState.HIDDEN  # the City's decision stands
    assert comment.platform_reported_state == PlatformState.VISIBLE
    assert comment.platform_reported_at == datetime(2026, 3, 2, 9, tzinfo=UTC)
    assert comment.platform_report_source == "api"
    event = AuditEvent.objects.filter(verb="comment.platform_reported").get()
    assert event.target_id == str(comment.pk) and event.site_id == site.pk
    assert event.data["reported_state"] == "visible" and event.data["city_state"] == "hidden"
    assert event.data["source"] == "api"


def test_a_report_that_agrees_with_the_city_is_not_a_discrepancy(site, moderator, item):
    ingest(site, [item])
    city_decides(stored(site, item), moderator, "hide")
    [outcome] = ingest(
        site, [{**item, "platform_state": "hidden", "edited_at": "2026-03-02T09:00:00Z"}]
    ).results
    assert outcome.changes == ["platform_report"]
    comment = stored(site, item)
    assert comment.platform_reported_state == comment.platform_state == PlatformState.HIDDEN
    assert not AuditEvent.objects.filter(verb="comment.platform_reported").exists()
    assert AuditEvent.objects.filter(verb="comment.updated_from_platform").count() == 1


def test_the_platform_deleting_a_city_removed_comment_does_not_rewrite_the_removal(
    site, moderator, item
):
    ingest(site, [item])
    city_decides(stored(site, item), moderator, "remove")
    ingest(site, [{**item, "platform_state": "deleted", "edited_at": "2026-03-02T09:00:00Z"}])
    comment = stored(site, item)
    assert comment.platform_state == PlatformState.REMOVED
    assert comment.platform_reported_state == PlatformState.DELETED


def test_before_any_city_decision_the_state_follows_the_platform(site, item):
    ingest(site, [item])
    [outcome] = ingest(
        site, [{**item, "platform_state": "hidden", "edited_at": "2026-03-02T09:00:00Z"}]
    ).results
    assert outcome.changes == ["platform_state"]
    comment = stored(site, item)
    assert comment.platform_state == comment.platform_reported_state == PlatformState.HIDDEN
    event = AuditEvent.objects.get(verb="comment.updated_from_platform")
    assert event.data["changes"]["platform_state"] == {"from": "visible", "to": "hidden"}


# --- the webhook ------------------------------------------------------------------------------
@pytest.mark.parametrize("verb", ["unhide", "add"])
def test_a_webhook_after_a_city_hide_is_recorded_not_applied(client, fb_page, moderator, verb):
    deliver(client, fb_change("add", T0, "Buy my gutter cleaning service"))
    comment = Comment.objects.get(external_id=COMMENT_ID)
    city_decides(comment, moderator, "hide")

    deliver(client, fb_change(verb, T2, "Buy my gutter cleaning service"))

    comment.refresh_from_db()
    assert comment.platform_state == PlatformState.HIDDEN
    assert comment.platform_reported_state == PlatformState.VISIBLE
    assert comment.platform_reported_at == datetime.fromtimestamp(T2, UTC)
    assert comment.platform_report_source == "webhook"
    assert AuditEvent.objects.filter(verb="comment.platform_reported").count() == 1


# --- what staff see ---------------------------------------------------------------------------
def test_the_comment_page_shows_both_states_until_they_agree(
    client, fb_page, moderator, supervisor
):
    deliver(client, fb_change("add", T0, "Buy my gutter cleaning service"))
    comment = Comment.objects.get(external_id=COMMENT_ID)
    city_decides(comment, moderator, "hide")
    sign_in(client, moderator)
    url = reverse("moderation:comment_detail", args=[comment.pk])
    history = reverse("moderation:comment_history", args=[comment.pk])
    # Hidden by the City; the platform has said nothing since the comment arrived.
    local = timezone.localtime(datetime.fromtimestamp(T0, UTC)).strftime("%Y-%m-%d %H:%M")
    assert "Platform reports: visible (webhook, <time" in client.get(url).content.decode()
    assert f">{local}</time>)" in client.get(url).content.decode()

    deliver(client, fb_change("unhide", T1))
    local = timezone.localtime(datetime.fromtimestamp(T1, UTC)).strftime("%Y-%m-%d %H:%M")
    page = client.get(url).content.decode()
    # The City's state (hidden, not yet confirmed on the platform) beside the platform's report.
    assert re.search(r"<dd>Hidden by the City&#x27;s decision; not confirmed[^<]*<span", page)
    assert "Platform reports: visible (webhook, <time datetime=" in page
    assert f">{local}</time>)" in page
    sign_in(client, supervisor)
    assert "Platform reports: visible (webhook," in client.get(history).content.decode()

    deliver(client, fb_change("hide", T2))
    assert "Platform reports" not in client.get(history).content.decode()
    sign_in(client, moderator)
    assert "Platform reports" not in client.get(url).content.decode()
