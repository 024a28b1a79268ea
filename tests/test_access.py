"""Every URL pattern × every kind of visitor, against an explicit table.

A new URL with no row here fails `test_every_url_has_an_expectation`. Outcomes:
200 (page renders), 403, 404, 405 (wrong method: GET on a POST-only endpoint once access is
granted), "login" (redirected to sign-in), "redirect" (a 302 elsewhere).
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

VISITORS = ("anonymous", "outsider", "moderator", "other_moderator", "supervisor", "clerk", "admin")


def expect(default, **overrides):
    return {visitor: overrides.get(visitor, default) for visitor in VISITORS}


SIGNED_IN_ANY = expect(200, anonymous="login")
ADMIN_ONLY = expect(403, anonymous="login", admin=200)
ADMIN_ONLY_POST = expect(403, anonymous="login", admin=405)
PUBLIC = expect(200)

# Django admin has its own is_staff gate; none of these visitors is staff, so it redirects
# every one of them to its own sign-in page.
DJANGO_ADMIN = expect("redirect")

# url name -> (kwargs builder, expectations)
EXPECTATIONS: dict[str, tuple] = {
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
    "moderation:designation_revoke": ({"slug": "site", "pk": "designation"}, expect(405, anonymous="login")),
}
NAMESPACES_COVERED_WHOLE = {"admin": DJANGO_ADMIN}


def all_url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            child = f"{namespace}{ns}:" if ns else namespace
            yield from all_url_names(entry, child)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def test_every_url_has_an_expectation():
    missing = [
        name for name in set(all_url_names())
        if name not in EXPECTATIONS and name.split(":")[0] not in NAMESPACES_COVERED_WHOLE
    ]
    assert not missing, f"URLs without an access expectation: {sorted(missing)}"


@pytest.fixture
def scene(site, other_site, admin, moderator, other_moderator, supervisor, clerk, outsider):
    from moderation.models import Designation

    return {
        "site": site.slug,
        "moderator": moderator.pk,
        "designation": Designation.objects.filter(user=moderator).first().pk,
        "users": {
            "outsider": outsider, "moderator": moderator, "other_moderator": other_moderator,
            "supervisor": supervisor, "clerk": clerk, "admin": admin,
        },
    }


def _resolve_kwargs(spec, scene):
    return {key: scene[value] if isinstance(value, str) and value in scene else value
            for key, value in spec.items()}


CASES = [(name, visitor) for name in sorted(EXPECTATIONS) for visitor in VISITORS] + [
    ("admin:index", visitor) for visitor in VISITORS
]


@pytest.mark.parametrize(("name", "visitor"), CASES)
def test_access(client, scene, name, visitor):
    from tests.conftest import sign_in

    if name in EXPECTATIONS:
        spec, table = EXPECTATIONS[name]
    else:
        spec, table = {}, NAMESPACES_COVERED_WHOLE[name.split(":")[0]]
    url = reverse(name, kwargs=_resolve_kwargs(spec, scene))
    if visitor != "anonymous":
        sign_in(client, scene["users"][visitor])
    response = client.get(url)
    expected = table[visitor]
    if expected == "login":
        assert response.status_code == 302, (url, visitor, response.status_code)
        assert response["Location"].startswith(reverse("accounts:login")), response["Location"]
    elif expected == "redirect":
        assert response.status_code == 302, (url, visitor, response.status_code)
    else:
        assert response.status_code == expected, (url, visitor, response.status_code)
