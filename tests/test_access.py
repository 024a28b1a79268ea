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
    "tests.access.bans",
    "tests.access.ingest",
    "tests.access.flagging",
    "tests.access.records",
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


@pytest.mark.parametrize(("name", "visitor"), CASES)
def test_access(client, scene, name, visitor):
    if name in EXPECTATIONS:
        spec, table = EXPECTATIONS[name]
    else:
        spec, table = {}, NAMESPACES_COVERED_WHOLE[name.split(":")[0]]
    url = reverse(name, kwargs=resolve_kwargs(spec, scene))
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
