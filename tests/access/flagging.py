"""Flag rules: the public list is open to everyone; maintaining rules is for supervisors (for
the rules of their sites) and administrators (for every rule)."""

from tests.access.common import POST_ONLY_SIGNED_IN, PUBLIC, expect

RULE_MAINTAINERS = expect(403, anonymous="login", supervisor=200, admin=200)

EXPECTATIONS = {
    "moderation:rules_public": ({}, PUBLIC),
    "moderation:rules_manage": ({}, RULE_MAINTAINERS),
    "moderation:rules_create": ({}, RULE_MAINTAINERS),
    # A rule for the supervisor's own site (City-wide ones: tests/moderation/rules/test_access.py)
    "moderation:rules_edit": ({"pk": "site_flag_rule"}, RULE_MAINTAINERS),
    # POST only: a GET is refused before anyone is asked who they are (405).
    "moderation:rules_set_active": ({"pk": "site_flag_rule"}, POST_ONLY_SIGNED_IN),
    "moderation:rules_learned": ({}, RULE_MAINTAINERS),
    "moderation:rules_learned_history": ({"code": "threat"}, RULE_MAINTAINERS),
}


def build_scene(scene):
    from moderation.models import PolicyCategory
    from moderation.rules.services import flag_rule_create
    from tests.moderation.flagging.support import default_rules_ensure

    default_rules_ensure()
    rule = flag_rule_create(
        actor=scene["users"]["admin"],
        category=PolicyCategory.objects.get(code="commerce"),
        name="Taco truck sales",
        kind="keywords",
        parameters={"terms": ["taco truck sale"]},
        sites=[scene["site_obj"]],
    )
    return {"site_flag_rule": rule.pk}
