"""The public request portal: anyone asks for records without signing in, gets a number and a
private tracking link, exchanges messages with the clerk and downloads what is released."""

import re
import time

import pytest
from django.core import mail, signing
from django.urls import reverse

from audit.events import AuditVerb
from audit.models import AuditEvent
from records import services
from records.forms import PublicRequestForm
from records.models import PackageDownload, RecordsRequest, RequestMessage
from records.packages.builder import package_build
from stanton.errors import ActionRefused
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


def _started(seconds_ago: int = 10) -> str:
    return signing.TimestampSigner(salt=PublicRequestForm.SALT).sign(
        str(int(time.time()) - seconds_ago)
    )


def _submit(client, **fields):
    data = {
        "description": "Comments removed from the City's Facebook page in March",
        "requester_name": "",
        "requester_contact": "",
        "website": "",
        "started": _started(),
        **fields,
    }
    return client.post(reverse("records:public_request"), data)


def _submitted(client, **fields) -> tuple[RecordsRequest, str]:
    response = _submit(client, **fields)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(response["Location"]).content.decode()
    link = re.search(r'href="(http://testserver/records/track/[^"]+/)"', page).group(1)
    number = re.search(r"Your request (PRA-\d{4}-\d{4})", page).group(1)
    return RecordsRequest.objects.get(number=number), link.removeprefix("http://testserver")


def test_anyone_submits_a_request_and_follows_it(client):
    request, link = _submitted(client, requester_contact="sam@example.org")
    assert request.channel == "portal" and request.requester_contact == "sam@example.org"
    created = AuditEvent.objects.get(verb=AuditVerb.RECORDS_REQUEST_CREATED)
    assert created.actor is None and created.target_id == str(request.pk)
    # the token itself is not stored, only its hash
    token = link.split("/")[-2]
    assert len(token) >= 40 and token not in str(request.tracking_token_sha256)
    # acknowledgment by email, with the link
    [sent] = mail.outbox
    assert request.number in sent.subject and link in sent.body
    page = client.get(link)
    assert page.status_code == 200 and page["Referrer-Policy"] == "same-origin"
    text = page.content.decode()
    assert request.number in text and f"{request.due_on:%B} {request.due_on.day}" in text
    # the receipt is shown once
    assert client.get(reverse("records:public_request_received")).status_code == 302


def test_an_anonymous_request_needs_no_name_or_contact(client):
    request, link = _submitted(client)
    assert request.requester_name == "" and request.requester_contact == ""
    assert not mail.outbox
    assert client.get(link).status_code == 200


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"website": "http://spam.example"}, "could not be sent"),
        ({"started": "just now"}, "That was quick"),
        ({"started": "tampered"}, "This form expired"),
        ({"description": ""}, "This field is required"),
    ],
)
def test_bots_and_bad_input_are_refused_and_nothing_is_saved(client, fields, message):
    if fields.get("started") == "just now":  # signed when the test runs, not when collected
        fields = {"started": _started(seconds_ago=0)}
    response = _submit(client, **fields)
    assert response.status_code == 400 and message in response.content.decode()
    assert not RecordsRequest.objects.exists()


def test_an_unknown_token_is_not_found(client):
    _submitted(client)
    assert client.get(reverse("records:track", args=["x" * 43])).status_code == 404
    assert client.get(reverse("records:track", args=["x" * 200])).status_code == 404


def test_the_form_is_rate_limited_per_address(client, settings, require_redis):
    settings.RECORDS_PUBLIC_REQUEST_RATE_LIMIT = 1
    assert _submit(client).status_code == 302
    response = _submit(client)
    assert response.status_code == 429 and response["Retry-After"]
    assert RecordsRequest.objects.count() == 1


def test_clerk_and_requester_write_to_each_other(client, clerk):
    request, link = _submitted(client, requester_contact="sam@example.org")
    mail.outbox.clear()
    services.request_message_to_requester(
        actor=clerk, request=request, body="Which <b>page</b> do you mean?"
    )
    [sent] = mail.outbox
    assert sent.to == ["sam@example.org"] and "Which <b>page</b> do you mean?" in sent.body
    page = client.get(link).content.decode()
    assert "Which &lt;b&gt;page&lt;/b&gt; do you mean?" in page
    response = client.post(link + "message/", {"body": "The Facebook page, please."})
    assert response.status_code == 302
    assert client.post(link + "message/", {"body": "  "}).status_code == 400
    thread = list(RequestMessage.objects.filter(request=request).values_list("sender", "body"))
    assert thread == [
        ("city", "Which <b>page</b> do you mean?"),
        ("requester", "The Facebook page, please."),
    ]
    assert AuditEvent.objects.get(verb=AuditVerb.RECORDS_REQUEST_MESSAGE_SENT).actor == clerk
    received = AuditEvent.objects.get(verb=AuditVerb.RECORDS_REQUEST_MESSAGE_RECEIVED)
    assert received.actor is None
    sign_in(client, clerk)
    detail = client.get(reverse("records:request_detail", args=[request.pk])).content.decode()
    assert "The Facebook page, please." in detail and "Messages with the requester" in detail


def test_the_clerk_messages_from_the_request_page(client, clerk):
    request = services.request_create(
        actor=clerk, received_on=request_day(), description="x", channel="phone"
    )
    sign_in(client, clerk)
    url = reverse("records:request_message", args=[request.pk])
    assert client.get(url).status_code == 405
    response = client.post(url, {"body": "We called you back."}, follow=True)
    assert "Message kept on the request." in response.content.decode()
    assert RequestMessage.objects.get(request=request).author == clerk


def request_day():
    from django.utils import timezone

    return timezone.localdate()


def test_a_released_package_is_downloadable_from_the_tracking_page(client, clerk):
    request, link = _submitted(client)
    package = services.package_request(actor=clerk, request=request, enqueue=False)
    with pytest.raises(ActionRefused, match="Only a complete package"):
        services.package_release(actor=clerk, package=package)
    assert "Nothing released yet." in client.get(link).content.decode()
    package_build(package_id=package.pk)
    release = services.package_release(actor=clerk, package=package)
    assert AuditEvent.objects.get(verb=AuditVerb.PACKAGE_RELEASED).actor == clerk
    with pytest.raises(ActionRefused, match="already released"):
        services.package_release(actor=clerk, package=package)
    page = client.get(link).content.decode()
    download = reverse("records:track_download", args=[link.split("/")[-2], release.pk])
    assert download in page
    response = client.get(download)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert b"".join(response.streaming_content)[:2] == b"PK"
    logged = PackageDownload.objects.get(package=package)
    assert logged.user is None and logged.ip is None
    # another request's token does not open this release
    _other, other_link = _submitted(client)
    other = reverse("records:track_download", args=[other_link.split("/")[-2], release.pk])
    assert client.get(other).status_code == 404


def test_the_clerk_publishes_a_closed_request_in_the_public_archive(
    client, clerk, django_capture_on_commit_callbacks
):
    request, _link = _submitted(client, requester_name="Sam Ortiz", requester_contact="s@x.org")
    package = services.package_request(actor=clerk, request=request, enqueue=False)
    package_build(package_id=package.pk)
    release = services.package_release(actor=clerk, package=package)
    download = reverse("records:archive_download", args=[release.pk])
    with pytest.raises(ActionRefused, match="Only a closed request"):
        services.request_archive_set(actor=clerk, request=request, public=True)
    for status in ("searching", "review", "fulfilled"):
        services.request_transition(
            actor=clerk, request=request, status=status, determination="Released in full."
        )
    assert client.get(download).status_code == 404  # not published yet
    sign_in(client, clerk)
    with django_capture_on_commit_callbacks(execute=True):  # the archive copy is made
        response = client.post(
            reverse("records:request_archive", args=[request.pk]), {"public": "1"}, follow=True
        )
    assert "In the public archive." in response.content.decode()
    event = AuditEvent.objects.get(verb=AuditVerb.RECORDS_REQUEST_ARCHIVE_CHANGED)
    assert event.data == {"public": True} and event.actor == clerk
    client.logout()
    page = client.get(reverse("records:archive")).content.decode()
    assert request.number in page and download in page
    assert "Sam Ortiz" not in page and "s@x.org" not in page
    assert client.get(download).status_code == 200
    services.request_archive_set(actor=clerk, request=request, public=False)
    assert request.number not in client.get(reverse("records:archive")).content.decode()
    assert client.get(download).status_code == 404


def test_the_archive_keeps_a_constant_number_of_queries(
    client, clerk, django_assert_max_num_queries
):
    def publish():
        request, _link = _submitted(client)
        for status in ("searching", "no_records"):
            services.request_transition(
                actor=clerk, request=request, status=status, determination="No records."
            )
        services.request_archive_set(actor=clerk, request=request, public=True)

    publish()
    with django_assert_max_num_queries(6):
        client.get(reverse("records:archive"))
    for _ in range(4):
        publish()
    with django_assert_max_num_queries(6):
        page = client.get(reverse("records:archive")).content.decode()
    assert page.count("No records") >= 5
