from django.core.management.base import BaseCommand, CommandError

from records.packages.verify import verify_package_file


class Command(BaseCommand):
    help = "Check every file of a disclosure package ZIP against its manifest.json."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the package .zip file")

    def handle(self, *args, path, **options):
        problems = verify_package_file(path)
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(f"{path}: {len(problems)} problem(s): " + "; ".join(problems))
        self.stdout.write(self.style.SUCCESS(f"{path}: every file matches the manifest."))
