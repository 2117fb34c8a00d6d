// One boot path for every page: start Python in its worker at once (so it loads
// while the page draws), show its start-up steps in #status, and show #error
// when it cannot start. Each page then asks the worker for what it draws.
// The service worker (offline.mjs) is registered beside it; the worker does not
// wait for it (worker.mjs explains how the runtime is still downloaded once).
import { $ } from "./dom.mjs";
import { cacheShell, registerServiceWorker } from "./offline.mjs";
import { PythonWorker } from "./rpc.mjs";

// The root element's data-state: "loading", "ready" or "error" for the current view.
export function setState(state) {
  document.documentElement.dataset.state = state;
}

export function showError(message) {
  $("error-text").textContent = message;
  $("error").hidden = false;
  $("status").hidden = true;
  setState("error");
}

// The page's worker. `python.booted` turns true once Python is ready; a fatal
// start-up failure goes to `onFatal(message, error)` (error.kind "download": a runtime file did not arrive whole).
export function startPython({ onFatal = showError } = {}) {
  registerServiceWorker().then((inControl) => inControl && performance.mark("half-hourly:boot:service-worker"));
  let started;
  const python = new PythonWorker({
    onProgress: ({ label, step, steps, timeline }) => {
      $("status-text").textContent = label;
      $("status-progress").max = steps + 1; // the last step is the page's first view
      $("status-progress").value = step;
      if (step === steps) {
        python.booted = true;
        started();
        document.documentElement.dataset.python = "ready";
        performance.mark("half-hourly:python-ready"); // for `make bench`: when Python could first answer
        // The worker's start-up, on this page's clock: half-hourly:boot:<step> marks.
        for (const [name, epochMs] of timeline ?? []) {
          performance.mark(`half-hourly:boot:${name}`, { startTime: epochMs - performance.timeOrigin });
        }
        cacheShell();
      }
    },
    onFatal: (error) => {
      started();
      onFatal(error.message, error);
    },
  });
  python.booted = false;
  // Settles once Python has started, or failed to (a call then rejects with the reason).
  python.started = new Promise((resolve) => { started = resolve; });
  $("error-reload").addEventListener("click", () => location.reload());
  return python;
}
