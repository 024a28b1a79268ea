"""What a server process does once it has started, before its first request or task.

A started process holds a few hundred thousand objects that live as long as it does: Django,
the apps and their URL patterns, and the flagger's libraries and data (phonenumbers' metadata,
scikit-learn, presidio's recognisers). CPython's cyclic garbage collector walks all of them on
every full collection, and a request or task that makes many model instances sets one off
every few requests: on the queue's 100-row page that was a 190-310 ms pause in about one
request of twelve (34-83 ms after; measured 2026-12-07). `gc.freeze()` moves what is alive
now to a permanent generation the collector never walks again, so a full collection only
looks at what was made since. Nothing is freed by it or kept longer than it would be:
objects that were reachable at startup stay reachable for the life of the process anyway.

The youngest generation is then collected every 10,000 new container objects instead of
CPython's 700. An ingestion batch makes hundreds of thousands of short-lived objects (model
instances, detector matches), and at 700 the collector ran so often that it cost 20-30 ms of
the response task's ~110 ms CPU per 500 comments (`python -m bench.profile`, 2026-12-08); at
10,000 it costs a few. The memory held meanwhile is a few megabytes at most.

Called by `stanton/wsgi.py` in each web process, by each Celery worker process
(`stanton/celery.py`), and by the benchmarks, which time the portal as those processes run it.
"""

from __future__ import annotations

import gc

YOUNGEST_GENERATION_THRESHOLD = 10_000  # CPython's default is 700


def settle_process(*, urls: bool = True) -> None:
    """Collect the garbage of starting up, then freeze what is left (see the module's
    docstring). A web process first loads its URL configuration, and with it every view and
    what the views import; a worker has loaded what its tasks need already."""
    if urls:
        from django.urls import get_resolver

        get_resolver().url_patterns  # noqa: B018 - imports the URLconf and the views
    gc.collect()
    gc.freeze()
    _, middle, oldest = gc.get_threshold()
    gc.set_threshold(YOUNGEST_GENERATION_THRESHOLD, middle, oldest)
