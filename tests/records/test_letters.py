"""Letters to the requester: sent when the clerk extends and determines, in the City's
letterhead, kept as sent (and emailed when there is an email address); the wording is the
administrators' to edit, with history; the package carries the letter that was sent."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from audit.events import AuditVerb
from audit.models import AuditEvent
from records import services
from records.models import Exemption, LetterTemplate, RequestLetter
from records.packages.builder import package_build
from stanton.errors import ActionRefused
from tests.conftest import sign_in
from tests.factories import CommentFactory, SiteFactory
from tests.records.test_packages import members

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 3, 4, 12, tzinfo=ZoneInfo("America/Los_Angeles"))


def _request(clerk, contact="sam@example.org"):
    return services.request_create(
        actor=clerk,
        received_on=date(2026, 3, 2),
        description="Removed comments about the pool",
        channel="email",
        requester_name="Sam Ortiz",
        requester_contact=contact,
        assignee=clerk,
    )


@time_machine.travel(NOON, tick=False)
def test_extending_sends_the_notice_with_every_reason(clerk):
    request = _request(clerk)
    services.request_extend(
        actor=clerk,
        request=request,
        reasons=["voluminous", "consultation"],
        notice_sent_on=date(2026, 3, 4),
        new_due_on=date(2026, 3, 26),
    )
    letter = RequestLetter.objects.get(request=request, kind="extension")
    assert letter.sent_to == "sam@example.org" and letter.sent_by == clerk
    assert letter.body.startswith("CITY OF STANTON")  # the letterhead
    assert "(c)(2) A voluminous amount" in letter.body and "(c)(3) Consultation" in letter.body
    assert "Thursday, March 26, 2026" in letter.body and "Dear Sam Ortiz" in letter.body
    [sent] = mail.outbox
    assert sent.subject == letter.subject and sent.body == letter.body
    event = AuditEvent.objects.get(verb=AuditVerb.RECORDS_REQUEST_LETTER_SENT)
    assert event.data["kind"] == "extension" and event.actor == clerk


@time_machine.travel(NOON, tick=False)
def test_a_partial_denial_names_exemptions_what_is_withheld_and_who_is_responsible(clerk):
    request = _request(clerk, contact="")
    comment = CommentFactory(site=SiteFactory(), body="Call me at 714-555-0101 please")
    services.redaction_create(
        actor=clerk,
        request=request,
        target_type="comment",
        target_id=comment.pk,
        field="body",
        start=11,
        end=23,
        exemption=Exemption.objects.get(code="constitutional-privacy"),
    )
    with pytest.raises(ActionRefused) as refused:
        services.request_determine(
            actor=clerk,
            request=request,
            outcome="partly",
            determination="Some personal details are withheld.",
            sent_on=date(2026, 3, 4),
            records_available_at=NOON,
        )
    assert "responsible" in refused.value.message_dict
    services.request_determine(
        actor=clerk,
        request=request,
        outcome="partly",
        determination="Some personal details are withheld.",
        sent_on=date(2026, 3, 4),
        records_available_at=NOON,
        responsible="Jane Doe, City Attorney",
    )
    letter = RequestLetter.objects.get(request=request)
    assert letter.kind == "determination_partial" and letter.sent_to == ""
    assert "1 portion(s) of records under Cal. Const. art. I, sec. 1" in letter.body
    assert "Cal. Const. art. I, sec. 1: The constitutional right of privacy" in letter.body
    assert "Persons responsible for this denial (Gov. Code 7922.540): Jane Doe, City Attorney" in (
        letter.body
    )
    assert not mail.outbox  # no email address: the clerk posts the kept text
    # the package carries the letter that was sent, word for word
    package = services.package_request(actor=clerk, request=request, enqueue=False)
    package_build(package_id=package.pk)
    package.refresh_from_db()
    assert package.status == "complete", package.error
    assert members(package)["determination_letter.txt"].decode() == letter.body


def test_administrators_edit_the_wording_with_history_and_sent_letters_stay(client, admin, clerk):
    request = _request(clerk)
    services.letter_send(actor=clerk, request=request, kind="acknowledgment")
    first = RequestLetter.objects.get()
    sign_in(client, admin)
    url = reverse("records:letter_template_edit", args=["acknowledgment"])
    page = client.get(url).content.decode()
    assert "{number}" in page and "{due_on}" in page
    response = client.post(url, {"subject": "Got it: {number}", "body": "Hello {nonsense}"})
    assert "Unknown placeholder(s): {nonsense}" in response.content.decode()
    response = client.post(
        url, {"subject": "Got it: {number}", "body": "We received {number}; due {due_on}."}
    )
    assert response.status_code == 302
    assert AuditEvent.objects.get(verb=AuditVerb.LETTER_TEMPLATE_SAVED).actor == admin
    second = services.letter_send(actor=clerk, request=request, kind="acknowledgment")
    assert second.subject == f"Got it: {request.number}"
    assert f"We received {request.number}; due" in second.body
    first.refresh_from_db()
    assert "Got it" not in first.subject  # the letter sent before is kept as it was sent
    response = client.post(
        reverse("records:letter_template_edit", args=["letterhead"]),
        {"subject": "", "body": "CITY OF STANTON"},
    )
    assert "needs {body}" in response.content.decode()
    assert LetterTemplate.objects.get(kind="acknowledgment").history.count() == 1


def test_the_clerk_sends_an_acknowledgment_from_the_request_page(client, clerk):
    request = _request(clerk)
    sign_in(client, clerk)
    response = client.post(reverse("records:request_acknowledge", args=[request.pk]), follow=True)
    assert "Acknowledgment emailed to sam@example.org." in response.content.decode()
    assert "Letters" in response.content.decode()
    assert client.get(reverse("records:letter_template_list")).status_code == 403
