"""The chart library: a minimal ECharts bundled by the pinned esbuild, and the check that it suffices."""

from __future__ import annotations

import gzip
import json
import random
import shutil
import subprocess

import pytest

from builder.config import ROOT
from builder.runtime_bundle import for_the_wire
from builder.vendor import (
    ECHARTS_SITE_PATH,
    XZ_SITE_PATH,
    bundle_echarts,
    bundle_xz_decoder,
    gather_vendor,
    missing_echarts_parts,
)

NODE_MODULES = ROOT / "node_modules"
CHART_MODULE = (ROOT / "site_src" / "static" / "js" / "chart.mjs").read_text()


@pytest.fixture(scope="module")
def bundle() -> bytes:
    return bundle_echarts(NODE_MODULES)


def test_the_bundle_is_byte_identical_from_the_same_inputs_and_smaller_than_the_full_library(bundle):
    assert bundle_echarts(NODE_MODULES) == bundle
    full = (NODE_MODULES / "echarts" / "dist" / "echarts.esm.min.mjs").read_bytes()
    assert len(gzip.compress(bundle)) < 0.7 * len(gzip.compress(full))
    pinned = json.loads((ROOT / "package.json").read_text())["dependencies"]["echarts"]
    assert f'"{pinned}"' in bundle.decode()


def test_chart_module_uses_nothing_the_bundle_leaves_out():
    assert missing_echarts_parts(CHART_MODULE) == []


@pytest.mark.parametrize(("addition", "reported"), [
    ('series: [{ type: "pie", data }]', "series type 'pie'"),
    ("copy.toolbox = { show: true };", "component 'toolbox'"),
    ("option = { markLine: { data } };", "component 'markLine'"),
    ('lib.init(plot, null, { renderer: "webgl" });', "renderer 'webgl'"),
])
def test_a_part_the_bundle_leaves_out_fails_the_build(addition, reported):
    assert missing_echarts_parts(CHART_MODULE + "\n" + addition) == [reported]
    with pytest.raises(ValueError, match="ECHARTS_PARTS"):
        gather_vendor(NODE_MODULES, CHART_MODULE + "\n" + addition)


def test_gather_vendor_serves_the_bundle_with_its_licence():
    files = gather_vendor(NODE_MODULES, CHART_MODULE)
    assert set(files) == {ECHARTS_SITE_PATH, "js/vendor/echarts.LICENSE.txt", "js/vendor/echarts.NOTICE.txt",
                          XZ_SITE_PATH}
    # The decoder's package ships no licence file: its notice (MIT, and xz-embedded's public domain) travels
    # inside the module.
    decoder = files[XZ_SITE_PATH].decode()
    assert "License: MIT" in decoder and "xz-embedded" in decoder


DRAW_EVERY_KIND = """
const { init } = await import(process.argv[1]);
const chart = init(null, null, { renderer: "svg", ssr: true, width: 600, height: 400 });
chart.setOption({
  animation: false,
  title: { text: "T" }, legend: {}, tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
  grid: [{ bottom: "55%" }, { top: "55%" }],
  xAxis: [{ type: "category", data: ["a", "b"] }, { type: "category", data: ["a", "b"], gridIndex: 1 }],
  yAxis: [{ type: "value" }, { type: "category", data: ["x", "y"], gridIndex: 1 }],
  dataZoom: [{ type: "inside" }, { type: "slider" }],
  visualMap: [{ type: "piecewise", pieces: [{ min: 0, max: 1 }], seriesIndex: 2 },
              { type: "continuous", min: 0, max: 1, seriesIndex: 2 }],
  series: [{ type: "bar", data: [1, 2] }, { type: "line", data: [2, 1] },
           { type: "heatmap", xAxisIndex: 1, yAxisIndex: 1, data: [[0, 0, 0.5], [1, 1, 1]] }],
});
const model = chart.getModel();
const found = {
  series: model.getSeries().map((s) => s.subType),
  components: ["title", "legend", "tooltip", "dataZoom", "visualMap", "axisPointer"]
    .filter((k) => model.getComponent(k)),
  dataZoom: model.findComponents({ mainType: "dataZoom" }).map((c) => c.subType),
  visualMap: model.findComponents({ mainType: "visualMap" }).map((c) => c.subType),
  svg: chart.renderToSVGString().length,
};
chart.dispose();
console.log(JSON.stringify(found));
process.exit(0);  // the library's animation timer would keep Node alive
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js")
def test_the_bundle_draws_every_kind_of_chart_and_component_chart_module_uses(bundle, tmp_path):
    library = tmp_path / "echarts.mjs"
    library.write_bytes(bundle)
    result = subprocess.run(["node", "--input-type=module", "-e", DRAW_EVERY_KIND, library.as_uri()],
                            capture_output=True, text=True, check=True, timeout=60)
    found = json.loads(result.stdout)
    assert found["series"] == ["bar", "line", "heatmap"]
    assert found["components"] == ["title", "legend", "tooltip", "dataZoom", "visualMap", "axisPointer"]
    assert sorted(found["dataZoom"]) == ["inside", "slider"]
    assert sorted(found["visualMap"]) == ["continuous", "piecewise"]
    assert found["svg"] > 1000


UNPACK = """
const { XzReadableStream } = await import(process.argv[1]);
const fs = await import("node:fs");
const data = fs.readFileSync(0);
const out = await new Response(new XzReadableStream(new Blob([data]).stream())).arrayBuffer();
process.stdout.write(new Uint8Array(out));
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js")
@pytest.mark.parametrize("thorough", [True, False], ids=["deployed", "quick build"])
def test_the_worker_s_xz_decoder_unpacks_what_the_build_compresses_byte_for_byte(tmp_path, thorough):
    # Compressed by CPython's liblzma, unpacked by xz-embedded in the module the worker imports: two
    # implementations of the format. The data: a real bundle's worth of varied bytes (this repo's own
    # Python, stored in a zip as the build does), and bytes no compressor can shrink.
    decoder = tmp_path / "xz-decompress.mjs"
    decoder.write_bytes(bundle_xz_decoder(NODE_MODULES))
    assert bundle_xz_decoder(NODE_MODULES) == decoder.read_bytes(), "same inputs, same bytes"
    sources = b"".join(p.read_bytes() for p in sorted((ROOT / "pyruntime").rglob("*.py")))
    for data in (sources, random.Random(7).randbytes(200_000), b"PK"):
        out = subprocess.run(["node", "--input-type=module", "-e", UNPACK, str(decoder)],
                             input=for_the_wire(data, thorough), capture_output=True, check=True).stdout
        assert out == data
