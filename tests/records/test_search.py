"""Search over retained content: removed and edited comments, revisions, FTS on PostgreSQL."""

from datetime import timedelta

import pytest
from django.utils import timezone

from records.forms import criteria_from_json
from records.selectors.search import (
    CriteriaError,
    SearchCriteria,
    comments_matching,
    result_counts,
    uses_full_text,
)
from tests.records.scene import build_content


@pytest.fixture
def content(site, moderator):
    return build_content(site=site, moderator=moderator)


def test_removed_comment_found_by_keyword(content):
    found = set(comments_matching(SearchCriteria(keyword="manager")))
    assert found == {content["removed"]}


def test_edited_comment_found_by_an_earlier_revision(content):
    found = set(comments_matching(SearchCriteria(keyword="potholes")))
    assert found == {content["edited"]}


def test_platform_state_and_account_filters(content):
    assert set(comments_matching(SearchCriteria(platform_states=("removed",)))) == {
        content["removed"]
    }
    assert set(comments_matching(SearchCriteria(account="ANGRY_RESIDENT"))) == {content["removed"]}


def test_date_range_and_site(content, site, other_site):
    today = timezone.localdate()
    assert comments_matching(SearchCriteria(date_from=today, date_to=today)).count() == 3
    assert comments_matching(SearchCriteria(date_to=today - timedelta(days=3))).count() == 0
    assert comments_matching(SearchCriteria(site_id=other_site.pk)).count() == 0


def test_counts_by_kind(content, site):
    counts = result_counts(SearchCriteria(site_id=site.pk))
    assert counts == {
        "comments": 3,
        "posts": 1,
        "decisions": 1,
        "bans": 1,
        "snapshots": 1,
        "posting_requests": 0,
        "total": 7,
    }


def test_full_text_search_uses_stemming_on_postgresql(require_postgresql, content):
    assert uses_full_text()
    # "managers" stems to "manag", as does "manager" in the removed comment.
    assert set(comments_matching(SearchCriteria(keyword="managers"))) == {content["removed"]}
    assert set(comments_matching(SearchCriteria(keyword='"pool manager" -library'))) == {
        content["removed"]
    }


def test_fts_index_exists(require_postgresql, db):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE 'records_fts_%'")
        names = {row[0] for row in cursor.fetchall()}
    assert names == {
        "records_fts_comment_body",
        "records_fts_revision_body",
        "records_fts_post_body",
    }


@pytest.mark.parametrize(
    "bad",
    [
        {"date_from": "2025-13-01"},
        {"date_from": "2025-03-10", "date_to": "2025-03-01"},
        {"kinds": ["comments"]},  # no criterion at all
        {"keyword": "x", "kinds": ["nonsense"]},
    ],
)
def test_malformed_criteria_are_refused_with_a_message(db, bad):
    with pytest.raises(CriteriaError, match="not valid"):
        criteria_from_json({"kinds": ["comments"], **bad})


def test_criteria_round_trip(db, site):
    criteria = SearchCriteria(
        site_id=site.pk, site_slug=site.slug, keyword="pool", kinds=("comments", "posts")
    )
    assert criteria_from_json(criteria.to_json()) == criteria
