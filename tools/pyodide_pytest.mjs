// Run pytest inside Pyodide under Node: the same pyruntime tests that pass on
// CPython must pass in the browser's Python (layer 2 of the test suite).
//
//   node tools/pyodide_pytest.mjs WHEEL_DIR [pytest args...]
//
// The repository is mounted read-only-in-spirit at /project; pytest's cache
// is disabled so nothing is written back into the checkout.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadPyodide } from "pyodide";

const [wheelDir, ...args] = process.argv.slice(2);
const project = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const py = await loadPyodide();
// Raw byte output: "batched" mode would split pytest's progress dots onto lines.
py.setStdout({ write: (buf) => { process.stdout.write(buf); return buf.length; } });
py.setStderr({ write: (buf) => { process.stderr.write(buf); return buf.length; } });
const wheels = fs.readdirSync(wheelDir).filter((f) => f.endsWith(".whl")).map((f) => path.resolve(wheelDir, f));
await py.loadPackage(wheels, { messageCallback: () => {} });
py.mountNodeFS("/project", project);
py.globals.set("pytest_args", py.toPy(["-p", "no:cacheprovider", ...args]));
const code = await py.runPythonAsync(`
import os, sys
os.chdir("/project")
sys.path.insert(0, "/project")
import pytest
int(pytest.main(list(pytest_args)))
`);
process.exit(code);
