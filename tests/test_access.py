"""Every URL pattern × every kind of visitor, against explicit tables in tests/access/.

A URL with no row in any table fails `test_every_url_has_an_expectation`. Each feature keeps
its own table module; add it to TABLES.
"""

from __future__ import annotations

from importlib import import_module

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.access.common import VISITORS, expect
from tests.conftest import sign_in

TABLES = [
    "tests.access.foundation",
    "tests.access.attachments",
    "tests.access.queue",
    "tests.access.any_comment",
    "tests.access.bans",
    "tests.access.ingest",
    "tests.access.flagging",
    "tests.access.records",
    "tests.access.connectors",
    "tests.access.responses",
    "tests.access.supervision",
    "tests.access.policy",
]


def _load_tables():
    modules = []
    for name in TABLES:
        try:
            modules.append(import_module(name))
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
    return modules


MODULES = _load_tables()
EXPECTATIONS: dict[str, tuple] = {}
for _module in MODULES:
    EXPECTATIONS.update(_module.EXPECTATIONS)

# Django admin has its own gate (is_staff and a verified second factor); none of these visitors
# is staff, so it sends each of them to its login page, which forwards to the portal's sign-in
# (tests/accounts/test_django_admin.py). Its many URLs are covered as one namespace.
NAMESPACES_COVERED_WHOLE = {"admin": expect("redirect")}


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
        name
        for name in set(all_url_names())
        if name not in EXPECTATIONS and name.split(":")[0] not in NAMESPACES_COVERED_WHOLE
    ]
    assert not missing, f"URLs without an access expectation: {sorted(missing)}"


def scene_build(
    *, site, other_site, admin, moderator, other_moderator, supervisor, clerk, outsider
) -> dict:
    """The objects the tables' kwargs refer to, built from the named fixtures' objects.

    A plain function so other sweeps (tests/e2e/test_accessibility_sweep.py) build the same
    scene as this test.
    """
    base = {
        "site": site.slug,
        "site_obj": site,
        "other_site_obj": other_site,
        "other_site": other_site.slug,
        "moderator": moderator.pk,
        "users": {
            "outsider": outsider,
            "moderator": moderator,
            "other_moderator": other_moderator,
            "supervisor": supervisor,
            "clerk": clerk,
            "admin": admin,
        },
    }
    for module in MODULES:
        if hasattr(module, "build_scene"):
            base.update(module.build_scene(base))
    return base


@pytest.fixture
def scene(site, other_site, admin, moderator, other_moderator, supervisor, clerk, outsider):
    return scene_build(
        site=site,
        other_site=other_site,
        admin=admin,
        moderator=moderator,
        other_moderator=other_moderator,
        supervisor=supervisor,
        clerk=clerk,
        outsider=outsider,
    )


def resolve_kwargs(spec, scene):
    return {
        key: scene[value] if isinstance(value, str) and value in scene else value
        for key, value in spec.items()
    }


CASES = [(name, visitor) for name in sorted(EXPECTATIONS) for visitor in VISITORS] + [
    ("admin:index", visitor) for visitor in VISITORS
]


def _case(scene, name, visitor):
    if name in EXPECTATIONS:
        spec, table = EXPECTATIONS[name]
    else:
        spec, table = {}, NAMESPACES_COVERED_WHOLE[name.split(":")[0]]
    return reverse(name, kwargs=resolve_kwargs(spec, scene)), table[visitor]


def _is_login_redirect(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:login")
    )


@pytest.mark.parametrize(("name", "visitor"), CASES)
def test_access(client, scene, name, visitor):
    url, expected = _case(scene, name, visitor)
    if visitor != "anonymous":
        sign_in(client, scene["users"][visitor])
    response = client.get(url)
    if expected == "login":
        assert response.status_code == 302, (url, visitor, response.status_code)
        assert response["Location"].startswith(reverse("accounts:login")), response["Location"]
    elif expected == "redirect":
        assert response.status_code == 302, (url, visitor, response.status_code)
    else:
        assert response.status_code == expected, (url, visitor, response.status_code)


# Every other method a view may be sent. HEAD must answer as GET does (Django runs the GET
# view); the others are judged against the same table: a visitor the table denies (sign-in,
# 403, 404) is denied whatever the method (405 for a method the URL never accepts reveals
# nothing either); a visitor it admits never meets a denial or a server error: the view
# answers its form's errors, acts, redirects, or says 405. (A URL whose GET the table
# answers 405 only accepts POST: there only the other methods are judged.)
OTHER_METHODS = ("post", "put", "patch", "delete", "options")
DENIED = ("login", 401, 403, 404)


@pytest.mark.parametrize(("name", "visitor"), CASES)
def test_access_by_every_method(client, scene, settings, name, visitor):
    # A configured webhook (unconfigured, it answers 503 to everything by design).
    settings.META_APP_SECRET = "sweep-app-secret"
    settings.META_VERIFY_TOKEN = "sweep-verify-token"
    url, expected = _case(scene, name, visitor)
    user = scene["users"].get(visitor)

    def send(method):
        client.logout()
        if user is not None:
            sign_in(client, user)
        return getattr(client, method)(url)

    head = send("head")
    where = (url, visitor, "HEAD", head.status_code)
    if expected == "login":
        assert _is_login_redirect(head), where
    elif expected in DENIED:
        # A machine endpoint (the webhook) may not take HEAD at all: 405 reveals nothing.
        assert head.status_code in (expected, 405), where
    elif expected != "redirect":
        assert head.status_code == expected, where
    for method in OTHER_METHODS:
        response = send(method)
        status = response.status_code
        where = (url, visitor, method.upper(), status)
        assert status < 500, where
        if expected == 405:
            # GET is not this URL's method (an action, or the API): who may POST is for the
            # view's own tests; every other method is refused or denied.
            if method == "options":
                assert status in (200, 401, 403, 404, 405) or _is_login_redirect(response), where
            elif method != "post":
                assert status in (401, 403, 404, 405) or _is_login_redirect(response), where
        elif expected == "login":
            assert _is_login_redirect(response) or status == 405, where
        elif expected in DENIED:
            assert status in (expected, 405), where
        elif expected == "redirect":
            assert status in (302, 405), where
        else:
            assert status not in (401, 403, 404), where
            assert not _is_login_redirect(response), where
