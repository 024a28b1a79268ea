"""Arranging retained content for records tests (factories; services are what is tested)."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

from django.utils import timezone

from moderation.models import (
    Ban,
    BanEvidence,
    CommentRevision,
    Decision,
    DecisionCategory,
    PolicyCategory,
    PolicyVersion,
    SubscriberSnapshot,
)
from records import services
from records.models import Exemption
from tests.factories import CommentFactory, PostFactory, PublicAccountFactory

SECRET_PHONE = "(714) 555-0134"
REMOVED_TEXT = f"The pool manager is useless, call him at home {SECRET_PHONE} about the pool"
EDITED_ORIGINAL = "Original complaint about potholes on Pacific Street"


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def build_content(*, site, moderator):
    """A visible comment, a removed one with a decision and a ban, an edited one with two
    revisions, a City post and a subscriber snapshot."""
    account = PublicAccountFactory(handle="angry_resident", display_name="Angry Resident")
    post = PostFactory(site=site, body="Pool hours change next week.")
    visible = CommentFactory(site=site, post=post, body="Thanks for the pool update!")
    removed = CommentFactory(
        site=site,
        post=post,
        account=account,
        body=REMOVED_TEXT,
        content_hash=sha(REMOVED_TEXT),
        platform_state="removed",
        raw_payload={"id": "1_2", "message": REMOVED_TEXT, "from": {"name": "Angry Resident"}},
    )
    edited = CommentFactory(
        site=site, post=post, body=EDITED_ORIGINAL, content_hash=sha(EDITED_ORIGINAL)
    )
    CommentRevision.objects.create(
        comment=edited,
        number=2,
        body="Thanks for fixing it",
        content_hash=sha("Thanks for fixing it"),
    )
    edited.body, edited.content_hash = "Thanks for fixing it", sha("Thanks for fixing it")
    edited.save()
    category = PolicyCategory.objects.get(code="personnel")
    version = PolicyVersion.objects.create(
        label="Adopted 2019", text="...", effective_on=date(2019, 1, 1)
    )
    decision = Decision.objects.create(
        comment=removed,
        action="remove",
        rationale="Personnel matter about a named employee.",
        policy_version=version,
        actor=moderator,
        previous_platform_state="visible",
    )
    DecisionCategory.objects.create(decision=decision, category=category)
    ban = Ban.objects.create(
        account=account,
        site=site,
        findings="Repeated personnel attacks.",
        proposed_by=moderator,
        state="proposed",
    )
    BanEvidence.objects.create(ban=ban, comment=removed)
    snapshot = SubscriberSnapshot.objects.create(
        site=site,
        subscriber_count=1,
        subscribers=[{"external_id": "1", "handle": "fan", "display_name": "A Fan"}],
    )
    return {
        "account": account,
        "post": post,
        "visible": visible,
        "removed": removed,
        "edited": edited,
        "decision": decision,
        "ban": ban,
        "snapshot": snapshot,
    }


def make_request(clerk, *, days_ago: int = 2, description="All comments about the pool", **kw):
    return services.request_create(
        actor=clerk,
        received_on=timezone.localdate() - timedelta(days=days_ago),
        description=description,
        channel="email",
        assignee=clerk,
        **kw,
    )


def exemption(code="employee-home-contact") -> Exemption:
    return Exemption.objects.get(code=code)
