"""Another origin on 127.0.0.1 for the browser tests: answers anything, and remembers that it was asked.

A page framed by it, or a request that reached it, shows up in ``hits``; the
tests that promise nothing leaves the site assert it stays empty.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class _Recorder(BaseHTTPRequestHandler):
    hits: list[str]

    def do_GET(self) -> None:
        self.hits.append(self.path)
        # A page with a frame, so a test can also try to frame the site from here.
        body = b"<!doctype html><title>elsewhere</title><iframe id=f></iframe>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@contextlib.contextmanager
def another_origin() -> Iterator[tuple[str, list[str]]]:
    """``(its origin, the paths asked of it so far)`` while the server runs."""
    hits: list[str] = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), type("Recorder", (_Recorder,), {"hits": hits}))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", hits
    finally:
        server.shutdown()
        server.server_close()
