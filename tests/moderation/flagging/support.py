"""Helpers for the flagging tests: the default rules (installed by migrations, and re-created
by tests/conftest.py after every transactional test's flush), comments made the way
ingestion stores them."""

from __future__ import annotations

import hashlib
from itertools import count

from django.utils import timezone

from moderation.models import Comment, FlagRule, PublicAccount

_numbers = count(1)


def default_rules_ensure() -> FlagRule:
    """The first default rule (they are always present; see tests/conftest.py)."""
    rule = FlagRule.objects.order_by("pk").first()
    assert rule is not None, "the default flag rules are missing"
    return rule


def account_make(*, platform="facebook", legislative=False, handle=None) -> PublicAccount:
    n = next(_numbers)
    return PublicAccount.objects.create(
        platform=platform,
        external_id=f"acct-{n}-{timezone.now().timestamp()}",
        handle=handle or f"resident{n}",
        display_name=f"Resident {n}",
        is_legislative_body_member=legislative,
    )


def comment_make(*, site, body: str, account=None, posted_at=None) -> Comment:
    """A stored comment as ingestion leaves it (ingestion's own services are another
    engineer's; the flagger only needs the row)."""
    n = next(_numbers)
    return Comment.objects.create(
        site=site,
        account=account or account_make(),
        external_id=f"c-{n}-{timezone.now().timestamp()}",
        body=body,
        content_hash=hashlib.sha256(body.encode()).hexdigest(),
        posted_at=posted_at or timezone.now(),
    )


def result(*, classified: int, flags: int, failed_ids=(), rules_skipped: int = 0) -> dict:
    """What `comments_classify` (and the classification task) returns."""
    return {
        "classified": classified,
        "flags": flags,
        "failed": len(failed_ids),
        "failed_ids": list(failed_ids),
        "rules_skipped": rules_skipped,
    }
