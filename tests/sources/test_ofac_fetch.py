"""fetch: downloads from a local HTTP server, conditional requests, checksums."""

from __future__ import annotations

import hashlib
import io
import json
import os
import socket
import stat
import struct
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from sanctionsmodel.exceptions import InvalidValueError, SourceError, TruncatedPublicationError
from sanctionsmodel.sources.ofac import fetch, read
from sanctionsmodel.sources.ofac._fetch import STATE_FILE


class _Handler(SimpleHTTPRequestHandler):
    """Serves files with an ETag and answers If-None-Match with 304.

    Keeps the headers of each request in ``server.requests``.
    """

    def log_message(self, *args):
        pass

    def send_head(self):
        self.server.requests.append(dict(self.headers))
        path = self.translate_path(self.path)
        try:
            body = Path(path).read_bytes()
        except OSError:
            self.send_error(404)
            return None
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return None
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", "Tue, 03 Dec 2024 10:00:00 GMT")
        self.end_headers()
        return io.BytesIO(body)


class _Always304(_Handler):
    """A broken server (or proxy) that answers 304 to every request."""

    def send_head(self):
        self.server.requests.append(dict(self.headers))
        self.send_response(304)
        self.end_headers()


def _start(root, handler):
    """Serve ``root`` on 127.0.0.1 with ``handler``, in a thread; the caller shuts it down."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(root)))
    httpd.requests = []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    return httpd


@pytest.fixture
def server(tmp_path):
    """A local HTTP server on 127.0.0.1 serving a folder: the folder, its address, its requests."""
    root = tmp_path / "served"
    root.mkdir()
    httpd = _start(root, _Handler)
    yield root, f"http://127.0.0.1:{httpd.server_address[1]}/api/download/", httpd.requests
    httpd.shutdown()
    httpd.server_close()


def _serve(root, data):
    folder = root / "api" / "download"
    folder.mkdir(parents=True)
    src = data / "cons-csv-2025-12"
    for name in ("cons_prim.csv", "cons_add.csv", "cons_alt.csv", "cons_comments.csv"):
        (folder / name.upper()).write_bytes((src / name).read_bytes())
    return folder


FILES = ("CONS_PRIM.CSV", "CONS_ADD.CSV", "CONS_ALT.CSV", "CONS_COMMENTS.CSV")


def test_download_then_not_modified(server, tmp_path, data):
    """The first call downloads with checksums; the second gets 304 for each file."""
    root, url, _ = server
    _serve(root, data)
    dest = tmp_path / "dest"
    first = fetch(dest, base_url=url, files=FILES, progress=False)
    second = fetch(dest, base_url=url, files=FILES, progress=False)
    expected = hashlib.sha256(
        (data / "cons-csv-2025-12" / "cons_prim.csv").read_bytes()
    ).hexdigest()
    assert [r.status for r in first] == ["downloaded"] * 4
    assert [r.status for r in second] == ["not-modified"] * 4
    assert first[0].sha256 == second[0].sha256 == expected
    assert json.loads((dest / STATE_FILE).read_text())["CONS_PRIM.CSV"]["sha256"] == expected
    assert len(read(dest, observed="2025-12-19").entities) == 442


def test_downloaded_file_has_the_usual_mode(server, tmp_path, data):
    """A downloaded file gets the mode of any new file (0666 less the umask), not 0600."""
    root, url, _ = server
    _serve(root, data)
    mask = os.umask(0o027)
    try:
        (result,) = fetch(tmp_path / "dest", base_url=url, files=FILES[:1], progress=False)
    finally:
        os.umask(mask)
    assert stat.S_IMODE(result.path.stat().st_mode) == 0o640


def test_changed_file_downloaded_again(server, tmp_path, data):
    """A file whose content (ETag) changed is downloaded again."""
    root, url, _ = server
    folder = _serve(root, data)
    dest = tmp_path / "dest"
    fetch(dest, base_url=url, files=FILES[:1], progress=False)
    path = folder / "CONS_PRIM.CSV"
    path.write_bytes(path.read_bytes().replace(b"\x1a", b""))
    assert [r.status for r in fetch(dest, base_url=url, files=FILES[:1], progress=False)] == [
        "downloaded"
    ]


def test_local_edit_forces_download(server, tmp_path, data):
    """A local file that no longer matches its checksum is fetched unconditionally."""
    root, url, _ = server
    _serve(root, data)
    dest = tmp_path / "dest"
    fetch(dest, base_url=url, files=FILES[:1], progress=False)
    (dest / "cons_prim.csv").write_bytes(b"tampered")
    assert fetch(dest, base_url=url, files=FILES[:1], progress=False)[0].status == "downloaded"


def test_empty_download_refused(server, tmp_path, data):
    """An empty file from the server is refused and nothing is written."""
    root, url, _ = server
    folder = _serve(root, data)
    (folder / "CONS_PRIM.CSV").write_bytes(b"")
    with pytest.raises(TruncatedPublicationError, match="empty"):
        fetch(tmp_path / "dest", base_url=url, files=FILES[:1], progress=False)
    assert not (tmp_path / "dest" / "cons_prim.csv").exists()


@pytest.mark.parametrize(
    ("name", "cut"),
    [("CONS_PRIM.CSV", -7), ("CONS_ADVANCED.XML", -30)],
)
def test_cut_download_keeps_the_good_copy(server, tmp_path, data, name, cut):
    """A file cut mid-line (or mid-element), its length matching, is refused; the old one stays."""
    root, url, _ = server
    folder = _serve(root, data)
    (folder / "CONS_ADVANCED.XML").write_bytes(
        (data / "cons-advanced-2020-03-17" / "cons_advanced.xml").read_bytes()
    )
    dest = tmp_path / "dest"
    (good,) = fetch(dest, base_url=url, files=(name,), progress=False)
    whole = good.path.read_bytes()
    (folder / name).write_bytes(whole[:cut])
    with pytest.raises(TruncatedPublicationError, match="truncated"):
        fetch(dest, base_url=url, files=(name,), progress=False)
    assert good.path.read_bytes() == whole


def test_http_error(server, tmp_path):
    """A missing file is a SourceError naming the address."""
    _, url, _ = server
    with pytest.raises(SourceError, match="HTTP 404"):
        fetch(tmp_path / "dest", base_url=url, files=["NOPE.CSV"], progress=False)


@pytest.mark.parametrize(
    "name",
    ["../escape.CSV", "sub/SDN.CSV", "..\\x.csv", "/etc/x.csv", ".ofac-fetch.json", "", ".."],
)
def test_a_name_saved_outside_the_folder_is_refused(server, tmp_path, data, name):
    """A file name is saved in the folder under that name: one with a folder in it is refused."""
    root, url, requests = server
    _serve(root, data)
    (root / "api" / "escape.CSV").write_bytes(b"served one folder up")
    dest = tmp_path / "dest"
    with pytest.raises(InvalidValueError) as info:
        fetch(dest, base_url=url, files=["CONS_PRIM.CSV", name], progress=False)
    assert str(info.value).startswith(f"file {name!r}: expected a file name on the server")
    assert (requests, dest.exists()) == ([], False)  # refused before anything is fetched
    assert not (tmp_path / "escape.csv").exists()


def test_one_name_as_a_string_is_one_file(server, tmp_path, data):
    """files="CONS_PRIM.CSV" fetches that file, not its letters."""
    root, url, _ = server
    _serve(root, data)
    (result,) = fetch(tmp_path / "dest", base_url=url, files="CONS_PRIM.CSV", progress=False)
    assert result.path == tmp_path / "dest" / "cons_prim.csv"


def test_only_http(tmp_path):
    """Only http and https addresses are fetched."""
    with pytest.raises(SourceError, match="only http"):
        fetch(tmp_path, base_url="file:///etc/", files=["passwd"], progress=False)


def test_progress_bar(server, tmp_path, data, capsys):
    """The progress bar is drawn on stderr when asked."""
    root, url, _ = server
    _serve(root, data)
    fetch(tmp_path / "dest", base_url=url, files=FILES[:1], progress=True)
    assert "CONS_PRIM.CSV" in capsys.readouterr().err


def test_second_fetch_is_conditional(server, tmp_path, data):
    """The second call sends the ETag and Last-Modified the first one got; the first sends none."""
    root, url, requests = server
    _serve(root, data)
    dest = tmp_path / "dest"
    first = fetch(dest, base_url=url, files=FILES[:1], progress=False)[0]
    fetch(dest, base_url=url, files=FILES[:1], progress=False)
    sent = [(r.get("If-None-Match"), r.get("If-Modified-Since")) for r in requests]
    assert first.etag is not None
    assert sent == [(None, None), (first.etag, "Tue, 03 Dec 2024 10:00:00 GMT")]


def test_304_to_an_unconditional_request(tmp_path):
    """A 304 with no copy kept to compare with is a SourceError; nothing is written."""
    httpd = _start(tmp_path, _Always304)
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}/"
        with pytest.raises(
            SourceError, match=r"SDN\.CSV: the server answered 304 .* not conditional"
        ):
            fetch(tmp_path / "dest", base_url=url, files=["SDN.CSV"], progress=False)
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert "If-None-Match" not in httpd.requests[0]
    assert list((tmp_path / "dest").iterdir()) == []


def test_a_file_system_error_names_the_file_being_written(server, tmp_path, data, monkeypatch):
    """Not the temporary .part file beside it, gone by the time the error is read."""
    root, url, _ = server
    _serve(root, data)
    dest = tmp_path / "dest"
    (dest / "cons_prim.csv").mkdir(parents=True)  # the rename onto it fails
    with pytest.raises(IsADirectoryError) as caught:
        fetch(dest, base_url=url, files=FILES[:1], progress=False)
    assert caught.value.filename == str(dest / "cons_prim.csv")
    assert [p.name for p in dest.iterdir()] == ["cons_prim.csv"]  # no .part file left
    # A full disk names no file; the error is given the one being written.
    (dest / "cons_prim.csv").rmdir()

    class Full(io.FileIO):
        def write(self, _block):
            raise OSError(28, os.strerror(28))

    monkeypatch.setattr(os, "fdopen", lambda fd, _mode: Full(fd, "wb"))
    with pytest.raises(OSError, match="No space left on device") as caught:
        fetch(dest, base_url=url, files=FILES[:1], progress=False)
    assert caught.value.filename == str(dest / "cons_prim.csv")
    assert list(dest.iterdir()) == []


def test_a_file_given_as_the_folder_is_not_a_directory(tmp_path):
    """An existing file as dest_dir is refused as such, before any download."""
    afile = tmp_path / "afile"
    afile.write_text("")
    with pytest.raises(NotADirectoryError) as caught:
        fetch(afile, base_url="http://127.0.0.1:9/", files=FILES[:1], progress=False)
    assert caught.value.filename == str(afile)


class _Reset(SimpleHTTPRequestHandler):
    """Sends part of a file, then resets the connection."""

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Length", "100000")
        self.end_headers()
        self.wfile.write(b'36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA"\r\n' * 10)
        self.wfile.flush()
        # SO_LINGER of 0: close sends a reset, not an orderly end.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()

    def finish(self):
        pass  # the connection is gone

    def log_message(self, *args):
        pass


class _CutChunked(SimpleHTTPRequestHandler):
    """Sends one chunk of a chunked answer, then closes without the last chunk."""

    protocol_version = "HTTP/1.1"

    def do_GET(self):
        body = b'36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA"\r\n' * 10
        self.send_response(200)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        self.wfile.write(b"%x\r\n%s\r\n" % (len(body), body))
        self.wfile.flush()
        self.close_connection = True

    def log_message(self, *args):
        pass


@pytest.mark.parametrize(
    "handler",
    [
        _Reset,
        _CutChunked,  # http.client's IncompleteRead is no OSError
    ],
)
def test_a_connection_lost_while_the_file_arrives_is_a_source_error(tmp_path, handler):
    """Named by its address, like a connection refused; nothing is written."""
    httpd = _start(tmp_path, handler)
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}/"
        with pytest.raises(SourceError, match="download failed while the file arrived") as caught:
            fetch(tmp_path / "dest", base_url=url, files=("SDN.CSV",), progress=False)
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert caught.value.path == f"{url}SDN.CSV"
    assert list((tmp_path / "dest").iterdir()) == []
