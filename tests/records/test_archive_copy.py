"""The public archive never shows who asked: it serves a copy of each release in which the
letters (written "Dear <name>") and the release page have the requester's name and contact
withheld, with its own recorded SHA-256; the requester still gets the release as sent."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse

from audit.events import AuditVerb
from audit.models import AuditEvent
from records import services
from records.models import ArchiveCopy, LetterKind
from records.packages.archive_copy import (
    WITHHELD_CONTACT,
    WITHHELD_NAME,
    requester_identifiers,
    withhold,
)
from records.packages.builder import package_build
from records.packages.verify import verify_package_file
from records.services.portal import request_submit_public

pytestmark = pytest.mark.django_db

NAME = "Samira O'Brien-Ortiz"
CONTACT = "samira@example.org, 714-555-0100"


def _published(clerk, capture, *, include_pdf=False, description=None):
    request, token = request_submit_public(
        description=description
        or f"My name is {NAME}: the comments removed from the City's Facebook page in March.",
        requester_name=NAME,
        requester_contact=CONTACT,
        tracking_url=lambda token: f"http://testserver/records/track/{token}/",
    )
    services.letter_send(actor=clerk, request=request, kind=LetterKind.DETERMINATION_FULL)
    package = services.package_request(
        actor=clerk, request=request, enqueue=False, include_pdf=include_pdf
    )
    package_build(package_id=package.pk)
    package.refresh_from_db()
    release = services.package_release(actor=clerk, package=package)
    for status in ("searching", "review", "fulfilled"):
        services.request_transition(
            actor=clerk, request=request, status=status, determination="Released in full."
        )
    with capture(execute=True):
        services.request_archive_set(actor=clerk, request=request, public=True)
    return request, token, package, release


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def _download(client, url) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, response
    return b"".join(response.streaming_content)


def test_the_archive_serves_a_copy_without_the_requesters_name_or_contact(
    client, clerk, django_capture_on_commit_callbacks, tmp_path
):
    request, token, package, release = _published(clerk, django_capture_on_commit_callbacks)
    copy = ArchiveCopy.objects.get(release=release)

    # What the requester downloads is the release exactly as built, letter as sent.
    sent = _download(client, reverse("records:track_download", args=[token, release.pk]))
    original = _members(sent)
    assert f"Dear {NAME}," in original["determination_letter.txt"].decode()
    with package.file.open("rb") as handle:
        assert handle.read() == sent

    # What the public downloads is the copy.
    public = _download(client, reverse("records:archive_download", args=[release.pk]))
    members = _members(public)
    assert set(members) == set(original)
    for name, data in members.items():
        text = data.decode("utf-8", errors="replace")
        for secret in ("O'Brien", "O&#x27;Brien", "Samira", "samira@example.org", "714-555-0100"):
            assert secret not in text, (name, secret)
    letter = members["determination_letter.txt"].decode()
    assert letter.startswith(original["determination_letter.txt"].decode().split(NAME)[0])
    assert f"Dear {WITHHELD_NAME}," in letter
    assert "[requester&#x27;s name withheld]" in members["index.html"].decode()
    # Everything else is byte for byte what the requester got.
    for name in ("records.jsonl", "index.csv", "redaction_log.csv"):
        assert members[name] == original[name], name

    manifest = json.loads(members["manifest.json"])
    about = manifest["public_archive_copy"]
    assert about["package_sha256"] == package.sha256 and about["of_package"] == package.pk
    assert about["withheld"] == {"determination_letter.txt": 1, "index.html": 1}
    assert copy.withheld == about["withheld"]

    # The copy is recorded, audited, and verifies as what it is; a changed copy does not.
    path = tmp_path / "public.zip"
    path.write_bytes(public)
    result = verify_package_file(path)
    assert result.ok, result.problems
    assert result.archive_copy == copy and result.package is None
    out = io.StringIO()
    call_command("verify_package", str(path), stdout=out)
    assert f"the public archive's copy of package {package.pk} of request {request.number}" in (
        out.getvalue()
    )
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(tampered, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data.replace(WITHHELD_NAME.encode(), NAME.encode()))
    assert not verify_package_file(tampered).ok
    event = AuditEvent.objects.get(verb=AuditVerb.PACKAGE_ARCHIVE_COPY_MADE)
    assert event.actor is None and event.data["sha256"] == copy.sha256

    # The archive page names neither, and lists the copy's SHA-256.
    page = client.get(reverse("records:archive")).content.decode()
    assert request.number in page and copy.sha256 in page and package.sha256 not in page
    assert "Samira" not in page and "samira@" not in page

    # Making the copies again makes none; taking the request out closes the copy's door.
    assert services.archive_copies_make(request_id=request.pk) == 0
    services.request_archive_set(actor=clerk, request=request, public=False)
    assert client.get(reverse("records:archive_download", args=[release.pk])).status_code == 404


def test_the_pdf_of_the_copy_is_printed_again_from_its_page(
    client, clerk, django_capture_on_commit_callbacks
):
    _request, _token, _package, release = _published(
        clerk, django_capture_on_commit_callbacks, include_pdf=True
    )
    members = _members(_download(client, reverse("records:archive_download", args=[release.pk])))
    assert members["index.pdf"].startswith(b"%PDF")
    assert ArchiveCopy.objects.get(release=release).withheld["index.pdf"] == 1


def test_a_request_with_nothing_to_withhold_from_the_page_keeps_it_as_built(
    client, clerk, django_capture_on_commit_callbacks
):
    _request, token, _package, release = _published(
        clerk, django_capture_on_commit_callbacks, description="Comments removed in March."
    )
    public = _members(_download(client, reverse("records:archive_download", args=[release.pk])))
    sent = _members(_download(client, reverse("records:track_download", args=[token, release.pk])))
    assert public["index.html"] == sent["index.html"]
    assert public["determination_letter.txt"] != sent["determination_letter.txt"]


def test_a_release_made_after_publication_gets_its_copy(clerk, django_capture_on_commit_callbacks):
    request, _token, _package, _release = _published(clerk, django_capture_on_commit_callbacks)
    second = services.package_request(actor=clerk, request=request, enqueue=False)
    package_build(package_id=second.pk)
    with django_capture_on_commit_callbacks(execute=True):
        release = services.package_release(actor=clerk, package=second)
    assert ArchiveCopy.objects.filter(release=release).exists()
    assert ArchiveCopy.objects.count() == 2


def test_an_unpublished_request_gets_no_copy(clerk, django_capture_on_commit_callbacks):
    request, _token = request_submit_public(
        description="x", requester_name=NAME, tracking_url=lambda token: token
    )
    package = services.package_request(actor=clerk, request=request, enqueue=False)
    package_build(package_id=package.pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.package_release(actor=clerk, package=package)
    assert services.archive_copies_make(request_id=request.pk) == 0
    assert not ArchiveCopy.objects.exists()


def test_the_name_and_each_part_of_the_contact_are_withheld(clerk):
    request, _token = request_submit_public(
        description="x",
        requester_name="Jon  Smith",
        requester_contact="jon@example.org; 714-555-0100\n12 Main St",
        tracking_url=lambda token: token,
    )
    identifiers = dict(requester_identifiers(request))
    assert identifiers["Jon Smith"] == WITHHELD_NAME
    for part in ("jon@example.org", "714-555-0100", "12 Main St"):
        assert identifiers[part] == WITHHELD_CONTACT
    text, count = withhold(
        "Dear JON\n SMITH, we wrote to jon@example.org and called 714-555-0100.",
        identifiers.items(),
    )
    assert count == 3
    assert "Jon" not in text and "jon@" not in text and "555" not in text


@pytest.mark.parametrize(
    ("text", "identifiers", "expected"),
    [
        # not inside a longer word
        ("Ann's annual report", [("Ann", "X")], ("X's annual report", 1)),
        ("Annual report", [("Ann", "X")], ("Annual report", 0)),
        # longest first: a full name before a part of it
        ("Ann Lee and Ann", [("Ann Lee", "X"), ("Ann", "Y")], ("X and Y", 2)),
        # whitespace in a name matches a line break, case does not matter
        ("dear ANN\nLEE", [("Ann Lee", "X")], ("dear X", 1)),
        # characters that mean something to a regular expression are plain text
        ("Call (714) 555-0100 now", [("(714) 555-0100", "X")], ("Call X now", 1)),
    ],
)
def test_withhold(text, identifiers, expected):
    assert withhold(text, identifiers) == expected


def test_short_values_are_not_withheld_on_their_own(clerk):
    request, _token = request_submit_public(
        description="x", requester_name="Al", tracking_url=lambda token: token
    )
    assert requester_identifiers(request) == []


def test_a_town_state_or_zip_in_the_contact_is_not_withheld_on_its_own(clerk):
    request, _token = request_submit_public(
        description="x",
        requester_name="Jo Park",
        requester_contact="12 Main St, Stanton, CA 90680",
        tracking_url=lambda token: token,
    )
    identifiers = requester_identifiers(request)
    letterhead = "CITY OF STANTON\n7800 Katella Avenue, Stanton, CA 90680\n\nDear Jo Park,"
    text, count = withhold(letterhead + " We wrote to 12 Main St.", identifiers)
    assert text.startswith("CITY OF STANTON\n7800 Katella Avenue, Stanton, CA 90680\n")
    assert f"Dear {WITHHELD_NAME}," in text and f"wrote to {WITHHELD_CONTACT}." in text
    assert count == 2
