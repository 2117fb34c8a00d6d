"""The demo's first view, computed at build time by the very pyruntime the worker runs.

The page draws it the moment the demo is opened, before Python has started in
the browser, then asks the worker for the same view and checks the two agree.
One code path: the view model comes from ``pyruntime``'s ``report`` op on
CPython, never from a hand-written copy, so it follows whatever view the demo
opens on.

Run in a child process (``python -m builder.prerender PYRUNTIME_PARENT FEEDS``)
so the pyruntime being built, not the one the builder happens to import, makes it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from .config import ROOT


def demo_first_view(pyruntime_src: Path, feeds: Path) -> str:
    """JSON text of the ``report`` op's result for ``?source=demo``, as the worker's bridge encodes it."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(pyruntime_src.resolve().parent), str(ROOT)])}
    result = subprocess.run(
        [sys.executable, "-m", "builder.prerender", str(pyruntime_src.resolve().parent), str(feeds.resolve())],
        capture_output=True, text=True, check=False, env=env, cwd=pyruntime_src.resolve().parent,
    )
    if result.returncode != 0:
        raise ValueError(f"the demo's first view could not be computed:\n{result.stderr[-2000:]}")
    return result.stdout


def _compute(feeds: Path) -> str:
    from pyruntime.bridge import run_sync
    from pyruntime.ops import OpContext
    from pyruntime.ops.core import report
    from pyruntime.providers.http import HttpResponse
    from pyruntime.session import Session

    class DiskFeeds:
        """This build's feeds, read from disk where the worker fetches them from the site."""

        async def send(self, request):
            path = feeds / request.url.removeprefix("feeds/")
            if not path.is_file():
                return HttpResponse(404, {}, "")
            return HttpResponse(200, {}, path.read_text(encoding="utf-8"))

    session = Session()
    session.transport = DiskFeeds()
    model = run_sync(report(OpContext(session, {"source": "demo", "params": {}})))
    # The bridge's own encoding of a reply, so both sides compare the same text.
    return json.dumps(model, separators=(",", ":"), allow_nan=False)


if __name__ == "__main__":
    sys.path.insert(0, sys.argv[1])
    sys.stdout.write(_compute(Path(sys.argv[2])))
