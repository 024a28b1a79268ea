"""The records app's audit events that no other test names: each service writes its event,
with what a reader of the log needs, in the same transaction."""

from __future__ import annotations

from django.utils import timezone

from audit.events import AuditVerb
from audit.models import AuditEvent
from records import services
from records.models import Exemption, TargetType
from records.selectors.search import SearchCriteria
from tests.factories import CommentFactory
from tests.records.scene import make_request


def event(verb, target) -> AuditEvent:
    return AuditEvent.objects.get(
        verb=verb, target_type=target._meta.label_lower, target_id=str(target.pk)
    )


def test_assigning_and_saving_criteria_are_audited(db, clerk, admin, site):
    request = make_request(clerk)
    services.request_assign(actor=admin, request=request, assignee=admin)
    assigned = event(AuditVerb.RECORDS_REQUEST_ASSIGNED, request)
    assert assigned.actor == admin

    criteria = SearchCriteria(site_id=site.pk, site_slug=site.slug).to_json()
    services.request_save_criteria(actor=clerk, request=request, criteria=criteria, result_count=3)
    saved = event(AuditVerb.RECORDS_REQUEST_CRITERIA_SAVED, request)
    assert saved.actor == clerk


def test_a_reminder_is_audited_once_a_day(db, clerk, mailoutbox):
    request = make_request(clerk, days_ago=30)  # long overdue
    today = timezone.localdate()
    assert services.reminders_send(today=today) >= 1
    assert services.reminders_send(today=today) == 0
    reminders = AuditEvent.objects.filter(
        verb=AuditVerb.RECORDS_REQUEST_REMINDER_SENT, target_id=str(request.pk)
    )
    assert reminders.count() == 1
    assert mailoutbox


def test_a_redaction_and_its_withdrawal_are_audited(db, clerk, site):
    request = make_request(clerk)
    comment = CommentFactory(site=site, body="Call me at 714-555-0100 tonight")
    redaction = services.redaction_create(
        actor=clerk,
        request=request,
        target_type=TargetType.COMMENT,
        target_id=comment.pk,
        field="body",
        start=11,
        end=23,
        exemption=Exemption.objects.order_by("pk").first(),
    )
    assert event(AuditVerb.REDACTION_CREATED, redaction).actor == clerk
    services.redaction_withdraw(actor=clerk, redaction=redaction, reason="Not personal")
    withdrawn = event(AuditVerb.REDACTION_WITHDRAWN, redaction)
    assert withdrawn.actor == clerk


def test_a_package_is_audited_when_requested_started_and_retried(db, clerk):
    request = make_request(clerk)
    package = services.package_request(actor=clerk, request=request, enqueue=False)
    assert event(AuditVerb.PACKAGE_REQUESTED, package).actor == clerk
    started = services.package_start(package_id=package.pk)
    assert started is not None
    assert event(AuditVerb.PACKAGE_BUILD_STARTED, package).actor is None
    services.package_fail(package_id=package.pk, error="disk full")
    services.package_retry(actor=clerk, package=package)
    assert event(AuditVerb.PACKAGE_RETRIED, package).actor == clerk
