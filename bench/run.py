"""`make bench`: the benchmarks at county scale, written to bench/results/ as markdown and JSON.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/stanton_bench \\
    REDIS_URL=redis://127.0.0.1:6379/13 .venv/bin/python -m bench.run

Environment (all optional):
    BENCH_SIZES            comment counts for the queue, admin and search ("10000,100000";
                           add 1000000 for the county-scale run: ~5 min more to load)
    BENCH_REPEAT           timed requests per measure (30; p50/p95 are over these)
    BENCH_INGEST_COMMENTS  comments posted through the API, in batches of 500 (5000)
    BENCH_WORKERS          Celery worker processes for ingestion (2)
    BENCH_FLAG_COMMENTS    comments classified for the one-core flagging rate (2000)
    BENCH_PACKAGE_SIZES    disclosure package sizes (comments; "1000,10000"; add 100000)
    BENCH_TASK_ALONE_BATCHES  batches of 500 for the uncontended task-vs-detectors measure (4)
    BENCH_FRESH=1          drop the bench databases and load them again

Databases: each size gets a database of its own named after DATABASE_URL's,
`<name>_n<size>`, made from a migrated template `<name>_tpl` and loaded by
`manage.py bench_seed`; retained rows cannot be deleted, so they are kept between runs and
re-used (BENCH_FRESH=1 drops them). Ingestion writes into `<name>_ingest`, made afresh each
run; packages use `<name>_packages`. Every measurement runs in a child process of this one
(`python -m bench.run --child PART ...`) with DATABASE_URL pointing at its database.

HTTP measures go through Django's test client in-process (the full middleware stack, the
views, the templates and PostgreSQL; no gunicorn or network in between).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
PY = sys.executable


def _env_ints(name: str, default: str) -> list[int]:
    return [int(x) for x in os.environ.get(name, default).replace("_", "").split(",") if x]


SIZES = _env_ints("BENCH_SIZES", "10000,100000")
REPEAT = max(30, int(os.environ.get("BENCH_REPEAT", "30")))
INGEST_COMMENTS = int(os.environ.get("BENCH_INGEST_COMMENTS", "5000"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
FLAG_COMMENTS = int(os.environ.get("BENCH_FLAG_COMMENTS", "2000"))
PACKAGE_SIZES = _env_ints("BENCH_PACKAGE_SIZES", "1000,10000")
TASK_ALONE_BATCHES = int(os.environ.get("BENCH_TASK_ALONE_BATCHES", "4"))
FRESH = os.environ.get("BENCH_FRESH") == "1"
INGEST_BATCH = 500
# A request slower than this is timed once more only; a query longer than the budget is
# cancelled (PostgreSQL statement_timeout) and reported as timed out.
SLOW_REQUEST_S = float(os.environ.get("BENCH_SLOW_REQUEST_S", "10"))
STATEMENT_BUDGET_S = int(os.environ.get("BENCH_STATEMENT_BUDGET_S", "120"))


# =============================================================================================
# The parent: databases, children, the report. No Django here.
# =============================================================================================
def _url_for(db: str) -> str:
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path="/" + db))


def _base_name() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("bench: set DATABASE_URL to PostgreSQL (its database name is the prefix used).")
    if not os.environ.get("REDIS_URL"):
        sys.exit("bench: set REDIS_URL (classification runs on a real Celery worker).")
    name = urlsplit(url).path.lstrip("/")
    if "bench" not in name:
        sys.exit(f"bench: the database name must contain 'bench' (got {name!r}).")
    return name


def _psql(sql: str, db: str = "postgres") -> str:
    """Run SQL through psycopg on the maintenance database (CREATE/DROP DATABASE)."""
    import psycopg

    with psycopg.connect(_url_for(db), autocommit=True) as conn:
        cur = conn.execute(sql)
        return str(cur.fetchone()[0]) if cur.description else ""


def _db_exists(name: str) -> bool:
    return _psql(f"SELECT count(*) FROM pg_database WHERE datname = '{name}'") == "1"


def _env(db: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": _url_for(db), "DJANGO_SETTINGS_MODULE": "bench.settings"}


def _manage(db: str, *args: str) -> str:
    out = subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=_env(db), check=True, capture_output=True, text=True
    )
    return out.stdout


def _child(db: str, part: str, *args: str) -> dict:
    proc = subprocess.run(
        [PY, "-m", "bench.run", "--child", part, *args],
        cwd=ROOT,
        env=_env(db),
        capture_output=True,
        text=True,
    )
    sys.stderr.write(proc.stderr[-4000:] if proc.returncode else "")
    if proc.returncode:
        raise SystemExit(f"bench: child {part} {args} failed ({proc.returncode})")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _database(base: str, suffix: str, *, fresh: bool) -> str:
    """A migrated database `<base>_<suffix>`, cloned from the migrated template."""
    template, name = f"{base}_tpl", f"{base}_{suffix}"
    if not _db_exists(template):
        print(f"  creating template {template} (migrate)...", flush=True)
        _psql(f'CREATE DATABASE "{template}"')
        _manage(template, "migrate", "--no-input", "-v0")
    if fresh and _db_exists(name):
        _psql(f'DROP DATABASE "{name}"')
    if not _db_exists(name):
        _manage(template, "migrate", "--no-input", "-v0")  # newer migrations since last run
        _psql(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    _manage(name, "migrate", "--no-input", "-v0")
    return name


def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        ram = f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    import redis

    redis_version = redis.Redis.from_url(os.environ["REDIS_URL"]).info().get("redis_version")
    return {
        "cpus": os.cpu_count(),
        "cpu_model": cpu or platform.processor(),
        "ram": ram,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "postgresql": _psql("SHOW server_version"),
        "redis": redis_version,
        "python": platform.python_version(),
        "commit": commit,
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def main() -> None:
    base = _base_name()
    RESULTS.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    report: dict = {"machine": machine(), "settings": {}, "sizes": {}}
    report["settings"] = {
        "sizes": SIZES,
        "repeat": REPEAT,
        "ingest_comments": INGEST_COMMENTS,
        "workers": WORKERS,
        "flag_comments": FLAG_COMMENTS,
        "package_sizes": PACKAGE_SIZES,
    }
    print(f"bench: machine {report['machine']}", flush=True)
    for size in SIZES:
        db = _database(base, f"n{size}", fresh=FRESH)
        print(f"bench: {db}: loading {size} comments (bench_seed)...", flush=True)
        t0 = time.perf_counter()
        seed_out = _manage(db, "bench_seed", "--comments", str(size))
        seed_seconds = time.perf_counter() - t0
        print(seed_out.strip().splitlines()[-1], flush=True)
        # What autovacuum does to a table some time after it is written, done now: a freshly
        # loaded database has no visibility map yet, so its index-only scans would read the
        # heap on every row (a state a production table is in only briefly).
        t0 = time.perf_counter()
        _psql("VACUUM (ANALYZE)", db)
        vacuum_seconds = time.perf_counter() - t0
        # The loaded rows extend the audit log's hash chain; check it as an auditor would.
        audit = _manage(db, "verify_audit_log").strip().splitlines()[0]
        print(f"bench: {db}: {audit}", flush=True)
        print(f"bench: {db}: queue, admin, records search...", flush=True)
        result = _child(db, "web", str(size))
        result["seed_output"] = seed_out.strip().splitlines()[-1]
        result["seed_seconds"] = round(seed_seconds, 1)
        result["vacuum_seconds"] = round(vacuum_seconds, 1)
        result["audit_chain"] = audit
        report["sizes"][str(size)] = result
    db = _database(base, "ingest", fresh=True)
    print(f"bench: {db}: ingestion ({INGEST_COMMENTS} comments, {WORKERS} workers)...", flush=True)
    report["ingest"] = _child(db, "ingest", str(INGEST_COMMENTS), str(WORKERS))
    print("bench: flagging on one core...", flush=True)
    report["flagging"] = _child(db, "flagging", str(FLAG_COMMENTS))
    print("bench: classification task vs detectors, one core, nothing else running...", flush=True)
    report["task_alone"] = _child(db, "task-alone", str(TASK_ALONE_BATCHES))
    db = _database(base, "packages", fresh=FRESH)
    report["packages"] = []
    for size in PACKAGE_SIZES:
        print(f"bench: {db}: package of {size} comments...", flush=True)
        report["packages"].append(_child(db, "package", str(size)))
    report["seconds"] = round(time.perf_counter() - started, 1)
    report["machine"]["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    markdown = render_markdown(report)
    for name in (f"bench-{stamp}", "latest"):
        (RESULTS / f"{name}.json").write_text(json.dumps(report, indent=2, default=str))
        (RESULTS / f"{name}.md").write_text(markdown)
    print(markdown)
    print(f"bench: written to {RESULTS}/latest.md and latest.json ({report['seconds']} s)")


# --- the report -------------------------------------------------------------------------------
TARGETS = {
    "queue_first": "p95 < 150 ms, within 2× of 10k",
    "queue_deep": "p95 < 150 ms, within 2× of 10k",
    "queue_filtered": "p95 < 150 ms, within 2× of 10k",
    "admin_changelist": "(anchor: stock Django admin)",
    "records_search": "p95 < 300 ms",
}
LABELS = {
    "queue_first": "queue, default first page",
    "queue_deep": "queue, deep page (keyset cursor)",
    "queue_filtered": "queue, site + category filter",
    "admin_changelist": "Django admin changelist, Comment",
    "records_search": "records search, keyword + 30 days",
}


def _verdict(key: str, sizes: dict) -> str:
    if key not in ("queue_first", "queue_deep", "queue_filtered", "records_search"):
        return ""
    limit = 300 if key == "records_search" else 150
    p95s = {int(n): r[key].get("p95_ms", float("inf")) for n, r in sizes.items() if key in r}
    if not p95s:
        return ""
    ok = all(v < limit for v in p95s.values())
    if key != "records_search" and 10000 in p95s:
        ok = ok and all(v <= 2 * p95s[10000] for v in p95s.values())
    return "met" if ok else "**missed**"


def _task_share(ing: dict, fl: dict) -> str:
    if not ing.get("task_per_s"):
        return "not logged"
    share = ing["task_per_s"] / fl["per_s"] * 100
    return f"{share:.0f} % ({ing['task_per_s']:,.0f} comments/s in the task)"


def _task_verdict(ing: dict, fl: dict) -> str:
    if not ing.get("task_per_s"):
        return ""
    return "met" if ing["task_per_s"] >= 0.8 * fl["per_s"] else "**missed**"


def _task_alone_rows(alone: dict | None) -> list[str]:
    """The uncontended measure: the task and the bare detectors on the same comments, one
    after the other in one process pinned to one core, with no worker or API running."""
    if not alone:
        return []
    return [
        f"| … the same, uncontended (one core, nothing else of the bench running; task ÷ "
        f"detectors on the same {alone['comments']:,} comments) | "
        f"{alone['share_wall']:.0f} % by wall clock ({alone['task_per_s']:,.0f} vs "
        f"{alone['detectors_per_s']:,.0f} comments/s), {alone['share_cpu']:.0f} % by CPU | "
        f"≥ 80 % | {'met' if alone['share_wall'] >= 80 else '**missed**'} |",
    ]


def render_markdown(report: dict) -> str:
    m = report["machine"]
    sizes = report["sizes"]
    cols = sorted(sizes, key=int)
    lines = [
        "# Stanton benchmarks",
        "",
        f"{m['date']}, commit {m['commit']}. Machine: {m['cpus']} CPUs ({m['cpu_model']}), "
        f"{m['ram']} RAM, PostgreSQL {m['postgresql']}, Redis {m['redis']}, Python "
        f"{m['python']}; load average (1, 5, 15 min) {m['load_average']} at the start and "
        f"{m.get('load_average_end', '?')} at the end (other work on the machine slows every "
        "figure; SQL time, from one request's own queries, is the least affected). "
        f"{report['settings']['repeat']} timed requests per measure (after 3 warm-ups), "
        "through Django's test client in-process. Total run: "
        f"{report.get('seconds', '?')} s.",
        "",
        "| measure | " + " | ".join(f"{int(n):,}" for n in cols) + " | target | verdict |",
        "|---|" + "---|" * len(cols) + "---|---|",
    ]
    for key, label in LABELS.items():
        cells = []
        for n in cols:
            r = sizes[n].get(key)
            if not r:
                cells.append("—")
            elif "timed_out" in r:
                cells.append(f"**over {STATEMENT_BUDGET_S} s** (a query was cancelled)")
            elif r.get("requests", REPEAT) == 1:
                cells.append(
                    f"**{r['p50_ms'] / 1000:.1f} s** (1 request timed: too slow to repeat); "
                    f"{r['queries']} queries, SQL {r['sql_ms'] / 1000:.1f} s"
                )
            else:
                cells.append(
                    f"p50 {r['p50_ms']:.0f} / p95 {r['p95_ms']:.0f} ms; {r['queries']} queries, "
                    f"SQL {r['sql_ms']:.0f} ms"
                )
        lines.append(
            f"| {label} | " + " | ".join(cells) + f" | {TARGETS[key]} | {_verdict(key, sizes)} |"
        )
    lines.append(
        "| records search, hits (comments) | "
        + " | ".join(str(sizes[n]["records_search"].get("hits") or "—") for n in cols)
        + " | many | |"
    )
    lines.append(
        "| queue depth (comments waiting) | "
        + " | ".join(f"{sizes[n]['queue_depth']:,}" for n in cols)
        + " | | |"
    )
    lines.append(
        "| `verify_audit_log` after loading | "
        + " | ".join(sizes[n].get("audit_chain", "?") for n in cols)
        + " | intact | |"
    )
    lines.append(
        "| bench_seed load time | "
        + " | ".join(
            "loaded by an earlier run"
            if "already" in sizes[n].get("seed_output", "")
            else f"{sizes[n]['seed_seconds']} s"
            for n in cols
        )
        + " | 1M in a few minutes | |"
    )
    ing = report["ingest"]
    fl = report["flagging"]
    lines += [
        "",
        "| ingestion and flagging | measured | target | verdict |",
        "|---|---|---|---|",
        f"| ingestion end to end (API batches of {INGEST_BATCH} + classification, "
        f"{ing['workers']} worker processes), {ing['comments']:,} comments | "
        f"**{ing['e2e_per_s']:,.0f} comments/s** ({ing['e2e_seconds']:.1f} s) | ≥ 2,500/s | "
        f"{'met' if ing['e2e_per_s'] >= 2500 else '**missed**'} |",
        f"| … of which the API alone | {ing['api_per_s']:,.0f} comments/s "
        f"({ing['api_seconds']:.1f} s, {ing['api_queries_per_batch']} queries per batch) | | |",
        f"| COPY of the same rows (comments + revisions) | {ing['copy_per_s']:,.0f} comments/s | "
        "| |",
        f"| COPY ÷ end to end | {ing['copy_ratio']:,.1f}× | | |",
        f"| flagging, detectors alone on one core | **{fl['per_s']:,.0f} comments/s** | | |",
        f"| … classification task vs detectors (the task's comments/s, from the worker's "
        f"log, ÷ the detectors' rate) | {_task_share(ing, fl)} | ≥ 80 % | "
        f"{_task_verdict(ing, fl)} |",
        *_task_alone_rows(report.get("task_alone")),
        f"| flagging with a 1,000-word list ÷ with a 50,000-word list | "
        f"{fl['ratio_1k_50k']:.2f}× ({fl['per_s_1k']:,.0f} vs {fl['per_s_50k']:,.0f} /s) "
        "| ≈ 1.0× | |",
    ]
    lines += [
        "",
        "| disclosure package | build time | peak RSS (build) | package size | target |",
        "|---|---|---|---|---|",
    ]
    for p in report["packages"]:
        lines.append(
            f"| {p['comments']:,} comments | {p['build_seconds']:.1f} s | "
            f"{p['build_peak_rss_mb']} MB (process {p['peak_rss_mb']} MB) | "
            f"{p['size_bytes'] / 1e6:.1f} MB | < 300 MB, flat |"
        )
    for key, title in (
        ("queue_filtered", "filtered queue"),
        ("records_search", "records search"),
    ):
        # The largest size whose request finished (a cancelled one has no plan to show).
        explained = [n for n in cols if sizes[n][key].get("explain_sql")]
        if explained:
            largest = explained[-1]
            r = sizes[largest][key]
            lines += [
                "",
                f"## EXPLAIN ANALYZE: {title} at {int(largest):,} (the request's slowest query, "
                f"{r['explain_query_ms']:.1f} ms)",
                "",
                "```sql",
                r["explain_sql"],
                "```",
                "",
                "```",
                r["explain"],
                "```",
            ]
    lines += [
        "",
        "Query counts are per request. The admin changelist is Django's stock ModelAdmin "
        "(list_display site, account, posted_at, states; list_filter site, platform_state, "
        "queue_state), registered for the benchmark only.",
    ]
    return "\n".join(lines) + "\n"


# =============================================================================================
# Children: one measurement each, in a process with DATABASE_URL set, printing JSON.
# =============================================================================================
def _setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()


def _settle_as_web_process() -> None:
    """What stanton/wsgi.py does in each web process before its first request, for the
    children that time requests in-process (the package children are workers' work: their
    RSS is measured without a web process's URLconf and views)."""
    from stanton.startup import settle_process

    _register_admin()  # before the URLconf is loaded: the admin's URLs list its models then
    settle_process()


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def _signed_in(user):
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user)
    # Bench set-up only: a confirmed device, as after enrolment, so the session counts as
    # verified (the tests' sign_in does the same).
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="bench", defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def _measure(client, url: str, params: dict | None = None, *, page_query: bool = False) -> dict:
    """Median and p95 of REPEAT requests (after 3 warm-ups), with the queries of one."""
    from django.db import connection
    from django.db.utils import OperationalError
    from django.test.utils import CaptureQueriesContext

    try:
        start = time.perf_counter()
        response = client.get(url, params or {})
        first = time.perf_counter() - start
    except OperationalError as exc:  # the statement timeout: one query ran past the budget
        return {"url": url, "params": params or {}, "timed_out": f"{exc}".strip()[:200]}
    assert response.status_code == 200, (url, response.status_code, response.content[:300])
    # A request far over every target is timed once more, not REPEAT times (a 1M records
    # search would otherwise take an hour): the report says how many requests it timed.
    repeat = REPEAT if first < SLOW_REQUEST_S else 1
    for _ in range(2 if repeat > 1 else 0):
        client.get(url, params or {})
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        client.get(url, params or {})
        times.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    queries = captured.captured_queries
    # The query to EXPLAIN: the slowest one, or the slowest that reads a page (ORDER BY ...
    # LIMIT), which for the queue is the page's key query rather than the tabs' counts.
    pool = [
        q
        for q in queries
        if page_query
        and 'FROM "moderation_comment"' in q["sql"]
        and re.search(r"ORDER BY .* LIMIT", q["sql"])
    ]
    slowest = max(pool or queries, key=lambda q: float(q["time"])) if queries else None
    return {
        "url": url,
        "params": params or {},
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(_pct(times, 0.95), 1),
        "max_ms": round(max(times), 1),
        "requests": repeat,
        "queries": len(queries),
        "slowest_sql": slowest["sql"] if slowest else "",
        "slowest_ms": round(float(slowest["time"]) * 1000, 1) if slowest else 0.0,
        "sql_ms": round(sum(float(q["time"]) for q in queries) * 1000, 1),
        "response": response,
    }


def _explain(result: dict) -> None:
    """EXPLAIN ANALYZE of the request's slowest query (as Django logged it, values inlined)."""
    from django.db import connection

    if "timed_out" in result:
        result.update(explain_sql="", explain=result["timed_out"], explain_query_ms=0.0)
        return
    sql = result.pop("slowest_sql")
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        plan = [row[0] for row in cursor.fetchall()]
    result["explain_sql"] = sql
    result["explain"] = "\n".join(plan)
    match = re.search(r"Execution Time: ([\d.]+) ms", result["explain"])
    result["explain_query_ms"] = float(match.group(1)) if match else 0.0


def _register_admin() -> None:
    """Django's stock admin for Comment, as a City without this portal would use it."""
    from django.contrib import admin

    from moderation.models import Comment

    class CommentAdmin(admin.ModelAdmin):
        list_display = ("id", "site", "account", "posted_at", "platform_state", "queue_state")
        list_filter = ("site", "platform_state", "queue_state")

    if not admin.site.is_registered(Comment):
        admin.site.register(Comment, CommentAdmin)


def child_web(size: int) -> dict:
    _settle_as_web_process()
    from django.test.utils import setup_test_environment
    from django.utils import timezone

    setup_test_environment()  # responses carry their template context (the next cursor)
    from django.db import connection

    from accounts.models import User
    from moderation.models import Comment, PolicyCategory, Site
    from records import services as records_services
    from records.models import RecordsRequest

    with connection.cursor() as cursor:
        cursor.execute(f"SET statement_timeout = '{STATEMENT_BUDGET_S}s'")
    supervisor = User.objects.get(email="bench-supervisor@stanton.example")
    admin_user = User.objects.get(email="bench-admin@stanton.example")
    clerk = User.objects.get(email="bench-clerk@stanton.example")
    out: dict = {"comments": Comment.objects.count()}
    out["queue_depth"] = Comment.objects.exclude(queue_state="none").count()

    client = _signed_in(supervisor)
    first = _measure(client, "/queue/")
    # Deep: follow the keyset cursor 80 % of the way down (at most 40 pages of 100).
    params: dict = {"size": 100}
    pages = min(40, int(out["queue_depth"] * 0.8) // 100)
    for _ in range(pages):
        page = client.get("/queue/", params).context["page"]
        if not page.next_cursor:
            break
        params = {**params, "after": page.next_cursor}
    deep = _measure(client, "/queue/", params)
    deep["pages_in"] = pages
    site = Site.objects.get(slug="bench-facebook")
    profanity = PolicyCategory.objects.get(code="profanity")
    filtered = _measure(
        client, "/queue/", {"site": site.pk, "category": profanity.code}, page_query=True
    )
    _explain(filtered)
    admin_client = _signed_in(admin_user)
    changelist = _measure(admin_client, "/django-admin/moderation/comment/")

    request = RecordsRequest.objects.filter(description="Bench records search").first()
    if request is None:
        from django.db import transaction

        with transaction.atomic():
            request = records_services.request_create(
                actor=clerk,
                received_on=timezone.localdate(),
                description="Bench records search",
                channel="email",
                assignee=clerk,
            )
    today = timezone.localdate()
    search_params = {
        "keyword": "parking",
        "date_from": (today - dt.timedelta(days=30)).isoformat(),
        "date_to": today.isoformat(),
        "kinds": ["comments", "posts", "decisions", "bans"],
    }
    clerk_client = _signed_in(clerk)
    search = _measure(clerk_client, f"/records/requests/{request.pk}/search/", search_params)
    counts = (search["response"].context or {}).get("counts") or {} if "response" in search else {}
    search["hits"] = counts.get("comments")
    search["counts"] = counts
    _explain(search)
    for r in (first, deep, filtered, changelist, search):
        r.pop("response", None)
        r.pop("slowest_sql", None)
    return {
        **out,
        "queue_first": first,
        "queue_deep": deep,
        "queue_filtered": filtered,
        "admin_changelist": changelist,
        "records_search": search,
    }


def _post_batch(client, raw: str, body: str):
    """POST one body to the comments API with the bench's token; the response, checked."""
    response = client.generic(
        "POST",
        "/api/v1/comments/",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 200, response.content[:500]
    return response


def _ingest_client(queue: str, token_name: str, prefix: str):
    """(client, raw token, site, run) for posting bench batches to the API in this process:
    a token of its own for the first bench site, accounts of this run's own (`prefix` and the
    time), and the tasks the API enqueues sent to `queue` (the caller empties it)."""
    from celery import current_app
    from django.db import transaction
    from django.test import Client

    from accounts.models import User
    from bench.seed import cast_ensure
    from moderation.ingest.tokens import api_token_create

    current_app.conf.task_default_queue = queue
    site = cast_ensure().sites[0]
    admin = User.objects.get(email="bench-admin@stanton.example")
    with transaction.atomic():
        _, raw = api_token_create(name=token_name, sites=[site], actor=admin)
    return Client(), raw, site, f"{prefix}{int(time.time())}-"


def _ingest_fresh(client, raw: str, site, number: int, run: str) -> tuple[list[int], list[str]]:
    """Post the `number`th batch of INGEST_BATCH bench comments as `run`'s own accounts; the
    ids of the comments stored and their bodies, in id order."""
    from moderation.models import Comment

    items = _ingest_items(INGEST_BATCH, number * INGEST_BATCH, run)
    _post_batch(client, raw, json.dumps({"site": site.slug, "comments": items}))
    ids = list(
        Comment.objects.filter(
            site=site, external_id__in=[item["external_id"] for item in items]
        ).values_list("pk", flat=True)
    )
    texts = list(Comment.objects.filter(pk__in=ids).order_by("pk").values_list("body", flat=True))
    return ids, texts


def _ingest_items(count: int, offset: int = 0, run: str = "") -> list[dict]:
    """API items as a platform connector sends them (bench bodies, 1 in 8 flaggable)."""
    import random

    from bench.seed import CLOSERS, FLAGGED_TAILS, OPENERS, TOPICS

    rng = random.Random(500 + offset)
    tails = list(FLAGGED_TAILS.values())
    items = []
    for i in range(offset, offset + count):
        body = f"{rng.choice(OPENERS)} {rng.choice(TOPICS)}?{rng.choice(CLOSERS)}"
        if i % 8 == 0:
            body += rng.choice(tails)
        items.append(
            {
                "external_id": f"bench-ingest-{run}{i}",
                "post": {
                    "external_id": f"bench-ingest-post-{i // 100}",
                    "body": "City update: bench post.",
                    "posted_at": "2026-03-01T16:00:00Z",
                },
                # Accounts of this run's own: in a database kept between runs, the same
                # accounts would post the same texts again each run, a flood of repeats that
                # the repetition rule rightly flags and a real day does not have.
                "author": {
                    "external_id": f"bench-ingest-user-{run}{i % 700}",
                    "handle": f"ingest{run}{i % 700}",
                    "display_name": f"Resident {i % 700}",
                },
                "body": body,
                "posted_at": "2026-03-01T17:12:05-08:00",
                "platform_state": "visible",
            }
        )
    return items


def child_ingest(count: int, workers: int) -> dict:
    _settle_as_web_process()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from bench.seed import cast_ensure
    from moderation.ingest.tokens import api_token_create
    from outbox.models import OutboxMessage

    cast = cast_ensure()
    site = cast.sites[0]
    admin = User.objects.get(email="bench-admin@stanton.example")
    from django.db import transaction

    with transaction.atomic():
        _, raw = api_token_create(name="Bench ingest", sites=[site], actor=admin)
    log_path = ROOT / "var" / "bench-worker.log"
    log_path.parent.mkdir(exist_ok=True)
    celery = shutil.which("celery", path=str(Path(PY).parent)) or "celery"
    log = open(log_path, "w")  # noqa: SIM115 - closed below, after the worker stops
    worker = subprocess.Popen(
        [
            celery,
            "-A",
            "stanton",
            "worker",
            f"--concurrency={workers}",
            "--loglevel=INFO",
            "-Q",
            "stanton-bench",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=os.environ.copy(),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 90
        while "ready." not in log_path.read_text():
            if worker.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"celery worker did not start:\n{log_path.read_text()}")
            time.sleep(0.2)
        client = Client()
        # Warm-up, not timed: the first request and the first task load what they cache.
        run = f"{int(time.time())}-"  # new comments on every run, even in a re-used database
        warm = json.dumps({"site": site.slug, "comments": _ingest_items(5, 10**7, run)})
        _post_batch(client, raw, warm)
        deadline = time.monotonic() + 300
        while OutboxMessage.objects.filter(done_at__isnull=True).exists():
            if time.monotonic() > deadline:
                raise RuntimeError("the warm-up task did not finish in 5 minutes")
            time.sleep(0.1)
        bodies = [
            json.dumps({"site": site.slug, "comments": _ingest_items(INGEST_BATCH, offset, run)})
            for offset in range(0, count, INGEST_BATCH)
        ]
        before = set(OutboxMessage.objects.values_list("pk", flat=True))
        api_seconds, queries, batch_seconds = 0.0, [], []
        start = time.perf_counter()
        for body in bodies:
            t0 = time.perf_counter()
            with CaptureQueriesContext(connection) as captured:
                response = _post_batch(client, raw, body)
            batch_seconds.append(time.perf_counter() - t0)
            api_seconds += batch_seconds[-1]
            queries.append(len(captured.captured_queries))
            created = response.json()["counts"]["created"]
            assert created == INGEST_BATCH, f"{created} of {INGEST_BATCH} created"
        # Done when every task the batches enqueued has run (the outbox marks it).
        deadline = time.monotonic() + 1800
        while True:
            pending = (
                OutboxMessage.objects.exclude(pk__in=before).filter(done_at__isnull=True).count()
            )
            if not pending or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        e2e = time.perf_counter() - start
        tasks = list(
            OutboxMessage.objects.exclude(pk__in=before).values_list("task_name", flat=True)
        )
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
        log.close()
    if pending:
        raise RuntimeError(f"{pending} task(s) still not done after 30 minutes")
    # The classification task's own time per batch, as the worker logged it (the warm-up's
    # batch of 5 left out): what the task costs beside the bare detectors.
    task_runs = [
        (float(seconds), int(classified))
        for seconds, classified in re.findall(
            r"classify_comments\[[^\]]+\] succeeded in ([\d.]+)s: \{'classified': (\d+)",
            log_path.read_text(),
        )
        if int(classified) == INGEST_BATCH
    ]
    if not tasks:
        raise RuntimeError("the batches enqueued no task: nothing was classified")
    from moderation.models import Comment, Flag

    ingested = Comment.objects.filter(site=site, external_id__startswith=f"bench-ingest-{run}")
    flags = Flag.objects.filter(comment__in=ingested).count()
    copy_seconds = _copy_same_rows(count)
    return {
        "comments": count,
        "workers": workers,
        "batches": len(bodies),
        "tasks": {name: tasks.count(name) for name in sorted(set(tasks))},
        "flags_raised": flags,
        "api_seconds": round(api_seconds, 2),
        "api_per_s": round(count / api_seconds, 1),
        "api_queries_per_batch": max(queries),
        "api_batch_seconds": [round(x, 2) for x in batch_seconds],
        "task_seconds": [round(x, 2) for x, _ in task_runs],
        "task_per_s": round(sum(n for _, n in task_runs) / sum(x for x, _ in task_runs), 1)
        if task_runs
        else None,
        "e2e_seconds": round(e2e, 2),
        "e2e_per_s": round(count / e2e, 1),
        "copy_seconds": round(copy_seconds, 3),
        "copy_per_s": round(count / copy_seconds, 1),
        "copy_ratio": round((count / copy_seconds) / (count / e2e), 1),
    }


def _copy_same_rows(count: int) -> float:
    """COPY the same comments (and their first revisions) into a site of their own: what the
    rows alone cost PostgreSQL, without the API, the checks, history, audit or classification."""
    import hashlib

    from django.db import transaction
    from django.utils import timezone

    from bench.seed import Loader, cast_ensure

    cast = cast_ensure()
    site = cast.sites[1]
    loader = Loader()
    m = loader.m
    now = timezone.now()
    account = loader.new_id(m.PublicAccount)
    loader.add(
        m.PublicAccount,
        {"id": account, "platform": "facebook", "external_id": f"bench-copy-{account}"},
    )
    loader.flush()
    items = _ingest_items(count)
    start = time.perf_counter()
    with transaction.atomic():
        for item in items:
            pk = loader.new_id(m.Comment)
            digest = hashlib.sha256(item["body"].encode()).hexdigest()
            loader.add(
                m.Comment,
                {
                    "id": pk,
                    "site_id": site.pk,
                    "account_id": account,
                    "external_id": f"copy-{pk}",
                    "body": item["body"],
                    "content_hash": digest,
                    "posted_at": now,
                    "raw_payload": item,
                    "captured_at": now,
                    "updated_at": now,
                },
            )
            loader.add(
                m.CommentRevision,
                {
                    "id": loader.new_id(m.CommentRevision),
                    "comment_id": pk,
                    "number": 1,
                    "body": item["body"],
                    "content_hash": digest,
                    "captured_at": now,
                    "raw_payload": item,
                },
            )
        loader.flush()
        loader.finish()
    return time.perf_counter() - start


def _word(i: int) -> str:
    syllables = ("ka", "lo", "mi", "tre", "vu", "zan", "pel", "dor", "qui", "sha", "ro", "ben")
    out, n = [], i + 1
    while n:
        n, k = divmod(n, len(syllables))
        out.append(syllables[k])
    return "".join(out) + "x"


def child_flagging(count: int) -> dict:
    import random

    from bench.seed import CLOSERS, FLAGGED_TAILS, OPENERS, TOPICS
    from moderation.flagging.engine import classify_text
    from moderation.flagging.rules import CompiledRule, RuleSet, ruleset_load

    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    rng = random.Random(7)
    tails = list(FLAGGED_TAILS.values())
    texts = [
        f"{rng.choice(OPENERS)} {rng.choice(TOPICS)}?{rng.choice(CLOSERS)}"
        + (rng.choice(tails) if i % 8 == 0 else "")
        for i in range(count)
    ]
    base = ruleset_load()

    def rate(rules: RuleSet) -> float:
        for text in texts[:50]:  # warm-up: lazy models and caches
            classify_text(text, rules=rules)
        start = time.perf_counter()
        for text in texts:
            classify_text(text, rules=rules)
        return count / (time.perf_counter() - start)

    def with_list(size: int) -> RuleSet:
        extra = CompiledRule(
            id=None,
            category="profanity",
            sub_reason="",
            name=f"Bench list of {size} words",
            kind="keywords",
            parameters={"terms": [_word(i) for i in range(size)]},
        )
        return RuleSet.build([*base.rules, extra])

    # Interleaved rounds, best of three each: the machine is shared, and the fastest round is
    # the one least disturbed by other processes.
    small, large = with_list(1_000), with_list(50_000)
    rounds: dict[str, list[float]] = {"base": [], "1k": [], "50k": []}
    for _ in range(3):
        rounds["base"].append(rate(base))
        rounds["1k"].append(rate(small))
        rounds["50k"].append(rate(large))
    per_s, per_1k, per_50k = (max(rounds[k]) for k in ("base", "1k", "50k"))
    return {
        "comments": count,
        "per_s": round(per_s, 1),
        "per_s_1k": round(per_1k, 1),
        "per_s_50k": round(per_50k, 1),
        "ratio_1k_50k": round(per_1k / per_50k, 2),
        "rounds": {k: [round(x, 1) for x in v] for k, v in rounds.items()},
    }


def child_task_alone(batches: int) -> dict:
    """The classification task against the bare detectors on the same comments, uncontended:
    both in this one process, pinned to one core, with no worker, API or other child running
    (the ingestion figure's task rate is taken while the API, two workers and PostgreSQL share
    two cores). Each batch of 500 is ingested through the API first (not timed; its messages
    go to a queue of this child's own, emptied at the end), then classified by
    `comments_classify`, as the worker's task does, and its texts by `classify_text` alone, as
    `child_flagging` does; best of the rounds, by wall clock and by CPU time."""
    _settle_as_web_process()  # what the worker process does before its first task, too
    from celery import current_app

    from moderation.flagging.batch import comments_classify
    from moderation.flagging.engine import classify_text
    from moderation.flagging.rules import ruleset_load

    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    queue = "stanton-bench-task-alone"
    client, raw, site, run = _ingest_client(queue, "Bench task alone", "alone")
    task: list[tuple[float, float]] = []
    bare: list[tuple[float, float]] = []
    try:
        for number in range(batches + 1):  # the first is a warm-up (caches, lazy models)
            ids, texts = _ingest_fresh(client, raw, site, number, run)
            w0, c0 = time.perf_counter(), time.process_time()
            outcome = comments_classify(comment_ids=ids)
            timed_task = (time.perf_counter() - w0, time.process_time() - c0)
            assert outcome["classified"] == INGEST_BATCH, outcome
            rules = ruleset_load()
            w0, c0 = time.perf_counter(), time.process_time()
            for text in texts:
                classify_text(text, rules=rules)
            timed_bare = (time.perf_counter() - w0, time.process_time() - c0)
            if number:
                task.append(timed_task)
                bare.append(timed_bare)
    finally:
        current_app.connection_for_write().default_channel.client.delete(queue)
    comments = batches * INGEST_BATCH
    task_wall, task_cpu = (min(x[i] for x in task) * batches for i in (0, 1))
    bare_wall, bare_cpu = (min(x[i] for x in bare) * batches for i in (0, 1))
    return {
        "comments": comments,
        "task_per_s": round(comments / task_wall, 1),
        "detectors_per_s": round(comments / bare_wall, 1),
        "share_wall": round(bare_wall / task_wall * 100, 1),
        "task_cpu_ms_per_batch": round(task_cpu / batches * 1000, 1),
        "detectors_cpu_ms_per_batch": round(bare_cpu / batches * 1000, 1),
        "share_cpu": round(bare_cpu / task_cpu * 100, 1),
        "rounds_ms": {
            "task_wall": [round(x * 1000, 1) for x, _ in task],
            "task_cpu": [round(x * 1000, 1) for _, x in task],
            "detectors_wall": [round(x * 1000, 1) for x, _ in bare],
            "detectors_cpu": [round(x * 1000, 1) for _, x in bare],
        },
    }


def child_package(size: int) -> dict:
    """Make (once) a site with exactly `size` comments and a request for them, then build its
    package in a fresh process (`package-build`) and report that process's time and memory."""
    from tests.bench.bench_package_memory import _ensure_data

    number = _ensure_data(size)
    proc = subprocess.run(
        [PY, "-m", "bench.run", "--child", "package-build", number],
        cwd=ROOT,
        env=os.environ.copy(),
        check=True,
        capture_output=True,
        text=True,
    )
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["comments"] = size
    return result


def child_package_build(number: str) -> dict:
    import resource

    from records.models import RecordsRequest
    from records.packages.builder import package_build
    from records.services.packages import package_request

    request = RecordsRequest.objects.select_related("assignee").get(number=number)
    package = package_request(actor=request.assignee, request=request, enqueue=False)
    status = Path("/proc/self/status")
    try:
        Path("/proc/self/clear_refs").write_text("5")  # reset VmHWM: the build's own peak
        reset = True
    except OSError:
        reset = False
    start = time.perf_counter()
    package = package_build(package_id=package.pk)
    seconds = time.perf_counter() - start
    hwm = None
    if reset:
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                hwm = round(int(line.split()[1]) / 1024, 1)
    return {
        "records": package.counts["total"],
        "size_bytes": package.size,
        "build_seconds": round(seconds, 2),
        "build_peak_rss_mb": hwm,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


CHILDREN = {
    "web": lambda a: child_web(int(a[0])),
    "ingest": lambda a: child_ingest(int(a[0]), int(a[1])),
    "flagging": lambda a: child_flagging(int(a[0])),
    "task-alone": lambda a: child_task_alone(int(a[0])),
    "package": lambda a: child_package(int(a[0])),
    "package-build": lambda a: child_package_build(a[0]),
}

if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "--child":
        _setup()
        print(json.dumps(CHILDREN[sys.argv[2]](sys.argv[3:]), default=str))
    else:
        main()
