"""A web process and a worker process freeze their startup objects (stanton/startup.py), so a
full garbage collection walks only what was made since."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from stanton.startup import YOUNGEST_GENERATION_THRESHOLD

ROOT = Path(__file__).resolve().parent.parent

REPORT = (
    "import gc; {setup}; "
    "print(gc.get_freeze_count(), sum(len(gc.get_objects(g)) for g in range(3)), "
    "gc.get_threshold()[0])"
)


def run_python(setup: str) -> tuple[int, int, int]:
    """(objects frozen, objects the collector still walks, the youngest generation's
    threshold) in a new process after `setup`."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "stanton.settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", REPORT.format(setup=setup)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    frozen, walked, threshold = result.stdout.split()
    return int(frozen), int(walked), int(threshold)


def test_a_plain_django_process_freezes_nothing():
    frozen, walked, threshold = run_python("import django; django.setup()")
    assert frozen == 0 and walked > 10_000
    assert threshold == 700  # CPython's own


def test_the_web_application_freezes_what_it_loaded():
    frozen, walked, threshold = run_python("import stanton.wsgi")
    assert frozen > 50_000  # Django, the apps, the views and their libraries
    assert walked < frozen / 10
    assert threshold == YOUNGEST_GENERATION_THRESHOLD


def test_a_worker_process_freezes_what_it_loaded_at_start():
    frozen, walked, threshold = run_python(
        "import django; django.setup(); from stanton.celery import _start_worker_process; "
        "_start_worker_process()"
    )
    assert frozen > 50_000  # with presidio's recognisers, loaded at start
    assert walked < frozen / 10
    assert threshold == YOUNGEST_GENERATION_THRESHOLD
