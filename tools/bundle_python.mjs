// Build the Python the browser downloads, with the very Pyodide the site ships:
//
//   node tools/bundle_python.mjs PYODIDE_DIR WORK_DIR FEEDS_DIR
//
// WORK_DIR holds app.zip (pyruntime's sources), stdlib.zip (Pyodide's) and
// static_imports.json (every module pyruntime's source names, found by the
// builder). This script:
// 1. puts the app on sys.path as the worker does and runs every op the worker answers
//    (tools/python_workload.py, feeds read from FEEDS_DIR), recording which
//    standard-library files were imported;
// 2. writes WORK_DIR/out-app.zip and WORK_DIR/out-stdlib.zip: bytecode only,
//    and only those stdlib modules, less the optional ones; the few that only
//    pyruntime imports go in the app's zip (tools/bundle_python.py);
// 3. starts a fresh Pyodide on exactly those two zips and runs the workload
//    again: a module missing from the bundle fails here, at build time, not
//    in a visitor's browser. Its answer for the demo's first view goes to
//    WORK_DIR/first_view.json (the builder compares it with its prerendered copy).
import fs from "node:fs";
import path from "node:path";

const [pyodideDir, workDir, feedsDir] = process.argv.slice(2);
const here = path.dirname(new URL(import.meta.url).pathname);
const workload = fs.readFileSync(path.join(here, "python_workload.py"), "utf8");
const { loadPyodide } = await import(path.resolve(pyodideDir, "pyodide.mjs"));
const indexURL = path.resolve(pyodideDir) + "/";
const quiet = { stdout: () => {}, stderr: (s) => process.stderr.write(s + "\n") };
const read = (name) => new Uint8Array(fs.readFileSync(path.join(workDir, name)));

// The stdlib files imported so far (paths inside the stdlib zip), as JSON.
const STDLIB_FILES_IMPORTED =
  "import sys, json\n" +
  "json.dumps(sorted({m.__file__.removeprefix('/lib/python314.zip/') for m in list(sys.modules.values())" +
  " if (getattr(m, '__file__', None) or '').startswith('/lib/python314.zip/')}))";

async function runWorkload(stdLibURL, appZip, { onStarted = () => {} } = {}) {
  const py = await loadPyodide({ indexURL, stdLibURL, ...quiet });
  onStarted(py);
  // As the worker does: imported from the zip itself.
  py.FS.writeFile("/lib/pyruntime.zip", appZip);
  py.runPython("import sys; sys.path.insert(0, '/lib/pyruntime.zip')");
  py.FS.mkdirTree("/work");
  py.FS.writeFile("/work/static_imports.json", read("static_imports.json"));
  py.FS.mkdirTree("/feeds");
  py.mountNodeFS("/feeds", path.resolve(feedsDir));
  py.runPython(workload);
  return py;
}

async function main() {
  // What Pyodide's own start imports, before any of ours: the stdlib zip must hold it when Python starts.
  let atStart;
  const py = await runWorkload(path.join(workDir, "stdlib.zip"), read("app.zip"), {
    onStarted: (started) => (atStart = started.runPython(STDLIB_FILES_IMPORTED)),
  });
  // Nothing new is imported from here on: what sys.modules holds is what the worker used.
  const used = py.runPython(STDLIB_FILES_IMPORTED);
  const builtin = py.runPython("json.dumps(sorted(sys.builtin_module_names))");
  py.FS.writeFile("/work/used.json", used);
  py.FS.writeFile("/work/at_start.json", atStart);
  py.FS.writeFile("/work/app.zip", read("app.zip"));
  py.FS.writeFile("/work/stdlib.zip", read("stdlib.zip"));
  py.runPython(fs.readFileSync(path.join(here, "bundle_python.py"), "utf8"));
  const bundled = py.FS.readFile("/work/bundled.json", { encoding: "utf8" });
  fs.writeFileSync(path.join(workDir, "modules.json"), `{"stdlib": ${bundled}, "builtin": ${builtin}}`);
  for (const name of ["out-app.zip", "out-stdlib.zip"]) fs.writeFileSync(path.join(workDir, name), py.FS.readFile(`/work/${name}`));

  // The check: a fresh interpreter that has nothing but the bundle. Its answer for the demo's first
  // view is kept for the builder to compare with the copy it prerenders on CPython.
  const check = await runWorkload(path.join(workDir, "out-stdlib.zip"), read("out-app.zip"));
  fs.writeFileSync(path.join(workDir, "first_view.json"), check.FS.readFile("/work/first_view.json", { encoding: "utf8" }));
}

// A failure prints Python's last words (e.g. "No module named 'csv'"), not a
// page of minified runtime, and exits non-zero so the build stops.
main().catch((error) => {
  process.stderr.write(String(error?.message || error).trim().split("\n").slice(-4).join("\n") + "\n");
  process.exit(1);
});
