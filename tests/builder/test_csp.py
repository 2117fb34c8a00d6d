"""The CSP's directives, as builder/csp.py writes them for the header and the ``<meta>``."""

from __future__ import annotations

from builder.csp import content_security_policy, headers_file


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


def test_the_headers_file_gives_every_path_the_policy():
    csp = content_security_policy([])
    text = headers_file(csp, "pyodide/0.0/")
    assert text.startswith("/*\n") and f"  Content-Security-Policy: {csp}\n" in text
