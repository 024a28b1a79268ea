"""Answering the public, platform reports and posting requests: who reaches which page.

The scene's comment (with its need, a reply awaiting an exception and a decision) is on
`site`: the moderator and the supervisor are designated there, the other moderator is not.
Administrators and records clerks read every comment but do not answer them (403).
"""

from tests.access.common import expect

STAFF = expect(403, anonymous="login", moderator=200, other_moderator=200, supervisor=200)
ON_SITE = expect(404, anonymous="login", moderator=200, supervisor=200, clerk=403, admin=403)
STAFF_POST = expect(403, anonymous="login", moderator=405, other_moderator=405, supervisor=405)
SUPERVISOR_POST = expect(403, anonymous="login", supervisor=405)
MANAGERS = expect(403, anonymous="login", supervisor=200, admin=200)
READERS = expect(200, anonymous="login", outsider=403)

EXPECTATIONS = {
    "moderation:response_list": ({}, STAFF),
    "moderation:reply": ({"pk": "need_comment"}, ON_SITE),
    "moderation:response_dismiss": ({"pk": "need_comment"}, STAFF_POST),
    "moderation:reply_exception_approve": ({"pk": "held_reply"}, SUPERVISOR_POST),
    "moderation:saved_reply_list": ({}, MANAGERS),
    "moderation:saved_reply_edit": ({"pk": "saved_reply"}, MANAGERS),
    "moderation:staff_directory": ({}, MANAGERS),
    "moderation:staff_directory_edit": ({"pk": "directory_entry"}, MANAGERS),
    "moderation:platform_report_add": ({"pk": "reported_decision"}, STAFF_POST),
    "moderation:posting_request_list": ({}, READERS),
    "moderation:posting_request_detail": ({"pk": "posting_request"}, READERS),
}


def build_scene(scene):
    from datetime import date

    from moderation.models import Decision, DecisionAction, PlatformState
    from moderation.responses.services import (
        posting_request_log,
        reply_exception_request,
        response_needs_detect,
        saved_reply_save,
        staff_directory_save,
    )
    from tests.factories import CommentFactory

    site = scene["site_obj"]
    users = scene["users"]
    entry = staff_directory_save(
        actor=users["supervisor"], name="Robin Castellanos", public_title="Parks Supervisor"
    )
    comment = CommentFactory(site=site, body="When will the park restrooms reopen?")
    response_needs_detect(comment_ids=[comment.pk])
    held = reply_exception_request(
        comment=comment,
        actor=users["moderator"],
        text="Robin Castellanos will let you know.",
        reason="The resident asked for the supervisor by name.",
    )
    saved = saved_reply_save(
        actor=users["supervisor"], topic="parks", title="Restrooms", text="Thanks for asking."
    )
    decision = Decision.objects.create(
        comment=comment,
        action=DecisionAction.KEEP,
        actor=users["moderator"],
        previous_platform_state=PlatformState.VISIBLE,
    )
    posting = posting_request_log(
        actor=users["supervisor"],
        requester_type="non_profit",
        requester_name="Stanton Food Pantry",
        content="Our holiday food drive starts Saturday.",
        received_on=date(2026, 11, 30),
    )
    return {
        "need_comment": comment.pk,
        "held_reply": held.pk,
        "saved_reply": saved.pk,
        "directory_entry": entry.pk,
        "reported_decision": decision.pk,
        "posting_request": posting.pk,
    }
