// Python's first answer in Pyodide under Node, loaded as the page's worker loads it:
//
//   node tools/pyodide_first_answer.mjs SITE_DIR
//
// Pyodide starts on the built site's stdlib bundle; our package's bytecode is
// imported from its zip, as the worker does; then, timed inside Python, the worker's entry
// module is imported and the demo's overview (the first view) is answered.
// Prints one JSON line: {pyodide_ms, import_ms, first_answer_ms, modules, pyruntime_modules}.
// Run once per measurement: a second import in the same interpreter costs nothing.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadPyodide } from "pyodide";

const site = path.resolve(process.argv[2] ?? "_site");
const config = JSON.parse(fs.readFileSync(path.join(site, "config.json"), "utf8"));
// The site's bundles are zips compressed with xz: unpacked by the decoder the site serves the worker.
const { XzReadableStream } = await import(path.join(site, "js", "vendor", "xz-decompress.mjs"));
const read = async (url) => {
  const data = fs.readFileSync(path.join(site, url));
  if (!url.endsWith(".xz")) return new Uint8Array(data);
  return new Uint8Array(await new Response(new XzReadableStream(new Blob([data]).stream())).arrayBuffer());
};
// Pyodide reads the stdlib as a zip file.
const stdlib = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "first-answer-")), "stdlib.zip");
fs.writeFileSync(stdlib, await read(config.runtime.stdlib));
const started = performance.now();
const py = await loadPyodide({ stdLibURL: stdlib, lockFileContents: config.runtime.lock });
const pyodideMs = performance.now() - started;
fs.rmSync(path.dirname(stdlib), { recursive: true });
py.FS.writeFile("/lib/pyruntime.zip", await read(config.runtime.app_archive));
py.runPython("import sys; sys.path.insert(0, '/lib/pyruntime.zip')");
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
