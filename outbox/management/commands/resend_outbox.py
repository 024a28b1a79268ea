from datetime import timedelta

from django.core.management.base import BaseCommand

from outbox.services import outbox_resend_pending


class Command(BaseCommand):
    help = "Publish tasks whose first publish failed (e.g. Redis was down)."

    def handle(self, *args, **options):
        sent = outbox_resend_pending(older_than=timedelta(0))
        self.stdout.write(f"Published {sent} pending task(s).")
