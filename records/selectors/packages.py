"""Finding the package the portal recorded for an archive someone hands back, and the letters
a package carries."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from records.models import (
    DisclosurePackage,
    LetterKind,
    PackageStatus,
    RecordsRequest,
    RequestLetter,
)

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


DETERMINATION_KINDS = frozenset(
    {
        LetterKind.DETERMINATION_FULL,
        LetterKind.DETERMINATION_PARTIAL,
        LetterKind.DETERMINATION_DENIAL,
        LetterKind.NO_RECORDS,
    }
)
# The letters a package carries: the latest one sent of each kind, exactly as it was sent
# (RequestLetter keeps the text that was emailed or posted). A package built before a letter
# went out does not carry it: a letter is never rendered again for a package, since a template
# or the request may have changed since, and the package would then show words never sent.
PACKAGE_LETTERS: tuple[tuple[str, frozenset[str]], ...] = (
    ("determination_letter.txt", DETERMINATION_KINDS),
    ("extension_notice.txt", frozenset({LetterKind.EXTENSION})),
)


def letters_in_package(request: RecordsRequest) -> dict[str, RequestLetter]:
    """The member name of each letter a package of `request` built now carries."""
    found = {
        name: request.letters.filter(kind__in=kinds).order_by("-sent_at", "-id").first()
        for name, kinds in PACKAGE_LETTERS
    }
    return {name: letter for name, letter in found.items() if letter is not None}


def package_letter_gaps(package: DisclosurePackage) -> list[str]:
    """What the requester would miss in this complete package: a letter sent after it was
    built, or none carried at all. Each as a sentence for the clerk."""
    carried = package.manifest.get("letters") or {}
    now = letters_in_package(package.request)
    gaps = []
    for name, letter in now.items():
        if (carried.get(name) or {}).get("letter_id") != letter.pk:
            gaps.append(
                f"{letter.get_kind_display()} was sent {letter.sent_at:%b %d, %Y} after this "
                "package was built, so it is not in it. Build a new package to release it with "
                "the letter."
            )
    if "determination_letter.txt" not in now:
        gaps.append(
            "No determination letter has been sent yet, so this package carries none. Record the "
            "determination (it sends the letter), then build a new package."
        )
    return gaps
