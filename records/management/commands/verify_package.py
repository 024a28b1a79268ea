from django.core.management.base import BaseCommand, CommandError

from records.packages.verify import verify_package_file


class Command(BaseCommand):
    help = (
        "Check that a disclosure package ZIP is the archive the portal recorded (its SHA-256), "
        "that its entries are plain files with safe names, and that every file matches its "
        "manifest. Names the request it belongs to; exits non-zero naming each problem."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the package .zip file")
        parser.add_argument(
            "--sha256",
            default=None,
            metavar="HEX",
            help="for an archive held outside the portal: the SHA-256 it must have "
            "(instead of looking it up among the packages this portal recorded)",
        )

    def handle(self, *args, path, sha256, **options):
        try:
            result = verify_package_file(path, expected_sha256=sha256)
        except ValueError as exc:
            raise CommandError(f"--sha256: {exc}") from exc
        if not result.ok:
            for problem in result.problems:
                self.stderr.write(problem)
            raise CommandError(
                f"{path}: refused, {len(result.problems)} problem(s): " + "; ".join(result.problems)
            )
        if result.package is not None:
            package = result.package
            source = (
                f"package {package.pk} of request {package.request.number}: its SHA-256 "
                f"{result.sha256} is the one the portal recorded when it was built"
            )
        elif result.archive_copy is not None:
            package = result.archive_copy.release.package
            source = (
                f"the public archive's copy of package {package.pk} of request "
                f"{package.request.number} (the requester's name and contact withheld; the "
                f"package's SHA-256 is {package.sha256}): its SHA-256 {result.sha256} is the "
                "one the portal recorded when it made the copy"
            )
        else:
            source = f"its SHA-256 {result.sha256} is the expected one"
        self.stdout.write(
            self.style.SUCCESS(f"{path}: verified, {source}; every file matches the manifest.")
        )
