"""Demo records work for `make run`: a request due soon, one overdue, and one with a built
package. Idempotent: requests are found again by their description."""

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
    stdout.write(
        f"Records demo: {RecordsRequest.objects.count()} requests; "
        f"{DisclosurePackage.objects.filter(status=PackageStatus.COMPLETE).count()} "
        "built package(s)."
    )
