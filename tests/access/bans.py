"""Bans, the audit log and decision review: who reaches which page.

The scene's ban and comment are on `site` (moderator and supervisor designated there; the
other moderator only on `other_site`). POST-only URLs answer a GET with 405.
"""

from tests.access.common import expect

MODERATORS_AND_SUPERVISORS = expect(
    403, anonymous="login", moderator=200, other_moderator=200, supervisor=200
)
ON_SITE_ONLY = expect(403, anonymous="login", moderator=200, supervisor=200)
POST_ONLY = expect(405, anonymous="login")
AUDITORS = expect(403, anonymous="login", supervisor=200, admin=200)

EXPECTATIONS = {
    "moderation:ban_list": ({}, MODERATORS_AND_SUPERVISORS),
    "moderation:ban_propose": ({}, MODERATORS_AND_SUPERVISORS),
    "moderation:ban_detail": ({"pk": "ban"}, ON_SITE_ONLY),
    "moderation:ban_decide": ({"pk": "ban"}, POST_ONLY),
    "moderation:ban_lift": ({"pk": "ban"}, POST_ONLY),
    "moderation:audit_log": ({}, AUDITORS),
    # The role is checked before the method: only auditors learn it is POST-only.
    "moderation:audit_verify": ({}, expect(403, anonymous="login", supervisor=405, admin=405)),
    "moderation:comment_history": ({"pk": "ban_comment"}, AUDITORS),
    "moderation:review_list": ({}, expect(403, anonymous="login", supervisor=200)),
    "moderation:review_decide": ({"pk": "ban_decision"}, POST_ONLY),
    # Everyone signed in has their own (possibly empty) list of reviews of their decisions.
    "moderation:review_notifications": ({}, expect(200, anonymous="login")),
    "moderation:review_notification_read": ({"pk": "review_notification"}, POST_ONLY),
}


def build_scene(scene):
    from moderation.bans.services import ban_propose
    from moderation.models import (
        Decision,
        DecisionAction,
        PlatformState,
        ReviewNotification,
        ReviewState,
    )
    from tests.factories import CommentFactory, PublicAccountFactory, UserFactory

    site = scene["site_obj"]
    moderator = scene["users"]["moderator"]
    account = PublicAccountFactory(platform=site.platform)
    comment = CommentFactory(site=site, account=account, platform_state=PlatformState.REMOVED)
    decision = Decision.objects.create(
        comment=comment,
        action=DecisionAction.REMOVE,
        actor=moderator,
        rationale="Threat.",
        previous_platform_state=PlatformState.VISIBLE,
        review_state=ReviewState.UNREVIEWED,
    )
    ban = ban_propose(
        account=account,
        site=site,
        scope="site",
        categories=["threat"],
        findings="Repeated threats.",
        evidence_comment_ids=[comment.pk],
        duration_days=7,
        actor=moderator,
    )
    # The moderator's notice of a review (arranged: the scene's decision itself stays unreviewed).
    notification = ReviewNotification.objects.create(
        recipient=moderator,
        decision=decision,
        outcome=ReviewNotification.Outcome.UPHELD,
        reviewer=scene["users"].get("supervisor") or UserFactory(roles=["Supervisor"]),
        note="Right call.",
    )
    return {
        "ban": ban.pk,
        "ban_comment": comment.pk,
        "ban_decision": decision.pk,
        "review_notification": notification.pk,
    }
