"""`bulk_create_copying_history` writes the history rows `bulk_create_with_history` writes
(audit/history.py): the same values, user, change reason and type, in the same order."""

from __future__ import annotations

import pytest
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from audit.history import bulk_create_copying_history
from moderation.models import Platform, Post, PublicAccount, ResponseNeed
from tests.conftest import on_postgresql
from tests.factories import CommentFactory, SiteFactory, UserFactory

pytestmark = pytest.mark.django_db

SKIP = {"id", "history_id", "history_date", "external_id", "first_seen_at"}  # ids and times


def _history(model, pks) -> list[dict]:
    rows = model.history.filter(id__in=pks).order_by("history_id").values()
    return [{k: v for k, v in row.items() if k not in SKIP} for row in rows]


def _accounts(prefix: str, actor) -> list[PublicAccount]:
    rows = []
    for i in range(5):
        row = PublicAccount(
            platform=Platform.FACEBOOK,
            external_id=f"{prefix}-{i}",
            handle=f"handle “{i}” \\ {{x}}",
            display_name="" if i % 2 else f"Name {i}",
        )
        row._history_user = actor
        row._change_reason = "ingest:api"
        rows.append(row)
    return rows


def test_the_same_history_rows_as_bulk_create_with_history(admin):
    if not on_postgresql():
        pytest.skip("the history is copied in SQL on PostgreSQL only")
    before = timezone.now()
    old = bulk_create_with_history(
        _accounts("old", admin), PublicAccount, batch_size=500, default_user=admin
    )
    new = bulk_create_copying_history(
        _accounts("new", admin), PublicAccount, batch_size=500, default_user=admin
    )
    expected = _history(PublicAccount, [r.pk for r in old])
    copied = _history(PublicAccount, [r.pk for r in new])
    assert copied == expected
    assert {row["history_type"] for row in copied} == {"+"}
    assert {row["history_user_id"] for row in copied} == {admin.pk}
    assert {row["history_change_reason"] for row in copied} == {"ingest:api"}
    # Each history row holds its own row's values, in the rows' order, dated now.
    history = list(PublicAccount.history.filter(id__in=[r.pk for r in new]).order_by("history_id"))
    assert [h.id for h in history] == sorted(r.pk for r in new)
    for h in history:
        row = PublicAccount.objects.get(pk=h.id)
        assert (h.external_id, h.handle, h.display_name) == (
            row.external_id,
            row.handle,
            row.display_name,
        )
        assert before <= h.history_date <= timezone.now()


def test_rows_without_a_user_or_reason_as_bulk_create_with_history():
    if not on_postgresql():
        pytest.skip("the history is copied in SQL on PostgreSQL only")

    def needs():
        return [
            ResponseNeed(
                comment=CommentFactory(),
                kind="question",
                topic="general",
                cues=["a", 'b "c"'],
                due_on=timezone.localdate(),
            )
            for _ in range(2)
        ]

    old = bulk_create_with_history(needs(), ResponseNeed, batch_size=500)
    new = bulk_create_copying_history(needs(), ResponseNeed, batch_size=500)
    expected = _history(ResponseNeed, [n.pk for n in old])
    copied = _history(ResponseNeed, [n.pk for n in new])
    for row in (*expected, *copied):
        row.pop("comment_id"), row.pop("detected_at")
    assert copied == expected
    assert [row["history_user_id"] for row in copied] == [None, None]
    assert [row["history_change_reason"] for row in copied] == [None, None]


def test_rows_of_different_users_go_through_bulk_create_with_history(admin):
    other = UserFactory()
    site = SiteFactory()
    rows = [
        Post(site=site, external_id=f"p{i}", body="City post", posted_at=timezone.now())
        for i in range(2)
    ]
    rows[0]._history_user, rows[1]._history_user = admin, other
    created = bulk_create_copying_history(rows, Post, batch_size=500)
    users = list(
        Post.history.filter(id__in=[r.pk for r in created])
        .order_by("history_id")
        .values_list("history_user_id", flat=True)
    )
    assert users == [admin.pk, other.pk]


def test_changed_rows_as_bulk_history_create_with_update(admin):
    if not on_postgresql():
        pytest.skip("the history is copied in SQL on PostgreSQL only")
    from audit.history import history_rows_copy
    from moderation.models import Comment

    old, new = CommentFactory(), CommentFactory()
    Comment.objects.filter(pk__in=[old.pk, new.pk]).update(queue_state="open", queue_score=0.7)
    old, new = Comment.objects.get(pk=old.pk), Comment.objects.get(pk=new.pk)
    Comment.history.bulk_history_create([old], update=True, default_user=admin)
    history_rows_copy(
        [new],
        Comment,
        history_type="~",
        batch_size=500,
        default_user=admin,
        default_change_reason="",
    )
    skip = {"post_id", "account_id", "site_id", "captured_at", "updated_at", "posted_at"}

    def last(comment):
        row = dict(_history(Comment, [comment.pk])[-1])
        return {k: v for k, v in row.items() if k not in skip}

    assert last(new) == last(old)
    assert last(new)["history_type"] == "~" and last(new)["history_change_reason"] == ""
    assert last(new)["queue_state"] == "open" and last(new)["queue_score"] == 0.7
