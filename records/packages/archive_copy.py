"""The public archive's copy of a released package.

The requester gets the package exactly as it was built, letters included, and the letters
were written to them ("Dear <name>"). The public archive promises never to show a requester's
name or contact, so it serves a copy instead: every file of the release as it is, except that
wherever the letters or the release page (`index.html`, and `index.pdf` printed again from it)
carry the requester's name or contact (any the request has had), it reads
"[requester's name withheld]" or "[requester's contact withheld]". The copy's manifest lists
its own files, says which ones differ from the release and how many times each was withheld,
and names the release's SHA-256; the copy's own SHA-256 is recorded on `ArchiveCopy`, and
`verify_package` recognises it.

Only those two identifiers are withheld, and only from those files: the records themselves
are what the clerk reviewed and redacted (a requester who is also a commenter is, in the
records, a commenter).
"""

from __future__ import annotations

import json
import re
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO, Any

from django.utils.html import escape

from records.letters import email_of
from records.models import PackageRelease, RecordsRequest
from records.packages import builder
from records.packages.release import write_pdf
from records.selectors.packages import PACKAGE_LETTERS

WITHHELD_NAME = "[requester's name withheld]"
WITHHELD_CONTACT = "[requester's contact withheld]"
# A value this short is not withheld on its own: it would match inside ordinary words.
MIN_LENGTH = 3


@dataclass
class CopyResult:
    sha256: str
    size: int
    withheld: dict[str, int] = field(default_factory=dict)  # member name -> replacements


def requester_identifiers(request: RecordsRequest) -> list[tuple[str, str]]:
    """(text, replacement) for each name and contact the request has carried, its history
    included (a name corrected after a letter went out is in that letter), and each part of
    a contact given as several ("jane@example.com, 714-555-0100"); longest first, so a full
    name is replaced before any shorter value inside it."""
    return identifiers_by_request([request])[request.pk]


def identifiers_by_request(requests: Iterable[RecordsRequest]) -> dict[int, list[tuple[str, str]]]:
    """`requester_identifiers` of several requests, their history read in one query."""
    rows: dict[int, list[tuple[str, str]]] = {}
    for request in requests:
        rows[request.pk] = [(request.requester_name, request.requester_contact)]
    history = RecordsRequest.history.filter(id__in=list(rows)).values_list(
        "id", "requester_name", "requester_contact"
    )
    for pk, name, contact in history:
        rows[pk].append((name, contact))
    return {pk: _identifiers(values) for pk, values in rows.items()}


def _identifiers(rows: list[tuple[str, str]]) -> list[tuple[str, str]]:
    seen: dict[str, tuple[str, str]] = {}

    def add(value: str, replacement: str) -> None:
        value = " ".join((value or "").split())
        if len(value) >= MIN_LENGTH:
            seen.setdefault(value.casefold(), (value, replacement))

    for name, contact in rows:
        add(name, WITHHELD_NAME)
        add(contact, WITHHELD_CONTACT)
        for part in re.split(r"[,;\n]+", contact or ""):
            if _identifies(part):
                add(part, WITHHELD_CONTACT)
        add(email_of(contact or ""), WITHHELD_CONTACT)
    return sorted(seen.values(), key=lambda item: -len(item[0]))


def _identifies(part: str) -> bool:
    """Whether one part of a contact identifies the requester on its own: an email address, a
    phone number (seven digits or more) or a street line ("12 Main St"). A town, a state or a
    ZIP code does not, and withholding it would garble the City's own letterhead ("Stanton,
    CA 90680")."""
    part = part.strip()
    return (
        "@" in part
        or sum(ch.isdigit() for ch in part) >= 7
        or re.match(r"\d+\s+[^\W\d]", part) is not None
    )


def _pattern(value: str) -> re.Pattern[str]:
    # Whitespace in the value matches any run of whitespace (a name wrapped across lines);
    # not inside a longer word.
    body = r"\s+".join(re.escape(word) for word in value.split())
    return re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)


def withhold(text: str, identifiers: Iterable[tuple[str, str]]) -> tuple[str, int]:
    """`text` with every identifier replaced; and how many replacements were made."""
    total = 0
    for value, replacement in identifiers:
        text, count = _pattern(value).subn(replacement, text)
        total += count
    return text, total


def _html_identifiers(identifiers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    # The page escapes what it shows: "O'Brien" is "O&#x27;Brien" there.
    return [(str(escape(value)), str(escape(replacement))) for value, replacement in identifiers]


def archive_copy_write(release: PackageRelease, target: IO[bytes]) -> CopyResult:
    """Write the archive copy of `release` to `target` (a seekable binary file)."""
    package = release.package
    identifiers = requester_identifiers(package.request)
    html_identifiers = _html_identifiers(identifiers)
    withheld: dict[str, int] = {}
    files: dict[str, Any] = {}
    with (
        package.file.open("rb") as source,
        zipfile.ZipFile(source) as zin,
        zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as zout,
    ):
        manifest = json.loads(zin.read("manifest.json"))
        names = [info.orig_filename for info in zin.infolist()]
        # The letters the package carries, by the manifest (and by today's names, for a
        # package whose manifest predates the list).
        letters = set(manifest.get("letters") or {}) | {name for name, _ in PACKAGE_LETTERS}
        page: str | None = None  # index.html as changed, when it was
        try:
            for name in names:
                if name in ("manifest.json", "index.pdf"):
                    continue
                if name in letters or name == "index.html":
                    text = zin.read(name).decode("utf-8")
                    rules = html_identifiers if name == "index.html" else identifiers
                    changed, count = withhold(text, rules)
                    if count:
                        withheld[name] = count
                        if name == "index.html":
                            page = changed
                        out = builder.HashingMember(zout, name)
                        out.write(changed)
                        files[name] = out.close()
                        continue
                files[name] = _copy_member(zin, zout, name)
            if "index.pdf" in names:
                if page is None:
                    files["index.pdf"] = _copy_member(zin, zout, "index.pdf")
                else:
                    out = builder.HashingMember(zout, "index.pdf")
                    write_pdf(page, out)
                    files["index.pdf"] = out.close()
                    withheld["index.pdf"] = withheld["index.html"]
            manifest["files"] = {name: files[name] for name in sorted(files)}
            manifest["public_archive_copy"] = {
                "of_package": package.pk,
                "release": release.pk,
                "package_sha256": package.sha256,
                "note": (
                    "The release as the requester received it, except that the requester's "
                    "name and contact are withheld wherever the files listed here showed them."
                ),
                "withheld": dict(sorted(withheld.items())),
            }
            out = builder.HashingMember(zout, "manifest.json")
            out.write(json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
            out.close()
        except BaseException:
            builder.HashingMember.abort_open(zout)
            raise
    sha256, size = builder._file_sha256(target)
    return CopyResult(sha256=sha256, size=size, withheld=withheld)


def _copy_member(zin: zipfile.ZipFile, zout: zipfile.ZipFile, name: str) -> dict[str, Any]:
    out = builder.HashingMember(zout, name)
    with zin.open(name) as member:
        while chunk := member.read(builder.COPY_BUFFER):
            out.write(chunk)
    return out.close()


def archive_copy_tempfile() -> IO[bytes]:
    return tempfile.NamedTemporaryFile(suffix=".zip", dir=builder.TEMP_DIR)
