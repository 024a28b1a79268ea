"""Who may reach the queue's URLs. The comment used lives on `site`: `moderator` and
`supervisor` are designated for it, `other_moderator` is not (so to them it does not exist)."""

from tests.access.common import POST_ONLY_SIGNED_IN, expect

QUEUE_STAFF = expect(403, anonymous="login", moderator=200, other_moderator=200, supervisor=200)

EXPECTATIONS = {
    "moderation:queue": ({}, QUEUE_STAFF),
    # Opening claims the comment: only designated moderators and supervisors. Records clerks
    # and administrators can read every site's content, so they get 403, not 404.
    "moderation:comment_detail": (
        {"pk": "queue_comment"},
        expect(404, anonymous="login", moderator=200, supervisor=200, clerk=403, admin=403),
    ),
    # The raw payload is a record: readable by whoever may read the site's content.
    "moderation:comment_raw": (
        {"pk": "queue_comment"},
        expect(404, anonymous="login", moderator=200, supervisor=200, clerk=200, admin=200),
    ),
    "moderation:comment_decide": ({"pk": "queue_comment"}, POST_ONLY_SIGNED_IN),
    "moderation:comment_release": ({"pk": "queue_comment"}, POST_ONLY_SIGNED_IN),
    "moderation:comment_quick_decide": ({"pk": "queue_comment"}, POST_ONLY_SIGNED_IN),
    "moderation:decision_undo": ({"pk": "queue_decision"}, POST_ONLY_SIGNED_IN),
    "moderation:queue_bulk": (
        {},
        expect(403, anonymous="login", moderator=405, other_moderator=405, supervisor=405),
    ),
}


def build_scene(scene):
    from moderation.models import Decision, Site
    from tests.factories import UserFactory
    from tests.moderation.queue.support import flagged_comment

    site = Site.objects.get(slug=scene["site"])
    decided = flagged_comment(site)
    decision = Decision.objects.create(
        comment=decided,
        action="keep",
        actor=UserFactory(),
        previous_platform_state=decided.platform_state,
    )
    return {"queue_comment": flagged_comment(site).pk, "queue_decision": decision.pk}
