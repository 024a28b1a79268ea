"""Demo records work for `make run`: a request due soon, one overdue, one with a built
package, and one answered, released and published in the public archive (whose copy withholds
the requester's name). Idempotent: requests are found again by their description."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from records import deadlines
from records.forms import criteria_from_json
from records.models import DisclosurePackage, PackageStatus, RecordsRequest
from records.selectors.search import result_counts

DUE_SOON = "Demo: all comments on the City's Facebook page about the Beach Boulevard repaving."
OVERDUE = "Demo: removed comments and moderation decisions on Instagram since last spring."
PACKAGED = "Demo: comments about the water rate hearing, including removed ones."
ARCHIVED = "Demo: the City's posts and comments about the Stanton Park playground reopening."


def _received_for_due_soon(today):
    """A receipt date whose determination is due within two business days."""
    for back in range(5, 15):
        received = today - timedelta(days=back)
        due = deadlines.determination_due(received)
        soon, overdue = deadlines.deadline_flags(today, due)
        if soon and not overdue:
            return received
    return today - timedelta(days=9)


def seed_records_demo(*, users, sites, stdout) -> None:
    from records import services
    from records.packages.builder import package_build

    clerk = users.get("clerk@stanton.example")
    if clerk is None:
        return
    today = timezone.localdate()

    def ensure(description, received_on, **extra):
        existing = RecordsRequest.objects.filter(description=description).first()
        if existing:
            return existing, False
        return services.request_create(
            actor=clerk,
            received_on=received_on,
            description=description,
            assignee=clerk,
            **extra,
        ), True

    ensure(
        DUE_SOON,
        _received_for_due_soon(today),
        channel="web_form",
        requester_name="Pat Resident",
        requester_contact="pat@example.org",
    )
    overdue, created = ensure(
        OVERDUE,
        today - timedelta(days=20),
        channel="email",
        requester_name="",
        requester_contact="records-requester@example.net",
    )
    if created:
        services.request_transition(actor=clerk, request=overdue, status="searching")

    packaged, created = ensure(
        PACKAGED,
        today - timedelta(days=3),
        channel="email",
        requester_name="Stanton Gazette",
        requester_contact="newsroom@example.com",
    )
    if created:
        services.request_transition(actor=clerk, request=packaged, status="searching")
        criteria = {
            "site_slug": "",
            "account": "",
            "date_from": "",
            "date_to": "",
            "keyword": "water",
            "platform_states": [],
            "kinds": ["comments", "posts", "decisions", "bans"],
        }
        services.request_save_criteria(
            actor=clerk,
            request=packaged,
            criteria=criteria,
            result_count=result_counts(criteria_from_json(criteria))["total"],
        )
        services.assistance_log_add(
            actor=clerk,
            request=packaged,
            description=(
                "Suggested narrowing to the City's Facebook page; requester agreed by email."
            ),
        )
    if not DisclosurePackage.objects.filter(
        request=packaged, status=PackageStatus.COMPLETE
    ).exists():
        package = services.package_request(actor=clerk, request=packaged, enqueue=False)
        package_build(package_id=package.pk)
    _archived_request(ensure, clerk, today)
    stdout.write(
        f"Records demo: {RecordsRequest.objects.count()} requests; "
        f"{DisclosurePackage.objects.filter(status=PackageStatus.COMPLETE).count()} "
        "built package(s)."
    )


def _archived_request(ensure, clerk, today) -> None:
    """A request taken all the way: determination (its letter says "Dear Lee Nguyen"), a
    package carrying that letter, released, closed and published in the archive, whose copy
    reads "Dear [requester's name withheld]"."""
    from datetime import datetime, time

    from records import services
    from records.models import DeterminationOutcome
    from records.packages.builder import package_build

    archived, created = ensure(
        ARCHIVED,
        today - timedelta(days=6),
        channel="portal",
        requester_name="Lee Nguyen",
        requester_contact="lee.nguyen@example.org",
    )
    if not created:
        return
    services.request_transition(actor=clerk, request=archived, status="searching")
    criteria = {
        "site_slug": "",
        "account": "",
        "date_from": "",
        "date_to": "",
        "keyword": "park",
        "platform_states": [],
        "kinds": ["comments", "posts"],
    }
    services.request_save_criteria(
        actor=clerk,
        request=archived,
        criteria=criteria,
        result_count=result_counts(criteria_from_json(criteria))["total"],
    )
    services.request_transition(actor=clerk, request=archived, status="review")
    services.request_determine(
        actor=clerk,
        request=archived,
        outcome=DeterminationOutcome.DISCLOSABLE,
        determination="The City has the posts and comments you asked for and releases them.",
        sent_on=today,
        records_available_at=timezone.make_aware(datetime.combine(today, time(17, 0))),
    )
    package = services.package_request(actor=clerk, request=archived, enqueue=False)
    package_build(package_id=package.pk)
    package.refresh_from_db()
    services.package_release(actor=clerk, package=package)
    services.request_transition(
        actor=clerk, request=archived, status="fulfilled", determination=archived.determination
    )
    services.request_archive_set(actor=clerk, request=archived, public=True)
