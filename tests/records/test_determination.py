"""The determination (Gov. Code 7922.535(a)) is tracked apart from production: "overdue" means
the determination is late; releasing the records is a separate date."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from audit.events import AuditVerb
from audit.models import AuditEvent
from records import services
from records.selectors.requests import annotate_deadlines, open_requests_with_flags
from stanton.errors import ActionRefused
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

RECEIVED = date(2026, 3, 2)  # Monday; the determination is due Thu 12 Mar


def _noon(day):
    return datetime(day.year, day.month, day.day, 12, tzinfo=ZoneInfo("America/Los_Angeles"))


def _request(clerk):
    return services.request_create(
        actor=clerk, received_on=RECEIVED, description="Removed comments", channel="email"
    )


def _available(day, hour=10):
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, 0))


@time_machine.travel(_noon(date(2026, 3, 16)), tick=False)
def test_overdue_means_the_determination_is_late(clerk):
    request = _request(clerk)
    assert request.due_on == date(2026, 3, 12)
    [flagged] = annotate_deadlines([request])
    assert flagged.overdue
    services.request_determine(
        actor=clerk,
        request=request,
        outcome="disclosable",
        determination="Disclosable records exist; they will be released.",
        sent_on=date(2026, 3, 16),
        records_available_at=_available(date(2026, 3, 30)),
    )
    request.refresh_from_db()
    [flagged] = annotate_deadlines([request])
    assert not flagged.overdue and not flagged.due_soon  # the records are not out yet: fine
    assert request.determination_late  # but the record says it went out late
    assert not flagged.production_late
    event = AuditEvent.objects.get(verb=AuditVerb.RECORDS_REQUEST_DETERMINED)
    assert event.data["late"] is True and event.data["outcome"] == "disclosable"
    assert event.data["due_on"] == "2026-03-12"
    assert request not in [r for r in open_requests_with_flags() if r.overdue]


def test_production_late_once_the_estimate_passes(clerk):
    request = _request(clerk)
    with time_machine.travel(_noon(date(2026, 3, 10)), tick=False):
        services.request_determine(
            actor=clerk,
            request=request,
            outcome="partly",
            determination="Some records withheld under Gov. Code 7922.000.",
            sent_on=date(2026, 3, 10),
            records_available_at=_available(date(2026, 3, 20)),
            responsible="Jane Doe, City Attorney",
        )
    request.refresh_from_db()
    with time_machine.travel(_noon(date(2026, 3, 23)), tick=False):
        [flagged] = annotate_deadlines([request])
        assert flagged.production_late and not flagged.overdue
        for status in ("searching", "review", "partially_denied"):
            services.request_transition(actor=clerk, request=request, status=status)
        request.refresh_from_db()
        assert request.produced_on == date(2026, 3, 23)
        assert request.determination_sent_on == date(2026, 3, 10)  # unchanged by closing
        [flagged] = annotate_deadlines([request])
        assert not flagged.production_late


@time_machine.travel(_noon(date(2026, 3, 10)), tick=False)
def test_determination_rules(clerk):
    request = _request(clerk)
    with pytest.raises(ActionRefused) as exc:
        services.request_determine(
            actor=clerk,
            request=request,
            outcome="disclosable",
            determination="",
            sent_on=date(2026, 3, 11),
        )
    errors = exc.value.message_dict
    assert set(errors) == {"determination", "sent_on", "records_available_at"}
    # withheld or no records: no estimate needed, and none is kept
    services.request_determine(
        actor=clerk,
        request=request,
        outcome="no_records",
        determination="No responsive records.",
        sent_on=date(2026, 3, 10),
        records_available_at=_available(date(2026, 3, 20)),
    )
    request.refresh_from_db()
    assert request.records_available_at is None
    with pytest.raises(ActionRefused, match="already sent on Mar 10, 2026"):
        services.request_determine(
            actor=clerk,
            request=request,
            outcome="withheld",
            determination="again",
            sent_on=date(2026, 3, 10),
        )
    with pytest.raises(ActionRefused, match="nothing left to extend"):
        services.request_extend(
            actor=clerk,
            request=request,
            reasons=["voluminous"],
            notice_sent_on=date(2026, 3, 10),
            new_due_on=date(2026, 3, 20),
        )


@time_machine.travel(_noon(date(2026, 3, 5)), tick=False)
def test_determination_page(client, clerk):
    request = _request(clerk)
    sign_in(client, clerk)
    url = reverse("records:request_determine", args=[request.pk])
    page = client.get(url)
    assert page.status_code == 200 and b"estimated date and time" in page.content
    response = client.post(url, {"outcome": "disclosable", "determination": "Yes", "sent_on": ""})
    assert response.status_code == 200
    assert "Give the estimated date and time" in response.content.decode()
    response = client.post(
        url,
        {
            "outcome": "disclosable",
            "determination": "Records exist and will be released <b>soon</b>.",
            "sent_on": "2026-03-05",
            "records_available_at": "2026-03-19T14:30",
        },
    )
    assert response.status_code == 302
    detail = client.get(reverse("records:request_detail", args=[request.pk])).content.decode()
    assert "Sent Thursday, March 5, 2026" in detail
    assert "Estimated available Thursday, March 19, 2026 2:30 p.m." in detail
    assert "&lt;b&gt;soon&lt;/b&gt;" in detail
    request.refresh_from_db()
    assert timezone.localtime(request.records_available_at).hour == 14


def test_reminders_stop_once_the_determination_is_sent(clerk):
    request = _request(clerk)
    with time_machine.travel(_noon(date(2026, 3, 11)), tick=False):
        assert services.reminders_send() == 1  # due tomorrow
        services.request_determine(
            actor=clerk,
            request=request,
            outcome="withheld",
            determination="Withheld under Gov. Code 7927.705.",
            sent_on=date(2026, 3, 11),
            responsible="Jane Doe, City Attorney",
        )
    with time_machine.travel(_noon(date(2026, 3, 12) + timedelta(days=1)), tick=False):
        assert services.reminders_send() == 0
