"""Where agency documents come from: a file, a drop folder, or an http(s) URL.

Every transport yields :class:`Document`s (bytes plus the base that relative photo references
resolve against). Remote fetching is deliberately strict: only http and https, every redirect hop
checked on its own, private, loopback, link-local and cloud-metadata addresses refused unless
``INGEST_ALLOW_PRIVATE_URLS`` is true, timeouts, and a byte limit counted after decompression so a
small gzip bomb cannot grow into gigabytes.
"""

import contextlib
import email.utils
import ipaddress
import math
import os
import socket
import threading
import time
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import httpx

from .limits import (
    allowed_private_hosts,
    http_deadline,
    http_timeout,
    max_document_bytes,
    max_photo_bytes,
    max_redirects,
    private_urls_allowed,
)

DOCUMENT_SUFFIXES = {
    ".xml",
    ".nitf",
    ".rss",
    ".atom",
    ".json",
    ".ninjs",
    ".newsml",
    ".g2",
    ".rdf",
    ".txt",
    "",
}
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
RETRY_LATER_STATUSES = {429, 503}
# A server may ask for a pause, not park a feed for a month: a day at most, then we ask again.
LONGEST_RETRY_AFTER = 24 * 3600
USER_AGENT = "newsroom-ingest/1.0"
CHUNK = 64 * 1024


class TransportError(Exception):
    """A document or photo that could not be fetched, with the reason. ``retry_after``: seconds the
    server asked us to wait before asking again (503 or 429 with ``Retry-After``), else None."""

    def __init__(self, reason, *, source="", retry_after=None):
        super().__init__(reason)
        self.reason = reason
        self.source = source
        self.retry_after = retry_after

    def __str__(self):
        return f"{self.source}: {self.reason}" if self.source else self.reason


@dataclass(frozen=True)
class Document:
    """One fetched document. ``not_modified`` means the server answered 304 (no ``content``)."""

    name: str
    content: bytes
    base: str
    etag: str = ""
    last_modified: str = ""
    content_type: str = ""
    not_modified: bool = False
    # The key the feed was fetched with: pictures and bodies it references at the feed's own origin
    # are fetched with it too (:func:`read_reference`). Never printed.
    credentials: dict | None = field(default=None, repr=False, compare=False)


def is_url(source):
    return "://" in str(source) and urlsplit(str(source)).scheme.lower() not in {"", "file"}


def documents_from(source, *, etag="", last_modified="", credentials=None):
    """Documents of ``source``: a file path, a folder (every document in it) or an http(s) URL
    (``credentials``: headers carrying a key, see :func:`fetch`)."""
    text = str(source)
    if is_url(text):
        yield fetch_document(text, etag=etag, last_modified=last_modified, credentials=credentials)
        return
    path = Path(text)
    if path.is_dir():
        yield from folder_documents(path)
    elif path.is_file():
        yield read_document(path)
    else:
        raise TransportError("no such file or folder", source=text)


def folder_documents(folder):
    """Every document in ``folder``, read one at a time (photos beside them are skipped).

    Names are listed first (cheap even for 10,000 files) and each file is read only when its turn
    comes, so memory holds one document at a time.
    """
    folder = Path(folder)
    names = sorted(
        entry.name
        for entry in os.scandir(folder)
        if entry.is_file()
        and not entry.name.startswith(".")
        and Path(entry.name).suffix.lower() in DOCUMENT_SUFFIXES
    )
    for name in names:
        yield read_document(folder / name)


def read_document(path):
    path = Path(path)
    return Document(name=str(path), content=read_local(path, max_document_bytes()), base=str(path.parent))


def read_local(path, limit):
    try:
        size = path.stat().st_size
        if size > limit:
            raise TransportError(
                f"the file is {size:,} bytes, more than the {limit:,}-byte limit", source=str(path)
            )
        with path.open("rb") as handle:
            # Sized by the file, not the limit: read(limit) reserves the whole limit (64 MB) at once.
            content = handle.read(size + 1)
            if len(content) > size:  # it grew since stat(): read on, up to just past the limit
                content += handle.read(limit + 1 - len(content))
    except OSError as error:
        raise TransportError(f"cannot read the file: {error.strerror or error}", source=str(path)) from None
    if len(content) > limit:
        raise TransportError(
            f"the file grew past the {limit:,}-byte limit while being read", source=str(path)
        )
    return content


def refused_address_reason(address):
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if ip.is_unspecified:
        return "not a public internet address"
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address (cloud metadata lives there)"
    if ip.is_private:
        return "a private network address"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.is_site_local:
            return "a private network address"
        embedded = ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is not None and refused_address_reason(str(embedded)):
            return "an IPv6 tunnel address wrapping a non-public IPv4 address"
    if ip.is_multicast or ip.is_reserved or ip.is_unspecified or not ip.is_global:
        return "not a public internet address"
    return ""


def check_url(url):
    """Refuse what must never be fetched: other schemes, and internal hosts unless allowed."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in {"http", "https"}:
        raise TransportError(
            f"only http and https URLs can be fetched, not {parts.scheme or 'a relative'!r} ones", source=url
        )
    if not parts.hostname:
        raise TransportError("the URL names no host", source=url)
    if parts.username or parts.password:
        raise TransportError("URLs with credentials in them are refused", source=url)
    if private_urls_allowed() or is_allowed_private_host(parts):
        return
    try:
        addresses = {
            info[4][0]
            for info in socket.getaddrinfo(parts.hostname, parts.port or None, type=socket.SOCK_STREAM)
        }
    except (socket.gaierror, UnicodeError) as error:
        raise TransportError(f"the host {parts.hostname!r} cannot be resolved: {error}", source=url) from None
    for address in addresses:
        reason = refused_address_reason(address.split("%", 1)[0])
        if reason:
            raise TransportError(
                f"the host {parts.hostname!r} resolves to {address}, {reason}; "
                "set INGEST_ALLOW_PRIVATE_URLS=true to fetch from internal hosts",
                source=url,
            )


def is_allowed_private_host(parts):
    allowed = allowed_private_hosts()
    if not allowed:
        return False
    host = parts.hostname.lower()
    port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    return host in allowed or f"{host}:{port}" in allowed


class Deadline:
    """The end of a whole fetch. When it passes, every connection the fetch opened is shut down,
    so a read blocked on a server that drips headers or body byte by byte returns at once."""

    def __init__(self, seconds):
        self.seconds = seconds
        self.ends_at = time.monotonic() + seconds
        self.expired = False
        self.sockets = []
        self.lock = threading.Lock()
        self.timer = threading.Timer(seconds, self.expire)
        self.timer.daemon = True

    def __enter__(self):
        self.timer.start()
        return self

    def __exit__(self, *exc):
        self.timer.cancel()

    def tracer(self, url):
        """An httpx trace hook for a request to ``url``: remember each new connection's socket, and
        check the address it actually reached before a byte is sent. The name was checked before
        connecting, but DNS may answer differently the second time (rebinding)."""

        def trace(event, info):
            if event != "connection.connect_tcp.complete" or info.get("return_value") is None:
                return
            sock = info["return_value"].get_extra_info("socket")
            if sock is None:
                return
            with self.lock:
                self.sockets.append(sock)
                if self.expired:
                    self.shut(sock)
            check_connected_address(url, sock)

        return trace

    def expire(self):
        with self.lock:
            self.expired = True
            for sock in self.sockets:
                self.shut(sock)

    @staticmethod
    def shut(sock):
        with contextlib.suppress(OSError):  # already closed
            sock.shutdown(socket.SHUT_RDWR)

    def check(self, source):
        if self.expired or time.monotonic() > self.ends_at:
            raise self.error(source)

    def error(self, source):
        return TransportError(
            f"the transfer took longer than {self.seconds:g} seconds in all (INGEST_HTTP_DEADLINE)",
            source=source,
        )


def check_connected_address(url, sock):
    parts = urlsplit(url)
    if private_urls_allowed() or is_allowed_private_host(parts):
        return
    try:
        address = sock.getpeername()[0]
    except OSError:
        return  # not connected after all: nothing can be sent
    reason = refused_address_reason(address.split("%", 1)[0])
    if reason:
        Deadline.shut(sock)
        raise TransportError(
            f"the host {parts.hostname!r} answered from {address}, {reason}; nothing was sent to it",
            source=url,
        )


def fetch_document(url, *, etag="", last_modified="", limit=None, credentials=None):
    """GET ``url`` with every safeguard; a 304 answer gives a ``not_modified`` document."""
    limit = max_document_bytes() if limit is None else limit
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    response_headers, content, final_url, status = fetch(
        url, headers=headers, limit=limit, credentials=credentials
    )
    return Document(
        name=url,
        content=content,
        base=final_url,
        etag=response_headers.get("etag", ""),
        last_modified=response_headers.get("last-modified", ""),
        content_type=response_headers.get("content-type", ""),
        not_modified=status == 304,
        credentials=credentials,
    )


def origin(address):
    """An address's scheme, host and port (the scheme's own port when it names none)."""
    parts = urlsplit(address)
    scheme = parts.scheme.lower()
    return scheme, parts.hostname, parts.port or {"http": 80, "https": 443}.get(scheme)


def fetch(url, *, headers=None, limit, credentials=None):
    """(headers, body, final URL, status) for ``url``; redirects followed one checked hop at a time.

    ``credentials`` (headers carrying a feed's key) go only to ``url``'s own scheme, host and port:
    a redirect elsewhere, or from https to http, is followed without them, so a key is never handed
    to a host the wire desk did not name."""
    plain_headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate", **(headers or {})}
    timeout = httpx.Timeout(http_timeout())
    current = url
    with (
        Deadline(http_deadline()) as deadline,
        httpx.Client(follow_redirects=False, timeout=timeout, trust_env=False) as client,
    ):
        for _hop in range(max_redirects() + 1):
            deadline.check(current)
            check_url(current)
            request_headers = plain_headers
            if credentials and origin(current) == origin(url):
                request_headers = {**plain_headers, **credentials}
            try:
                with client.stream(
                    "GET", current, headers=request_headers, extensions={"trace": deadline.tracer(current)}
                ) as response:
                    if response.status_code in REDIRECT_STATUSES and response.headers.get("location"):
                        current = urljoin(current, response.headers["location"])
                        continue
                    if response.status_code == 304:
                        return response.headers, b"", current, 304
                    if response.status_code >= 400:
                        raise refusal(response, current)
                    return (
                        response.headers,
                        read_limited(response, limit, current, deadline),
                        current,
                        response.status_code,
                    )
            except httpx.TimeoutException:
                if deadline.expired:
                    raise deadline.error(current) from None
                raise TransportError(f"no answer within {http_timeout():g} seconds", source=current) from None
            except httpx.HTTPError as error:
                if deadline.expired:
                    raise deadline.error(current) from None
                raise TransportError(f"the request failed: {broken_off(error)}", source=current) from None
    raise TransportError(f"more than {max_redirects()} redirects", source=url)


def broken_off(error):
    """Words for a transfer that failed below HTTP: refused, reset, or an answer cut short."""
    detail = str(error) or type(error).__name__
    if isinstance(error, httpx.ConnectError):
        return f"the connection could not be made ({detail})"
    if isinstance(error, httpx.ReadError | httpx.WriteError):
        return f"the connection was reset ({detail})"
    if isinstance(error, httpx.RemoteProtocolError):
        return (
            f"the connection was closed before the whole answer arrived, or the answer was garbled ({detail})"
        )
    return detail


def refusal(response, source):
    """The error for an HTTP error answer, with the server's wish to be asked later (503, 429)."""
    status = response.status_code
    phrase = " ".join(str(response.reason_phrase or "").split())[:60]
    reason = f"the server answered HTTP {status}" + (f" ({phrase})" if phrase else "")
    retry_after = None
    if status in RETRY_LATER_STATUSES:
        retry_after = retry_after_seconds(response.headers.get("retry-after", ""))
        if retry_after:
            reason += f"; it asks us to retry after {retry_after} seconds, and the feed waits that long"
    return TransportError(reason, source=source, retry_after=retry_after)


def retry_after_seconds(value, now=None):
    """Seconds from a ``Retry-After`` header (a number, or an HTTP date), at most a day; None when
    the header is absent, unreadable or already past."""
    value = value.strip()
    if value.isdigit():
        seconds = int(value[:12])
    else:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = math.ceil((when - (now or datetime.now(UTC))).total_seconds())
    return min(seconds, LONGEST_RETRY_AFTER) if seconds > 0 else None


def read_limited(response, limit, source, deadline=None):
    """The decoded body, refused as soon as it passes ``limit`` bytes (compressed or not)."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise TransportError(
            f"the server announces {int(declared):,} bytes, more than the {limit:,}-byte limit", source=source
        )
    encoding = response.headers.get("content-encoding", "identity").strip().lower()
    if encoding in {"gzip", "x-gzip", "deflate"}:
        decompressor = zlib.decompressobj(47 if encoding != "deflate" else 15)
    elif encoding in {"identity", ""}:
        decompressor = None
    else:
        raise TransportError(f"unsupported content encoding {encoding!r}", source=source)
    received = bytearray()
    too_big = TransportError(
        f"the content is larger than the {limit:,}-byte limit (after decompression)", source=source
    )
    try:
        for chunk in response.iter_raw(CHUNK):
            if deadline is not None:
                deadline.check(source)
            if decompressor is None:
                received += chunk
            else:
                pending = chunk
                while pending:
                    # max_length keeps one tiny compressed chunk from inflating past the limit
                    received += decompressor.decompress(pending, limit + 1 - len(received))
                    pending = decompressor.unconsumed_tail
                    if len(received) > limit:
                        raise too_big
            if len(received) > limit:
                raise too_big
        if deadline is not None:
            deadline.check(source)  # a connection shut at the deadline ends the body early
        if decompressor is not None:
            received += decompressor.flush()
    except zlib.error as error:
        raise TransportError(f"the compressed content is corrupt: {error}", source=source) from None
    if len(received) > limit:
        raise too_big
    return bytes(received)


def resolve_reference(base, href):
    """Where a photo reference points: an absolute URL, or a local path inside ``base``'s folder.

    ``file:///./name`` (relative, as some agencies write it) resolves like ``name``; absolute
    ``file:`` paths and unfetchable schemes (``tag:``, ``urn:``, ``data:``) are refused.
    """
    href = (href or "").strip()
    if not href:
        raise TransportError("the photo reference is empty", source=base)
    scheme = urlsplit(href).scheme.lower()
    if scheme == "file":
        path_part = unquote(urlsplit(href).path)
        if not path_part.startswith("/./"):
            raise TransportError("absolute file: references are refused", source=href)
        href = path_part[3:].strip()
        scheme = ""
    if scheme in {"http", "https"}:
        return href
    if scheme and len(scheme) > 1:  # one letter would be a Windows drive; those are refused below anyway
        raise TransportError(f"a {scheme!r} reference names no file that can be fetched", source=href)
    if is_url(base):
        return urljoin(base, href)
    folder = Path(base).resolve()
    candidate = (folder / unquote(href).strip()).resolve()
    if folder != candidate and folder not in candidate.parents:
        raise TransportError("the reference points outside the document's folder", source=href)
    return str(candidate)


def read_reference(document, href, *, limit=None):
    """The bytes a photo reference in ``document`` points to, with the photo size limit."""
    limit = max_photo_bytes() if limit is None else limit
    base = document.base if isinstance(document, Document) else str(document)
    location = resolve_reference(base, href)
    if is_url(location):
        credentials = getattr(document, "credentials", None)
        if credentials and origin(location) != origin(document.name):
            credentials = None  # a picture elsewhere than the agency's own server gets no key
        _headers, content, _final, _status = fetch(location, limit=limit, credentials=credentials)
        return content
    return read_local(Path(location), limit)
