"""Reactions the platform reports on comments (Meta's feed `reaction` item): kept as records,
one row per change, and handed to the Brown Act monitor when the person reacting is a member
of a City legislative body. A reaction never changes the comment or its queue state."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction

from audit.events import AuditVerb
from audit.services import audit_record
from moderation.ingest.meta import ReactionItem
from moderation.models import Comment, PublicAccount, Reaction, Site
from outbox.services import task_enqueue

log = logging.getLogger(__name__)

BROWN_ACT_REACTIONS_TASK = "moderation.tasks.scan_brown_act_reactions"


@dataclass
class ReactionsResult:
    recorded: list[int] = field(default_factory=list)
    repeated: int = 0
    unknown_comment: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "recorded": len(self.recorded),
            "repeated": self.repeated,
            "unknown_comment": self.unknown_comment[:50],
        }


@transaction.atomic
def reactions_record(
    *, site: Site, items: list[ReactionItem], source: str = "webhook"
) -> ReactionsResult:
    """Record each reaction once (a re-delivered webhook adds nothing); a reaction on a
    comment the portal does not hold is reported back, not guessed at."""
    result = ReactionsResult()
    comments = {
        c.external_id: c
        for c in Comment.objects.filter(
            site=site, external_id__in={i.comment_external_id for i in items}
        )
    }
    accounts = {
        a.external_id: a
        for a in PublicAccount.objects.filter(
            platform=site.platform, external_id__in={i.author_external_id for i in items}
        )
    }
    members: list[int] = []
    for item in items:
        comment = comments.get(item.comment_external_id)
        if comment is None:
            result.unknown_comment.append(item.comment_external_id)
            continue
        account = accounts.get(item.author_external_id)
        if account is None:
            account = PublicAccount(
                platform=site.platform,
                external_id=item.author_external_id,
                display_name=item.author_name,
            )
            account.save()
            accounts[account.external_id] = account
        try:
            with transaction.atomic():
                reaction = Reaction.objects.create(
                    site=site,
                    comment=comment,
                    account=account,
                    kind=item.kind,
                    verb=item.verb,
                    reacted_at=item.reacted_at,
                    source=source,
                    raw_payload=item.raw,
                )
        except IntegrityError:
            result.repeated += 1
            continue
        result.recorded.append(reaction.pk)
        if account.is_legislative_body_member and item.verb != Reaction.Verb.WITHDRAWN:
            members.append(reaction.pk)
    if result.recorded:
        audit_record(
            actor=None,
            verb=AuditVerb.REACTIONS_RECORDED,
            target=site,
            site_id=site.pk,
            data={"source": source, "reactions": result.recorded, **result.as_dict()},
        )
    if members:
        task_enqueue(BROWN_ACT_REACTIONS_TASK, reaction_ids=members)
    if result.unknown_comment:
        log.info(
            "reactions on %s: %d on comments the portal does not hold",
            site.slug,
            len(result.unknown_comment),
        )
    return result
