"""The platform worklist and site connections: who reaches which page. The scene's action is
a manual removal on `site` (moderator and supervisor designated there)."""

from tests.access.common import ADMIN_ONLY, expect

POST_ONLY = expect(405, anonymous="login")

EXPECTATIONS = {
    "moderation:platform_worklist": (
        {},
        expect(
            403,
            anonymous="login",
            moderator=200,
            other_moderator=200,
            supervisor=200,
            admin=200,
        ),
    ),
    "moderation:platform_action_done": ({"pk": "platform_action"}, POST_ONLY),
    "moderation:platform_action_retry": ({"pk": "platform_action"}, POST_ONLY),
    "moderation:site_connection": ({"slug": "site"}, ADMIN_ONLY),
}


def build_scene(scene):
    from moderation.models import PlatformAction
    from tests.factories import CommentFactory

    comment = CommentFactory(site=scene["site_obj"])
    action = PlatformAction.objects.create(
        kind=PlatformAction.Kind.REMOVE_COMMENT,
        site=scene["site_obj"],
        comment=comment,
        state=PlatformAction.State.MANUAL,
        manual_reason="No access token is entered for this site.",
    )
    return {"platform_action": action.pk}
