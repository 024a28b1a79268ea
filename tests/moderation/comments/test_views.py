"""The all-comments search, the staff flag and decision from a comment's page, the account
page with its notes, and the public report form: each works, rejects the wrong method, checks
access, renders platform text inert, and lists in a constant number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from audit.events import AuditVerb
from audit.models import AuditEvent
from moderation.bans.services import ban_propose
from moderation.comments.services import account_note_add, comment_flag
from moderation.models import (
    AccountNote,
    Decision,
    Flag,
    FlagSource,
    PlatformState,
    QueueState,
)
from moderation.queue.services import comment_decide
from tests.conftest import sign_in
from tests.moderation.queue.support import flagged_comment, make_account, make_comment, make_post

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"
LIST = reverse("moderation:comment_list")


def listed(response) -> set[int]:
    return {c.pk for c in response.context["page"].object_list}


# --- all comments -------------------------------------------------------------------------------
def test_all_comments_lists_every_comment_on_my_sites_only(client, site, other_site, moderator):
    unflagged = make_comment(site, f"A plain remark {SCRIPT}")
    flagged = flagged_comment(site)
    elsewhere = make_comment(other_site, "On another site")
    sign_in(client, moderator)
    response = client.get(LIST)
    assert response.status_code == 200
    assert listed(response) == {unflagged.pk, flagged.pk}
    html = response.content.decode()
    assert SCRIPT not in html and ESCAPED_SCRIPT in html
    assert reverse("moderation:comment_detail", args=[unflagged.pk]) in html
    assert reverse("moderation:account_detail", args=[unflagged.account_id]) in html
    assert elsewhere.body not in html
    assert f'href="{LIST}"' in html  # in the nav


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "pothole"}, {"pothole"}),
        ({"q": "potholes"}, {"pothole"}),  # full text: word forms match on PostgreSQL
        ({"q": "first words"}, {"edited"}),  # any revision's text
        ({"account": "rita_r"}, {"pothole"}),
        ({"flagged": "open"}, {"flagged"}),
        ({"flagged": "never"}, {"pothole", "edited", "removed", "old"}),
        ({"flagged": "ever"}, {"flagged"}),
        ({"platform_state": "removed"}, {"removed"}),
        ({"queue_state": "open"}, {"flagged"}),
        ({"posted_to": "2020-01-31"}, {"old"}),
        ({"posted_from": "2020-02-01", "q": "pothole"}, {"pothole"}),
    ],
)
def test_all_comments_filters(client, site, moderator, params, expected, require_postgresql):
    rita = make_account(handle="rita_r")
    made = {
        "pothole": make_comment(site, "There is a pothole on Elm Street", account=rita),
        "flagged": flagged_comment(site),
        "removed": make_comment(site, "Gone", platform_state=PlatformState.REMOVED),
        "old": make_comment(site, "Long ago"),
    }
    edited = make_comment(site, "first words here")
    edited.revisions.create(number=2, body="second text", content_hash="b" * 64)
    edited.body, edited.content_hash = "second text", "b" * 64
    edited.save(update_fields=["body", "content_hash"])
    made["edited"] = edited
    made["old"].posted_at = dt.datetime(2020, 1, 15, 12, tzinfo=dt.UTC)
    made["old"].save(update_fields=["posted_at"])
    sign_in(client, moderator)
    response = client.get(LIST, params)
    assert response.status_code == 200
    assert listed(response) == {made[name].pk for name in expected}


def test_all_comments_filters_by_post(client, site, moderator):
    post = make_post(site, "Library hours change")
    on_post = make_comment(site, "Great news", post=post)
    make_comment(site, "Elsewhere")
    sign_in(client, moderator)
    assert listed(client.get(LIST, {"post": post.pk})) == {on_post.pk}
    assert listed(client.get(LIST, {"post_text": "library"})) == {on_post.pk}


def test_all_comments_bad_filter_shows_the_error_not_everything(client, site, moderator):
    make_comment(site)
    sign_in(client, moderator)
    response = client.get(LIST, {"posted_from": "not-a-date"})
    assert response.status_code == 200 and listed(response) == set()
    assert "Enter a valid date" in response.content.decode()


@pytest.mark.parametrize("count", [3, 30])
def test_all_comments_query_count_is_constant(
    client, site, moderator, django_assert_max_num_queries, count
):
    for i in range(count):
        flagged_comment(site, f"damn number {i}")
        make_comment(site, f"plain number {i}")
    sign_in(client, moderator)
    client.get(LIST)  # warm the session
    with django_assert_max_num_queries(12):
        response = client.get(LIST, {"q": "number", "flagged": "", "page": "1"})
    assert len(response.context["page"].object_list) == min(2 * count, 50)


def test_all_comments_paginates_keeping_the_filters(client, site, moderator):
    for i in range(55):
        make_comment(site, f"plain {i}")
    sign_in(client, moderator)
    first = client.get(LIST, {"q": "plain"})
    assert len(first.context["page"].object_list) == 50
    assert "q=plain&amp;page=2" in first.content.decode()
    assert len(client.get(LIST, {"q": "plain", "page": 2}).context["page"].object_list) == 5


def test_all_comments_rejects_post_and_other_roles(client, moderator, clerk):
    sign_in(client, moderator)
    assert client.post(LIST).status_code == 405
    sign_in(client, clerk)
    assert client.get(LIST).status_code == 403


def test_all_comments_htmx_gets_the_results_alone(client, site, moderator):
    make_comment(site)
    sign_in(client, moderator)
    html = client.get(LIST, HTTP_HX_REQUEST="true").content.decode()
    assert html.lstrip().startswith('<div id="comment-results">') and "<html" not in html


# --- the comment page: flag it, decide it -------------------------------------------------------
def test_comment_page_offers_the_flag_form_and_the_account_page(client, site, moderator):
    comment = make_comment(site)
    sign_in(client, moderator)
    html = client.get(reverse("moderation:comment_detail", args=[comment.pk])).content.decode()
    assert reverse("moderation:comment_flag", args=[comment.pk]) in html
    assert reverse("moderation:account_detail", args=[comment.account_id]) in html
    assert 'name="seen_decision" value="0"' in html


def test_flag_by_hand_from_the_comment_page(client, site, moderator):
    comment = make_comment(site)
    sign_in(client, moderator)
    url = reverse("moderation:comment_flag", args=[comment.pk])
    response = client.post(url, {"category": "commerce", "note": "Advertises a shop."})
    assert response.status_code == 302
    assert response["Location"] == reverse("moderation:comment_detail", args=[comment.pk])
    flag = Flag.objects.get(comment=comment)
    assert flag.source == FlagSource.STAFF and flag.raised_by == moderator
    assert AuditEvent.objects.filter(verb=AuditVerb.COMMENT_FLAGGED_BY_STAFF).count() == 1
    # A second, identical flag is refused with the reason; a form error says what is missing.
    client.post(url, {"category": "commerce", "note": "Again."})
    client.post(url, {"category": "", "note": ""})
    assert Flag.objects.filter(comment=comment).count() == 1
    html = client.get(response["Location"]).content.decode()
    assert "already has an open staff flag" in html and "Choose the policy category" in html
    assert client.get(url).status_code == 405


def test_flag_checks_access(client, site, other_site, moderator, clerk):
    elsewhere = make_comment(other_site)
    sign_in(client, moderator)
    url = reverse("moderation:comment_flag", args=[elsewhere.pk])
    assert client.post(url, {"category": "commerce", "note": "x"}).status_code == 404
    sign_in(client, clerk)
    mine = make_comment(site)
    url = reverse("moderation:comment_flag", args=[mine.pk])
    assert client.post(url, {"category": "commerce", "note": "x"}).status_code == 403
    assert not Flag.objects.exists()


def test_decide_an_unflagged_comment_from_its_page(client, site, moderator):
    comment = make_comment(site, "Call 555-0100 to buy my car")
    sign_in(client, moderator)
    response = client.post(
        reverse("moderation:comment_decide", args=[comment.pk]),
        {
            "action": "remove",
            "categories": ["commerce"],
            "rationale": "Sells a car.",
            "seen_decision": "0",
        },
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.platform_state == PlatformState.REMOVED
    decision = Decision.objects.get(comment=comment)
    flag = Flag.objects.get(comment=comment, source=FlagSource.STAFF)
    assert flag.resolved_by_decision == decision
    assert AuditEvent.objects.filter(verb=AuditVerb.COMMENT_REMOVED).count() == 1


def test_a_stale_page_is_refused_and_shows_the_other_decision(client, site, moderator, supervisor):
    comment = make_comment(site)
    comment_decide(
        comment=comment,
        actor=supervisor,
        action="keep",
        categories=[],
        rationale="",
        seen_decision_id=0,
    )
    sign_in(client, moderator)
    response = client.post(
        reverse("moderation:comment_decide", args=[comment.pk]),
        {"action": "remove", "categories": ["commerce"], "rationale": "x", "seen_decision": "0"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "decided by someone else since you opened it" in html
    latest = Decision.objects.get(comment=comment).pk
    assert f'name="seen_decision" value="{latest}"' in html  # decide again, knowingly
    assert Decision.objects.filter(comment=comment).count() == 1


# --- the account page ---------------------------------------------------------------------------
def test_account_page_shows_everything_on_record(client, site, other_site, moderator, supervisor):
    account = make_account(handle="repeat_poster")
    mine = make_comment(site, f"First {SCRIPT}", account=account)
    hidden_elsewhere = make_comment(other_site, "Said on the other site", account=account)
    comment_flag(comment=mine, actor=moderator, category="commerce", note="An advert.")
    decision = comment_decide(
        comment=mine,
        actor=moderator,
        action="remove",
        categories=["commerce"],
        rationale="Advertises.",
        seen_decision_id=0,
    )
    ban = ban_propose(
        actor=moderator,
        account=account,
        site=site,
        scope="site",
        categories=["commerce"],
        findings="Advertises again and again.",
        evidence_comment_ids=[mine.pk],
        duration_days=7,
    )
    account_note_add(account=account, actor=moderator, text=f"Warned by DM {SCRIPT}")
    sign_in(client, moderator)
    response = client.get(reverse("moderation:account_detail", args=[account.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert SCRIPT not in html and ESCAPED_SCRIPT in html
    assert f"comment-row-{mine.pk}" in html and hidden_elsewhere.body not in html
    assert "An advert." in html and "Advertises." in html
    assert reverse("moderation:ban_detail", args=[ban.pk]) in html
    assert "Warned by DM" in html
    assert response.context["ctx"].decisions == [decision]


def test_account_page_query_count_is_constant(
    client, site, moderator, django_assert_max_num_queries
):
    account = make_account()
    for i in range(20):
        comment = flagged_comment(site, f"damn {i}", account=account)
        if i % 2:
            comment_decide(
                comment=comment,
                actor=moderator,
                action="keep",
                categories=[],
                rationale="",
            )
        account_note_add(account=account, actor=moderator, text=f"note {i}")
    sign_in(client, moderator)
    url = reverse("moderation:account_detail", args=[account.pk])
    client.get(url)
    with django_assert_max_num_queries(20):
        response = client.get(url)
    assert len(response.context["ctx"].notes) == 20


def test_account_page_checks_access(client, site, other_moderator, clerk, moderator):
    account = make_comment(site).account
    url = reverse("moderation:account_detail", args=[account.pk])
    sign_in(client, other_moderator)
    assert client.get(url).status_code == 404
    sign_in(client, clerk)
    assert client.get(url).status_code == 403
    sign_in(client, moderator)
    assert client.post(url).status_code == 405


def test_note_from_the_account_page(client, site, moderator, other_moderator):
    account = make_comment(site).account
    url = reverse("moderation:account_note_add", args=[account.pk])
    sign_in(client, moderator)
    response = client.post(url, {"text": "Asked them to keep it civil."})
    assert response.status_code == 302
    assert AccountNote.objects.get().text == "Asked them to keep it civil."
    assert AuditEvent.objects.filter(verb=AuditVerb.ACCOUNT_NOTE_ADDED).count() == 1
    response = client.post(url, {"text": ""})
    assert response.status_code == 400 and "Write the note." in response.content.decode()
    assert client.get(url).status_code == 405
    sign_in(client, other_moderator)
    assert client.post(url, {"text": "x"}).status_code == 404
    assert AccountNote.objects.count() == 1


def test_queue_rows_link_to_the_account_page(client, site, moderator):
    comment = flagged_comment(site)
    sign_in(client, moderator)
    html = client.get(reverse("moderation:queue")).content.decode()
    assert reverse("moderation:account_detail", args=[comment.account_id]) in html


# --- the public report form ---------------------------------------------------------------------
REPORT = reverse("moderation:report")


def test_report_form_is_public_and_linked_from_the_rules(client):
    response = client.get(REPORT)
    assert response.status_code == 200
    html = response.content.decode()
    assert "csrfmiddlewaretoken" in html and 'name="category"' in html
    assert REPORT in client.get(reverse("moderation:rules_public")).content.decode()


def test_a_report_becomes_a_public_flag(client, site):
    comment = make_comment(site, permalink="https://facebook.example/stanton/posts/1?c=9")
    response = client.post(
        REPORT,
        {
            "comment": comment.permalink,
            "category": "commerce",
            "note": f"Selling things {SCRIPT}",
            "contact": "",
        },
        REMOTE_ADDR="203.0.113.5",
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("moderation:report_received")
    flag = Flag.objects.get(comment=comment)
    assert flag.source == FlagSource.PUBLIC and flag.evidence["explanation"].startswith("Selling")
    event = AuditEvent.objects.get(verb=AuditVerb.COMMENT_REPORTED_BY_PUBLIC)
    assert event.actor is None and "203.0.113.5" not in str(event.data)
    comment.refresh_from_db()
    assert comment.queue_state == QueueState.OPEN
    assert client.get(response["Location"]).status_code == 200
    # By the platform's id for the comment, too.
    other = make_comment(site)
    client.post(REPORT, {"comment": other.external_id, "category": "profanity"})
    assert Flag.objects.filter(comment=other, source=FlagSource.PUBLIC).exists()


def test_an_unknown_comment_gets_a_clear_answer_and_nothing_is_stored(client, site):
    response = client.post(REPORT, {"comment": "https://example.org/nope", "category": "commerce"})
    assert response.status_code == 400
    assert "could not match this to a comment" in response.content.decode()
    response = client.post(REPORT, {"comment": "", "category": "bogus"})
    assert response.status_code == 400
    assert not Flag.objects.exists()
    assert not AuditEvent.objects.filter(verb=AuditVerb.COMMENT_REPORTED_BY_PUBLIC).exists()


def test_a_report_of_a_removed_comment_gets_the_same_answer(client, site):
    comment = make_comment(site, platform_state=PlatformState.REMOVED)
    response = client.post(REPORT, {"comment": comment.external_id, "category": "commerce"})
    assert response.status_code == 302  # the same thanks as for any other comment
    assert not Flag.objects.exists()


def test_report_form_is_rate_limited(client, site, settings):
    settings.PUBLIC_REPORT_RATE_LIMIT = 2
    comment = make_comment(site)
    data = {"comment": comment.external_id, "category": "commerce"}
    for _ in range(2):
        assert client.post(REPORT, data, REMOTE_ADDR="198.51.100.1").status_code == 302
    response = client.post(REPORT, data, REMOTE_ADDR="198.51.100.1")
    assert response.status_code == 429 and response["Retry-After"]
    assert "Too many reports" in response.content.decode()
    assert client.post(REPORT, data, REMOTE_ADDR="198.51.100.2").status_code == 302
    assert client.get(REPORT, REMOTE_ADDR="198.51.100.1").status_code == 200


def test_report_form_needs_its_csrf_token(site):
    strict = Client(enforce_csrf_checks=True)
    comment = make_comment(site)
    response = strict.post(REPORT, {"comment": comment.external_id, "category": "commerce"})
    assert response.status_code == 403
    assert not Flag.objects.exists()


def test_report_form_rejects_other_methods(client):
    assert client.put(REPORT).status_code == 405
    assert client.post(reverse("moderation:report_received")).status_code == 405


def test_report_form_refuses_multiline_references(client, site):
    response = client.post(REPORT, {"comment": "a\nb", "category": "commerce"})
    assert response.status_code == 400 and "on one line" in response.content.decode()
