"""`verify_package` checks an archive against the portal's record, not its own manifest
(issue 9, item 2): tampered archives whose manifest was recomputed, duplicate members, links
and escaping paths are refused, each with its reason."""

from __future__ import annotations

import hashlib
import json
import shutil
import stat
import warnings
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import TestCase

from records import services
from records.models import DisclosurePackage
from records.packages.naming import member_name_problem
from records.packages.verify import structure_problems, verify_package_file
from records.selectors.search import SearchCriteria
from tests.records.scene import build_content, make_request


@pytest.fixture
def package(clerk, site, moderator) -> DisclosurePackage:
    build_content(site=site, moderator=moderator)
    request = make_request(clerk)
    services.request_save_criteria(
        actor=clerk,
        request=request,
        criteria=SearchCriteria(site_id=site.pk, site_slug=site.slug).to_json(),
        result_count=7,
    )
    request.refresh_from_db()
    with TestCase.captureOnCommitCallbacks(execute=True):
        package = services.package_request(actor=clerk, request=request)
    package.refresh_from_db()
    assert package.status == "complete"
    return package


def download_name(package) -> str:
    return f"{package.request.number}-package-{package.pk}.zip"


def rewrite(package, dest: Path, *, change=None, extra=(), recompute_manifest=True) -> Path:
    """A copy of the package's archive: `change(name, data)` edits members, `extra` adds
    (ZipInfo, data) entries, and the manifest is recomputed to match, as a forger would."""
    with zipfile.ZipFile(package.file.path) as src:
        contents = {i.filename: (i, src.read(i.filename)) for i in src.infolist()}
    manifest = json.loads(contents["manifest.json"][1])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate name on purpose
        with zipfile.ZipFile(dest, "w", compression=zipfile.ZIP_DEFLATED) as dst:
            for name, (info, data) in contents.items():
                if name == "manifest.json":
                    continue
                if change:
                    data = change(name, data)
                manifest["files"][name] = {
                    "sha256": hashlib.sha256(data).hexdigest(),
                    "size": len(data),
                }
                dst.writestr(info, data)
            for info, data in extra:
                if not info.is_dir() and recompute_manifest:
                    manifest["files"][info.filename] = {
                        "sha256": hashlib.sha256(data).hexdigest(),
                        "size": len(data),
                    }
                dst.writestr(info, data)
            dst.writestr(
                contents["manifest.json"][0],
                json.dumps(manifest, indent=2, sort_keys=True).encode(),
            )
    return dest


def refused(path, *args) -> str:
    with pytest.raises(CommandError) as excinfo:
        call_command("verify_package", str(path), *args)
    return str(excinfo.value)


def test_an_untampered_package_passes_and_names_its_request(package, tmp_path, capsys):
    # As stored, and as downloaded under the download view's name.
    copy = tmp_path / download_name(package)
    shutil.copyfile(package.file.path, copy)
    for path in (package.file.path, copy):
        call_command("verify_package", str(path))
        out = capsys.readouterr().out
        assert f"package {package.pk} of request {package.request.number}" in out
        assert package.sha256 in out and "verified" in out


def test_edited_records_with_a_recomputed_manifest_are_refused(package, tmp_path):
    def edit(name, data):
        return data.replace(b"Thanks for the pool update!", b"Thanks for nothing!")

    # Under the name the portal gave it: the portal's recorded hash is named.
    forged = rewrite(package, tmp_path / download_name(package), change=edit)
    assert verify_package_file(forged).problems[0].startswith("archive SHA-256")
    message = refused(forged)
    assert (
        f"does not match the SHA-256 the portal recorded for package {package.pk} of request "
        f"{package.request.number} ({package.sha256})" in message
    )
    # The forged manifest is consistent: only the archive hash gives it away.
    assert "hash mismatch" not in message and "missing" not in message
    # Held outside the portal, checked against the hash it was disclosed with.
    message = refused(forged, "--sha256", package.sha256)
    assert f"does not match the expected SHA-256 {package.sha256}" in message


def test_a_duplicate_member_is_refused(package, tmp_path):
    fake = zipfile.ZipInfo("records.jsonl", date_time=(2026, 1, 1, 0, 0, 0))
    forged = rewrite(
        package, tmp_path / download_name(package), extra=[(fake, b'{"kind": "comment"}\n')]
    )
    message = refused(forged)
    assert "duplicate member name: 'records.jsonl' (2 entries)" in message
    # Also when the hash it is checked against is right for the original: still refused.
    assert "duplicate member name" in refused(forged, "--sha256", package.sha256)


def test_a_symlink_member_is_refused(package, tmp_path):
    link = zipfile.ZipInfo("attachments/9-photo.png", date_time=(2026, 1, 1, 0, 0, 0))
    link.create_system = 3  # Unix
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    forged = rewrite(package, tmp_path / download_name(package), extra=[(link, b"/etc/passwd")])
    message = refused(forged)
    assert "symbolic link: 'attachments/9-photo.png'" in message


def test_a_parent_directory_entry_is_refused(package, tmp_path):
    escape = zipfile.ZipInfo("../../", date_time=(2026, 1, 1, 0, 0, 0))
    escape.external_attr = (stat.S_IFDIR | 0o755) << 16 | 0x10
    forged = rewrite(package, tmp_path / download_name(package), extra=[(escape, b"")])
    message = refused(forged)
    assert "parent-directory part (..) in member name: '../../'" in message
    assert "directory entry (a package holds only files): '../../'" in message


def test_an_unknown_archive_is_refused_unless_its_hash_is_given(package, tmp_path, capsys):
    stranger = tmp_path / "records-from-somewhere.zip"
    rewrite(package, stranger, change=lambda name, data: data.replace(b"pool", b"park"))
    message = refused(stranger)
    assert "not a package this portal recorded" in message
    # With the hash it came with, a consistent archive held outside the portal passes.
    digest = hashlib.sha256(stranger.read_bytes()).hexdigest()
    call_command("verify_package", str(stranger), "--sha256", digest.upper())
    assert f"its SHA-256 {digest} is the expected one" in capsys.readouterr().out
    with pytest.raises(CommandError, match="not a SHA-256"):
        call_command("verify_package", str(stranger), "--sha256", "abc123")


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("/etc/passwd", "absolute path"),
        ("attachments/../../x", "parent-directory part (..)"),
        ("..", "parent-directory part (..)"),
        ("attachments\\..\\evil.dll", "backslash"),
        ("C:evil.exe", "drive letter or colon"),
        ("c:/windows/evil.exe", "drive letter or colon"),
        ("attachments//x", "empty or '.' part"),
        ("./records.jsonl", "empty or '.' part"),
        ("records.jsonl\x00.txt", "control character"),
        ("", "empty member name"),
    ],
)
def test_unsafe_member_names_are_named(name, reason):
    assert reason in (member_name_problem(name) or "")
    info = zipfile.ZipInfo("placeholder")
    info.orig_filename = name
    assert any(reason in p for p in structure_problems([info]))


def test_other_non_regular_members_and_case_duplicates_are_refused():
    fifo = zipfile.ZipInfo("attachments/1-pipe")
    fifo.external_attr = (stat.S_IFIFO | 0o644) << 16
    plain = zipfile.ZipInfo("index.csv")  # mode 0, as the builder writes: a regular file
    regular = zipfile.ZipInfo("index.html")
    regular.external_attr = (stat.S_IFREG | 0o644) << 16
    upper = zipfile.ZipInfo("INDEX.csv")
    problems = structure_problems([fifo, plain, regular, upper])
    assert any(p.startswith("not a regular file (mode 0o10644)") for p in problems)
    assert "duplicate member name (differs only in case): 'INDEX.csv'" in problems
    assert "duplicate member name (differs only in case): 'index.csv'" in problems
    assert not any("index.html" in p for p in problems)


def _breaks_the_deflate_stream(raw: bytes, start: int, end: int) -> bytes:
    """The archive with one bit flipped somewhere in [start, end) that makes zlib itself fail
    (rather than the CRC check), found by trying each byte in turn."""
    import io
    import zlib

    for offset in range(start, end):
        candidate = bytearray(raw)
        candidate[offset] ^= 0x10
        try:
            with zipfile.ZipFile(io.BytesIO(bytes(candidate))) as zf:
                zf.read("records.jsonl")
        except zlib.error:
            return bytes(candidate)
        except Exception:  # noqa: BLE001, S112 - a CRC or other error: try the next byte
            continue
    raise AssertionError("no single-bit change broke the deflate stream")


def test_a_member_whose_deflate_stream_is_broken_is_refused_not_a_crash(db, tmp_path):
    """A flipped bit can break the compressed data itself (zlib.error) instead of failing the
    CRC check; verification must name the member, not crash."""
    import random

    rng = random.Random(7)
    text = "".join(rng.choice('abcdefghij \n{}":,') for _ in range(40_000)).encode()
    archive = tmp_path / "p.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("records.jsonl", text)
        manifest = {
            "files": {
                "records.jsonl": {"size": len(text), "sha256": hashlib.sha256(text).hexdigest()}
            }
        }
        zf.writestr("manifest.json", json.dumps(manifest))
    raw = archive.read_bytes()
    with zipfile.ZipFile(archive) as zf:
        info = zf.getinfo("records.jsonl")
    data_start = info.header_offset + 30 + len(info.filename.encode())
    broken = tmp_path / "broken.zip"
    broken.write_bytes(_breaks_the_deflate_stream(raw, data_start, data_start + 2000))

    result = verify_package_file(broken, expected_sha256=hashlib.sha256(raw).hexdigest())

    assert any("records.jsonl" in problem for problem in result.problems), result.problems
