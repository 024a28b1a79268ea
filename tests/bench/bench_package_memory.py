"""Peak memory of building a disclosure package: 1,000 vs 100,000 comments.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/stanton_bench \\
        python tests/bench/bench_package_memory.py

Use a database of its own: retained rows can never be deleted, so the benchmark's comments stay.
The script migrates it, creates the comments once (re-runs reuse them), then builds each
package in a SEPARATE child process and reports that child's peak RSS
(`resource.getrusage(RUSAGE_SELF).ru_maxrss`, KiB on Linux). Target: both under 300 MB and
within 50 MB of each other. Also collected by `make bench` (pytest) as `test_package_memory`.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SIZES = (1_000, 100_000)
LIMIT_MB = 300
SPREAD_MB = 50


def _setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()


def _ensure_data(n: int) -> str:
    """A site with exactly n comments (each with one revision), and a request for them."""
    from django.utils import timezone

    from accounts.roles import RECORDS_CLERK
    from moderation.models import Comment, CommentRevision, PublicAccount, Site
    from records import services
    from records.models import RecordsRequest
    from records.selectors.search import SearchCriteria
    from tests.factories import UserFactory

    clerk = UserFactory._meta.model.objects.filter(
        email="bench-clerk@stanton.example"
    ).first() or UserFactory(
        email="bench-clerk@stanton.example", full_name="Bench Clerk", roles=[RECORDS_CLERK]
    )
    slug = f"bench-{n}"
    site = Site.objects.filter(slug=slug).first() or Site.objects.create(
        platform="facebook", name=f"Bench {n}", slug=slug
    )
    account, _ = PublicAccount.objects.get_or_create(
        platform="facebook", external_id="bench", defaults={"handle": "bench"}
    )
    have = Comment.objects.filter(site=site).count()
    batch = 5_000
    now = timezone.now()
    while have < n:
        size = min(batch, n - have)
        # bulk_create is allowed HERE ONLY (benchmark set-up, not a state change of the
        # system under test): services would take hours for 100,000 comments.
        comments = Comment.objects.bulk_create(
            [
                Comment(
                    site=site,
                    account=account,
                    external_id=f"bench-{n}-{have + i}",
                    body=f"Benchmark comment {have + i} about the pool and the library hours. " * 3,
                    content_hash=hashlib.sha256(str(have + i).encode()).hexdigest(),
                    posted_at=now,
                    raw_payload={"id": have + i, "message": "benchmark"},
                )
                for i in range(size)
            ]
        )
        CommentRevision.objects.bulk_create(
            [
                CommentRevision(comment=c, number=1, body=c.body, content_hash=c.content_hash)
                for c in comments
            ]
        )
        have += size
    request = RecordsRequest.objects.filter(description=f"Benchmark {n}").first()
    if request is None:
        request = services.request_create(
            actor=clerk,
            received_on=timezone.localdate(),
            description=f"Benchmark {n}",
            channel="email",
            assignee=clerk,
        )
        services.request_save_criteria(
            actor=clerk,
            request=request,
            criteria=SearchCriteria(site_id=site.pk, site_slug=slug, kinds=("comments",)).to_json(),
            result_count=n,
        )
    return request.number


def _child(number: str) -> None:
    """Build one package in this fresh process and print its peak RSS."""
    _setup()
    from records.models import RecordsRequest
    from records.packages.builder import package_build
    from records.services.packages import package_request

    request = RecordsRequest.objects.select_related("assignee").get(number=number)
    package = package_request(actor=request.assignee, request=request, enqueue=False)
    # Start-up (Django and every app's imports) sets a high-water mark of its own; reset the
    # kernel's VmHWM so the build's own peak is visible too (Linux: clear_refs "5").
    before_mb = _status_mb("VmRSS")
    try:
        Path("/proc/self/clear_refs").write_text("5")
        reset = True
    except OSError:
        reset = False
    package = package_build(package_id=package.pk)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "number": number,
                "records": package.counts["total"],
                "size_bytes": package.size,
                "peak_rss_mb": round(peak_kib / 1024, 1),
                "rss_before_build_mb": before_mb,
                "build_peak_rss_mb": _status_mb("VmHWM") if reset else None,
            }
        )
    )


def _status_mb(key: str) -> float | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def run() -> list[dict]:
    _setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    numbers = {n: _ensure_data(n) for n in SIZES}
    results = []
    for n in SIZES:
        out = subprocess.run(
            [sys.executable, __file__, "--child", numbers[n]],
            cwd=ROOT,
            env=os.environ.copy(),
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        result = json.loads(out.strip().splitlines()[-1])
        result["comments"] = n
        results.append(result)
        print(
            f"{n:>7} comments: peak RSS {result['peak_rss_mb']} MB (ru_maxrss); "
            f"RSS before build {result['rss_before_build_mb']} MB, peak during build "
            f"{result['build_peak_rss_mb']} MB (VmHWM); package {result['size_bytes'] / 1e6:.1f} MB"
        )
    small, large = results[0]["peak_rss_mb"], results[-1]["peak_rss_mb"]
    print(
        f"difference: {large - small:.1f} MB (limits: < {LIMIT_MB} MB each, < {SPREAD_MB} MB apart)"
    )
    return results


def test_package_memory():
    """`make bench`: needs DATABASE_URL pointing at a scratch PostgreSQL database."""
    import pytest

    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        pytest.skip("set DATABASE_URL to a scratch PostgreSQL database")
    results = run()
    peaks = [r["peak_rss_mb"] for r in results]
    assert max(peaks) < LIMIT_MB
    assert max(peaks) - min(peaks) < SPREAD_MB


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        _child(sys.argv[2])
    else:
        run()
