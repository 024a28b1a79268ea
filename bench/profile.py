"""Where one ingestion batch's CPU goes, per process: the API request, the classification task
and the response task, each with the CPU its PostgreSQL backend spent (from /proc), and the
slowest statements. CPU time, not wall clock: on a shared machine it is what repeats.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/stanton_bench_ingest \\
    REDIS_URL=redis://127.0.0.1:6379/13 .venv/bin/python -m bench.profile [BATCHES] [--cprofile]

The database must be a migrated bench database (`bench.run` makes `<name>_ingest`). The tasks
are run in this process, one after the other, as a worker would run them (their Celery
messages go to a queue of this script's own, which is emptied at the end). Prints a table of
milliseconds per 500 comments, the mean over BATCHES (4) batches after one warm-up batch.
"""

from __future__ import annotations

import cProfile
import io
import json
import os
import pstats
import sys
import time
from collections import defaultdict

from bench.run import INGEST_BATCH, _ingest_items, _post_batch, _settle_as_web_process, _setup

PROFILE_QUEUE = "stanton-bench-profile"


def _backend_cpu_ms(pid: int) -> float:
    """utime + stime of one PostgreSQL backend (same host), in ms (10 ms resolution)."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


class Measure:
    """CPU of this process and of its database backend, and each statement's time, over a
    block; with `profile`, a cProfile of the block too."""

    def __init__(self, label: str, totals: dict, statements: dict, profile: bool):
        self.label, self.totals, self.statements, self.profile = label, totals, statements, profile

    def __enter__(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        connection.ensure_connection()
        self.pid = connection.cursor().connection.info.backend_pid
        self.captured = CaptureQueriesContext(connection)
        self.captured.__enter__()
        self.profiler = cProfile.Profile(time.process_time) if self.profile else None
        self.pg0, self.cpu0 = _backend_cpu_ms(self.pid), time.process_time()
        if self.profiler:
            self.profiler.enable()
        return self

    def __exit__(self, *exc):
        if self.profiler:
            self.profiler.disable()
        cpu = (time.process_time() - self.cpu0) * 1000
        pg = _backend_cpu_ms(self.pid) - self.pg0
        self.captured.__exit__(*exc)
        totals = self.totals[self.label]
        totals["python_ms"].append(cpu)
        totals["postgres_ms"].append(pg)
        totals["queries"].append(len(self.captured.captured_queries))
        for query in self.captured.captured_queries:
            key = " ".join(query["sql"].split())[:110]
            self.statements[self.label][key].append(float(query["time"]) * 1000)
        if self.profiler:
            out = io.StringIO()
            pstats.Stats(self.profiler, stream=out).sort_stats("cumulative").print_stats(45)
            print(f"\n===== cProfile: {self.label} =====\n{out.getvalue()}", file=sys.stderr)


def main(batches: int, profile: bool) -> dict:
    _settle_as_web_process()
    from celery import current_app
    from django.db import transaction
    from django.test import Client

    from accounts.models import User
    from bench.seed import cast_ensure
    from moderation.flagging.batch import comments_classify
    from moderation.flagging.engine import classify_text
    from moderation.flagging.rules import ruleset_load
    from moderation.ingest.tokens import api_token_create
    from moderation.models import Comment
    from moderation.responses.services import response_needs_detect

    current_app.conf.task_default_queue = PROFILE_QUEUE
    cast = cast_ensure()
    site = cast.sites[0]
    admin = User.objects.get(email="bench-admin@stanton.example")
    with transaction.atomic():
        _, raw = api_token_create(name="Bench profile", sites=[site], actor=admin)
    client = Client()
    run = f"p{int(time.time())}-"
    totals: dict = defaultdict(lambda: defaultdict(list))
    statements: dict = defaultdict(lambda: defaultdict(list))
    # The first batch loads what each process caches, and the cProfile'd one (the last, with
    # --cprofile) runs two to three times slower: neither is counted.
    for number in range(batches + 1 + profile):
        last = profile and number == batches + 1
        warm = number == 0 or last
        t = totals if not warm else defaultdict(lambda: defaultdict(list))
        s = statements if not warm else defaultdict(lambda: defaultdict(list))
        body = json.dumps(
            {"site": site.slug, "comments": _ingest_items(INGEST_BATCH, number * INGEST_BATCH, run)}
        )
        with Measure("API request", t, s, last):
            _post_batch(client, raw, body)
        ids = list(
            Comment.objects.filter(
                external_id__in=[
                    f"bench-ingest-{run}{i}"
                    for i in range(number * INGEST_BATCH, (number + 1) * INGEST_BATCH)
                ]
            ).values_list("pk", flat=True)
        )
        with Measure("classification task", t, s, last):
            comments_classify(comment_ids=ids)
        with Measure("response task", t, s, last):
            response_needs_detect(comment_ids=ids)
        # The bare detectors on the same texts, as the bench's one-core rate runs them (no
        # context): what the classification task is compared with.
        texts = list(
            Comment.objects.filter(pk__in=ids).order_by("pk").values_list("body", flat=True)
        )
        rules = ruleset_load()
        with Measure("(detectors alone, same texts)", t, s, False):
            for text in texts:
                classify_text(text, rules=rules)
    current_app.connection_for_write().default_channel.client.delete(PROFILE_QUEUE)
    table = {
        label: {k: round(sum(v) / len(v), 1) for k, v in values.items()}
        for label, values in totals.items()
    }
    slowest = {
        label: sorted(
            ((round(sum(v) / batches, 2), len(v) // batches, sql) for sql, v in by_sql.items()),
            reverse=True,
        )[:8]
        for label, by_sql in statements.items()
    }
    return {"batches": batches, "per_500": table, "slowest_statements_ms": slowest}


def render(result: dict) -> str:
    lines = [
        "| process | Python CPU ms | PostgreSQL CPU ms | total | queries |",
        "|---|---|---|---|---|",
    ]
    total = 0.0
    for label, row in result["per_500"].items():
        if label.startswith("("):
            lines.append(f"| {label} | {row['python_ms']:.0f} | | | |")
            continue
        both = row["python_ms"] + row["postgres_ms"]
        total += both
        lines.append(
            f"| {label} | {row['python_ms']:.0f} | {row['postgres_ms']:.0f} | {both:.0f} "
            f"| {row['queries']:.0f} |"
        )
    lines.append(f"| all | | | {total:.0f} | |")
    for label, rows in result["slowest_statements_ms"].items():
        lines.append(f"\n{label}, slowest statements (ms per batch, wall, count):")
        lines += [f"  {ms:7.2f}  x{n:<3} {sql}" for ms, n, sql in rows]
    return "\n".join(lines)


if __name__ == "__main__":
    _setup()
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    result = main(int(args[0]) if args else 4, "--cprofile" in sys.argv)
    print(render(result))
    print(json.dumps(result))
