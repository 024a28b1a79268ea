"""Reviewing a request's results (issue 15): whole records included or excluded one by one on
every page of results, through a service with an audit event, and left out of the package;
search across several sites, exact phrases, and the escaped "why it matched" highlight."""

from __future__ import annotations

import json
import zipfile

import pytest
from django.test import TestCase
from django.urls import reverse

from audit.events import AuditVerb
from audit.models import AuditEvent
from moderation.models import Ban, Decision
from records import services
from records.forms import criteria_from_json
from records.models import RecordExclusion
from records.selectors import highlight
from records.selectors.search import MATCHERS, SearchCriteria, keyword_terms
from stanton.errors import ActionRefused
from tests.conftest import sign_in
from tests.factories import CommentFactory, SiteFactory
from tests.records.scene import build_content, make_request


def saved_request(clerk, criteria: SearchCriteria):
    request = make_request(clerk)
    services.request_save_criteria(
        actor=clerk, request=request, criteria=criteria.to_json(), result_count=0
    )
    request.refresh_from_db()
    return request


@pytest.fixture
def many(site):
    return [CommentFactory(site=site, body=f"Budget hearing comment number {n}") for n in range(23)]


def test_records_are_excluded_and_included_again_one_by_one(clerk, site, many):
    request = saved_request(clerk, SearchCriteria(site_id=site.pk, site_slug=site.slug))
    first_page = [c.pk for c in many[:20]]
    changes = services.request_records_choose(
        actor=clerk,
        request=request,
        kind="comments",
        shown_ids=first_page,
        included_ids=[pk for pk in first_page if pk != many[3].pk],
    )
    assert changes == {"excluded": [many[3].pk], "included": []}
    event = AuditEvent.objects.get(verb=AuditVerb.RECORDS_REQUEST_RECORDS_SELECTED)
    assert event.actor == clerk and event.data["excluded"] == [many[3].pk]
    # The second page's choice leaves the first page's alone.
    services.request_records_choose(
        actor=clerk,
        request=request,
        kind="comments",
        shown_ids=[c.pk for c in many[20:]],
        included_ids=[many[20].pk, many[22].pk],
    )
    active = RecordExclusion.objects.filter(included_again_at__isnull=True)
    assert set(active.values_list("record_id", flat=True)) == {many[3].pk, many[21].pk}
    # Including again keeps the row (retained), stamped; nothing is deleted.
    services.request_records_choose(
        actor=clerk,
        request=request,
        kind="comments",
        shown_ids=first_page,
        included_ids=first_page,
    )
    old = RecordExclusion.objects.get(record_id=many[3].pk)
    assert old.included_again_by == clerk and old.included_again_at is not None
    assert RecordExclusion.objects.count() == 2
    assert old.history.count() == 2
    # Saving the same page again changes nothing and writes no event.
    before = AuditEvent.objects.count()
    services.request_records_choose(
        actor=clerk, request=request, kind="comments", shown_ids=first_page, included_ids=first_page
    )
    assert AuditEvent.objects.count() == before
    with pytest.raises(ActionRefused):
        services.request_records_choose(
            actor=clerk, request=request, kind="comments", shown_ids=[1], included_ids=[2]
        )
    with pytest.raises(ActionRefused):
        services.request_records_choose(
            actor=clerk, request=request, kind="nothing", shown_ids=[1], included_ids=[]
        )


def test_an_excluded_record_is_left_out_of_the_package_and_named_in_its_criteria(clerk, site, many):
    request = saved_request(clerk, SearchCriteria(site_id=site.pk, site_slug=site.slug))
    left_out = many[21]
    services.request_records_choose(
        actor=clerk,
        request=request,
        kind="comments",
        shown_ids=[left_out.pk],
        included_ids=[],
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        package = services.package_request(actor=clerk, request=request)
    package.refresh_from_db()
    assert package.status == "complete", package.error
    assert package.criteria["excluded"] == {"comments": [left_out.pk]}
    with zipfile.ZipFile(package.file.path) as zf:
        lines = [json.loads(line) for line in zf.read("records.jsonl").splitlines()]
    ids = {line["id"] for line in lines if line["kind"] == "comment"}
    assert left_out.pk not in ids, [line for line in lines if line["id"] == left_out.pk]
    assert {c.pk for c in many} - {left_out.pk} <= ids
    # The request's own criteria are unchanged: the exclusion is frozen into the package.
    request.refresh_from_db()
    assert "excluded" not in request.search_criteria


def test_frozen_exclusions_are_validated():
    from records.selectors.search import CriteriaError

    for bad in ({"comments": ["1"]}, {"nothing": [1]}, ["comments"], {"comments": [True]}):
        with pytest.raises(CriteriaError):
            criteria_from_json({"keyword": "pool", "kinds": ["comments"], "excluded": bad})
    criteria = criteria_from_json(
        {"keyword": "pool", "kinds": ["comments"], "excluded": {"comments": [5, 3, 5]}}
    )
    assert criteria.excluded_ids("comments") == (3, 5)


def test_the_review_page_pages_through_every_result_and_saves_each_page(client, clerk, site, many):
    request = saved_request(clerk, SearchCriteria(site_id=site.pk, site_slug=site.slug))
    sign_in(client, clerk)
    url = reverse("records:request_review", args=[request.pk])
    page = client.get(url, {"kind": "comments", "page": 2})
    assert page.status_code == 200
    shown = [row.id for row in page.context["rows"]]
    assert shown == [c.pk for c in many[20:]]
    # Untick the middle one; the others stay ticked.
    response = client.post(
        reverse("records:request_records_choose", args=[request.pk]),
        {
            "kind": "comments",
            "page": 2,
            "shown": shown,
            "include": [shown[0], shown[2]],
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith("?kind=comments&page=2")
    page = client.get(url, {"kind": "comments", "page": 2}).content.decode()
    assert f'value="{shown[1]}" id="include-comments-{shown[1]}">' in page  # not checked
    assert f'value="{shown[0]}" id="include-comments-{shown[0]}" checked>' in page
    assert "Comments (with every revision): 23 (1 excluded)" in page
    assert not RecordExclusion.objects.exclude(record_id=shown[1]).exists()


def test_the_review_page_keeps_a_constant_number_of_queries(
    client, clerk, site, django_assert_max_num_queries
):
    request = saved_request(clerk, SearchCriteria(site_id=site.pk, site_slug=site.slug))
    sign_in(client, clerk)
    url = reverse("records:request_review", args=[request.pk])
    for n in range(3):
        CommentFactory(site=site, body=f"pool {n}")
    client.get(url)  # warm the session
    with django_assert_max_num_queries(30) as few:
        client.get(url, {"kind": "comments"})
    for n in range(17):
        CommentFactory(site=site, body=f"pool {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get(url, {"kind": "comments"}).context["rows"]) == 20


def test_a_redaction_marked_from_the_review_page_returns_to_it(client, clerk, site):
    comment = CommentFactory(site=site, body="Reach me at jo@example.org please")
    request = saved_request(clerk, SearchCriteria(site_id=site.pk, site_slug=site.slug))
    sign_in(client, clerk)
    here = reverse("records:request_review", args=[request.pk]) + "?kind=comments"
    start = comment.body.index("jo@")
    from tests.records.scene import exemption

    response = client.post(
        reverse("records:redaction_mark", args=[request.pk]),
        {
            "target_type": "comment",
            "target_id": comment.pk,
            "field": "body",
            "start": start,
            "end": start + len("jo@example.org"),
            "selected_text": "jo@example.org",
            "exemption": exemption("constitutional-privacy").pk,
            "next": here,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"{here}#record-comments-{comment.pk}"
    page = client.get(here).content.decode()
    assert "[Redacted: Privacy of members of the public (Cal. Const. art. I, sec. 1)]" in page
    # An outside "next" is not followed.
    response = client.post(
        reverse("records:redaction_mark", args=[request.pk]),
        {"target_type": "comment", "target_id": comment.pk, "next": "https://evil.example/"},
    )
    assert response["Location"].startswith(reverse("records:request_review", args=[request.pk]))


def test_search_across_several_sites_at_once(client, clerk, site):
    second, third = SiteFactory(), SiteFactory()
    a = CommentFactory(site=site, body="pool")
    b = CommentFactory(site=second, body="pool")
    CommentFactory(site=third, body="pool")
    request = make_request(clerk)
    sign_in(client, clerk)
    url = reverse("records:request_search", args=[request.pk])
    response = client.post(
        url, {"sites": [site.slug, second.slug], "keyword": "pool", "kinds": ["comments"]}
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert sorted(request.search_criteria["site_slugs"]) == sorted([site.slug, second.slug])
    criteria = criteria_from_json(request.search_criteria)
    assert set(MATCHERS["comments"](criteria).values_list("pk", flat=True)) == {a.pk, b.pk}
    # Criteria saved with one site (before several could be chosen) still read.
    old = criteria_from_json({"site_slug": third.slug, "keyword": "pool", "kinds": ["comments"]})
    assert old.site_ids == (third.pk,)


def test_exact_phrases_are_matched_as_written(site, moderator):
    content = build_content(site=site, moderator=moderator)
    hearing = CommentFactory(site=site, body="See you at the budget hearing tonight")
    CommentFactory(site=site, body="The hearing about the budget")
    CommentFactory(site=site, body="Budget hearings are long")  # stems alike, not as written
    found = MATCHERS["comments"](SearchCriteria(keyword='"budget hearing"', kinds=("comments",)))
    assert list(found.values_list("pk", flat=True)) == [hearing.pk]
    # Substring-searched text reads the same syntax: quotes are not searched for.
    decision = Decision.objects.get(comment=content["removed"])
    words = decision.rationale.split()
    phrase = " ".join(words[:2])
    by_phrase = SearchCriteria(keyword=f'"{phrase}"', kinds=("decisions",))
    assert list(MATCHERS["decisions"](by_phrase)) == [decision]
    reversed_ = SearchCriteria(keyword=f'"{words[1]} {words[0]}"', kinds=("decisions",))
    assert not MATCHERS["decisions"](reversed_).exists()
    ban = Ban.objects.get()
    by_word = SearchCriteria(keyword=f"{ban.findings.split()[0]} -zzzz", kinds=("bans",))
    assert list(MATCHERS["bans"](by_word)) == [ban]
    excluded = SearchCriteria(keyword=f"{ban.findings.split()[0]} -{ban.findings.split()[-1]}")
    assert not MATCHERS["bans"](excluded).exists()


def test_keyword_terms_read_the_websearch_syntax():
    terms = keyword_terms('pool "budget  hearing" -noise or -"bad phrase" "')
    assert terms.words == ("pool",)
    assert terms.phrases == ("budget hearing",)
    assert terms.excluded == ("noise", "bad phrase")


def test_why_it_matched_is_escaped_and_marked():
    hostile = "<img src=x onerror=alert(1)> the Budget  Hearings were <b>long</b>"
    excerpts = highlight.excerpts(
        'hearing "budget"', [("Text", hostile), ("Revision 1", "nothing here")]
    )
    assert len(excerpts) == 1 and excerpts[0].where == "Text"
    html = str(excerpts[0].html)
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<mark>Budget</mark>" in html and "<mark>Hearings</mark>" in html
    assert "&lt;b&gt;long&lt;/b&gt;" in html


def test_the_search_preview_shows_why_a_comment_matched(client, clerk, site):
    from moderation.models import CommentRevision

    comment = CommentFactory(site=site, body="Now it says something else")
    CommentRevision.objects.create(
        comment=comment, number=2, body="<i>Zanzibar</i> pool", content_hash="x" * 64
    )
    request = make_request(clerk)
    sign_in(client, clerk)
    page = client.get(
        reverse("records:request_search", args=[request.pk]),
        {"keyword": "zanzibar", "kinds": ["comments"]},
    ).content.decode()
    assert "Revision 2: <bdi>&lt;i&gt;<mark>Zanzibar</mark>&lt;/i&gt; pool</bdi>" in page
