import json

from django.core.management.base import BaseCommand, CommandError

from records.selectors.holds import RETENTION_SOURCES, past_retention

MINIMUM_YEARS = 2


class Command(BaseCommand):
    help = (
        "List retained content older than the retention period (Gov. Code 34090: two years) "
        "and not under an active legal hold. Reports only: it never deletes anything."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--years",
            type=int,
            default=MINIMUM_YEARS,
            help=f"retention period in years (at least {MINIMUM_YEARS}, Gov. Code 34090)",
        )
        parser.add_argument("--json", action="store_true", help="machine-readable output")

    def handle(self, *args, years, json: bool = False, **options):
        if years < MINIMUM_YEARS:
            # Gov. Code 34090: a city may destroy records only after two years, so a shorter
            # period would list as "past retention" content the City must still keep.
            raise CommandError(
                f"--years must be at least {MINIMUM_YEARS}: Gov. Code 34090 keeps City records "
                f"for two years (got {years})."
            )
        report = {"years": years, "kinds": {}}
        for kind in RETENTION_SOURCES:
            qs, cutoff = past_retention(kind, years=years)
            report["cutoff"] = cutoff.isoformat()
            ids = list(qs.values_list("pk", flat=True).iterator(chunk_size=2000))
            report["kinds"][kind] = {"count": len(ids), "ids": ids}
        if json:
            self.stdout.write(_dumps(report))
            return
        self.stdout.write(
            f"Retained content older than {years} year(s) (before {report['cutoff']}) "
            "and not under an active legal hold. Nothing has been deleted."
        )
        for kind, data in report["kinds"].items():
            preview = ", ".join(str(i) for i in data["ids"][:50])
            more = " …" if data["count"] > 50 else ""
            self.stdout.write(
                f"  {kind}: {data['count']}" + (f" (ids {preview}{more})" if data["count"] else "")
            )


def _dumps(data) -> str:
    return json.dumps(data, indent=2, sort_keys=True)
