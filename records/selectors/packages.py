"""Finding the package the portal recorded for an archive someone hands back."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from records.models import DisclosurePackage, PackageStatus

# The name the download view gives the file (`records.views.package_download`), which a
# browser may suffix (" (1)") and the build's storage name shares.
_PACKAGE_FILE_NAME = re.compile(r"(PRA-\d{4}-\d{4,})-package-(\d+)")


def _complete():
    return DisclosurePackage.objects.select_related("request").filter(status=PackageStatus.COMPLETE)


def package_with_sha256(sha256: str) -> DisclosurePackage | None:
    """The complete package whose archive has this SHA-256, as recorded when it was built."""
    if not sha256:
        return None
    return _complete().filter(sha256=sha256.lower()).order_by("pk").first()


def package_named(file_name: str) -> DisclosurePackage | None:
    """The complete package a file name says it is (download or storage name), if any."""
    base = PurePosixPath(file_name.replace("\\", "/")).name
    match = _PACKAGE_FILE_NAME.search(base)
    if match:
        found = _complete().filter(pk=int(match[2]), request__number=match[1]).first()
        if found:
            return found
    return _complete().filter(file__endswith="/" + base).order_by("pk").first() if base else None
