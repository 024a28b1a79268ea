"""The monitor's writes: alerts raised from ingested comments, closed by the Clerk; bodies and
members registered by administrators."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.events import AuditVerb
from audit.services import audit_record, referenced_rows_lock
from moderation.brownact.models import BodyMember, BrownActAlert, LegislativeBody
from moderation.models import Comment, PublicAccount, Reaction


def _within_jurisdiction(body: LegislativeBody, texts: Iterable[str]) -> tuple[bool, str]:
    terms = body.terms()
    if not terms:
        return True, ""
    joined = " ".join(t for t in texts if t).casefold()
    for term in terms:
        if term in joined:
            return True, term
    return False, ""


def _raise(*, body, kind, comment, members, reason, reaction=None) -> BrownActAlert | None:
    try:
        with transaction.atomic():
            # Before the audit chain's lock (see referenced_rows_lock): classification may
            # hold this comment while it waits for the chain.
            referenced_rows_lock(Comment, [comment.pk])
            alert = BrownActAlert.objects.create(
                body=body,
                kind=kind,
                comment=comment,
                reaction=reaction,
                post=comment.post,
                members=sorted(members),
                reason=reason[:500],
            )
            audit_record(
                actor=None,
                verb=AuditVerb.BROWN_ACT_ALERT_RAISED,
                target=alert,
                site_id=comment.site_id,
                data={
                    "body": body.name,
                    "kind": kind,
                    "comment_id": comment.pk,
                    "reaction_id": reaction.pk if reaction is not None else None,
                    "members": sorted(members),
                },
            )
            return alert
    except IntegrityError:
        return None  # raised already (the monitor ran twice on this comment)


def brown_act_scan(*, comment_ids: list[int]) -> int:
    """Look at each comment written by a member of a legislative body. Never changes the
    comment: an alert only puts the thread in front of the City Clerk."""
    comments = (
        Comment.objects.filter(pk__in=comment_ids)
        .select_related("account", "parent__account", "post")
        .order_by("id")
    )
    raised = 0
    for comment in comments:
        memberships = list(
            BodyMember.objects.filter(
                accounts=comment.account, active=True, body__active=True
            ).select_related("body")
        )
        for member in memberships:
            body = member.body
            texts = [comment.body, comment.post.body if comment.post else ""]
            parent = comment.parent
            if parent is not None:
                other = (
                    BodyMember.objects.filter(body=body, active=True, accounts=parent.account)
                    .exclude(pk=member.pk)
                    .first()
                )
                if other is not None:
                    inside, term = _within_jurisdiction(body, [*texts, parent.body])
                    if inside:
                        why = f"{member.name} replied to {other.name}"
                        why += f" on a matter within the {body.name}'s jurisdiction"
                        why += f" (“{term}”)." if term else "."
                        if _raise(
                            body=body,
                            kind=BrownActAlert.Kind.MEMBER_REPLY,
                            comment=comment,
                            members={member.name, other.name},
                            reason=why,
                        ):
                            raised += 1
            if comment.post_id is None:
                continue
            total = BodyMember.objects.filter(body=body, active=True).count()
            taking_part = set(
                BodyMember.objects.filter(
                    body=body,
                    active=True,
                    accounts__comments__post_id=comment.post_id,
                ).values_list("name", flat=True)
            )
            majority = total // 2 + 1
            if total and len(taking_part) >= majority:
                already = BrownActAlert.objects.filter(
                    body=body, kind=BrownActAlert.Kind.MAJORITY, post_id=comment.post_id
                ).exists()
                inside, term = _within_jurisdiction(body, texts)
                if not already and inside:
                    why = (
                        f"{len(taking_part)} of the {total} members of the {body.name} took part "
                        "in one thread (a majority)."
                    )
                    if _raise(
                        body=body,
                        kind=BrownActAlert.Kind.MAJORITY,
                        comment=comment,
                        members=taking_part,
                        reason=why,
                    ):
                        raised += 1
    return raised


def brown_act_scan_reactions(*, reaction_ids: list[int]) -> int:
    """A member's reaction (a "like", an emoji) on another member's comment, on a matter
    within the body's jurisdiction, is an exchange between members as much as a reply is.
    Never changes anything on the comment."""
    reactions = (
        Reaction.objects.filter(pk__in=reaction_ids)
        .exclude(verb=Reaction.Verb.WITHDRAWN)
        .select_related("account", "comment__account", "comment__post")
        .order_by("id")
    )
    raised = 0
    for reaction in reactions:
        comment = reaction.comment
        if comment.account_id is None or comment.account_id == reaction.account_id:
            continue
        memberships = BodyMember.objects.filter(
            accounts=reaction.account, active=True, body__active=True
        ).select_related("body")
        for member in memberships:
            body = member.body
            other = (
                BodyMember.objects.filter(body=body, active=True, accounts=comment.account)
                .exclude(pk=member.pk)
                .first()
            )
            if other is None:
                continue
            texts = [comment.body, comment.post.body if comment.post else ""]
            inside, term = _within_jurisdiction(body, texts)
            if not inside:
                continue
            why = f"{member.name} reacted ({reaction.kind}) to a comment by {other.name}"
            why += f" on a matter within the {body.name}'s jurisdiction"
            why += f" (“{term}”)." if term else "."
            if _raise(
                body=body,
                kind=BrownActAlert.Kind.MEMBER_REACTION,
                comment=comment,
                reaction=reaction,
                members={member.name, other.name},
                reason=why,
            ):
                raised += 1
    return raised


@transaction.atomic
def brown_act_alert_close(*, alert: BrownActAlert, actor, note: str) -> BrownActAlert:
    locked = BrownActAlert.objects.select_for_update().get(pk=alert.pk)
    if locked.state == BrownActAlert.State.CLOSED:
        raise ValidationError("This alert was already reviewed.")
    if not note.strip():
        raise ValidationError("Write what the Clerk found or did.")
    locked.state = BrownActAlert.State.CLOSED
    locked.closed_at = timezone.now()
    locked.closed_by = actor
    locked.closing_note = note.strip()
    locked._history_user = actor
    locked.save(update_fields=["state", "closed_at", "closed_by", "closing_note"])
    audit_record(
        actor=actor,
        verb=AuditVerb.BROWN_ACT_ALERT_CLOSED,
        target=locked,
        site_id=locked.comment.site_id,
        data={"note": locked.closing_note[:500]},
    )
    return locked


@transaction.atomic
def legislative_body_save(
    *, actor, name: str, jurisdiction_terms: str = "", body: LegislativeBody | None = None
) -> LegislativeBody:
    created = body is None
    body = body or LegislativeBody()
    body.name = name.strip()
    body.jurisdiction_terms = jurisdiction_terms.strip()
    body._history_user = actor
    body.save()
    audit_record(
        actor=actor,
        verb=AuditVerb.LEGISLATIVE_BODY_SAVED,
        target=body,
        data={"name": body.name, "created": created},
    )
    return body


@transaction.atomic
def body_member_add(
    *, actor, body: LegislativeBody, name: str, seat: str, accounts: list[PublicAccount]
) -> BodyMember:
    member = BodyMember(body=body, name=name.strip(), seat=seat.strip())
    member._history_user = actor
    member.save()
    member.accounts.set(accounts)
    for account in accounts:
        if not account.is_legislative_body_member:
            account.is_legislative_body_member = True
            account._history_user = actor
            account.save(update_fields=["is_legislative_body_member"])
    audit_record(
        actor=actor,
        verb=AuditVerb.BODY_MEMBER_ADDED,
        target=member,
        data={
            "body": body.name,
            "name": member.name,
            "accounts": [f"{a.platform}:{a.external_id}" for a in accounts],
        },
    )
    return member
