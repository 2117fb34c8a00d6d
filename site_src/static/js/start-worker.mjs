// Python's worker, started as early as the page can: each page that uses Python
// loads this module from its <head> on its own (async), so the worker asks for
// the runtime while the page's other modules are still arriving. rpc.mjs takes
// the worker over (`takeWorker`); what the worker says before then is kept for it.
const worker = new Worker(new URL("./worker.mjs", import.meta.url), { type: "module" });
// The site's settings are in the <head> above the script that loads this module.
worker.postMessage({ type: "boot", config: JSON.parse(document.getElementById("site-config").textContent) });

const early = [];
const keep = (event) => {
  if (event.type === "error") event.preventDefault(); // reported once taken over, not on the console
  early.push(event);
};
worker.addEventListener("message", keep);
worker.addEventListener("error", keep);

/** The worker: `onMessage`/`onError` get the events it sent so far, then each as it comes. Once per page. */
export function takeWorker(onMessage, onError) {
  worker.removeEventListener("message", keep);
  worker.removeEventListener("error", keep);
  worker.onmessage = onMessage;
  worker.onerror = onError;
  for (const event of early.splice(0)) (event.type === "error" ? onError : onMessage)(event);
  return worker;
}
