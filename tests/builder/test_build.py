"""The builder: gather and validate, then write a complete, deterministic site."""

from __future__ import annotations

import hashlib
import io
import json
import lzma
import re
import zipfile
from pathlib import Path

import pytest

from builder.cli import main
from builder.config import ROOT, BuildConfig, origin_of
from builder.csp import inline_script, script_hash
from builder.pipeline import BuildError, build, run
from builder.prerender import demo_first_view
from builder.runtime_bundle import (
    SHIPPED_PYODIDE_FILES,
    PythonBundle,
    bundle_python,
    pack_pyruntime,
    static_imports,
)
from builder.serve import headers_for, parse_headers_file


@pytest.fixture
def feeds(tmp_path) -> Path:
    v1 = tmp_path / "feeds" / "v1"
    v1.mkdir(parents=True)
    (v1 / "index.json").write_text(json.dumps({"schema_version": 1, "sample": True}))
    return tmp_path / "feeds"


def config(tmp_path, feeds, **overrides) -> BuildConfig:
    # Precompiling bytecode runs Pyodide under Node (seconds); only the tests about it need it.
    return BuildConfig(out=tmp_path / "site", feeds=feeds, **{"bytecode": False, **overrides})


def digest(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def test_builds_every_page_runtime_file_and_config(tmp_path, feeds):
    run(config(tmp_path, feeds))
    site = tmp_path / "site"
    for page in ("index.html", "privacy.html", "_headers", "config.json", "js/worker.mjs", "css/site.css"):
        assert (site / page).is_file(), page
    cfg = json.loads((site / "config.json").read_text())
    for name in SHIPPED_PYODIDE_FILES:
        assert (site / cfg["runtime"]["pyodide"] / name).is_file()
    # The stdlib is served once, as our own bundle; Pyodide's lock file travels in the config.
    assert sorted(p.name for p in (site / cfg["runtime"]["pyodide"]).iterdir()) == sorted(
        [*SHIPPED_PYODIDE_FILES, "pyodide.asm.wasm.xz"])
    assert (site / cfg["runtime"]["stdlib"]).is_file()
    assert cfg["runtime"]["lock"]["packages"] == {}
    assert (site / cfg["runtime"]["app_archive"]).is_file()
    assert cfg["feeds_index"] == "feeds/v1/index.json"
    assert (site / cfg["feeds_index"]).is_file()
    assert cfg["octopus_api"] == "https://api.octopus.energy"
    # The page asks for the WebAssembly at once (js/start-worker.mjs hands it to the worker), through the frame
    # guard, which runs next and puts the preload in the <head> only when no other origin frames the page.
    index = (site / "index.html").read_text()
    assert cfg["runtime"]["wasm"] == cfg["runtime"]["pyodide"] + "pyodide.asm.wasm.xz"
    preload = f'<link rel="preload" href="{cfg["runtime"]["wasm"]}" as="fetch" crossorigin>'
    template = f'<template id="runtime-preload">{preload}</template>\n<script>'
    assert index.count(preload) == 1 and template in index
    assert index.index(template) < index.index("<body>")
    # A build without the bytecode bundle has not run Pyodide: its prerendered view is left for Python to confirm.
    assert 'id="prerender">' in index


def test_same_inputs_give_byte_identical_output_including_bytecode(tmp_path, feeds):
    run(config(tmp_path, feeds, bytecode=True))
    first = digest(tmp_path / "site")
    run(config(tmp_path, feeds, bytecode=True))
    assert digest(tmp_path / "site") == first
    cfg = json.loads((tmp_path / "site" / "config.json").read_text())
    app = shipped_zip(tmp_path / "site" / cfg["runtime"]["app_archive"]).namelist()
    assert "pyruntime/bridge.pyc" in app
    assert not [n for n in app if n.endswith(".py")], "sources are not shipped twice"
    stdlib = shipped_zip(tmp_path / "site" / cfg["runtime"]["stdlib"]).namelist()
    assert "json/__init__.pyc" in stdlib and "json/__init__.py" not in stdlib


def shipped_zip(path):
    """A Python bundle as the site serves it: a zip of stored files, compressed as one xz stream."""
    assert path.name.endswith(".zip.xz")
    archive = zipfile.ZipFile(io.BytesIO(lzma.decompress(path.read_bytes(), format=lzma.FORMAT_XZ)))
    assert {i.compress_type for i in archive.infolist()} == {zipfile.ZIP_STORED}
    return archive


def test_python_bundles_are_one_xz_stream_each_and_named_by_what_is_served(tmp_path, feeds):
    run(config(tmp_path, feeds))
    site = tmp_path / "site"
    cfg = json.loads((site / "config.json").read_text())
    for key in ("app_archive", "stdlib"):
        data = (site / cfg["runtime"][key]).read_bytes()
        assert data[:6] == b"\xfd7zXZ\x00"
        assert cfg["runtime"][key].endswith(f"-{hashlib.sha256(data).hexdigest()[:16]}.zip.xz")
    assert "pyruntime/bridge.py" in shipped_zip(site / cfg["runtime"]["app_archive"]).namelist()
    # The WebAssembly travels as xz too, and unpacks to the very file the pinned package ships.
    wasm = (site / cfg["runtime"]["wasm"]).read_bytes()
    assert wasm[:6] == b"\xfd7zXZ\x00" and not (site / cfg["runtime"]["pyodide"] / "pyodide.asm.wasm").exists()
    assert lzma.decompress(wasm) == (ROOT / "node_modules" / "pyodide" / "pyodide.asm.wasm").read_bytes()


def test_pyruntime_archive_is_named_by_its_content(tmp_path):
    name, data = pack_pyruntime(ROOT / "pyruntime")
    assert name == f"pyruntime-{hashlib.sha256(data).hexdigest()[:16]}.zip"
    names = zipfile.ZipFile(__import__("io").BytesIO(data)).namelist()
    assert "pyruntime/bridge.py" in names
    assert not any("__pycache__" in n for n in names)


def test_provider_urls_are_build_options_and_reach_csp_and_config(tmp_path, feeds):
    run(config(tmp_path, feeds, octopus_api="http://127.0.0.1:9001/", glowmarkt_api="http://127.0.0.1:9002"))
    site = tmp_path / "site"
    cfg = json.loads((site / "config.json").read_text())
    assert cfg["octopus_api"] == "http://127.0.0.1:9001"
    headers = (site / "_headers").read_text()
    assert "connect-src 'self' http://127.0.0.1:9001 http://127.0.0.1:9002;" in headers
    html = (site / "index.html").read_text()
    assert "connect-src &#39;self&#39; http://127.0.0.1:9001 http://127.0.0.1:9002" in html


def test_csp_forbids_inline_script_and_eval_and_has_frame_ancestors_only_as_a_header(tmp_path, feeds):
    run(config(tmp_path, feeds))
    site = tmp_path / "site"
    header_csp = dict(headers_for("/index.html", parse_headers_file((site / "_headers").read_text())))[
        "Content-Security-Policy"
    ]
    # The one inline script, the frame guard, is allowed by its hash and nothing else is.
    guard = inline_script((ROOT / "site_src" / "inline" / "frame-guard.js").read_text())
    assert f"script-src 'self' {script_hash(guard)} 'wasm-unsafe-eval';" in header_csp
    assert "unsafe-inline" not in header_csp and "'unsafe-eval'" not in header_csp
    assert "frame-ancestors 'self';" in header_csp or header_csp.endswith("frame-ancestors 'self'")
    html = (site / "index.html").read_text()
    assert "frame-ancestors" not in html  # ignored (and logged as an error) in <meta>
    assert f"<script>{guard}</script>" in html


def test_pages_load_nothing_from_other_origins(tmp_path, feeds):
    run(config(tmp_path, feeds))
    for page in (tmp_path / "site").glob("*.html"):
        html = page.read_text()
        for attr in ('src="http', "src='http", 'href="//', 'src="//'):
            assert attr not in html, (page.name, attr)
        assert '<link rel="stylesheet" href="css/' in html
        # No inline script but the frame guard (allowed by its hash; the CSP blocks any other).
        assert html.count("<script>") == 1 and "dataset.framed" in html


def test_missing_inputs_stop_the_build_before_anything_is_written(tmp_path, feeds):
    out = tmp_path / "site"
    out.mkdir()
    (out / "keep.txt").write_text("previous build")
    bad = BuildConfig(
        out=out,
        feeds=tmp_path / "nowhere",
        pyodide_dist=tmp_path / "no-pyodide",
        octopus_api="ftp://example.com",
    )
    with pytest.raises(BuildError) as err:
        run(bad)
    message = str(err.value)
    assert "npm ci" in message
    assert "no feed index" in message
    assert "--octopus-api" in message
    assert (out / "keep.txt").read_text() == "previous build"


def test_invalid_feed_json_is_reported_with_its_path(tmp_path, feeds):
    (feeds / "v1" / "broken.json").write_text("{")
    with pytest.raises(BuildError, match=r"broken\.json is not valid JSON"):
        build(config(tmp_path, feeds))


def test_origin_of_rejects_credentials_in_urls():
    assert origin_of("https://api.octopus.energy/v1/") == "https://api.octopus.energy"
    with pytest.raises(Exception, match="plain base URL"):
        origin_of("https://key:@api.octopus.energy/")


def test_cli_build_reports_problems_and_exit_code(tmp_path, feeds, capsys):
    assert main(["build", "--out", str(tmp_path / "site"), "--feeds", str(feeds), "--no-bytecode"]) == 0
    assert "built" in capsys.readouterr().out
    assert main(["build", "--out", str(tmp_path / "site2"), "--feeds", str(tmp_path / "none"), "--no-bytecode"]) == 1
    assert "no feed index" in capsys.readouterr().err


def test_headers_file_rules_match_paths():
    rules = parse_headers_file("/*\n  A: 1\n/pyodide/*\n  B: 2\n# comment\n/exact.html\n  C: 3\n")
    assert headers_for("/pyodide/x.wasm", rules) == [("A", "1"), ("B", "2")]
    assert headers_for("/exact.html", rules) == [("A", "1"), ("C", "3")]
    assert headers_for("/other", rules) == [("A", "1")]


def test_the_only_link_to_another_site_is_where_octopus_customers_find_their_key(tmp_path, feeds):
    # Links are navigation the user chooses, never loads; still, every one is a deliberate exception.
    run(config(tmp_path, feeds))
    external = set()
    for page in (tmp_path / "site").glob("*.html"):
        for href in re.findall(r'href="(https?://[^"]+)"', page.read_text()):
            external.add(href)
    assert external == {"https://octopus.energy/dashboard/new/accounts/personal-details/api-access"}
    index = (tmp_path / "site" / "index.html").read_text()
    assert 'rel="noopener noreferrer"' in index


def test_the_chart_library_is_served_by_the_site_at_the_pinned_version(tmp_path, feeds):
    run(config(tmp_path, feeds))
    site = tmp_path / "site"
    library = (site / "js/vendor/echarts.esm.min.mjs").read_text()
    pinned = json.loads((ROOT / "package.json").read_text())["dependencies"]["echarts"]
    assert f'"{pinned}"' in library or f"'{pinned}'" in library
    assert "Apache License" in (site / "js/vendor/echarts.LICENSE.txt").read_text()
    # The chart module imports it by a relative path: same origin, no CDN.
    assert 'import("./vendor/echarts.esm.min.mjs")' in (site / "js/chart.mjs").read_text()
@pytest.fixture(scope="module")
def python_bundle():
    stdlib = (ROOT / "node_modules" / "pyodide" / "python_stdlib.zip").read_bytes()
    return bundle_python(ROOT / "node_modules" / "pyodide", pack_pyruntime(ROOT / "pyruntime")[1], stdlib,
                         ROOT / "feeds" / "sample")


def test_the_stdlib_bundle_holds_every_module_pyruntime_imports_and_little_else(python_bundle):
    in_stdlib_zip = set(zipfile.ZipFile(__import__("io").BytesIO(python_bundle.stdlib_zip)).namelist())
    in_app_zip = set(zipfile.ZipFile(__import__("io").BytesIO(python_bundle.app_zip)).namelist())
    # The modules only pyruntime imports travel with it (whole packages), the rest in the stdlib's zip.
    beside_the_app = {n for n in in_app_zip if not n.startswith("pyruntime/")}
    assert {"csv.pyc", "urllib/__init__.pyc", "urllib/parse.pyc"} <= beside_the_app
    assert "json/__init__.pyc" in in_stdlib_zip and not beside_the_app & in_stdlib_zip
    shipped = in_stdlib_zip | beside_the_app
    needed = static_imports(pack_pyruntime(ROOT / "pyruntime")[1])
    assert "csv" in needed and "pyodide.http" in needed
    # collections/__init__ registers _collections_abc as collections.abc: no file of its own.
    aliases = {"collections.abc"}
    missing = [
        name for name in needed
        if name not in python_bundle.builtin_modules and name not in aliases
        and f"{name.replace('.', '/')}.pyc" not in shipped
        and f"{name.replace('.', '/')}/__init__.pyc" not in shipped
    ]
    assert missing == []
    # Only what start-up and the ops import: a fraction of Pyodide's 559 modules.
    assert len(shipped) < 250
    assert all(n.endswith(".pyc") for n in shipped)


def test_pyodide_answers_the_demos_first_view_with_the_very_text_the_build_prerenders(python_bundle):
    # The page draws the prerendered view and lets Python take over without recomputing it: so the
    # bundle, run on Pyodide, must answer ?source=demo with exactly the text CPython prerendered.
    prerendered = demo_first_view(ROOT / "pyruntime", ROOT / "feeds" / "sample")
    assert json.loads(prerendered)["title"] == "Overview"
    assert python_bundle.first_view == prerendered


def test_a_first_view_pyodide_answers_differently_stops_the_build(tmp_path, feeds, monkeypatch):
    import builder.pipeline as pipeline

    def bundle(pyodide_dist, app_zip, stdlib_zip, feeds_dir):
        right = demo_first_view(ROOT / "pyruntime", feeds_dir)
        return PythonBundle(app_zip, stdlib_zip, (), (), right.replace('"Overview"', '"Overveiw"', 1))

    monkeypatch.setattr(pipeline, "bundle_python", bundle)
    with pytest.raises(BuildError, match=r"differs between CPython \(prerendered\) and Pyodide"):
        build(config(tmp_path, feeds, bytecode=True))


def test_a_build_that_ran_the_check_tells_the_page_so(tmp_path, feeds, monkeypatch):
    import builder.pipeline as pipeline

    def bundle(pyodide_dist, app_zip, stdlib_zip, feeds_dir):
        return PythonBundle(app_zip, stdlib_zip, (), (), demo_first_view(ROOT / "pyruntime", feeds_dir))

    monkeypatch.setattr(pipeline, "bundle_python", bundle)
    run(config(tmp_path, feeds, bytecode=True))
    assert 'id="prerender" data-checked>' in (tmp_path / "site" / "index.html").read_text()


def test_a_module_missing_from_the_stdlib_fails_the_build(tmp_path):
    full = zipfile.ZipFile(ROOT / "node_modules" / "pyodide" / "python_stdlib.zip")
    crippled = __import__("io").BytesIO()
    with zipfile.ZipFile(crippled, "w") as out:
        for name in full.namelist():
            if name != "csv.py":
                out.writestr(name, full.read(name))
    with pytest.raises(ValueError, match="csv"):
        bundle_python(ROOT / "node_modules" / "pyodide", pack_pyruntime(ROOT / "pyruntime")[1],
                      crippled.getvalue(), ROOT / "feeds" / "sample")
