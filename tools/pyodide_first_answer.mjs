// Python's first answer in Pyodide under Node, loaded as the page's worker loads it:
//
//   node tools/pyodide_first_answer.mjs SITE_DIR
//
// Pyodide starts on the built site's stdlib bundle; our package's bytecode is
// unpacked into site-packages; then, timed inside Python, the worker's entry
// module is imported and the demo's overview (the first view) is answered.
// Prints one JSON line: {pyodide_ms, import_ms, first_answer_ms, modules, pyruntime_modules}.
// Run once per measurement: a second import in the same interpreter costs nothing.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { loadPyodide } from "pyodide";

const site = path.resolve(process.argv[2] ?? "_site");
const config = JSON.parse(fs.readFileSync(path.join(site, "config.json"), "utf8"));
const read = (url) => {
  const data = fs.readFileSync(path.join(site, url));
  return new Uint8Array(url.endsWith(".gz") ? zlib.gunzipSync(data) : data);
};
// The site serves the stdlib as a gzipped zip (the worker unpacks it): Pyodide reads the zip.
const stdlib = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "first-answer-")), "stdlib.zip");
fs.writeFileSync(stdlib, read(config.runtime.stdlib));
const started = performance.now();
const py = await loadPyodide({ stdLibURL: stdlib, lockFileContents: config.runtime.lock });
const pyodideMs = performance.now() - started;
fs.rmSync(path.dirname(stdlib), { recursive: true });
const sitePackages = py.runPython("import site; site.getsitepackages()[0]");
py.unpackArchive(read(config.runtime.app_archive), "zip", { extractDir: sitePackages });
const result = py.runPython(`
import json, sys, time
before = set(sys.modules)
t0 = time.perf_counter()
import pyruntime._browser
from pyruntime import bridge
t1 = time.perf_counter()
reply = json.loads(bridge.handle(json.dumps({"v": 1, "id": 1, "op": "report", "payload": {"source": "demo"}})))
t2 = time.perf_counter()
assert reply["ok"] and reply["result"]["view"]["report"] == "overview", reply
json.dumps({"import_ms": (t1 - t0) * 1000, "first_answer_ms": (t2 - t1) * 1000,
            "modules": len(set(sys.modules) - before),
            "pyruntime_modules": sorted(m for m in sys.modules if m.startswith("pyruntime"))})
`);
console.log(JSON.stringify({ pyodide_ms: pyodideMs, ...JSON.parse(result) }));
