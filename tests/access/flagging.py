"""Flag rules: the public list is open to everyone; maintaining rules is for supervisors."""

from tests.access.common import POST_ONLY_SIGNED_IN, PUBLIC, expect

SUPERVISOR_ONLY = expect(403, anonymous="login", supervisor=200)

EXPECTATIONS = {
    "moderation:rules_public": ({}, PUBLIC),
    "moderation:rules_manage": ({}, SUPERVISOR_ONLY),
    "moderation:rules_create": ({}, SUPERVISOR_ONLY),
    "moderation:rules_edit": ({"pk": "flag_rule"}, SUPERVISOR_ONLY),
    # POST only: a GET is refused before anyone is asked who they are (405).
    "moderation:rules_set_active": ({"pk": "flag_rule"}, POST_ONLY_SIGNED_IN),
}


def build_scene(scene):
    from tests.moderation.flagging.support import default_rules_ensure

    return {"flag_rule": default_rules_ensure().pk}
