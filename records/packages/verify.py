"""Verify a disclosure package ZIP: is it, byte for byte, the archive the portal disclosed?

A package's own manifest proves nothing about it: anyone who edits `records.jsonl` can
recompute the manifest too. What the portal can vouch for is the SHA-256 of the whole archive
it recorded on `DisclosurePackage` when the build finished (a complete package never changes).
So, in order:

1. **The archive's SHA-256** is computed and compared with the portal's record: the package
   with that hash (which names the request it answered), or the public archive's copy of a
   released package with that hash (ArchiveCopy), or, if none, the package the file
   name claims to be (then the archive was changed). An archive that matches no record is
   refused: "not a package this portal recorded". For an archive held outside the portal the
   caller supplies the hash it was given (`--sha256`) and it is compared with that instead.
2. **Every member of the ZIP's central directory** is checked, files and directory entries
   alike, without extracting anything: no duplicate names (an extractor keeps one of them,
   a reader may see the other), no symbolic links or other non-regular entries (the Unix mode
   in `external_attr`), no directory entries (a package holds only files), no absolute paths,
   `..` parts, backslashes, drive letters or control characters.
3. **The manifest** is checked against the members (missing, extra, size and SHA-256), which
   names *which* file differs once step 1 has found that something does; and index.csv's
   header against the columns the manifest declares (`index_columns`, keys and names).

Every problem is reported, each with its reason; verification passes only with none.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import stat
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from records.models import ArchiveCopy, DisclosurePackage
from records.packages.naming import member_name_problem
from records.selectors.packages import package_named, package_with_sha256
from stanton.strictjson import loads_strict

READ_BUFFER = 1024 * 1024
_SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")
# ZIP "external file attributes": the high 16 bits hold the Unix mode (create_system 3), the
# low byte the MS-DOS attributes, where 0x10 marks a directory.
_MSDOS_DIRECTORY = 0x10


@dataclass
class PackageVerification:
    path: Path
    sha256: str = ""
    package: DisclosurePackage | None = None  # the recorded package this archive is
    # ... or the public archive's copy of a release (records/packages/archive_copy.py)
    archive_copy: ArchiveCopy | None = None
    expected_sha256: str = ""  # given by the caller (--sha256), if any
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def normalise_sha256(value: str) -> str:
    """A SHA-256 as 64 lowercase hex digits; ValueError for anything else."""
    text = (value or "").strip().lower()
    if not _SHA256_HEX.match(text):
        raise ValueError(f"not a SHA-256 (64 hexadecimal digits): {value!r}")
    return text


def archive_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(READ_BUFFER):
            digest.update(chunk)
    return digest.hexdigest()


def member_type_problem(info: zipfile.ZipInfo) -> str | None:
    """Why this entry is not a plain file, or None. Mode 0 (no Unix mode recorded, which is
    how the builder writes) counts as a regular file."""
    mode = info.external_attr >> 16
    kind = stat.S_IFMT(mode)
    if kind == stat.S_IFLNK:
        return "symbolic link"
    if (
        kind == stat.S_IFDIR
        or info.orig_filename.endswith("/")
        or (info.external_attr & _MSDOS_DIRECTORY)
    ):
        return "directory entry (a package holds only files)"
    if kind and kind != stat.S_IFREG:
        return f"not a regular file (mode {oct(mode)})"
    if info.flag_bits & 0x1:
        return "encrypted member"
    return None


def structure_problems(infos: list[zipfile.ZipInfo]) -> list[str]:
    """Every central-directory entry's name and type, and duplicate names."""
    problems: list[str] = []
    # orig_filename: the name as stored (zipfile truncates `filename` at a NUL).
    counts = Counter(info.orig_filename for info in infos)
    for name, n in sorted(counts.items()):
        if n > 1:
            problems.append(f"duplicate member name: {name!r} ({n} entries)")
    folded = Counter(name.casefold() for name in counts)
    for name in sorted(counts):
        if folded[name.casefold()] > 1 and counts[name] == 1:
            problems.append(f"duplicate member name (differs only in case): {name!r}")
    for info in infos:
        for reason in (member_name_problem(info.orig_filename), member_type_problem(info)):
            if reason:
                problems.append(f"{reason}: {info.orig_filename!r}")
    return problems


def manifest_problems(zf: zipfile.ZipFile) -> list[str]:
    """The members against the manifest's list (missing, extra, size, SHA-256)."""
    names = {i.orig_filename for i in zf.infolist() if member_type_problem(i) is None}
    if "manifest.json" not in names:
        return ["missing: manifest.json"]
    try:
        manifest = loads_strict(zf.read("manifest.json"))
        listed = manifest["files"]
        if not isinstance(listed, dict):
            raise TypeError("files is not an object")
    except (ValueError, KeyError, TypeError, zipfile.BadZipFile, OSError) as exc:
        return [f"manifest.json is not a valid manifest: {exc}"]
    problems: list[str] = []
    for name in sorted(listed):
        expected = listed[name] if isinstance(listed[name], dict) else {}
        if name not in names:
            problems.append(f"missing: {name}")
            continue
        digest, size = hashlib.sha256(), 0
        try:
            with zf.open(name) as member:
                while chunk := member.read(READ_BUFFER):
                    digest.update(chunk)
                    size += len(chunk)
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
            # A changed byte in a deflated member fails the ZIP's own CRC check, or breaks the
            # deflate stream itself (zlib.error): either way the member is not what was written.
            problems.append(f"hash mismatch: {name} (unreadable: {exc})")
            continue
        if size != expected.get("size"):
            problems.append(
                f"size mismatch: {name} ({size} bytes, manifest says {expected.get('size')})"
            )
        if digest.hexdigest() != expected.get("sha256"):
            problems.append(f"hash mismatch: {name}")
    for name in sorted(names - set(listed) - {"manifest.json"}):
        problems.append(f"extra file not in the manifest: {name}")
    problems += index_columns_problems(zf, manifest, names)
    return problems


def index_columns_problems(zf: zipfile.ZipFile, manifest: dict, names: set[str]) -> list[str]:
    """index.csv's header against the columns the manifest declares (packages since generator
    1.1 list them: a key for scripts, a name for people). Older packages declare none."""
    columns = manifest.get("index_columns")
    if columns is None or "index.csv" not in names:
        return []
    try:
        expected = [str(column["name"]) for column in columns]
        with zf.open("index.csv") as member:
            first = io.TextIOWrapper(member, encoding="utf-8", newline="").readline()
        header = next(csv.reader([first]), [])
    except (
        KeyError,
        TypeError,
        UnicodeDecodeError,
        zipfile.BadZipFile,
        OSError,
        EOFError,
        zlib.error,
    ) as exc:
        return [f"index.csv columns cannot be checked: {exc}"]
    if header != expected:
        return [f"index.csv columns {header!r} are not the manifest's {expected!r}"]
    return []


def _describe(package: DisclosurePackage) -> str:
    return f"package {package.pk} of request {package.request.number}"


def verify_package_file(
    path: str | Path, *, expected_sha256: str | None = None
) -> PackageVerification:
    """Verify the archive at `path` (see the module docstring). `expected_sha256`, for an
    archive held outside the portal, replaces the portal's record as the hash to match."""
    result = PackageVerification(path=Path(path))
    if expected_sha256 is not None:
        result.expected_sha256 = normalise_sha256(expected_sha256)
    try:
        result.sha256 = archive_sha256(result.path)
    except OSError as exc:
        result.problems.append(f"cannot read the archive: {exc}")
        return result

    result.package = package_with_sha256(result.sha256)
    if result.package is None:
        result.archive_copy = (
            ArchiveCopy.objects.filter(sha256=result.sha256)
            .select_related("release__package__request")
            .first()
        )
    if result.expected_sha256:
        if result.sha256 != result.expected_sha256:
            result.problems.append(
                f"archive SHA-256 {result.sha256} does not match the expected SHA-256 "
                f"{result.expected_sha256}: the archive was changed"
            )
    elif result.package is None and result.archive_copy is None:
        claimed = package_named(result.path.name)
        if claimed is not None:
            result.problems.append(
                f"archive SHA-256 {result.sha256} does not match the SHA-256 the portal "
                f"recorded for {_describe(claimed)} ({claimed.sha256}): the archive was changed"
            )
        else:
            result.problems.append(
                f"not a package this portal recorded: no package has SHA-256 {result.sha256} "
                "(for an archive held outside the portal, give the hash it came with: --sha256)"
            )

    try:
        zf = zipfile.ZipFile(result.path)
    except (OSError, zipfile.BadZipFile) as exc:
        result.problems.append(f"not a readable ZIP archive: {exc}")
        return result
    with zf:
        result.problems += structure_problems(zf.infolist())
        result.problems += manifest_problems(zf)
    return result
