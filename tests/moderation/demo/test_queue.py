"""The queue's demo seed: realistic, flagged through the real service, idempotent."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from audit.models import AuditEvent
from moderation.models import (
    Comment,
    CommentRevision,
    Decision,
    Flag,
    PolicyVersion,
    Post,
    QueueState,
)

pytestmark = pytest.mark.django_db


def test_seed_demo_builds_a_working_queue_and_is_idempotent():
    call_command("seed_demo", stdout=io.StringIO())
    comments = Comment.objects.filter(external_id__startswith="demo-c-")
    assert comments.count() == 200
    assert Post.objects.filter(external_id__startswith="demo-post-").count() == 18
    assert PolicyVersion.objects.filter(label="City of Stanton Social Media Policy").count() == 1
    # every comment has its first revision; a few were edited
    assert CommentRevision.objects.filter(comment__in=comments, number=1).count() == 200
    assert CommentRevision.objects.filter(comment__in=comments, number=2).exists()
    demo_flags = Flag.objects.filter(detector="demo-keywords")
    assert demo_flags.count() == 40
    for flag in demo_flags.select_related("comment"):
        for span in flag.evidence["spans"]:
            assert flag.comment.body[span["start"] : span["end"]] == span["text"]
    assert demo_flags.filter(category__code="threat").count() >= 2
    decisions = Decision.objects.filter(comment__in=comments)
    assert decisions.count() == 10
    assert decisions.filter(action="remove", categories__code="threat").count() == 2
    assert comments.filter(body__contains="<script>alert(1)</script>").exists()
    assert comments.exclude(queue_state=QueueState.NONE).count() >= 25

    def counts():
        return (
            Comment.objects.count(),
            Flag.objects.count(),
            Decision.objects.count(),
            CommentRevision.objects.count(),
            AuditEvent.objects.filter(verb__startswith="comment.").count(),
        )

    before = counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert counts() == before
