"""Keeping a stored copy of each attachment (stored copy + SHA-256).

Ingestion records only an attachment's address; `fetch_attachments` (tasks.py) then calls
`attachment_fetch` for each new one. Platform content is hostile, so
this follows no link in comment text: it fetches only media addresses on the platforms' own
CDNs, and refuses anything else before a single byte is sent:

- `https` only (`ATTACHMENT_FETCH_ALLOW_HTTP` is for tests);
- the host must be, or end in `.` + one of, `ATTACHMENT_FETCH_HOSTS` (administrators extend
  the list when a platform moves its media);
- every address the host resolves to must be public: private, loopback, link-local, reserved,
  multicast and unspecified addresses are refused (`ATTACHMENT_FETCH_ALLOW_PRIVATE` is for
  tests), and the connection goes to the address that was checked (no second lookup);
- no redirect is followed; connect timeout `ATTACHMENT_FETCH_CONNECT_TIMEOUT`, whole-fetch
  deadline `ATTACHMENT_FETCH_TIMEOUT`; at most `ATTACHMENT_FETCH_MAX_BYTES`, counted while
  streaming into a temporary file (hashed on the way), so an oversized body is never stored.

The copy is stored under the default storage as
`attachments/<yyyy>/<mm>/<attachment id>-<sha256[:12]><ext>`, the extension chosen from a
short allowlist by content type (else `.bin`). The server's Content-Type is information only:
`moderation.ingest.views` decides from the bytes what is safe to serve.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import ipaddress
import os
import socket
import ssl
import tempfile
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from audit.events import AuditVerb
from audit.services import audit_record
from moderation.models import Attachment

DEFAULT_HOSTS = (
    "fbcdn.net",
    "cdninstagram.com",
    "twimg.com",
    "ytimg.com",
    "googleusercontent.com",
    "licdn.com",
    "tiktokcdn.com",
    "nextdoor.com",
)
DEFAULT_MAX_BYTES = 25 * 1024 * 1024
CHUNK = 64 * 1024
USER_AGENT = "StantonModerationPortal/1.0 (public records capture)"
EXTENSIONS = {
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "video/mp4": ".mp4",
}


class FetchRefused(Exception):
    """A permanent failure: fetching again would fail the same way."""


class FetchTransient(Exception):
    """A timeout or connection failure: worth retrying later."""


@dataclass
class _Download:
    path: str
    sha256: str
    size: int
    content_type: str


def _setting(name: str, default):
    return getattr(settings, name, default)


def _host_allowed(host: str) -> bool:
    for entry in _setting("ATTACHMENT_FETCH_HOSTS", DEFAULT_HOSTS):
        suffix = entry.strip().lower().strip(".")
        if suffix and (host == suffix or host.endswith("." + suffix)):
            return True
    return False


def _address_allowed(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_multicast
        or ip.is_unspecified
        or not ip.is_global
    )


def _target(url: str) -> tuple[str, str, int, str, tuple]:
    """(scheme, host, port, path, sockaddr) for a URL we may fetch; FetchRefused otherwise."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise FetchRefused(f"refused: malformed address ({exc})") from exc
    scheme = parts.scheme.lower()
    allowed = {"https", "http"} if _setting("ATTACHMENT_FETCH_ALLOW_HTTP", False) else {"https"}
    if scheme not in allowed:
        raise FetchRefused(f"refused: scheme {scheme or '(none)'!r} is not allowed (https only)")
    if parts.username is not None or parts.password is not None:
        raise FetchRefused("refused: address carries credentials")
    host = (parts.hostname or "").rstrip(".").lower()
    if not host:
        raise FetchRefused("refused: address has no host")
    if not _host_allowed(host):
        raise FetchRefused(f"refused: host {host[:200]} is not in ATTACHMENT_FETCH_HOSTS")
    port = port or (443 if scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchTransient(f"could not resolve {host[:200]}: {exc}") from exc
    if not infos:
        raise FetchTransient(f"could not resolve {host[:200]}")
    if not _setting("ATTACHMENT_FETCH_ALLOW_PRIVATE", False):
        for info in infos:
            if not _address_allowed(info[4][0]):
                raise FetchRefused(
                    f"refused: {host[:200]} resolves to a non-public address {info[4][0]}"
                )
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return scheme, host, port, path, infos[0]


class _PinnedConnection(http.client.HTTPSConnection):
    """HTTP(S) to the address already checked, with the host name for SNI, certificate
    checks and the Host header."""

    def __init__(self, host, port, *, info, tls: bool, timeout: float):
        self._info = info
        self._tls = tls
        self._ssl_context = ssl.create_default_context()
        super().__init__(host, port, timeout=timeout, context=self._ssl_context)

    def connect(self):
        family, socktype, proto, _, sockaddr = self._info
        sock = socket.socket(family, socktype, proto)
        try:
            sock.settimeout(self.timeout)
            sock.connect(sockaddr)
        except BaseException:
            sock.close()
            raise
        if self._tls:
            sock = self._ssl_context.wrap_socket(sock, server_hostname=self.host)
        self.sock = sock


def _download(url: str) -> _Download:
    scheme, host, port, path, info = _target(url)
    max_bytes = int(_setting("ATTACHMENT_FETCH_MAX_BYTES", DEFAULT_MAX_BYTES))
    deadline = time.monotonic() + float(_setting("ATTACHMENT_FETCH_TIMEOUT", 30))

    def remaining() -> float:
        left = deadline - time.monotonic()
        if left <= 0:
            raise FetchTransient("timed out")
        return left

    connect_timeout = min(float(_setting("ATTACHMENT_FETCH_CONNECT_TIMEOUT", 5)), remaining())
    conn = _PinnedConnection(host, port, info=info, tls=scheme == "https", timeout=connect_timeout)
    tmp = tempfile.NamedTemporaryFile(prefix="attachment-", delete=False)  # noqa: SIM115
    try:
        try:
            conn.connect()
            # The response keeps the socket after a "Connection: close" reply; so do we.
            sock = conn.sock
            sock.settimeout(remaining())
            conn.putrequest("GET", path, skip_accept_encoding=True)
            conn.putheader("User-Agent", USER_AGENT)
            conn.putheader("Accept", "*/*")
            conn.putheader("Accept-Encoding", "identity")
            conn.putheader("Connection", "close")
            conn.endheaders()
            response = conn.getresponse()
            if 300 <= response.status < 400:
                raise FetchRefused(f"refused: redirect (HTTP {response.status}) not followed")
            if response.status != 200:
                raise FetchRefused(f"HTTP {response.status} {response.reason}"[:300])
            declared = response.getheader("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise FetchRefused(f"too large: {declared} bytes (limit {max_bytes})")
            content_type = (response.getheader("Content-Type") or "")[:100]
            digest, size = hashlib.sha256(), 0
            while True:
                sock.settimeout(remaining())
                chunk = response.read1(CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                if size > max_bytes:
                    raise FetchRefused(f"too large: more than {max_bytes} bytes")
                digest.update(chunk)
                tmp.write(chunk)
            remaining()
        except TimeoutError as exc:
            raise FetchTransient("timed out") from exc
        except (ConnectionError, http.client.HTTPException, ssl.SSLError, OSError) as exc:
            if isinstance(exc, ssl.SSLCertVerificationError):
                raise FetchRefused(f"refused: TLS certificate not valid ({exc})"[:300]) from exc
            raise FetchTransient(f"connection failed: {exc}"[:300]) from exc
        finally:
            conn.close()
        tmp.close()
        return _Download(tmp.name, digest.hexdigest(), size, content_type)
    except BaseException:
        tmp.close()
        _unlink(tmp.name)
        raise


def _unlink(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


def _extension(content_type: str, media_type: str) -> str:
    for value in (content_type, media_type):
        kind = (value or "").split(";")[0].strip().lower()
        if kind in EXTENSIONS:
            return EXTENSIONS[kind]
    return ".bin"


def attachment_fetch(*, attachment_id: int) -> Attachment:
    """Fetch and store one attachment's copy. Idempotent: an attachment that already has a
    stored copy is returned untouched. A failure is recorded in `fetch_error` (and audited),
    never raised; `attachment.fetch_retryable` tells the caller whether trying again later
    may help (timeouts, connection failures)."""
    attachment = Attachment.objects.select_related("comment").get(pk=attachment_id)
    attachment.fetch_retryable = False
    if attachment.file:
        return attachment
    try:
        download = _download(attachment.source_url)
    except (FetchRefused, FetchTransient) as exc:
        return _record_failure(attachment_id, str(exc), retryable=isinstance(exc, FetchTransient))
    try:
        return _record_copy(attachment_id, download)
    finally:
        _unlink(download.path)


@transaction.atomic
def _record_copy(attachment_id: int, download: _Download) -> Attachment:
    attachment = (
        Attachment.objects.select_for_update().select_related("comment").get(pk=attachment_id)
    )
    attachment.fetch_retryable = False
    if attachment.file:  # stored meanwhile by a concurrent run
        return attachment
    now = timezone.now()
    ext = _extension(download.content_type, attachment.media_type)
    name = f"attachments/{now:%Y}/{now:%m}/{attachment.pk}-{download.sha256[:12]}{ext}"
    with open(download.path, "rb") as handle:
        stored_name = default_storage.save(name, File(handle, name=name))
    attachment.file.name = stored_name
    attachment.sha256 = download.sha256
    attachment.size = download.size
    attachment.fetch_error = ""
    fields = ["file", "sha256", "size", "fetch_error"]
    if not attachment.media_type and download.content_type:
        attachment.media_type = download.content_type.split(";")[0].strip().lower()[:100]
        fields.append("media_type")
    attachment._history_user = None
    attachment.save(update_fields=fields)
    audit_record(
        actor=None,
        verb=AuditVerb.ATTACHMENT_FETCHED,
        target=attachment,
        site_id=attachment.comment.site_id,
        data={
            "comment_id": attachment.comment_id,
            "source_host": (urlsplit(attachment.source_url).hostname or "")[:200],
            "file": stored_name,
            "sha256": download.sha256,
            "size": download.size,
            "server_content_type": download.content_type,
        },
    )
    return attachment


@transaction.atomic
def _record_failure(attachment_id: int, reason: str, *, retryable: bool) -> Attachment:
    attachment = (
        Attachment.objects.select_for_update().select_related("comment").get(pk=attachment_id)
    )
    attachment.fetch_retryable = retryable
    if attachment.file:
        return attachment
    attachment.fetch_error = reason[:500]
    attachment._history_user = None
    attachment.save(update_fields=["fetch_error"])
    audit_record(
        actor=None,
        verb=AuditVerb.ATTACHMENT_FETCH_FAILED,
        target=attachment,
        site_id=attachment.comment.site_id,
        data={
            "comment_id": attachment.comment_id,
            "source_host": (urlsplit(attachment.source_url).hostname or "")[:200],
            "reason": attachment.fetch_error,
            "retryable": retryable,
        },
    )
    return attachment
