"""Measure the automatic flagger on a labelled CSV, with exactly the code the Celery task runs.

    python manage.py evaluate_flagging PATH.csv [--json] [--predictions OUT.csv]

The CSV has a `text` column and a `categories` column (policy codes separated by ";", empty
for none); other columns are ignored. Rules come from the database's active FlagRules (the
defaults are installed by migration), without site switches, repetition or author context.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from moderation.flagging.evaluation import LabelledSetError, evaluate, labelled_set_read
from moderation.flagging.rules import ruleset_load


class Command(BaseCommand):
    help = "Print precision, recall and F1 per category for a labelled CSV (text, categories)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="CSV with columns text and categories")
        parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
        parser.add_argument(
            "--predictions",
            metavar="OUT.csv",
            help="write each row's text, expected and predicted categories",
        )

    def handle(
        self, *args, path: str, json: bool = False, predictions: str | None = None, **options
    ):
        source = Path(path)
        try:
            data = source.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror or exc}.") from exc
        try:
            labelled = labelled_set_read(data, name=source.name)
        except LabelledSetError as exc:
            raise CommandError(str(exc)) from exc
        for code, count in sorted(labelled.unknown_codes.items()):
            self.stderr.write(f"warning: unknown category code “{code}” in {count} row(s); ignored")
        report = evaluate(labelled, rules=ruleset_load())
        if predictions:
            self._write_predictions(Path(predictions), report["predictions"])
        del report["predictions"]
        if json:
            self.stdout.write(_json_dumps(report))
        else:
            self._print_table(report)

    def _write_predictions(self, out: Path, rows) -> None:
        try:
            with out.open("w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(["text", "expected", "predicted"])
                for text, expected, predicted in rows:
                    writer.writerow([text, ";".join(sorted(expected)), ";".join(sorted(predicted))])
        except OSError as exc:
            raise CommandError(f"Cannot write {out}: {exc.strerror or exc}.") from exc

    def _print_table(self, report: dict) -> None:
        line = "{:<24} {:>9} {:>7} {:>7} {:>8}"
        self.stdout.write(line.format("category", "precision", "recall", "f1", "support"))
        for code, m in report["categories"].items():
            self.stdout.write(
                line.format(
                    code,
                    f"{m['precision']:.3f}",
                    f"{m['recall']:.3f}",
                    f"{m['f1']:.3f}",
                    m["support"],
                )
            )
        self.stdout.write("-" * 59)
        for label in ("micro", "macro"):
            m = report[label]
            self.stdout.write(
                line.format(
                    f"{label} average",
                    f"{m['precision']:.3f}",
                    f"{m['recall']:.3f}",
                    f"{m['f1']:.3f}",
                    m["support"],
                )
            )
        self.stdout.write(
            f"rows: {report['rows']}  exact match: {report['exact_match']:.3f}  "
            f"rows without categories flagged: {report['flagged_rows_without_categories']}"
            f"/{report['rows_without_categories']}"
        )
        if report["unknown_categories"]:
            total = sum(report["unknown_categories"].values())
            self.stdout.write(f"unknown category codes ignored: {total}")


def _json_dumps(report: dict) -> str:
    return json.dumps(report, indent=2, sort_keys=False, ensure_ascii=False)
