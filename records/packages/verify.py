"""Check a package ZIP against its manifest: missing, extra, size and SHA-256 of every file."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

from records.packages.naming import is_safe_member
from stanton.strictjson import loads_strict


def verify_package_file(path: str | Path) -> list[str]:
    """A list of problems, empty when every file matches the manifest."""
    problems: list[str] = []
    try:
        zf = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        return [f"not a readable ZIP archive: {exc}"]
    with zf:
        names = [i.filename for i in zf.infolist() if not i.is_dir()]
        for name in names:
            if not is_safe_member(name):
                problems.append(f"unsafe member name: {name!r}")
        if "manifest.json" not in names:
            return problems + ["missing: manifest.json"]
        try:
            manifest = loads_strict(zf.read("manifest.json"))
            listed = manifest["files"]
        except (ValueError, KeyError, TypeError) as exc:
            return problems + [f"manifest.json is not a valid manifest: {exc}"]
        for name in sorted(listed):
            expected = listed[name]
            if name not in names:
                problems.append(f"missing: {name}")
                continue
            digest, size = hashlib.sha256(), 0
            try:
                with zf.open(name) as member:
                    while chunk := member.read(1024 * 1024):
                        digest.update(chunk)
                        size += len(chunk)
            except (zipfile.BadZipFile, OSError) as exc:
                # A changed byte in a deflated member usually fails the ZIP's own CRC check.
                problems.append(f"hash mismatch: {name} (unreadable: {exc})")
                continue
            if size != expected.get("size"):
                problems.append(
                    f"size mismatch: {name} ({size} bytes, manifest says {expected.get('size')})"
                )
            if digest.hexdigest() != expected.get("sha256"):
                problems.append(f"hash mismatch: {name}")
        for name in sorted(set(names) - set(listed) - {"manifest.json"}):
            problems.append(f"extra file not in the manifest: {name}")
    return problems
