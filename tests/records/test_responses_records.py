"""The City's replies and the communications submitted for posting are records: found by a
records search and written into the disclosure package."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.utils import timezone

from moderation.queue.services import comment_decide
from moderation.responses.services import (
    platform_report_record,
    posting_request_decide,
    posting_request_log,
    reply_send,
)
from records import services
from records.selectors.search import SearchCriteria, comments_matching, result_counts
from tests.moderation.queue.support import flagged_comment
from tests.moderation.responses.support import question
from tests.records.scene import make_request
from tests.records.test_packages import build, members

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(site, moderator):
    comment = question(site, "When is the bulky item pickup on my street?")
    reply_send(
        comment=comment,
        actor=moderator,
        text="Bulky pickup for the north side is on the first Thursday: schedule it online.",
    )
    return comment


@pytest.fixture
def declined(supervisor, site):
    row = posting_request_log(
        actor=supervisor,
        requester_type="business",
        requester_name="Cerritos Smog Check",
        content="Smog checks $29.99 this week only",
        received_on=date(2026, 11, 20),
        site=site,
    )
    return posting_request_decide(
        posting_request=row,
        actor=supervisor,
        decision="decline",
        reason="Outside business.",
        reply_text="The City's pages carry City information only.",
    )


def test_a_comment_is_found_by_the_citys_reply(answered):
    assert set(comments_matching(SearchCriteria(keyword="first Thursday"))) == {answered}


def test_posting_requests_are_a_kind_of_record(declined):
    counts = result_counts(SearchCriteria(keyword="smog"))
    assert counts["posting_requests"] == 1
    assert result_counts(SearchCriteria(keyword="smog", kinds=("comments",)))["total"] == 0
    assert result_counts(SearchCriteria(date_from=date(2026, 11, 21)))["posting_requests"] == 0


def test_the_package_carries_replies_reports_and_posting_requests(
    clerk, site, moderator, answered, declined
):
    removed = flagged_comment(site, "I will hurt you", category="threat", word="hurt")
    decision = comment_decide(
        comment=removed,
        actor=moderator,
        action="remove",
        categories=["threat"],
        rationale="Threat.",
    )
    platform_report_record(
        decision=decision,
        actor=moderator,
        reported_at=timezone.now() - timedelta(minutes=1),
        platform_reference="FB-77",
    )
    request = make_request(clerk)
    services.request_save_criteria(
        actor=clerk,
        request=request,
        criteria=SearchCriteria(site_id=site.pk, site_slug=site.slug).to_json(),
        result_count=0,
    )
    request.refresh_from_db()
    package = build(clerk, request)
    assert package.status == "complete"
    lines = [json.loads(line) for line in members(package)["records.jsonl"].splitlines()]
    by_kind = {}
    for record in lines:
        by_kind.setdefault(record["kind"], []).append(record)
    [comment] = [r for r in by_kind["comment"] if r["id"] == answered.pk]
    [reply] = comment["city_replies"]
    assert "first Thursday" in reply["text"] and reply["sent_by"] == moderator.full_name
    [report_on] = [r for r in by_kind["comment"] if r["id"] == removed.pk]
    assert report_on["moderation_history"]["platform_reports"][0]["platform_reference"] == "FB-77"
    [posting] = by_kind["posting_request"]
    assert posting["decision"] == "decline" and posting["requester_name"] == "Cerritos Smog Check"
