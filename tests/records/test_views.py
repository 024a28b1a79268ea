"""Records pages end to end: intake → criteria → redaction → package → download."""

from datetime import timedelta

import pytest
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from audit.events import AuditVerb
from audit.models import AuditEvent
from records import services
from records.models import (
    DisclosurePackage,
    LegalHold,
    PackageDownload,
    RecordsRequest,
    Redaction,
)
from tests.conftest import sign_in
from tests.records.scene import REMOVED_TEXT, SECRET_PHONE, build_content, exemption, make_request


@pytest.fixture
def content(site, moderator):
    return build_content(site=site, moderator=moderator)


def test_clerk_takes_a_request_from_intake_to_a_downloaded_package(client, clerk, site, content):
    sign_in(client, clerk)
    today = timezone.localdate()
    response = client.post(
        reverse("records:request_create"),
        {
            "received_on": today.isoformat(),
            "channel": "web_form",
            "requester_name": "",
            "requester_contact": "",
            "description": "Comments about the pool manager",
            "assignee": clerk.pk,
            "internal_notes": "",
        },
    )
    request = RecordsRequest.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{request.pk}/")
    # criteria: preview count (GET), then save (POST)
    search_url = reverse("records:request_search", args=[request.pk])
    response = client.get(search_url, {"keyword": "manager", "kinds": ["comments", "decisions"]})
    assert response.status_code == 200
    assert b"1 matching record" in response.content or b"2 matching record" in response.content
    response = client.post(search_url, {"keyword": "manager", "kinds": ["comments"]})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.search_criteria["keyword"] == "manager"
    # redact the phone number from the suggestion list's offsets
    removed = content["removed"]
    editor = reverse("records:redaction_editor", args=[request.pk, "comment", removed.pk])
    page = client.get(editor)
    start = REMOVED_TEXT.index(SECRET_PHONE)
    assert f"start={start}&amp;end={start + len(SECRET_PHONE)}".encode() in page.content
    response = client.post(
        editor,
        {
            "target_type": "comment",
            "target_id": removed.pk,
            "field": "body",
            "start": start,
            "end": start + len(SECRET_PHONE),
            "selected_text": SECRET_PHONE,
            "exemption": exemption().pk,
            "note": "",
        },
    )
    assert response.status_code == 302 and Redaction.objects.count() == 1
    # build (eager) and download
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("records:package_create", args=[request.pk]))
    package = DisclosurePackage.objects.get()
    assert response["Location"] == reverse("records:package_detail", args=[package.pk])
    page = client.get(response["Location"])
    assert b"Complete" in page.content and b'hx-trigger="every 2s"' not in page.content
    download = client.get(reverse("records:package_download", args=[package.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"
    assert download["Content-Disposition"].startswith("attachment;")
    body = b"".join(download.streaming_content)
    import hashlib

    assert hashlib.sha256(body).hexdigest() == package.sha256
    log = PackageDownload.objects.get()
    assert log.user == clerk and log.ip == "127.0.0.1"
    assert AuditEvent.objects.filter(verb=AuditVerb.PACKAGE_DOWNLOADED, actor=clerk).exists()


def test_package_page_polls_while_building_and_offers_refresh(client, clerk, db):
    request = make_request(clerk)
    package = services.package_request(actor=clerk, request=request, enqueue=False)
    sign_in(client, clerk)
    url = reverse("records:package_detail", args=[package.pk])
    page = client.get(url)
    assert b'hx-trigger="every 2s"' in page.content and b"Refresh" in page.content
    partial = client.get(url, HTTP_HX_REQUEST="true")
    assert b"<html" not in partial.content and b'id="package-status"' in partial.content
    # an incomplete package cannot be downloaded
    assert client.get(reverse("records:package_download", args=[package.pk])).status_code == 404
    assert not PackageDownload.objects.exists()


def test_bad_intake_is_refused_with_nothing_saved(client, clerk, db):
    sign_in(client, clerk)
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = client.post(
        reverse("records:request_create"),
        {
            "received_on": future,
            "channel": "email",
            "description": "",
        },
    )
    assert response.status_code == 200
    assert b"cannot be in the future" in response.content
    assert not RecordsRequest.objects.exists()


def test_malformed_criteria_show_a_message(client, clerk, db):
    request = make_request(clerk)
    sign_in(client, clerk)
    response = client.post(
        reverse("records:request_search", args=[request.pk]),
        {"date_from": "2025-05-01", "date_to": "2025-04-01", "kinds": ["comments"]},
    )
    assert response.status_code == 200 and b"end date is before" in response.content
    request.refresh_from_db()
    assert request.search_criteria == {}


def test_status_change_and_extension_via_pages(client, clerk, db):
    request = make_request(clerk, days_ago=1)
    sign_in(client, clerk)
    client.post(reverse("records:request_status", args=[request.pk]), {"status": "searching"})
    request.refresh_from_db()
    assert request.status == "searching"
    response = client.post(
        reverse("records:request_extend", args=[request.pk]),
        {
            "reasons": ["voluminous", "consultation"],
            "notice_sent_on": request.received_on.isoformat(),
            "new_due_on": (request.received_on + timedelta(days=40)).isoformat(),
            "note": "",
        },
    )
    assert response.status_code == 200 and b"no later than" in response.content
    request.refresh_from_db()
    assert not request.is_extended


def test_hostile_text_is_escaped_on_pages(client, clerk, site):
    from tests.factories import CommentFactory

    comment = CommentFactory(site=site, body='<img src=x onerror="alert(1)">')
    request = make_request(clerk, description="<script>alert('x')</script>")
    sign_in(client, clerk)
    detail = client.get(reverse("records:request_detail", args=[request.pk]))
    assert b"<script>alert" not in detail.content and b"&lt;script&gt;" in detail.content
    editor = client.get(
        reverse("records:redaction_editor", args=[request.pk, "comment", comment.pk])
    )
    assert b"<img src=x" not in editor.content and b"&lt;img src=x" in editor.content


def test_holds_are_placed_and_released_never_deleted(client, clerk, site):
    sign_in(client, clerk)
    response = client.post(
        reverse("records:hold_create"),
        {"site": site.pk, "reason": "Pending claim", "keyword": "pool"},
    )
    assert response.status_code == 302
    hold = LegalHold.objects.get()
    client.post(reverse("records:hold_release", args=[hold.pk]), {"reason": "Claim settled"})
    hold.refresh_from_db()
    assert hold.released_at is not None and hold.released_by == clerk
    assert list(
        AuditEvent.objects.filter(target_type="records.legalhold").values_list("verb", flat=True)
    ) == [AuditVerb.LEGAL_HOLD_PLACED, AuditVerb.LEGAL_HOLD_RELEASED]


def test_only_administrators_add_closures(client, clerk, admin, db):
    sign_in(client, clerk)
    assert (
        client.post(
            reverse("records:closure_list"), {"date": "2025-12-24", "reason": "x"}
        ).status_code
        == 403
    )
    sign_in(client, admin)
    assert (
        client.post(
            reverse("records:closure_list"), {"date": "2025-12-24", "reason": "Winter break"}
        ).status_code
        == 302
    )


@pytest.mark.parametrize("name", ["records:request_status", "records:package_create"])
def test_post_only_views_reject_get(client, clerk, name):
    request = make_request(clerk)
    sign_in(client, clerk)
    assert client.get(reverse(name, args=[request.pk])).status_code == 405


@pytest.mark.parametrize("count", [3, 12])
def test_request_list_and_dashboard_queries_are_constant(
    client, clerk, django_assert_max_num_queries, count
):
    for i in range(count):
        make_request(clerk, days_ago=i % 20, description=f"Request {i}")
    sign_in(client, clerk)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("records:request_list"))
    assert response.status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(reverse("records:dashboard")).status_code == 200


def test_request_list_shows_due_soon_and_overdue_badges(client, clerk, db):
    make_request(clerk, days_ago=30, description="old")
    make_request(clerk, days_ago=0, description="new")
    sign_in(client, clerk)
    page = client.get(reverse("records:request_list"))
    assert page.content.count(b"Overdue") == 1


def test_comment_editor_points_to_older_revisions_that_still_hold_redacted_text(
    client, clerk, site
):
    """A body redaction reaches the current revision only; the editor names the older one
    that still contains the phone number, and the clerk redacts it there on purpose."""
    import hashlib
    import zipfile

    from moderation.models import CommentRevision
    from records.selectors.search import SearchCriteria
    from tests.factories import CommentFactory

    first = f"Call the pool manager at home, {SECRET_PHONE}"
    current = f"Call the pool manager at home! {SECRET_PHONE} tonight"
    comment = CommentFactory(site=site, body=first)
    older = comment.revisions.get()
    # As ingestion edits: the revision first, then the comment takes its text and hash.
    current_hash = hashlib.sha256(current.encode()).hexdigest()
    CommentRevision.objects.create(
        comment=comment, number=2, body=current, content_hash=current_hash
    )
    comment.body, comment.content_hash = current, current_hash
    comment.save()
    request = make_request(clerk)
    services.request_save_criteria(
        actor=clerk,
        request=request,
        criteria=SearchCriteria(site_id=site.pk, site_slug=site.slug).to_json(),
        result_count=1,
    )
    sign_in(client, clerk)
    editor = reverse("records:redaction_editor", args=[request.pk, "comment", comment.pk])
    revision_editor = reverse("records:redaction_editor", args=[request.pk, "revision", older.pk])
    page = client.get(editor).content.decode()
    assert revision_editor in page and "still contains" not in page
    start = current.index(SECRET_PHONE)
    client.post(
        editor,
        {
            "target_type": "comment",
            "target_id": comment.pk,
            "field": "body",
            "start": start,
            "end": start + len(SECRET_PHONE),
            "selected_text": SECRET_PHONE,
            "exemption": exemption().pk,
            "note": "",
        },
    )
    page = client.get(editor).content.decode()
    assert "Revision 1</a>: <strong>still contains text redacted from this comment" in page
    assert "Revision 2</a>: the current text" in page
    # The revision's own editor suggests the number; the clerk marks it there.
    page = client.get(revision_editor).content.decode()
    start = first.index(SECRET_PHONE)
    assert f"start={start}&amp;end={start + len(SECRET_PHONE)}" in page
    response = client.post(
        revision_editor,
        {
            "target_type": "revision",
            "target_id": older.pk,
            "field": "body",
            "start": start,
            "end": start + len(SECRET_PHONE),
            "selected_text": SECRET_PHONE,
            "exemption": exemption().pk,
            "note": "",
        },
    )
    assert response.status_code == 302
    assert "still contains" not in client.get(editor).content.decode()
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(reverse("records:package_create", args=[request.pk]))
    package = DisclosurePackage.objects.get()
    with zipfile.ZipFile(package.file.path) as zf:
        for name in zf.namelist():
            assert SECRET_PHONE.encode() not in zf.read(name), name
