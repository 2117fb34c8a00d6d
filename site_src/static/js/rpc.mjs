// The page's side of the worker protocol: call(op, payload) → Promise of the result.
import { PROTOCOL_VERSION } from "./protocol.mjs";
import { takeWorker } from "./start-worker.mjs";

export class WorkerError extends Error {
  // type: the Python exception's name; kind: what to branch on ("not_loaded", "bad_input", a provider
  // failure's "auth" or "unreachable", "bug" for our own errors, ...); detail: e.g. a file's column suggestions.
  constructor(type, message, { kind = null, detail = null } = {}) {
    super(message);
    this.type = type;
    this.kind = kind;
    this.detail = detail;
  }
}

export class PythonWorker {
  // The worker started with the page (start-worker.mjs): it downloads Python while the page draws.
  constructor({ onProgress = () => {}, onFatal = () => {} } = {}) {
    this.pending = new Map();
    this.nextId = 1;
    this.fatal = null;
    this.onFatal = onFatal;
    const onMessage = ({ data }) => {
      if (typeof data === "string") return this.settle(JSON.parse(data));
      if (data.type === "progress") return onProgress(data);
      if (data.type === "task-progress") return this.pending.get(data.id)?.onProgress?.(data);
      if (data.type === "boot-error") return this.fail("BootError", data.message, data.kind);
    };
    const onError = (event) => {
      event.preventDefault();
      this.fail("WorkerError", event.message || "Python's worker stopped unexpectedly.");
    };
    this.worker = takeWorker(onMessage, onError);
  }

  // bytes: an ArrayBuffer handed to the worker (transferred, not copied);
  // onProgress: called with {label, done, total} while a long op runs.
  call(op, payload = {}, { bytes = null, onProgress = null } = {}) {
    if (this.fatal) return Promise.reject(this.fatal);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress, op });
      const message = { v: PROTOCOL_VERSION, id, op, payload };
      if (bytes) this.worker.postMessage({ ...message, bytes }, [bytes]);
      else this.worker.postMessage(message);
    });
  }

  // Stop the provider loads in progress; each answers with a "Cancelled" error.
  cancelLoads() {
    if (!this.fatal) this.worker.postMessage({ type: "cancel" });
  }

  settle(reply) {
    const waiter = this.pending.get(reply.id);
    if (!waiter) return;
    this.pending.delete(reply.id);
    if (reply.ok) {
      this.lastPythonMs = reply.python_ms;
      // For `make bench`: how long Python took for each op, readable from the page.
      performance.mark("half-hourly:reply", { detail: { op: waiter.op, python_ms: reply.python_ms } });
      waiter.resolve(reply.result);
    } else waiter.reject(new WorkerError(reply.error.type, reply.error.message, reply.error));
  }

  // The worker cannot recover: reject everything waiting and everything to come.
  // kind: "download" when a runtime file did not arrive (whole), "runtime" otherwise.
  fail(type, message, kind = "runtime") {
    if (this.fatal) return;
    // The page adds advice after it ("Reload the page…"): end the browser's own text as a sentence.
    const text = String(message || "Python stopped unexpectedly").trim();
    this.fatal = new WorkerError(type, /[.!?]$/.test(text) ? text : `${text}.`, { kind });
    for (const { reject } of this.pending.values()) reject(this.fatal);
    this.pending.clear();
    this.onFatal(this.fatal);
  }
}
