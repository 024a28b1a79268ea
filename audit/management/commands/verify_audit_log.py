from django.core.management.base import BaseCommand, CommandError

from audit.models import AuditEvent
from audit.selectors import audit_chain_first_problem


class Command(BaseCommand):
    help = (
        "Recompute the audit log's hash chain; exit non-zero naming the first bad row. "
        "The chain proves nothing was edited, removed or reordered in the middle; to prove the "
        "newest events were not cut off too, keep the printed head (seq:hash) somewhere else "
        "and pass it back later with --anchor."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--anchor",
            action="append",
            default=[],
            metavar="SEQ:HASH",
            help="A head printed by an earlier run; it must still be in the chain unchanged.",
        )

    def handle(self, *args, anchor, **options):
        checked, problem = audit_chain_first_problem()
        if problem is not None:
            raise CommandError(
                f"Audit chain broken at event #{problem.seq} (id {problem.pk}): {problem.reason}. "
                f"{checked} event(s) before it verified."
            )
        for item in anchor:
            seq_text, _, expected = item.partition(":")
            if not seq_text.isdigit() or len(expected) != 64:
                raise CommandError(f"--anchor must look like SEQ:HASH, not {item!r}.")
            found = AuditEvent.objects.filter(seq=int(seq_text)).values_list("hash", flat=True)
            if not found:
                raise CommandError(
                    f"Anchor #{seq_text} is missing: the chain was cut off after event #{checked}."
                )
            if found[0] != expected:
                raise CommandError(
                    f"Anchor #{seq_text} has a different hash: the chain was rewritten."
                )
        head = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first()
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {checked} event(s) verified."))
        if head:
            self.stdout.write(f"Head: {head[0]}:{head[1]}")
