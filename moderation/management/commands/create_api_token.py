"""Make an API token for one or more sites and print it once."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from moderation.ingest.tokens import api_token_create
from moderation.models import Site
from stanton.errors import ActionRefused


class Command(BaseCommand):
    help = "Create an API token scoped to the given sites; the token is printed once."

    def add_arguments(self, parser):
        parser.add_argument(
            "--site",
            action="append",
            required=True,
            dest="sites",
            metavar="SLUG",
            help="A site the token may send data for (repeat).",
        )
        parser.add_argument("--name", required=True, help="Which integration uses it.")

    def handle(self, *args, sites, name, **options):
        found = {site.slug: site for site in Site.objects.filter(slug__in=sites)}
        unknown = [slug for slug in sites if slug not in found]
        if unknown:
            raise CommandError(f"No site has the slug: {', '.join(unknown)}")
        try:
            token, raw = api_token_create(name=name, sites=found.values(), actor=None)
        except ActionRefused as exc:
            raise CommandError(str(exc)) from exc
        self.stderr.write(
            f"Token “{token.name}” ({token.prefix}…) for {', '.join(sorted(found))}. "
            "It is shown once; store it now."
        )
        self.stdout.write(raw)
