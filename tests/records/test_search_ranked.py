"""Records search at scale (issue 16): stored search vectors, ranked pages that load only
their rows, earlier texts still found."""

from __future__ import annotations

import hashlib

import pytest
from django.db import connection

from moderation.models import CommentRevision
from records.selectors.search import SearchCriteria, comments_matching, comments_page
from tests.factories import CommentFactory


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _edit(comment, text: str) -> None:
    """An edit as ingestion writes it: the revision first, then the comment's new text."""
    CommentRevision.objects.create(comment=comment, number=2, body=text, content_hash=_sha(text))
    comment.body, comment.content_hash = text, _sha(text)
    comment.save()


@pytest.fixture
def comments(site):
    strong = CommentFactory(site=site, body="Sewer fees, sewer repairs, the sewer plant again")
    weak = CommentFactory(site=site, body="The park is lovely; also the sewer on Main St.")
    edited = CommentFactory(site=site, body="The sewer backed up on my street")
    _edit(edited, "Thanks, fixed now")
    CommentFactory(site=site, body="Library hours please")
    return {"strong": strong, "weak": weak, "edited": edited}


def test_the_page_ranks_the_hits_and_keeps_earlier_texts(require_postgresql, comments):
    criteria = SearchCriteria(keyword="sewer")
    page = comments_page(criteria, size=10)
    # The latest texts by rank; the comment found only by its first text comes after them.
    assert page == [comments["strong"], comments["weak"], comments["edited"]]
    assert set(comments_matching(criteria)) == set(page)
    assert comments_matching(criteria).count() == 3
    assert comments_page(criteria, size=2) == [comments["strong"], comments["weak"]]


def test_the_page_loads_only_its_rows(require_postgresql, comments, django_assert_num_queries):
    # One query ranks the ids, one loads those rows with their account and site.
    with django_assert_num_queries(2):
        page = comments_page(SearchCriteria(keyword="sewer"), size=2)
        assert [c.account.handle for c in page] and [c.site.name for c in page]


def test_without_a_keyword_the_page_is_in_id_order(comments, site):
    page = comments_page(SearchCriteria(site_id=site.pk), size=10)
    assert page == sorted(page, key=lambda c: c.pk) and len(page) == 4


def test_search_vectors_are_stored_columns_with_gin_indexes(require_postgresql, db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, is_generated FROM information_schema.columns "
            "WHERE column_name = 'search_vector' ORDER BY table_name"
        )
        assert cursor.fetchall() == [
            ("moderation_comment", "ALWAYS"),
            ("moderation_commentrevision", "ALWAYS"),
            ("moderation_post", "ALWAYS"),
        ]
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE indexname LIKE 'records_fts_%%' "
            "AND indexdef LIKE '%%gin (search_vector)%%'"
        )
        assert len(cursor.fetchall()) == 3


def test_the_preview_counts_up_to_a_cap_and_pages_as_comments_page(require_postgresql, comments):
    from records.selectors.search import comments_preview

    criteria = SearchCriteria(keyword="sewer")
    count, page = comments_preview(criteria, size=10, cap=1000)
    assert (int(count), count.more, str(count)) == (3, False, "3")
    assert page == comments_page(criteria, size=10)
    # Above the cap: the cap, marked, from any way of matching (here the edited comment's
    # earlier text is what makes it more than two).
    count, page = comments_preview(criteria, size=2, cap=2)
    assert (int(count), count.more, str(count)) == (2, True, "2+")
    assert page == [comments["strong"], comments["weak"]]
