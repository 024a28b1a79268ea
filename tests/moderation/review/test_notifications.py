"""The person whose decision was reviewed is told: a retained notification on their home page,
linking to the comment, read/unread through a service with an audit event."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.events import AuditVerb
from audit.models import AuditEvent
from audit.retention import RetainedRecordError
from moderation.models import ReviewNotification
from moderation.review.services import decision_review, review_notification_read
from stanton.errors import ActionRefused
from tests.conftest import sign_in
from tests.moderation.bans.scene import decided_comment

pytestmark = pytest.mark.django_db


def test_the_review_is_told_to_the_decisions_maker(moderator, supervisor, site):
    _c, upheld = decided_comment(site, moderator, action="remove")
    comment, overturned = decided_comment(site, moderator, action="hide")
    decision_review(decision=upheld, actor=supervisor, outcome="upheld", note="Right.")
    decision_review(decision=overturned, actor=supervisor, outcome="overturned", note="No.")
    first, second = ReviewNotification.objects.order_by("id")
    assert (first.recipient, first.decision, first.outcome) == (moderator, upheld, "upheld")
    assert (second.recipient, second.decision, second.outcome) == (
        moderator,
        overturned,
        "overturned",
    )
    assert second.reviewer == supervisor and second.note == "No." and second.read_at is None
    assert "restored" in second.consequence
    event = AuditEvent.objects.get(verb=AuditVerb.DECISION_OVERTURNED)
    assert event.data["notification_id"] == second.pk
    with pytest.raises(RetainedRecordError):
        second.delete()


def test_the_notification_appears_on_the_moderators_home_page(client, moderator, supervisor, site):
    comment, decision = decided_comment(site, moderator, action="remove", body="<b>bold</b>")
    decision_review(decision=decision, actor=supervisor, outcome="overturned", note="<i>No</i>.")
    notification = ReviewNotification.objects.get()
    sign_in(client, moderator)
    html = client.get(reverse("home")).content.decode()
    assert "Reviews of your decisions (1 unread)" in html
    assert f"Your remove (decision #{decision.pk}) was overturned" in html
    assert f'href="{reverse("moderation:comment_detail", args=[comment.pk])}"' in html
    assert "&lt;i&gt;No&lt;/i&gt;." in html and "<i>No</i>" not in html
    read_url = reverse("moderation:review_notification_read", args=[notification.pk])
    assert f'action="{read_url}"' in html

    # Not on anyone else's home page.
    sign_in(client, supervisor)
    assert "Reviews of your decisions" not in client.get(reverse("home")).content.decode()


def test_marking_read_is_a_service_with_an_audit_event(client, moderator, supervisor, site):
    comment, decision = decided_comment(site, moderator, action="remove")
    decision_review(decision=decision, actor=supervisor, outcome="upheld", note="")
    notification = ReviewNotification.objects.get()
    url = reverse("moderation:review_notification_read", args=[notification.pk])

    sign_in(client, supervisor)  # not theirs
    assert client.post(url).status_code == 404
    with pytest.raises(ActionRefused):
        review_notification_read(notification=notification, actor=supervisor)

    sign_in(client, moderator)
    assert client.get(url).status_code == 405
    response = client.post(url, {"next": reverse("home")})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    notification.refresh_from_db()
    assert notification.read_at is not None
    event = AuditEvent.objects.get(verb=AuditVerb.REVIEW_NOTIFICATION_READ)
    assert event.actor == moderator and event.target_id == str(notification.pk)
    assert event.data["comment_id"] == comment.pk
    latest = notification.history.order_by("-history_id").first()
    assert latest.read_at is not None and latest.history_user == moderator

    # Read again: nothing changes, no second event; off the home page, kept on the list.
    client.post(url)
    assert AuditEvent.objects.filter(verb=AuditVerb.REVIEW_NOTIFICATION_READ).count() == 1
    assert "Reviews of your decisions" not in client.get(reverse("home")).content.decode()
    html = client.get(reverse("moderation:review_notifications")).content.decode()
    assert f"decision #{decision.pk}" in html and "Read " in html


def test_an_offsite_next_is_not_followed(client, moderator, supervisor, site):
    _c, decision = decided_comment(site, moderator, action="remove")
    decision_review(decision=decision, actor=supervisor, outcome="upheld", note="")
    notification = ReviewNotification.objects.get()
    sign_in(client, moderator)
    response = client.post(
        reverse("moderation:review_notification_read", args=[notification.pk]),
        {"next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("moderation:review_notifications")


@pytest.mark.parametrize("size", [3, 15])
def test_home_and_the_list_keep_a_constant_number_of_queries(
    client, moderator, supervisor, site, django_assert_max_num_queries, size
):
    for _ in range(size):
        _c, decision = decided_comment(site, moderator, action="remove")
        decision_review(decision=decision, actor=supervisor, outcome="upheld", note="Fine.")
    sign_in(client, moderator)
    with django_assert_max_num_queries(16):
        html = client.get(reverse("home")).content.decode()
    assert html.count("data-review-notification=") == min(size, 10)
    with django_assert_max_num_queries(10):
        html = client.get(reverse("moderation:review_notifications")).content.decode()
    assert html.count("data-review-notification=") == size
