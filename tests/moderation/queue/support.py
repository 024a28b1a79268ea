"""Arranging the queue's scene for tests: posts, accounts and comments as ingestion would
store them, flagged through the real `flags_raise` service."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from moderation.flagging.services import FlagCandidate, flags_raise
from tests.factories import CommentFactory, PostFactory, PublicAccountFactory


def make_post(site, body="Street sweeping resumes Monday on the north side."):
    return PostFactory(site=site, body=body, posted_at=timezone.now() - timedelta(days=1))


def make_account(platform="facebook", handle=None):
    return PublicAccountFactory(platform=platform, **({"handle": handle} if handle else {}))


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
    """A comment as ingestion stores it (tests/factories.py), on a post of its own."""
    raw_payload = raw_payload or {"message": body}
    return CommentFactory(
        site=site,
        post=post or make_post(site),
        account=account or make_account(site.platform),
        parent=parent,
        body=body,
        posted_at=timezone.now() - timedelta(hours=2),
        raw_payload=raw_payload,
        first_revision__raw_payload=raw_payload,
        **fields,
    )


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
