"""A real Celery worker builds a package queued through the outbox."""

import time

import pytest

from records import services
from records.models import DisclosurePackage
from records.packages.verify import verify_package_file
from tests.records.scene import make_request


@pytest.mark.worker
def test_worker_builds_the_package(celery_worker, clerk):
    request = make_request(clerk)
    package = services.package_request(actor=clerk, request=request)  # commits: published
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        package = DisclosurePackage.objects.get(pk=package.pk)
        if package.is_finished:
            break
        time.sleep(0.3)  # waiting on another process, not on time-dependent logic
    assert package.status == "complete", package.error
    assert verify_package_file(package.file.path).problems == []
