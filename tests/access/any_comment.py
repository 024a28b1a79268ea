"""Who may reach the pages for acting on any comment. The comment and account used live on
`site`: `moderator` and `supervisor` are designated for it, `other_moderator` is not (so to
them the account does not exist). The report form is the public's: no sign-in."""

from tests.access.common import POST_ONLY_SIGNED_IN, PUBLIC, expect

STAFF = expect(403, anonymous="login", moderator=200, other_moderator=200, supervisor=200)

EXPECTATIONS = {
    "moderation:comment_list": ({}, STAFF),
    "moderation:comment_flag": ({"pk": "any_comment"}, POST_ONLY_SIGNED_IN),
    "moderation:account_detail": (
        {"pk": "any_account"},
        expect(403, anonymous="login", moderator=200, other_moderator=404, supervisor=200),
    ),
    # The role is checked before the method: other roles are refused outright.
    "moderation:account_note_add": (
        {"pk": "any_account"},
        expect(403, anonymous="login", moderator=405, other_moderator=405, supervisor=405),
    ),
    "moderation:report": ({}, PUBLIC),
    "moderation:report_received": ({}, PUBLIC),
}


def build_scene(scene):
    from moderation.models import Site
    from tests.moderation.queue.support import make_comment

    comment = make_comment(Site.objects.get(slug=scene["site"]), "Never flagged, never decided.")
    return {"any_comment": comment.pk, "any_account": comment.account_id}
