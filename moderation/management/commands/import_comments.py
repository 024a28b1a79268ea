"""Import a comment export (CSV or JSON Lines) for one site, through the same service as the
API. Safe to run again: what is already stored comes back `unchanged`."""

from __future__ import annotations

import os
import sys
from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from moderation.ingest.importers import (
    FORMATS,
    ImportFormatError,
    ParsedLine,
    format_for,
    read_export,
)
from moderation.ingest.schemas import MAX_BATCH
from moderation.ingest.services import REJECTED, comments_ingest_batch
from moderation.models import Site

MAX_LISTED_REJECTIONS = 200


class Command(BaseCommand):
    help = "Import comments from a CSV or JSON Lines export for one site."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--site", required=True, metavar="SLUG")
        parser.add_argument("--format", choices=FORMATS, help="Default: from the extension.")
        parser.add_argument("--batch-size", type=int, default=MAX_BATCH)
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, path, site, format, batch_size, no_progress, **options):
        site_obj = Site.objects.filter(slug=site).first()
        if site_obj is None:
            raise CommandError(f"No site has the slug “{site}”.")
        if not 1 <= batch_size <= MAX_BATCH:
            raise CommandError(f"--batch-size must be between 1 and {MAX_BATCH}.")
        try:
            fmt = format_for(path, format)
            size = os.path.getsize(path)
            stream = open(path, "rb")  # noqa: SIM115 - closed below
        except ImportFormatError as exc:
            raise CommandError(str(exc)) from exc
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}") from exc

        counts: Counter[str] = Counter()
        rejections: list[tuple[int, str]] = []
        origin = {"file": os.path.basename(path), "format": fmt}
        # The underlying stream: OutputWrapper would end every redraw with a newline.
        progress_to = getattr(self.stderr, "_out", sys.stderr)
        bar = tqdm(
            total=size,
            unit="B",
            unit_scale=True,
            file=progress_to,
            disable=no_progress,
            desc=os.path.basename(path),
        )
        pending: list[ParsedLine] = []

        def flush():
            if not pending:
                return
            result = comments_ingest_batch(
                site=site_obj, items=[p.item for p in pending], source="import", origin=origin
            )
            for parsed, outcome in zip(pending, result.results, strict=True):
                counts[outcome.status] += 1
                if outcome.status == REJECTED:
                    rejections.append((parsed.line, outcome.reason))
            pending.clear()

        try:
            with stream:
                for parsed in read_export(stream, fmt, bar.update):
                    if parsed.item is None:
                        counts[REJECTED] += 1
                        rejections.append((parsed.line, parsed.error))
                        continue
                    pending.append(parsed)
                    if len(pending) >= batch_size:
                        flush()
                flush()
        except ImportFormatError as exc:
            raise CommandError(str(exc)) from exc
        finally:
            bar.close()

        self.stdout.write(
            f"{site_obj.slug}: created {counts['created']}, revised {counts['revised']}, "
            f"unchanged {counts['unchanged']}, rejected {counts['rejected']}"
        )
        for line, reason in sorted(rejections)[:MAX_LISTED_REJECTIONS]:
            self.stdout.write(f"  line {line}: rejected: {reason}")
        if len(rejections) > MAX_LISTED_REJECTIONS:
            self.stdout.write(f"  … and {len(rejections) - MAX_LISTED_REJECTIONS} more")
