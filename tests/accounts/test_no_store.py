"""What a signed-in person was sent is never stored by a browser or proxy (OWASP ASVS 8.2.1),
nor are the sign-in pages; public pages and static files stay cacheable."""

from __future__ import annotations

import time

import pytest
from django.core.files.base import ContentFile
from django.test import TestCase
from django.urls import reverse
from django.utils.cache import get_max_age

from accounts.middleware import LAST_SEEN
from moderation.models import Attachment
from records import services as records_services
from records.selectors.search import SearchCriteria
from tests.conftest import sign_in
from tests.factories import CommentFactory
from tests.moderation.queue.support import flagged_comment
from tests.records.scene import make_request

pytestmark = pytest.mark.django_db


def directives(response) -> set[str]:
    return {d.strip().split("=")[0] for d in response.get("Cache-Control", "").split(",") if d}


def assert_not_stored(response, where: str) -> None:
    got = directives(response)
    assert {"no-store", "private"} <= got, (where, response.status_code, got)
    assert get_max_age(response) == 0, where


@pytest.fixture
def package(clerk, site, moderator):
    """A complete disclosure package, built (eagerly) through the real service."""
    CommentFactory(site=site, body="About the pool hours")
    request = make_request(clerk)
    records_services.request_save_criteria(
        actor=clerk,
        request=request,
        criteria=SearchCriteria(keyword="pool").to_json(),
        result_count=0,
    )
    request.refresh_from_db()
    with TestCase.captureOnCommitCallbacks(execute=True):
        built = records_services.package_request(actor=clerk, request=request)
    built.refresh_from_db()
    assert built.file
    return built


def test_signed_in_pages_are_not_stored(client, site, moderator, supervisor, admin, clerk, package):
    comment = flagged_comment(site)
    attachment = Attachment(comment=comment, source_url="https://cdn.example/a.png")
    attachment.file.save("a.png", ContentFile(b"\x89PNG\r\n\x1a\n" + b"\0" * 16), save=False)
    attachment.media_type = "image/png"
    attachment.save()

    sign_in(client, moderator)
    for url in (
        reverse("home"),
        reverse("moderation:queue"),
        reverse("moderation:comment_detail", args=[comment.pk]),
        reverse("moderation:comment_raw", args=[comment.pk]),
        reverse("moderation:attachment_download", args=[attachment.pk]),
        reverse("moderation:rules_public"),  # public, but this copy was sent to a signed-in user
        reverse("accounts:staff_list"),  # a 403 page is still a signed-in page
    ):
        assert_not_stored(client.get(url), url)
    assert_not_stored(client.get(reverse("moderation:queue"), HTTP_HX_REQUEST="true"), "htmx")
    release = client.post(reverse("moderation:comment_release", args=[comment.pk]))
    assert release.status_code == 302
    assert_not_stored(release, "POST redirect")

    sign_in(client, clerk)
    for url in (
        reverse("records:request_detail", args=[package.request_id]),
        reverse("records:package_detail", args=[package.pk]),
    ):
        assert_not_stored(client.get(url), url)
    download = client.get(reverse("records:package_download", args=[package.pk]))
    assert download.status_code == 200
    assert_not_stored(download, "package download")

    sign_in(client, admin)
    assert_not_stored(client.get(reverse("accounts:staff_list")), "staff list")


def test_the_page_that_ends_a_session_is_not_stored(client, moderator):
    sign_in(client, moderator)
    client.get(reverse("home"))
    session = client.session
    session[LAST_SEEN] = time.time() - 3 * 3600  # long idle
    session.save()

    response = client.get(reverse("moderation:queue"))

    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert_not_stored(response, "session ended")


def test_sign_in_pages_are_not_stored(client, moderator):
    assert_not_stored(client.get(reverse("accounts:login")), "sign-in page")
    failed = client.post(reverse("accounts:login"), {"username": moderator.email, "password": "x"})
    assert_not_stored(failed, "failed sign-in")
    assert_not_stored(client.get(reverse("admin:login")), "admin login")
    signed_out = client.post(reverse("accounts:logout"))
    assert_not_stored(signed_out, "sign-out")


def test_public_pages_and_static_files_stay_cacheable(client, moderator):
    public = client.get(reverse("moderation:rules_public"))
    assert public.status_code == 200
    assert "no-store" not in directives(public)

    sign_in(client, moderator)
    static = client.get("/static/js/queue.js")
    assert static.status_code == 200
    assert "no-store" not in directives(static)
    assert b"".join(static.streaming_content)
