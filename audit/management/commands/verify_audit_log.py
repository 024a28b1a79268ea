from django.core.management.base import BaseCommand, CommandError

from audit.selectors import audit_chain_first_problem


class Command(BaseCommand):
    help = "Recompute the audit log's hash chain; exit non-zero naming the first bad row."

    def handle(self, *args, **options):
        checked, problem = audit_chain_first_problem()
        if problem is not None:
            raise CommandError(
                f"Audit chain broken at event #{problem.seq} (id {problem.pk}): {problem.reason}. "
                f"{checked} event(s) before it verified."
            )
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {checked} event(s) verified."))
