"""What the classification task writes, table by table, to compare two versions of the code on
the same input: a change that should only make the task faster must leave every row the same.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/stanton_bench_ingest \\
    REDIS_URL=redis://127.0.0.1:6379/13 .venv/bin/python -m bench.writes_compare prepare
    ... .venv/bin/python -m bench.writes_compare run LABEL     # once per version of the code
    diff -r var/writes/BEFORE var/writes/AFTER                  # nothing: the same rows

`prepare` clones the database in DATABASE_URL (a migrated bench database) to
`<name>_wc_tpl` and posts three batches of 500 comments to the API there, unclassified (their
Celery messages go to a queue of the script's own, emptied at the end); the third batch
re-posts the first one's texts as the same accounts, so the repetition rule has repeats to
find. `run LABEL` clones that template to `<name>_wc_run` (afresh) and classifies the batches
there, one `comments_classify` call each and with the clock frozen (time-machine), so the
flags' and history rows' times and the audit chain's hashes repeat; then it runs
`verify_audit_log` and writes every table of the database, each row as text and sorted, to
var/writes/LABEL/<table>.tsv (sequences start where the template left them, so ids repeat).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
from urllib.parse import urlsplit

from bench.run import INGEST_BATCH, PY, ROOT, _env, _ingest_items, _post_batch, _psql, _setup

QUEUE = "stanton-bench-writes-compare"
FROZEN_AT = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)


def _names() -> tuple[str, str, str]:
    base = urlsplit(os.environ["DATABASE_URL"]).path.lstrip("/")
    return base, f"{base}_wc_tpl", f"{base}_wc_run"


def _clone(source: str, name: str) -> None:
    _psql(f'DROP DATABASE IF EXISTS "{name}"')
    _psql(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')


def child_prepare() -> None:
    from celery import current_app
    from django.db import transaction
    from django.test import Client

    from accounts.models import User
    from bench.seed import cast_ensure
    from moderation.ingest.tokens import api_token_create
    from moderation.models import Comment

    current_app.conf.task_default_queue = QUEUE
    site = cast_ensure().sites[0]
    admin = User.objects.get(email="bench-admin@stanton.example")
    with transaction.atomic():
        _, raw = api_token_create(name="Bench writes compare", sites=[site], actor=admin)
    client, batches = Client(), []
    try:
        for number, offset in enumerate((0, INGEST_BATCH, 0)):
            items = _ingest_items(INGEST_BATCH, offset, "wc-")
            for item in items:  # the repeated batch: new comments, the same accounts
                item["external_id"] += f"-{number}"
            _post_batch(client, raw, json.dumps({"site": site.slug, "comments": items}))
            batches.append(
                sorted(
                    Comment.objects.filter(
                        site=site, external_id__in=[i["external_id"] for i in items]
                    ).values_list("pk", flat=True)
                )
            )
    finally:
        current_app.connection_for_write().default_channel.client.delete(QUEUE)
    (ROOT / "var" / "writes").mkdir(parents=True, exist_ok=True)
    (ROOT / "var" / "writes" / "batches.json").write_text(json.dumps(batches))


def child_run(label: str) -> None:
    import time_machine
    from django.core.management import call_command
    from django.db import connection

    from moderation.flagging.batch import comments_classify
    from moderation.flagging.services import FlagCandidate, FoundFlags, flags_raise_many
    from moderation.models import Comment, PolicyCategory

    batches = json.loads((ROOT / "var" / "writes" / "batches.json").read_text())
    with time_machine.travel(FROZEN_AT, tick=False):
        for ids in batches:
            print(comments_classify(comment_ids=ids), file=sys.stderr)
    # A second flag, an hour later, on every tenth comment of the first batch, queued or not
    # (half of them dated a day back): the queue places of comments already in the queue.
    category = PolicyCategory.objects.order_by("code").first()
    candidate = FlagCandidate(category.code, "bench-compare", 0.5, "Raised by writes_compare.")
    with time_machine.travel(FROZEN_AT + dt.timedelta(hours=1), tick=False):
        comments = Comment.objects.filter(pk__in=batches[0][::10]).order_by("pk")
        found = [
            FoundFlags(c, [candidate], FROZEN_AT - dt.timedelta(days=n % 2))
            for n, c in enumerate(comments)
        ]
        print(len(flags_raise_many(found=found)), "comments flagged again", file=sys.stderr)
    call_command("verify_audit_log")
    out = ROOT / "var" / "writes" / label
    out.mkdir(parents=True, exist_ok=True)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )
        tables = [row[0] for row in cursor.fetchall()]
        for table in tables:
            cursor.execute(f'SELECT t::text FROM "{table}" t ORDER BY 1')  # noqa: S608 - catalog names
            rows = [row[0] for row in cursor.fetchall()]
            (out / f"{table}.tsv").write_text("".join(f"{row}\n" for row in rows))
    print(f"wrote {len(tables)} tables to {out}", file=sys.stderr)


def main() -> None:
    command = sys.argv[1]
    base, template, run = _names()
    if command == "prepare":
        _clone(base, template)
        subprocess.run(
            [PY, "-m", "bench.writes_compare", "--child", "prepare"],
            cwd=ROOT,
            env=_env(template),
            check=True,
        )
    elif command == "run":
        _clone(template, run)
        started = time.perf_counter()
        subprocess.run(
            [PY, "-m", "bench.writes_compare", "--child", "run", sys.argv[2]],
            cwd=ROOT,
            env=_env(run),
            check=True,
        )
        print(f"run {sys.argv[2]}: {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    if sys.argv[1] == "--child":
        _setup()
        {"prepare": lambda: child_prepare(), "run": lambda: child_run(sys.argv[3])}[sys.argv[2]]()
    else:
        main()
