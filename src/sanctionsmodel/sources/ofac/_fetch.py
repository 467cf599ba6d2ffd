"""Download OFAC's current files: checksums, conditional requests, a progress bar."""

from __future__ import annotations

import errno
import hashlib
import http.client
import json
import os
import stat
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TextIO

import attrs

from sanctionsmodel.exceptions import InvalidValueError, SourceError, TruncatedPublicationError
from sanctionsmodel.sources.ofac._safexml import without_end_byte

#: OFAC's Sanctions List Service download address (the old treasury.gov
#: addresses redirect there).
DEFAULT_BASE_URL = "https://sanctionslistservice.ofac.treas.gov/api/download/"
#: The files fetched by default: both CSV sets.  Add ``SDN_ADVANCED.XML``
#: (about 120 MB) for per-list entry dates.
DEFAULT_FILES = (
    "SDN.CSV",
    "ADD.CSV",
    "ALT.CSV",
    "SDN_COMMENTS.CSV",
    "CONS_PRIM.CSV",
    "CONS_ADD.CSV",
    "CONS_ALT.CSV",
    "CONS_COMMENTS.CSV",
)
#: The state file kept beside the downloads (ETag, Last-Modified, sha256).
STATE_FILE = ".ofac-fetch.json"
_CHUNK = 1 << 16
_NOT_MODIFIED = 304
#: The headers that make a request conditional, which alone may get a 304.
_CONDITIONAL = frozenset({"If-None-Match", "If-Modified-Since"})
_BAR = 30


@attrs.frozen(kw_only=True)
class FetchResult:
    """What :func:`fetch` did for one file.

    Attributes:
        name: The file name as requested (``SDN.CSV``).
        path: Where the file is (the name in lower case, in the folder).
        url: The address asked.
        status: ``downloaded`` or ``not-modified`` (the server answered 304).
        sha256: The hex SHA-256 of the file on disk.
        size: Its size in bytes.
        etag: The server's ETag, if it sent one.
        last_modified: The server's Last-Modified, if it sent one.
    """

    name: str
    path: Path
    url: str
    status: str
    sha256: str
    size: int
    etag: str | None = None
    last_modified: str | None = None


#: The mode of a new file before the umask (what ``open`` gives).
_NEW_FILE_MODE = 0o666


def _check_whole(path: Path, name: str, url: str) -> None:
    """Refuse a downloaded file whose end shows it cut (before it replaces a good copy).

    A CSV file ends with a line break (and maybe OFAC's 0x1A), an XML file
    with the ``>`` of its root's end tag; a server that sends a cut file with
    a matching Content-Length passes the size check but not this one.

    Raises:
        TruncatedPublicationError: If the file ends mid-line or mid-element.
    """
    with path.open("rb") as fh:
        fh.seek(max(0, path.stat().st_size - 64))
        tail = without_end_byte(fh.read())
    lower = name.lower()
    if lower.endswith(".csv") and not tail.endswith(b"\n"):
        msg = "the file ends in the middle of a line: the download is truncated"
        raise TruncatedPublicationError(msg, path=url)
    if lower.endswith(".xml") and not tail.rstrip().endswith(b">"):
        msg = "the file ends inside the XML: the download is truncated"
        raise TruncatedPublicationError(msg, path=url)


def _umask() -> int:
    """The process's umask (read by setting it, then set back at once)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(_CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def _check_name(name: str) -> None:
    """Refuse a file name that would be saved outside the folder, or over its state file.

    Raises:
        InvalidValueError: For a name with a folder in it, or one starting with a dot.
    """
    if not name or "/" in name or "\\" in name or name.startswith(".") or "\0" in name:
        msg = (
            f"file {name!r}: expected a file name on the server, such as SDN.CSV: "
            "no folder (/ or \\) and no leading dot, for it is saved in the folder under that name"
        )
        raise InvalidValueError(msg)


def _make_folder(folder: Path) -> None:
    """Make ``folder`` if it is not there; a link to none is made where it points."""
    try:
        mode = folder.stat().st_mode
    except FileNotFoundError:
        Path(os.path.realpath(folder)).mkdir(parents=True, exist_ok=True)
        return
    # Other errors (a loop of links, a file above it) name the folder as they are.
    if not stat.S_ISDIR(mode):
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(folder))


def _load_state(folder: Path) -> dict[str, dict[str, str | int | None]]:
    path = folder / STATE_FILE
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


class _Progress:
    """A one-line text progress bar, drawn only on a terminal."""

    def __init__(self, name: str, total: int | None, stream: TextIO | None) -> None:
        self.name, self.total, self.stream, self.done = name, total, stream, 0

    def update(self, count: int) -> None:
        self.done += count
        if self.stream is None:
            return
        mb = self.done / 1e6
        if self.total:
            filled = min(_BAR, _BAR * self.done // self.total)
            share = 100 * self.done // self.total
            line = (
                f"\r{self.name:<20} [{'#' * filled}{' ' * (_BAR - filled)}] {share:3d}% {mb:.1f} MB"
            )
        else:
            line = f"\r{self.name:<20} {mb:.1f} MB"
        self.stream.write(line)
        self.stream.flush()

    def close(self) -> None:
        if self.stream is not None:
            self.stream.write("\n")
            self.stream.flush()


def _request(url: str, headers: dict[str, str], timeout: float) -> urllib.request.Request:
    scheme = urllib.parse.urlsplit(url).scheme
    if scheme not in ("http", "https"):
        msg = f"only http and https addresses are fetched, got {scheme!r}"
        raise SourceError(msg, path=url)
    del timeout
    return urllib.request.Request(url, headers=headers)  # noqa: S310 - scheme checked above


def fetch(
    dest_dir: str | os.PathLike[str],
    *,
    base_url: str = DEFAULT_BASE_URL,
    files: Sequence[str] = DEFAULT_FILES,
    progress: bool | None = None,
    timeout: float = 60.0,
) -> tuple[FetchResult, ...]:
    """Download OFAC files into a folder, skipping those the server says are unchanged.

    Each file is saved under its lower-case name, so the folder reads with
    :func:`~sanctionsmodel.sources.ofac.read`.  ETag, Last-Modified, size
    and SHA-256 are kept in ``.ofac-fetch.json`` beside the files; the next
    call sends ``If-None-Match`` / ``If-Modified-Since`` and keeps a file on
    ``304 Not Modified`` (after checking its checksum).  A download goes to
    a temporary file and replaces the old one only when complete.

    Args:
        dest_dir: The folder (created if missing).
        base_url: The address the file names are joined to.
        files: The file names to fetch.
        progress: Draw a progress bar on stderr; ``None`` draws one only
            when stderr is a terminal.
        timeout: Seconds to wait on the network.

    Returns:
        One result per file, in the order asked.

    Raises:
        SourceError: If a download fails (HTTP error, network error, a
            ``304 Not Modified`` to a request that was not conditional) or
            the address is not http(s).
        InvalidValueError: If a file name holds a folder (``../x.csv``,
            ``sub/X.CSV``) or starts with a dot: it would be saved elsewhere.
        TruncatedPublicationError: If a file arrives empty or shorter than
            its Content-Length; the old file is kept.
    """
    if isinstance(files, str):
        files = (files,)  # one name, not its letters
    for name in files:
        _check_name(name)
    folder = Path(dest_dir)
    _make_folder(folder)
    state = _load_state(folder)
    show = sys.stderr.isatty() if progress is None else progress
    results: list[FetchResult] = []
    base = base_url if base_url.endswith("/") else base_url + "/"
    for name in files:
        url = urllib.parse.urljoin(base, name)
        target = folder / name.lower()
        known = state.get(name, {})
        headers = {"User-Agent": "sanctionsmodel"}
        if target.is_file() and known.get("sha256") == _sha256(target):
            if known.get("etag"):
                headers["If-None-Match"] = str(known["etag"])
            if known.get("last_modified"):
                headers["If-Modified-Since"] = str(known["last_modified"])
        result = _fetch_one(
            name, url=url, target=target, headers=headers, timeout=timeout, show=show
        )
        if result is None:
            if not _CONDITIONAL.intersection(headers):
                # 304 answers a conditional request only: without one there is
                # no checked copy on disk to keep, so the answer is meaningless.
                msg = (
                    "the server answered 304 Not Modified to a request that was not "
                    "conditional (no copy of the file is kept here to compare with): "
                    "the server or a proxy between misbehaves; nothing was written"
                )
                raise SourceError(msg, path=url)
            result = FetchResult(
                name=name,
                path=target,
                url=url,
                status="not-modified",
                sha256=str(known["sha256"]),
                size=target.stat().st_size,
                etag=_opt(known.get("etag")),
                last_modified=_opt(known.get("last_modified")),
            )
        state[name] = {
            "url": url,
            "etag": result.etag,
            "last_modified": result.last_modified,
            "sha256": result.sha256,
            "size": result.size,
            "checked": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        results.append(result)
        (folder / STATE_FILE).write_text(json.dumps(state, indent=2, sort_keys=True), "utf-8")
    return tuple(results)


def _opt(value: object) -> str | None:
    return None if value is None else str(value)


def _received(response: IO[bytes], url: str) -> bytes:
    """The next block of a download; b"" at its end.

    Raises:
        SourceError: If the connection fails while the file arrives.
    """
    try:
        return response.read(_CHUNK)
    except (OSError, http.client.HTTPException) as exc:  # IncompleteRead: a chunk cut
        msg = f"download failed while the file arrived: {exc}"
        raise SourceError(msg, path=url) from None


@contextmanager
def _about(target: Path) -> Iterator[None]:
    """An error of the file system while ``target`` is written names it.

    The download is written to a temporary file beside it and renamed: the
    error of a full disk names no file, and the rename's names the
    temporary one, which is gone by the time it is read.
    """
    try:
        yield
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror or str(exc), str(target)) from None


def _fetch_one(
    name: str,
    *,
    url: str,
    target: Path,
    headers: dict[str, str],
    timeout: float,
    show: bool,
) -> FetchResult | None:
    """Download one file; ``None`` when the server answers 304."""
    request = _request(url, headers, timeout)
    try:
        response = urllib.request.urlopen(request, timeout=timeout)  # noqa: S310 - http(s) only, checked in _request
    except urllib.error.HTTPError as exc:
        if exc.code == _NOT_MODIFIED:
            return None
        msg = f"HTTP {exc.code} {exc.reason}"
        raise SourceError(msg, path=url) from None
    except (urllib.error.URLError, OSError) as exc:
        msg = f"download failed: {exc}"
        raise SourceError(msg, path=url) from None
    with response:
        length = response.headers.get("Content-Length")
        total = int(length) if length and length.isascii() and length.isdigit() else None
        bar = _Progress(name, total, sys.stderr if show else None)
        digest = hashlib.sha256()
        size = 0
        fd, tmp_name = tempfile.mkstemp(prefix=".part-", dir=target.parent)
        tmp = Path(tmp_name)
        try:
            with _about(target), os.fdopen(fd, "wb") as out:
                while block := _received(response, url):
                    out.write(block)
                    digest.update(block)
                    size += len(block)
                    bar.update(len(block))
            bar.close()
            if size == 0:
                raise TruncatedPublicationError("the server sent an empty file", path=url)
            if total is not None and size != total:
                msg = f"received {size} bytes of {total}: the download is truncated"
                raise TruncatedPublicationError(msg, path=url)
            _check_whole(tmp, name, url)
            # mkstemp makes the file private (0600); a downloaded publication
            # gets the mode any new file of the user gets.
            with _about(target):
                tmp.chmod(_NEW_FILE_MODE & ~_umask())
                tmp.replace(target)
        finally:
            tmp.unlink(missing_ok=True)
        return FetchResult(
            name=name,
            path=target,
            url=url,
            status="downloaded",
            sha256=digest.hexdigest(),
            size=size,
            etag=response.headers.get("ETag"),
            last_modified=response.headers.get("Last-Modified"),
        )
