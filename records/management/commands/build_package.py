from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.roles import ADMINISTRATOR, RECORDS_CLERK
from records.models import RecordsRequest
from records.packages.builder import package_build
from records.services.packages import package_request


class Command(BaseCommand):
    help = "Build a disclosure package for a request now (synchronously); print path and SHA-256."

    def add_arguments(self, parser):
        parser.add_argument("number", help="the request number, e.g. PRA-2025-0001")
        parser.add_argument(
            "--as",
            dest="as_email",
            default="",
            help="the staff member recorded as building it (default: assignee)",
        )

    def handle(self, *args, number, as_email, **options):
        request = RecordsRequest.objects.select_related("assignee").filter(number=number).first()
        if request is None:
            raise CommandError(f"No records request {number}.")
        User = get_user_model()
        actor = (
            User.objects.filter(email__iexact=as_email).first() if as_email else request.assignee
        )
        if actor is None:
            actor = (
                User.objects.filter(is_active=True, groups__name__in=[RECORDS_CLERK, ADMINISTRATOR])
                .order_by("pk")
                .first()
            )
        if actor is None:
            raise CommandError("No staff member to record as the builder; pass --as EMAIL.")
        package = package_request(actor=actor, request=request, enqueue=False)
        try:
            package = package_build(package_id=package.pk)
        except Exception as exc:
            raise CommandError(f"Build failed: {exc}") from exc
        try:
            location = package.file.path
        except NotImplementedError:  # object storage: the storage name
            location = package.file.name
        self.stdout.write(location)
        self.stdout.write(f"sha256 {package.sha256}")
