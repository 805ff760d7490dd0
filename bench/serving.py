"""The static server for a built site on 127.0.0.1, used by the tests and the benchmarks. With compression on it
sends text gzipped like a production host (for Lighthouse and the page-weight checks); compressed responses are
kept in memory."""
from __future__ import annotations

import contextlib
import gzip
import http.server
import mimetypes
import socketserver
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

COMPRESSIBLE = ("text/", "application/json", "application/javascript", "application/xml", "image/svg+xml")
TYPES = {".js": "application/javascript", ".json": "application/json", ".svg": "image/svg+xml",
         ".xml": "application/xml", ".css": "text/css", ".html": "text/html", ".txt": "text/plain",
         ".md": "text/markdown", ".csv": "text/csv", ".xhtml": "application/xhtml+xml"}


def content_type(path: Path) -> str:
    ctype = TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return ctype + "; charset=utf-8" if ctype.startswith("text/") or ctype.endswith(("json", "javascript", "xml")) else ctype


def gzipped(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=9, mtime=0)


class _Handler(http.server.BaseHTTPRequestHandler):
    root: Path
    cache: dict
    lock: threading.Lock
    compress: bool
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _file(self) -> Path | None:
        path = unquote(urlsplit(self.path).path)
        target = (self.root / path.lstrip("/")).resolve()
        if not str(target).startswith(str(self.root)):
            return None
        if target.is_dir():
            if not path.endswith("/"):
                return target  # redirected below
            target = target / "index.html"
        return target if target.is_file() else None

    def do_GET(self, head: bool = False):
        target = self._file()
        if target is not None and target.is_dir():
            self.send_response(301)
            self.send_header("Location", urlsplit(self.path).path + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        status = 200
        if target is None:
            status, target = 404, self.root / "404.html"
            lang = urlsplit(self.path).path.strip("/").split("/")[0]
            if (self.root / lang / "404.html").is_file():
                target = self.root / lang / "404.html"
            if not target.is_file():
                self.send_error(404)
                return
        ctype = content_type(target)
        body = target.read_bytes()
        encoding = None
        if self.compress and "gzip" in self.headers.get("Accept-Encoding", "") and ctype.startswith(COMPRESSIBLE):
            key = (str(target), target.stat().st_mtime_ns)
            with self.lock:
                if key not in self.cache:
                    self.cache[key] = gzipped(body)
                body = self.cache[key]
            encoding = "gzip"
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Cache-Control", "max-age=600")  # what GitHub Pages sends
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def do_HEAD(self):
        self.do_GET(head=True)


@contextlib.contextmanager
def serve_static(directory: Path, compress: bool = False):
    """Serve `directory` at http://127.0.0.1:<free port>; yields the base URL (no trailing slash). With
    `compress`, text is sent gzipped to clients that accept it, as a production host sends it. The tests serve
    every built site with it (tests/conftest.py), the benchmarks with compression."""
    handler = type("Handler", (_Handler,), {"root": Path(directory).resolve(), "cache": {}, "lock": threading.Lock(),
                                            "compress": compress})
    socketserver.TCPServer.allow_reuse_address = True
    httpd = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def serve_compressed(directory: Path):
    """serve_static with gzip: for Lighthouse and the page-weight budgets."""
    return serve_static(directory, compress=True)
