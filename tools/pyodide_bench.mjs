// Run a Python script inside Pyodide under Node, the same runtime as the page's worker:
//
//   node tools/pyodide_bench.mjs bench/some_bench.py [args...]
//
// The repository is mounted at /project and is the working directory, so the
// script imports pyruntime as it does on CPython. Used by bench/*_bench.py to
// time code in the browser's Python.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadPyodide } from "pyodide";

const [script, ...args] = process.argv.slice(2);
const project = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const py = await loadPyodide();
py.setStdout({ write: (buf) => { process.stdout.write(buf); return buf.length; } });
py.setStderr({ write: (buf) => { process.stderr.write(buf); return buf.length; } });
py.mountNodeFS("/project", project);
py.globals.set("bench_argv", py.toPy([script, ...args]));
const code = await py.runPythonAsync(`
import os, runpy, sys
os.chdir("/project")
sys.path.insert(0, "/project")
sys.argv = list(bench_argv)
try:
    runpy.run_path(sys.argv[0], run_name="__main__")
except SystemExit as done:
    code = done.code if isinstance(done.code, int) else 1 if done.code else 0
else:
    code = 0
code
`);
process.exit(code);
