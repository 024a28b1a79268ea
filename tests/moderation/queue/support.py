"""Arranging the queue's scene for tests: posts, accounts and comments as ingestion would
store them, flagged through the real `flags_raise` service."""

from __future__ import annotations

import hashlib
import itertools
from datetime import timedelta

from django.utils import timezone

from moderation.flagging.services import FlagCandidate, flags_raise
from moderation.models import Comment, CommentRevision, Post, PublicAccount

_seq = itertools.count(1)


def make_post(site, body="Street sweeping resumes Monday on the north side."):
    n = next(_seq)
    return Post.objects.create(
        site=site, external_id=f"post-{n}", body=body, posted_at=timezone.now() - timedelta(days=1)
    )


def make_account(platform="facebook", handle=None):
    n = next(_seq)
    return PublicAccount.objects.create(
        platform=platform,
        external_id=f"acct-{n}",
        handle=handle or f"resident{n}",
        display_name=f"Resident {n}",
    )


def make_comment(
    site,
    body="Thanks for the update!",
    *,
    post=None,
    account=None,
    parent=None,
    raw_payload=None,
    **fields,
):
    n = next(_seq)
    comment = Comment.objects.create(
        site=site,
        post=post or make_post(site),
        account=account or make_account(site.platform),
        parent=parent,
        external_id=f"c-{n}",
        body=body,
        content_hash=hashlib.sha256(body.encode()).hexdigest(),
        posted_at=timezone.now() - timedelta(hours=2),
        raw_payload=raw_payload or {"message": body},
        **fields,
    )
    CommentRevision.objects.create(
        comment=comment,
        number=1,
        body=body,
        content_hash=comment.content_hash,
        raw_payload=comment.raw_payload,
    )
    return comment


def flag(comment, category="profanity", word=None, score=0.8, detector="test-keywords"):
    """Raise one flag whose span really indexes into the body."""
    spans = []
    if word:
        start = comment.body.index(word)
        spans = [{"start": start, "end": start + len(word), "text": word}]
    flags_raise(
        comment=comment,
        candidates=[
            FlagCandidate(
                category=category,
                detector=detector,
                score=score,
                explanation=f"matched {word!r}",
                spans=spans,
            )
        ],
    )
    comment.refresh_from_db()
    return comment


def flagged_comment(
    site, body="This is damn annoying", *, category="profanity", word="damn", score=0.8, **kwargs
):
    return flag(make_comment(site, body, **kwargs), category=category, word=word, score=score)
