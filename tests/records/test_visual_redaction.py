"""Redaction by selection (issue 15): a selection's offsets and text name exactly what is
redacted, the server refuses a selection that does not match the record, platform ids and
raw payload values can be redacted, and the preview shows what the package writes."""

from __future__ import annotations

import json
import zipfile

import pytest
from django.test import TestCase
from django.urls import reverse

from audit.events import AuditVerb
from audit.models import AuditEvent
from records import services
from records.models import Exemption, Redaction
from records.packages.builder import redact_text
from records.selectors import preview
from records.selectors.records import raw_payload_texts, texts_of
from records.selectors.search import SearchCriteria
from stanton.errors import ActionRefused
from tests.conftest import sign_in
from tests.factories import CommentFactory, PublicAccountFactory
from tests.records.scene import exemption, make_request

PHONE = "(714) 555-0188"


@pytest.fixture
def comment(site):
    account = PublicAccountFactory(
        handle="neighbour_jo", display_name="Jo Neighbour", external_id="acct-778"
    )
    body = f"Call me at {PHONE}.\r\nOr call {PHONE} after six."
    return CommentFactory(
        site=site,
        account=account,
        external_id="post9_c42",
        body=body,
        raw_payload={
            "id": "post9_c42",
            "message": body,
            "from": {"id": "acct-778", "name": "Jo Neighbour"},
            "meta/data": ["Jo's device: Pixel"],
        },
    )


@pytest.fixture
def request_(clerk, site):
    request = make_request(clerk)
    services.request_save_criteria(
        actor=clerk,
        request=request,
        criteria=SearchCriteria(site_id=site.pk, site_slug=site.slug).to_json(),
        result_count=1,
    )
    request.refresh_from_db()
    return request


def mark(clerk, request, comment, **kw):
    return services.redaction_mark(
        actor=clerk,
        request=request,
        target_type="comment",
        target_id=comment.pk,
        exemption=exemption(),
        **kw,
    )


def test_a_selection_after_a_crlf_redacts_exactly_the_selected_characters(clerk, request_, comment):
    # The browser shows "\r\n" as "\n": the second phone number is one character earlier
    # on the page than in the stored text.
    shown = comment.body.replace("\r\n", "\n")
    start = shown.index(PHONE, 15)
    redaction = mark(
        clerk,
        request_,
        comment,
        field="body",
        start=start,
        end=start + len(PHONE),
        selected_text=PHONE,
    )
    stored = comment.body.index(PHONE, 15)
    assert (redaction.start, redaction.end) == (stored, stored + len(PHONE))
    assert comment.body[redaction.start : redaction.end] == PHONE
    event = AuditEvent.objects.get(verb=AuditVerb.REDACTION_CREATED, target_id=str(redaction.pk))
    assert (event.data["start"], event.data["end"]) == (stored, stored + len(PHONE))


def test_a_selection_that_does_not_match_the_record_is_refused(clerk, request_, comment):
    with pytest.raises(ActionRefused, match="does not match"):
        mark(clerk, request_, comment, field="body", start=0, end=4, selected_text="Cell")
    with pytest.raises(ActionRefused, match="not inside this field"):
        mark(clerk, request_, comment, field="body", start=10, end=999, selected_text="x")
    assert not Redaction.objects.exists()


def test_without_offsets_the_text_is_looked_up_and_must_be_unambiguous(clerk, request_, comment):
    with pytest.raises(ActionRefused, match="appears 2 times"):
        mark(clerk, request_, comment, field="body", selected_text=PHONE)
    with pytest.raises(ActionRefused, match="not in this field"):
        mark(clerk, request_, comment, field="body", selected_text="(714) 555-0000")
    second = mark(clerk, request_, comment, field="body", selected_text=PHONE, occurrence=2)
    assert second.start == comment.body.index(PHONE, 15)
    assert mark(clerk, request_, comment, field="body", selected_text="six").start == (
        comment.body.index("six")
    )


def test_raw_payload_values_are_named_by_json_pointer(comment):
    texts = raw_payload_texts(comment.raw_payload)
    assert texts["raw_payload/from/name"] == "Jo Neighbour"
    assert texts["raw_payload/meta~1data/0"] == "Jo's device: Pixel"
    assert "raw_payload/id" in texts_of("comment", comment)


def test_platform_ids_and_raw_payload_values_are_redacted_in_the_package(clerk, request_, comment):
    mark(clerk, request_, comment, field="account_external_id")
    mark(clerk, request_, comment, field="external_id")
    mark(
        clerk,
        request_,
        comment,
        field="raw_payload/meta~1data/0",
        selected_text="Pixel",
    )
    with pytest.raises(ActionRefused, match="no text value there"):
        mark(clerk, request_, comment, field="raw_payload/nowhere")
    with TestCase.captureOnCommitCallbacks(execute=True):
        package = services.package_request(actor=clerk, request=request_)
    package.refresh_from_db()
    assert package.status == "complete", package.error
    with zipfile.ZipFile(package.file.path) as zf:
        lines = zf.read("records.jsonl").decode().splitlines()
    record = next(json.loads(line) for line in lines if json.loads(line)["id"] == comment.pk)
    assert "acct-778" not in json.dumps(record) and "post9_c42" not in json.dumps(record)
    assert record["external_id"].startswith("[REDACTED")
    assert record["account"]["external_id"].startswith("[REDACTED")
    assert record["raw_payload"]["from"]["id"].startswith("[REDACTED")  # the same value
    assert record["raw_payload"]["meta/data"][0].startswith("Jo's device: [REDACTED")
    assert record["raw_payload"]["from"]["name"] == "Jo Neighbour"  # not selected
    assert record["body"] == comment.body


@pytest.mark.parametrize(
    "spans",
    [[], [(0, 4)], [(2, 6), (4, 9)], [(3, 5), (10, 12)], [None], [(0, 3), (1, 2)], [(0, 99)]],
)
def test_the_preview_shows_what_the_package_writes(clerk, request_, comment, spans):
    """Rendered as text, the preview's boxes fall where the package's markers do."""
    text = "abcdefghijklmnop"
    ex = exemption()
    rows = [
        Redaction(
            pk=n + 1,
            request=request_,
            field="body",
            start=None if span is None else span[0],
            end=None if span is None else span[1],
            exemption=ex,
        )
        for n, span in enumerate(spans)
    ]
    as_text = "".join(
        piece.text if piece.redaction is None else f"[REDACTED — {ex.citation}]"
        for piece in preview.segments(text, rows)
    )
    assert as_text == redact_text(text, rows)


def test_the_preview_escapes_platform_text_and_labels_each_box(clerk, request_):
    ex = exemption()
    text = "<script>alert(1)</script> call 555"
    rows = [Redaction(pk=1, request=request_, field="body", start=31, end=34, exemption=ex)]
    released = str(preview.released_html(text, rows))
    assert "<script>" not in released and "&lt;script&gt;" in released
    assert f"[Redacted: {ex.name} ({ex.citation})]" in released and "555" not in released
    marked = str(preview.marked_html(text, rows))
    assert "&lt;script&gt;" in marked and ">555</mark>" in marked


def test_the_editor_fills_the_form_from_a_suggestion_and_marks_the_selection(
    client, clerk, request_, comment
):
    sign_in(client, clerk)
    editor = reverse("records:redaction_editor", args=[request_.pk, "comment", comment.pk])
    page = client.get(editor).content.decode()
    assert "Raw payload: from/name" in page and "Platform id" in page
    shown = comment.body.replace("\r\n", "\n")
    second = shown.index(PHONE, 15)
    link = f"?field=body&amp;start={second}&amp;end={second + len(PHONE)}"
    assert link in page
    page = client.get(editor, {"field": "body", "start": second, "end": second + len(PHONE)})
    assert page.context["form"].initial["selected_text"] == PHONE
    ex = exemption()
    assert f"{ex.name} ({ex.citation})" in page.content.decode()  # name, citation beside it
    response = client.post(
        editor,
        {
            "target_type": "comment",
            "target_id": comment.pk,
            "field": "body",
            "start": second,
            "end": second + len(PHONE),
            "selected_text": PHONE,
            "exemption": ex.pk,
            "note": "",
        },
    )
    assert response.status_code == 302
    redaction = Redaction.objects.get()
    assert comment.body[redaction.start : redaction.end] == PHONE
    page = client.get(editor).content.decode()
    assert f'<mark class="portal-redacted" title="Redacted: {ex.name}' in page
    assert "portal-redaction-box" in page
    # A hand-made form whose text is not at those offsets is refused; nothing marked.
    response = client.post(
        editor,
        {
            "target_type": "comment",
            "target_id": comment.pk,
            "field": "body",
            "start": 0,
            "end": len(PHONE),
            "selected_text": PHONE,
            "exemption": ex.pk,
        },
    )
    assert response.status_code == 200 and "does not match" in response.content.decode()
    assert Redaction.objects.count() == 1


def test_offsets_without_the_selected_text_are_refused_by_the_form(
    client, clerk, request_, comment
):
    sign_in(client, clerk)
    editor = reverse("records:redaction_editor", args=[request_.pk, "comment", comment.pk])
    response = client.post(
        editor,
        {
            "target_type": "comment",
            "target_id": comment.pk,
            "field": "body",
            "start": 0,
            "end": 4,
            "exemption": exemption().pk,
        },
    )
    assert response.status_code == 200 and not Redaction.objects.exists()


def test_every_exemption_has_a_plain_language_name(db):
    names = dict(Exemption.objects.values_list("code", "name"))
    assert all(names.values()), names
    assert names["pending-litigation"] == "Documents prepared for litigation or a claim"
    assert names["constitutional-privacy"] == "Privacy of members of the public"
