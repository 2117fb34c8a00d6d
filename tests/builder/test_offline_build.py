"""What the build writes for offline use and for hosts with or without headers."""

from __future__ import annotations

import json
import shutil
import urllib.error
import urllib.request

import pytest

from builder.config import ROOT, BuildConfig
from builder.pipeline import build, module_graph
from builder.serve import headers_for, parse_headers_file, serve_in_thread


@pytest.fixture
def feeds(tmp_path):
    v1 = tmp_path / "feeds" / "v1"
    v1.mkdir(parents=True)
    (v1 / "index.json").write_text(json.dumps({"schema_version": 1, "sample": True}))
    return tmp_path / "feeds"


def _sw_build(site) -> dict:
    text = site.files["sw.js"].decode()
    return json.loads(text[text.index("{"): text.index("};") + 1])


def test_the_service_worker_caches_this_builds_files_under_a_version_that_follows_their_content(tmp_path, feeds):
    first = build(BuildConfig(out=tmp_path / "a", feeds=feeds, bytecode=False))
    sw = _sw_build(first)
    assert "index.html" in sw["shell"] and "js/worker.mjs" in sw["shell"] and "feeds/v1/index.json" in sw["shell"]
    # The chart library's licence is served, not downloaded by every first visit.
    assert "js/vendor/echarts.LICENSE.txt" in first.files and "js/vendor/echarts.LICENSE.txt" not in sw["shell"]
    assert any(p.endswith("pyodide.asm.wasm.xz") for p in sw["runtime"])
    # The WebAssembly the worker unpacks from it is kept in the runtime cache, never fetched (not served).
    assert [p for p in sw["unpacked"] if p.endswith("pyodide.asm.wasm")]
    assert not set(sw["unpacked"]) & set(first.files)
    assert any(p.startswith("py/pyruntime-") for p in sw["runtime"])
    assert all(p in first.files for p in sw["shell"] + sw["runtime"])
    # Python's worker stores the runtime it downloads in the cache the service worker serves it from.
    assert sw["runtime_cache"] == json.loads(first.files["config.json"])["runtime"]["cache"]
    headers = dict(sw["headers"])
    assert headers["Content-Security-Policy"].endswith("frame-ancestors 'self'")
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"

    again = build(BuildConfig(out=tmp_path / "b", feeds=feeds, bytecode=False))
    assert _sw_build(again)["version"] == sw["version"], "the same inputs give the same version"

    src = tmp_path / "pyruntime"
    shutil.copytree(ROOT / "pyruntime", src, ignore=shutil.ignore_patterns("__pycache__"))
    (src / "ops" / "core.py").write_text((src / "ops" / "core.py").read_text() + "\n# changed\n")
    changed = build(BuildConfig(out=tmp_path / "c", feeds=feeds, bytecode=False, pyruntime_src=src))
    assert _sw_build(changed)["version"] != sw["version"]


def test_headers_file_adds_coop_and_drops_interest_cohort(tmp_path, feeds):
    site = build(BuildConfig(out=tmp_path / "a", feeds=feeds, bytecode=False))
    rules = parse_headers_file(site.files["_headers"].decode())
    page = dict(headers_for("/index.html", rules))
    assert page["Cross-Origin-Opener-Policy"] == "same-origin"
    assert page["X-Frame-Options"] == "SAMEORIGIN"
    assert "interest-cohort" not in site.files["_headers"].decode()
    assert dict(headers_for("/sw.js", rules))["Cache-Control"] == "no-cache"


def test_pages_preload_their_whole_module_graph_and_hand_the_worker_its_settings(tmp_path, feeds):
    site = build(BuildConfig(out=tmp_path / "a", feeds=feeds, bytecode=False))
    index = site.files["index.html"].decode()
    static = {p: d for p, d in site.files.items() if p.startswith("js/")}
    graph = module_graph(static, "js/main.mjs")
    assert "js/render.mjs" in graph and "js/worker.mjs" not in graph
    for module in graph:
        assert f'<link rel="modulepreload" href="{module}">' in index
    assert '<script type="application/json" id="site-config">' in index
    # Python's worker starts from the <head> as soon as its module arrives, with the settings above it.
    start = index.index('<script type="module" async src="js/start-worker.mjs">')
    assert index.index('id="site-config"') < start < index.index("</head>")
    assert '<link rel="manifest" href="manifest.webmanifest">' in index


def test_the_dev_server_lists_no_directory(tmp_path, feeds):
    out = tmp_path / "site"
    build(BuildConfig(out=out, feeds=feeds, bytecode=False)).write(out)
    server, url = serve_in_thread(out)
    try:
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(url + "/js/")
        assert refused.value.code == 404
        assert b"worker.mjs" not in refused.value.read()
        with urllib.request.urlopen(url + "/") as ok:
            assert ok.status == 200
    finally:
        server.shutdown()
        server.server_close()
