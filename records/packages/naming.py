"""Member names inside a package: nothing a stored file name says can escape the archive."""

from __future__ import annotations

import re
import unicodedata

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_name(name: str, *, max_length: int = 100) -> str:
    """A flat, portable file name: the last path component only (either slash), ASCII letters,
    digits, dot, dash and underscore; no leading dots (no "..", no hidden files)."""
    name = unicodedata.normalize("NFKC", name or "")
    name = name.replace("\\", "/").split("/")[-1]
    name = _UNSAFE.sub("_", name)
    name = re.sub(r"\.{2,}", ".", name).lstrip("._-")
    if len(name) > max_length:
        stem, dot, ext = name.rpartition(".")
        name = (
            (stem[: max_length - len(ext) - 1] + "." + ext)
            if dot and len(ext) < 10
            else name[:max_length]
        )
    return name or "file"


def attachment_member(attachment_id: int, stored_name: str) -> str:
    """`attachments/<id>-<safe name>`: the id keeps names unique."""
    return f"attachments/{int(attachment_id)}-{safe_name(stored_name)}"


def is_safe_member(name: str) -> bool:
    return not (
        name.startswith("/")
        or "\\" in name
        or ".." in name.split("/")
        or ":" in name
        or name.strip() != name
        or not name
    )
