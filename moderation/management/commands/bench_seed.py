"""`manage.py bench_seed --comments N`: bench data, loaded with COPY (bench/seed.py says what
it writes and why only into a database of its own)."""

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Load bench data (comments with posts, accounts, revisions, flags, decisions, reviews, "
        "bans, their history and audit events) into a PostgreSQL database whose name contains "
        "'bench', until it holds N bench comments."
    )

    def add_arguments(self, parser):
        parser.add_argument("--comments", type=int, required=True, metavar="N")
        parser.add_argument("--seed", type=int, default=16, help="Random seed (reproducible).")

    def handle(self, *args, comments, seed, **options):
        from bench.seed import seed as bench_seed

        if comments < 1:
            raise CommandError("--comments must be at least 1.")
        try:
            bench_seed(comments=comments, seed_value=seed, log=self.stdout.write)
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
