from tests.access.common import ADMIN_ONLY, ADMIN_ONLY_POST, PUBLIC, SIGNED_IN_ANY, expect

EXPECTATIONS = {
    "home": ({}, SIGNED_IN_ANY),
    "healthz": ({}, PUBLIC),
    "accounts:login": ({}, expect("redirect", anonymous=200)),
    "accounts:logout": ({}, expect(405, anonymous="login")),  # sign-out is POST only
    "accounts:mfa_verify": ({}, expect("redirect", anonymous="login")),
    "accounts:mfa_setup": ({}, expect("redirect", anonymous="login")),
    "accounts:staff_list": ({}, ADMIN_ONLY),
    "accounts:staff_create": ({}, ADMIN_ONLY),
    "accounts:staff_detail": ({"pk": "moderator"}, ADMIN_ONLY),
    "accounts:staff_set_active": ({"pk": "moderator"}, ADMIN_ONLY_POST),
    "moderation:site_list": ({}, ADMIN_ONLY),
    "moderation:site_create": ({}, ADMIN_ONLY),
    "moderation:site_detail": ({"slug": "site"}, ADMIN_ONLY),
    "moderation:site_edit": ({"slug": "site"}, ADMIN_ONLY),
    "moderation:designation_revoke": (
        {"slug": "site", "pk": "designation"},
        expect(405, anonymous="login"),
    ),
}


def build_scene(scene):
    from moderation.models import Designation

    return {"designation": Designation.objects.filter(user=scene["users"]["moderator"]).first().pk}
