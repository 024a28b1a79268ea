"""City closure days (CCP 12b): entering or withdrawing one recomputes the due dates of open
requests, each change with a note on the request and an audit event; recurring closures."""

from datetime import date

import pytest
from django.urls import reverse

from audit.events import AuditVerb
from audit.models import AuditEvent
from records import services
from records.models import CityClosure, RecordsRequest, RequestNote, RequestStatus
from stanton.errors import ActionRefused
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


def _request(clerk, received, description="Council emails"):
    return services.request_create(
        actor=clerk, received_on=received, description=description, channel="email"
    )


def test_entering_a_closure_moves_open_requests_and_notes_why(clerk, admin):
    moved = _request(clerk, date(2026, 6, 23))  # due Fri 3 Jul 2026 (July 4 is a Saturday)
    untouched = _request(clerk, date(2026, 6, 1))  # due Thu 11 Jun
    assert moved.due_on == date(2026, 7, 3)

    services.closure_add(actor=admin, day=date(2026, 7, 3), reason="Independence Day observed")

    moved.refresh_from_db()
    untouched.refresh_from_db()
    assert moved.due_on == date(2026, 7, 6)
    assert untouched.due_on == date(2026, 6, 11)
    note = RequestNote.objects.get(request=moved)
    assert "Jul 03, 2026 to Jul 06, 2026" in note.text and "Independence Day observed" in note.text
    assert note.written_by == admin
    assert not RequestNote.objects.filter(request=untouched).exists()
    event = AuditEvent.objects.get(verb=AuditVerb.RECORDS_REQUEST_DUE_RECOMPUTED)
    assert event.target_id == str(moved.pk) and event.actor == admin
    assert event.data["from"] == "2026-07-03" and event.data["to"] == "2026-07-06"
    assert AuditEvent.objects.filter(verb=AuditVerb.CITY_CLOSURE_ADDED).count() == 1


def test_withdrawing_a_closure_moves_the_date_back(clerk, admin):
    closure = services.closure_add(actor=admin, day=date(2026, 7, 3), reason="Closed")
    request = _request(clerk, date(2026, 6, 23))
    assert request.due_on == date(2026, 7, 6)  # logged after the closure was entered

    services.closure_withdraw(actor=admin, closure=closure, reason="City Hall stayed open")

    request.refresh_from_db()
    closure.refresh_from_db()
    assert request.due_on == date(2026, 7, 3)
    assert closure.withdrawn_at is not None and closure.withdrawn_by == admin
    assert CityClosure.objects.filter(pk=closure.pk).exists()  # kept, never deleted
    event = AuditEvent.objects.get(verb=AuditVerb.CITY_CLOSURE_WITHDRAWN)
    assert event.data == {"date": "2026-07-03", "reason": "City Hall stayed open"}
    assert "City closure withdrawn" in RequestNote.objects.get(request=request).text
    with pytest.raises(ActionRefused, match="already withdrawn"):
        services.closure_withdraw(actor=admin, closure=closure, reason="again")


def test_closed_requests_keep_their_dates(clerk, admin):
    request = _request(clerk, date(2026, 6, 23))
    RecordsRequest.objects.filter(pk=request.pk).update(status=RequestStatus.NO_RECORDS)
    services.closure_add(actor=admin, day=date(2026, 7, 3), reason="Closed")
    request.refresh_from_db()
    assert request.due_on == date(2026, 7, 3)
    assert not RequestNote.objects.exists()


def test_a_withdrawal_that_shortens_the_limit_warns_about_the_extension(clerk, admin):
    closure = services.closure_add(actor=admin, day=date(2026, 7, 17), reason="Closed")
    request = _request(clerk, date(2026, 6, 23))  # 24th day Fri 17 Jul closed -> Mon 20 Jul
    services.request_extend(
        actor=clerk,
        request=request,
        reasons=["voluminous"],
        notice_sent_on=date(2026, 6, 30),
        new_due_on=date(2026, 7, 20),
        note="Many accounts",
    )
    services.closure_withdraw(actor=admin, closure=closure, reason="Open after all")
    request.refresh_from_db()
    assert request.due_on == date(2026, 7, 3)  # day 10 did not move
    assert request.extended_due_on == date(2026, 7, 20)  # the notice said so; not rewritten
    note = RequestNote.objects.get(request=request)
    assert "Jul 20, 2026 is now after the latest date the law allows (Jul 17, 2026" in note.text
    assert "send a corrected notice" in note.text
    event = AuditEvent.objects.get(verb=AuditVerb.RECORDS_REQUEST_DUE_RECOMPUTED)
    assert event.data["extension_beyond_limit"] is True


def test_alternate_fridays_through_the_form(client, admin, clerk):
    request = _request(clerk, date(2026, 1, 6))  # 10th day Fri 16 Jan 2026
    sign_in(client, admin)
    response = client.post(
        reverse("records:closure_list"),
        {
            "date": "2026-01-02",
            "reason": "Alternate Friday closure",
            "repeat": "14",
            "until": "2026-02-27",
        },
    )
    assert response.status_code == 302
    days = sorted(CityClosure.objects.values_list("date", flat=True))
    assert days == [
        date(2026, 1, 2),
        date(2026, 1, 16),
        date(2026, 1, 30),
        date(2026, 2, 13),
        date(2026, 2, 27),
    ]
    request.refresh_from_db()
    assert request.due_on == date(2026, 1, 20)  # Fri 16 closed, Mon 19 MLK Day -> Tue 20
    assert RequestNote.objects.filter(request=request).count() == 1  # one recomputation


def test_recurring_closure_needs_an_end_and_refuses_taken_days(client, admin):
    sign_in(client, admin)
    url = reverse("records:closure_list")
    response = client.post(url, {"date": "2026-01-02", "reason": "x", "repeat": "14"})
    assert response.status_code == 200
    assert "Give the last day of a recurring closure." in response.content.decode()
    services.closure_add(actor=admin, day=date(2026, 1, 16), reason="Taken")
    response = client.post(
        url, {"date": "2026-01-02", "reason": "x", "repeat": "14", "until": "2026-01-30"}
    )
    assert "Already entered as a closure: Jan 16, 2026." in response.content.decode()
    assert CityClosure.objects.count() == 1  # nothing half-saved


def test_withdraw_view(client, admin):
    closure = services.closure_add(actor=admin, day=date(2026, 7, 3), reason="Closed")
    sign_in(client, admin)
    url = reverse("records:closure_withdraw", args=[closure.pk])
    assert client.get(url).status_code == 405
    response = client.post(url, {"reason": ""})
    assert response.status_code == 302
    closure.refresh_from_db()
    assert closure.withdrawn_at is None
    client.post(url, {"reason": "Open after all"})
    closure.refresh_from_db()
    assert closure.withdrawn_at is not None
    page = client.get(reverse("records:closure_list")).content.decode()
    assert "Withdrawn" in page


def test_request_page_shows_the_note(client, clerk, admin):
    request = _request(clerk, date(2026, 6, 23))
    services.closure_add(actor=admin, day=date(2026, 7, 3), reason="Closed <b>all day</b>")
    sign_in(client, clerk)
    page = client.get(reverse("records:request_detail", args=[request.pk])).content.decode()
    assert "Notes on the record" in page
    assert "Closed &lt;b&gt;all day&lt;/b&gt;" in page
