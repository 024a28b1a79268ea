"""Shared vocabulary for the role-by-URL access tables (see tests/test_access.py).

Each table module in this package exports:
  EXPECTATIONS: {url name: (kwargs spec, {visitor: outcome})}
  build_scene(scene) -> dict  (optional) extra objects its kwargs refer to, by key
Outcomes: 200, 403, 404, 405, "login" (redirected to sign-in), "redirect" (302 elsewhere).
A kwargs value that is a string naming a scene key is replaced by that key's value.
"""

VISITORS = ("anonymous", "outsider", "moderator", "other_moderator", "supervisor", "clerk", "admin")


def expect(default, **overrides):
    return {visitor: overrides.get(visitor, default) for visitor in VISITORS}


SIGNED_IN_ANY = expect(200, anonymous="login")
ADMIN_ONLY = expect(403, anonymous="login", admin=200)
ADMIN_ONLY_POST = expect(403, anonymous="login", admin=405)
POST_ONLY_SIGNED_IN = expect(405, anonymous="login")
PUBLIC = expect(200)
