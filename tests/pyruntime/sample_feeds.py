"""A fake transport serving the bundled sample feeds, shared by the view and op tests.

Paths are relative to this file, so the same tests run on CPython and inside
Pyodide (where the repository is mounted at /project).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from pyruntime.bridge import run_sync
from pyruntime.ops import OpContext
from pyruntime.ops.core import report
from pyruntime.providers.http import HttpRequest, HttpResponse
from pyruntime.session import Session

SAMPLE = Path(__file__).resolve().parents[2] / "feeds" / "sample"
"""The bundled sample feeds: ``SAMPLE / "v1" / "index.json"`` and so on."""


class SampleFeeds:
    """Serves ``feeds/v1/...`` from the bundled sample, as the site would, and records what was asked.

    missing : URLs to answer with 404, as if the file were not published.
    rewrite : ``rewrite(file name, text) -> text``, to serve an altered file.
    """

    def __init__(self, missing: tuple[str, ...] = (), rewrite: Callable[[str, str], str] | None = None) -> None:
        self.asked: list[str] = []
        self.missing = missing
        self.rewrite = rewrite

    @property
    def paths(self) -> list[str]:
        return self.asked

    async def send(self, request: HttpRequest) -> HttpResponse:
        self.asked.append(request.url)
        path = SAMPLE / request.url.removeprefix("feeds/")
        if request.url in self.missing or not path.is_file():
            return HttpResponse(404, {}, "")
        text = path.read_text()
        return HttpResponse(200, {}, self.rewrite(path.name, text) if self.rewrite else text)


def product_in_index(code: str, **fields: str) -> Callable[[str, str], str]:
    """A ``rewrite`` serving the sample index with product ``code``'s entry given ``fields``."""

    def rewrite(name: str, text: str) -> str:
        if name != "index.json":
            return text
        index = json.loads(text)
        index["products"][code].update(fields)
        return json.dumps(index)

    return rewrite


def sample_session() -> Session:
    """A worker session whose feeds are the bundled sample."""
    session = Session()
    session.transport = SampleFeeds()
    return session


def view_model(session: Session, source: str = "demo", **params: str) -> dict:
    """The ``report`` op's view model for URL ``params``, through a JSON round trip as the page gets it."""
    return json.loads(json.dumps(run_sync(report(OpContext(session, {"source": source, "params": params})))))
