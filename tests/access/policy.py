"""The public policy pages, policy versions and the Brown Act monitor: who reaches which page."""

import datetime as dt

from tests.access.common import ADMIN_ONLY, PUBLIC, expect

EXPECTATIONS = {
    "moderation:policy_public": ({}, PUBLIC),
    "moderation:policy_public_version": ({"pk": "policy_version"}, PUBLIC),
    "moderation:policy_version_list": ({}, ADMIN_ONLY),
    "moderation:brown_act_alerts": ({}, expect(403, anonymous="login", clerk=200, admin=200)),
    "moderation:brown_act_alert_close": ({"pk": 1}, expect(405, anonymous="login")),
    "moderation:brown_act_bodies": ({}, ADMIN_ONLY),
}


def build_scene(scene):
    from moderation.models import PolicyVersion

    version = PolicyVersion.objects.create(
        label="Adopted 2019", text="The policy's text.", effective_on=dt.date(2019, 1, 1)
    )
    return {"policy_version": version.pk}
