"""The classification task against the bare detectors, counted in instructions by callgrind:
unlike CPU time, the count does not change with what else the shared machine is running.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/stanton_bench_ingest \\
    REDIS_URL=redis://127.0.0.1:6379/13 .venv/bin/python -m bench.callgrind

The database must be a migrated bench database (`bench.run` makes `<name>_ingest`). The script
runs itself under `valgrind --tool=callgrind --instr-atstart=no` and, in that child, posts
fresh batches of 500 comments to the API (their Celery messages go to a queue of the script's
own, emptied at the end). The first batch is a warm-up: classified by `comments_classify` and
its texts by `classify_text`, uncounted, so the rule set, the learned models and the profanity
model are loaded. Then instrumentation is switched on (`callgrind_control`), and for each
of the next BENCH_CALLGRIND_BATCHES (3) batches the counters are zeroed and dumped just around
`comments_classify(comment_ids=...)`, then around `classify_text` over the same texts with the
same rules and no context, as `bench.profile` runs the detectors. They find there the
profanity model's scores that the task's batch prefetch left; the bench's one-core rate has
none, so a third count runs them again without. `gc.collect()` before each part, so a full
collection (some 60 M instructions) is counted where the part's own allocations cause it.
Only this Python process is counted, not its PostgreSQL backend. Prints the mean instructions
(Ir) per batch of each and the task's share (detectors ÷ task); the dumps stay in
var/callgrind/ for callgrind_annotate. Under callgrind the child takes a minute or two.

To compare two versions of the code, run each on a copy of the same database (`CREATE
DATABASE ... TEMPLATE ...`): the batches' posts are shared between runs, so each run's threads,
which the relevance detector reads, are longer than the last's.
"""

from __future__ import annotations

import gc
import glob
import json
import os
import re
import subprocess
import sys
from pathlib import Path

from bench.run import (
    INGEST_BATCH,
    ROOT,
    _ingest_client,
    _ingest_fresh,
    _settle_as_web_process,
    _setup,
)

OUT = ROOT / "var" / "callgrind"
QUEUE = "stanton-bench-callgrind"
MEASURED = int(os.environ.get("BENCH_CALLGRIND_BATCHES", "3"))


def _control(*args: str) -> None:
    subprocess.run(["callgrind_control", *args, str(os.getpid())], check=True, capture_output=True)


def _part(label: str, counted: bool, work, *args, **kwargs):
    """`work(*args, **kwargs)`, counted as `label` (a dump of its own) when `counted`. Each part
    starts from the same garbage collector state, so a full collection falls in a part only if
    that part's own allocations call for one."""
    gc.collect()
    if counted:
        _control("--zero")
    result = work(*args, **kwargs)
    if counted:
        _control(f"--dump={label}")
    return result


def _classify_each(texts: list[str], rules, classify_text) -> None:
    for text in texts:
        classify_text(text, rules=rules)


def child() -> None:
    _settle_as_web_process()
    from celery import current_app

    from moderation.flagging.batch import comments_classify
    from moderation.flagging.detectors.profanity import _PREFETCHED
    from moderation.flagging.engine import classify_text
    from moderation.flagging.rules import ruleset_load

    client, raw, site, run = _ingest_client(QUEUE, "Bench callgrind", "cg")
    try:
        for number in range(1 + MEASURED):
            ids, texts = _ingest_fresh(client, raw, site, number, run)
            counted = number > 0
            if number == 1:
                _control("--instr=on")
            outcome = _part("task", counted, comments_classify, comment_ids=ids)
            rules = ruleset_load()
            _part("detectors", counted, _classify_each, texts, rules, classify_text)
            # The same again without the model scores the task's batch prefetch left behind
            # (the bare run above finds each text's there), as the one-core rate runs them.
            _PREFETCHED.clear()
            _part("unprefetched", counted, _classify_each, texts, rules, classify_text)
            assert outcome["classified"] == INGEST_BATCH, outcome
    finally:
        current_app.connection_for_write().default_channel.client.delete(QUEUE)


def _dumped(path: str) -> tuple[str, int]:
    text = Path(path).read_text()
    trigger = re.search(r"^desc: Trigger: Client Request: (\S+)|^desc: Trigger: (.*)$", text, re.M)
    totals = re.search(r"^(?:totals|summary): (\d+)", text, re.M)
    label = (trigger.group(1) or trigger.group(2)) if trigger else path
    return label.strip(), int(totals.group(1)) if totals else 0


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for old in glob.glob(str(OUT / "callgrind.out.*")):
        os.unlink(old)
    subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--instr-atstart=no",
            f"--callgrind-out-file={OUT}/callgrind.out.%p",
            sys.executable,
            "-m",
            "bench.callgrind",
            "--child",
        ],
        cwd=ROOT,
        check=True,
    )
    counts = {"task": 0, "detectors": 0, "unprefetched": 0}
    for path in sorted(glob.glob(str(OUT / "callgrind.out.*"))):
        label, ir = _dumped(path)
        for name in counts:
            if name in label:
                counts[name] += ir
    task, detectors, cold = (counts[name] // MEASURED for name in counts)
    print(f"classification task: {task / 1e6:,.0f} M instructions per 500 comments")
    print(f"detectors alone:     {detectors / 1e6:,.0f} M instructions (same texts)")
    if task:
        print(f"task share (detectors / task): {detectors / task * 100:.1f} %")
        print(
            f"detectors without the batch's profanity scores: {cold / 1e6:,.0f} M "
            f"({cold / task * 100:.1f} % of the task)"
        )
    print(json.dumps({"task_ir": task, "detectors_ir": detectors, "unprefetched_ir": cold}))


if __name__ == "__main__":
    if "--child" in sys.argv:
        _setup()
        child()
    else:
        main()
