// Precompile Python to bytecode with the very Pyodide the site ships, so the
// browser does not compile source at every start (Pyodide's stdlib has no
// .pyc files). Run by the builder:
//
//   node tools/compile_pyc.mjs PYODIDE_DIR APP_ZIP STDLIB_ZIP OUT_DIR
//
// Writes OUT_DIR/app.zip (the app's .py files plus __pycache__/*.pyc) and
// OUT_DIR/stdlib.zip (Pyodide's stdlib plus .pyc for the modules the app
// imports when it starts and draws its first report). Bytecode is
// "unchecked-hash": Python uses it without comparing timestamps.
import fs from "node:fs";
import path from "node:path";

const [pyodideDir, appZip, stdlibZip, outDir] = process.argv.slice(2);
const { loadPyodide } = await import(path.resolve(pyodideDir, "pyodide.mjs"));
const py = await loadPyodide({ indexURL: path.resolve(pyodideDir) + "/" });
py.FS.mkdirTree("/work");
py.FS.writeFile("/work/app.zip", new Uint8Array(fs.readFileSync(appZip)));
py.FS.writeFile("/work/stdlib.zip", new Uint8Array(fs.readFileSync(stdlibZip)));
py.runPython(fs.readFileSync(path.resolve(path.dirname(new URL(import.meta.url).pathname), "compile_pyc.py"), "utf8"));
fs.mkdirSync(outDir, { recursive: true });
fs.writeFileSync(path.join(outDir, "app.zip"), py.FS.readFile("/work/out-app.zip"));
fs.writeFileSync(path.join(outDir, "stdlib.zip"), py.FS.readFile("/work/out-stdlib.zip"));
