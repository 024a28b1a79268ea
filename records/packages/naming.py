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


_DRIVE = re.compile(r"^[A-Za-z]:")


def member_name_problem(name: str) -> str | None:
    """Why `name` is not a safe member name (one that extracts inside the target folder on
    every system), or None. Used by the builder's tests and by `verify_package`."""
    if not name:
        return "empty member name"
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in name):
        return "control character (such as NUL) in member name"
    if "\\" in name:
        return "backslash in member name (a path separator on Windows)"
    if name.startswith("/"):
        return "absolute path"
    if _DRIVE.match(name) or ":" in name:
        return "drive letter or colon in member name"
    parts = name.rstrip("/").split("/")
    if ".." in parts:
        return "parent-directory part (..) in member name"
    if "." in parts or "" in parts:
        return "empty or '.' part in member name"
    if name.strip() != name:
        return "leading or trailing space in member name"
    return None


def is_safe_member(name: str) -> bool:
    return member_name_problem(name) is None
