"""Security hardening that is not tied to one feature: CSP, no inline code, CSRF, rate limits."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from tests.conftest import sign_in

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = sorted((ROOT / "templates").rglob("*.html"))
# Patterns a strict CSP would block (or that smuggle code): inline scripts, style blocks,
# style attributes, inline event handlers, htmx's eval-based hx-on.
INLINE = {
    "inline <script>": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
    "<style> block": re.compile(r"<style\b", re.I),
    "style= attribute": re.compile(r"\sstyle\s*=", re.I),
    "on*= handler": re.compile(r"\son[a-z]+\s*=", re.I),
    "hx-on": re.compile(r"\shx-on", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
    "|safe / mark_safe": re.compile(r"\|\s*safe\b|autoescape\s+off", re.I),
}


# The release's index.html (records/packages/release.py) is a file inside the package the
# requester opens from disk, never a portal page: it must carry its own styles (the issue asks
# for a self-contained page, no external files). Everything else still applies to it.
SELF_CONTAINED = ROOT / "templates" / "records" / "package"


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_templates_have_no_inline_code(template):
    text = template.read_text(encoding="utf-8")
    allowed = {"<style> block"} if template.is_relative_to(SELF_CONTAINED) else set()
    found = [
        name for name, pattern in INLINE.items() if name not in allowed and pattern.search(text)
    ]
    assert not found, f"{template}: {found}"


def test_no_python_marks_text_safe():
    offenders = []
    for path in ROOT.glob("*/**/*.py"):
        if ".venv" in path.parts or "tests" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        # `|safe\b`: the template filter, not an expression's "|safer|" alternative.
        if re.search(r"\bmark_safe\(|SafeString\(|\|safe\b", text):
            offenders.append(str(path.relative_to(ROOT)))
    assert not offenders, offenders


@pytest.mark.django_db
def test_strict_content_security_policy_on_pages(client):
    response = client.get(reverse("accounts:login"))
    policy = response["Content-Security-Policy"]
    directives = dict(
        (part.strip().split(" ", 1) + [""])[:2] for part in policy.split(";") if part.strip()
    )
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_csrf_is_enforced_and_htmx_requests_carry_the_token(admin):
    client = Client(enforce_csrf_checks=True)
    sign_in(client, admin)
    page = client.get(reverse("home"))
    body = page.content.decode()
    # htmx sends the token from <body hx-headers>, so every hx-post carries it.
    match = re.search(r"hx-headers='\{\"X-CSRFToken\": \"([^\"]+)\"\}'", body)
    assert match, "base.html must give htmx the CSRF token"
    url = reverse("accounts:staff_create")
    refused = client.post(url, {"email": "x@stanton.example"}, HTTP_HX_REQUEST="true")
    assert refused.status_code == 403
    accepted = client.post(
        url,
        {"email": "x@stanton.example"},
        HTTP_HX_REQUEST="true",
        HTTP_X_CSRFTOKEN=match.group(1),
    )
    assert accepted.status_code == 200  # the form re-renders with its validation errors


@pytest.mark.django_db
@override_settings(SIGN_IN_RATE_LIMIT=3, SIGN_IN_RATE_WINDOW=60)
def test_sign_in_is_rate_limited_per_address(client):
    url = reverse("accounts:login")
    for n in range(3):
        response = client.post(url, {"username": f"n{n}@stanton.example", "password": "x" * 12})
        assert response.status_code == 200
    blocked = client.post(url, {"username": "n9@stanton.example", "password": "x" * 12})
    assert blocked.status_code == 429
    assert "Too many" in blocked.content.decode()
    assert blocked["Retry-After"] == "60"
    other = client.post(
        url, {"username": "n9@stanton.example", "password": "x" * 12}, REMOTE_ADDR="10.0.0.9"
    )
    assert other.status_code == 200


@pytest.mark.django_db
def test_sign_in_rate_limit_uses_the_shared_cache(require_redis):
    """Under CI the counters live in Redis, so every web process counts together."""
    from django.core.cache import caches

    from accounts.ratelimit import hit

    assert type(caches["default"]).__name__ == "RedisCache"
    assert hit("probe", "1.2.3.4", limit=1, window=60)
    assert not hit("probe", "1.2.3.4", limit=1, window=60)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "https:evil.example", "/\\evil.example"]
)
def test_next_redirects_only_to_this_site(client, moderator, target, settings):
    settings.REQUIRE_MFA = False
    from tests.factories import TEST_PASSWORD

    response = client.post(
        reverse("accounts:login") + f"?next={target}",
        {"username": moderator.email, "password": TEST_PASSWORD, "next": target},
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


@pytest.mark.django_db
def test_error_pages_stay_inside_the_portal(client, outsider):
    """403 and 404 use the portal's layout (landmarks, a way back), not Django's bare page."""
    sign_in(client, outsider)
    forbidden = client.get(reverse("accounts:staff_list"))
    assert forbidden.status_code == 403
    body = forbidden.content.decode()
    assert 'id="main-content"' in body and "ask an administrator" in body
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404
    assert 'id="main-content"' in missing.content.decode()
