"""Request services: numbering, transitions, extensions, assistance — with their audit rows."""

import threading
from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection

from audit.events import AuditVerb
from audit.models import AuditEvent
from records import services
from records.models import CityClosure, RecordsRequest
from stanton.errors import ActionRefused
from tests.records.scene import make_request


@time_machine.travel(date(2025, 3, 20), tick=False)
def test_create_numbers_per_year_and_sets_due_date(clerk):
    first = services.request_create(
        actor=clerk, received_on=date(2025, 3, 3), description="x", channel="email"
    )
    second = services.request_create(
        actor=clerk, received_on=date(2025, 3, 4), description="y", channel="phone"
    )
    older = services.request_create(
        actor=clerk, received_on=date(2024, 12, 30), description="z", channel="mail"
    )
    assert (first.number, second.number, older.number) == (
        "PRA-2025-0001",
        "PRA-2025-0002",
        "PRA-2024-0001",
    )
    assert first.due_on == date(2025, 3, 13)
    event = AuditEvent.objects.get(verb=AuditVerb.RECORDS_REQUEST_CREATED, target_id=str(first.pk))
    assert event.actor == clerk and event.data["number"] == "PRA-2025-0001"


@time_machine.travel(date(2025, 3, 20), tick=False)
def test_closure_days_from_the_database_move_the_due_date(clerk, admin):
    services.closure_add(actor=admin, day=date(2025, 3, 13), reason="Power outage")
    request = services.request_create(
        actor=clerk, received_on=date(2025, 3, 3), description="x", channel="email"
    )
    assert request.due_on == date(2025, 3, 14)
    assert CityClosure.objects.count() == 1
    assert AuditEvent.objects.filter(verb=AuditVerb.CITY_CLOSURE_ADDED).exists()
    with pytest.raises(ActionRefused):
        services.closure_add(actor=admin, day=date(2025, 3, 13), reason="again")


def test_future_receipt_is_refused(clerk):
    with pytest.raises(ActionRefused):
        services.request_create(
            actor=clerk,
            received_on=date.today() + timedelta(days=5),
            description="x",
            channel="email",
        )
    assert not RecordsRequest.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_numbering_is_unique_under_concurrency(require_postgresql, clerk):
    numbers, errors = [], []

    def create():
        try:
            request = services.request_create(
                actor=clerk, received_on=date(2025, 1, 6), description="race", channel="email"
            )
            numbers.append(request.number)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=create) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(numbers) == [f"PRA-2025-{n:04d}" for n in range(1, 9)]


def test_transitions_follow_the_workflow(clerk):
    request = make_request(clerk)
    with pytest.raises(ActionRefused):
        services.request_transition(actor=clerk, request=request, status="fulfilled")
    services.request_transition(actor=clerk, request=request, status="searching")
    services.request_transition(actor=clerk, request=request, status="review")
    with pytest.raises(ActionRefused, match="determination"):
        services.request_transition(actor=clerk, request=request, status="fulfilled")
    request = services.request_transition(
        actor=clerk, request=request, status="fulfilled", determination="Records disclosed in full."
    )
    assert request.status == "fulfilled" and request.closed_on is not None
    with pytest.raises(ActionRefused):
        services.request_transition(actor=clerk, request=request, status="searching")
    verbs = list(
        AuditEvent.objects.filter(verb=AuditVerb.RECORDS_REQUEST_STATUS_CHANGED).values_list(
            "data__to", flat=True
        )
    )
    assert verbs == ["searching", "review", "fulfilled"]
    assert request.history.count() >= 4


@time_machine.travel(date(2025, 3, 10), tick=False)
def test_extension_rules(clerk):
    request = services.request_create(
        actor=clerk, received_on=date(2025, 3, 3), description="x", channel="email"
    )
    assert request.due_on == date(2025, 3, 13)
    # reason code required
    with pytest.raises(ActionRefused) as exc:
        services.request_extend(
            actor=clerk,
            request=request,
            reasons=[],
            notice_sent_on=date(2025, 3, 10),
            new_due_on=date(2025, 3, 20),
        )
    assert "reasons" in exc.value.message_dict
    # notice after the due date
    with pytest.raises(ActionRefused) as exc:
        services.request_extend(
            actor=clerk,
            request=request,
            reasons=["voluminous"],
            notice_sent_on=date(2025, 3, 14),
            new_due_on=date(2025, 3, 20),
        )
    assert "notice_sent_on" in exc.value.message_dict
    # more than 14 days
    with pytest.raises(ActionRefused) as exc:
        services.request_extend(
            actor=clerk,
            request=request,
            reasons=["voluminous"],
            notice_sent_on=date(2025, 3, 10),
            new_due_on=date(2025, 3, 28),
        )
    assert "new_due_on" in exc.value.message_dict
    request.refresh_from_db()
    assert request.extension_reasons == [] and not request.is_extended
    # on the due date itself, to the limit: allowed
    request = services.request_extend(
        actor=clerk,
        request=request,
        reasons=["cyberattack", "voluminous"],
        notice_sent_on=date(2025, 3, 13),
        new_due_on=date(2025, 3, 27),
    )
    assert request.effective_due_on == date(2025, 3, 27)
    assert AuditEvent.objects.get(verb=AuditVerb.RECORDS_REQUEST_EXTENDED).data["reasons"] == [
        "cyberattack",
        "voluminous",
    ]
    assert request.extension_reason_labels == [
        "(c)(6) A cyberattack prevents access to electronic systems",
        "(c)(2) A voluminous amount of separate and distinct records",
    ]
    # one only
    with pytest.raises(ActionRefused, match="one extension"):
        services.request_extend(
            actor=clerk,
            request=request,
            reasons=["voluminous"],
            notice_sent_on=date(2025, 3, 13),
            new_due_on=date(2025, 3, 20),
        )


def test_assistance_log(clerk):
    request = make_request(clerk)
    entry = services.assistance_log_add(
        actor=clerk, request=request, description="Suggested narrowing to one page."
    )
    assert list(request.assistance_log.all()) == [entry]
    assert AuditEvent.objects.filter(
        verb=AuditVerb.RECORDS_REQUEST_ASSISTANCE_LOGGED, target_id=str(request.pk)
    ).exists()
