"""The CSP's directives, as builder/csp.py writes them for the header and the ``<meta>``."""

from __future__ import annotations

from builder.csp import content_security_policy, documents_and_workers, headers_file
from builder.serve import headers_for, parse_headers_file


def directives(csp: str) -> dict[str, list[str]]:
    return {name: values for name, *values in (part.split() for part in csp.split("; "))}


def test_workers_may_start_from_the_site_or_a_blob_and_nothing_else_takes_blob():
    for for_meta in (False, True):
        policy = directives(content_security_policy(["https://api.octopus.energy"], for_meta=for_meta))
        # Python's worker starts from a blob module (js/start-worker.mjs), so it runs under the page's policy.
        assert policy["worker-src"] == ["'self'", "blob:"]
        assert "blob:" not in policy["script-src"] + policy["connect-src"] + policy["default-src"]
        assert policy["connect-src"] == ["'self'", "https://api.octopus.energy"]


def test_the_header_and_the_meta_differ_only_by_frame_ancestors():
    header = directives(content_security_policy([], inline_scripts=("x\n",)))
    meta = directives(content_security_policy([], for_meta=True, inline_scripts=("x\n",)))
    # Our own origin may frame the site, as the frame guard lets it (site_src/inline/frame-guard.js); no one else.
    assert header.pop("frame-ancestors") == ["'self'"]
    assert header == meta


def test_the_headers_file_gives_every_page_and_worker_the_policy_and_every_response_nosniff():
    csp = content_security_policy([])
    rules = parse_headers_file(headers_file(csp, "pyodide/0.0/", documents_and_workers(["index.html", "prices.html"])))
    for path in ("/", "/index.html", "/prices", "/prices.html", "/js/worker.mjs", "/sw.js"):
        headers = dict(headers_for(path, rules))
        assert headers["Content-Security-Policy"] == csp, path
        assert headers["X-Frame-Options"] == "SAMEORIGIN" and headers["X-Content-Type-Options"] == "nosniff"
    # A script, a style or the WebAssembly: the browser reads no policy from it, so none is sent.
    for path in ("/js/app.mjs", "/css/site.css", "/pyodide/0.0/pyodide.asm.wasm"):
        assert [name for name, _ in headers_for(path, rules) if name != "Cache-Control"] == ["X-Content-Type-Options"]
    # Each header once per response: a host that joins repeated headers would otherwise send two policies.
    for path in ("/", "/sw.js"):
        names = [name for name, _ in headers_for(path, rules)]
        assert len(names) == len(set(names)), names
