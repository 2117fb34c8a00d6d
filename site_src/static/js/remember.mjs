// "Remember my readings on this device" (opt-in, IndexedDB) and "Forget everything".
//
// What is stored: the snapshot the worker makes of the loaded household
// (readings, tariff history, import reports; see pyruntime/household/snapshot.py),
// its source and label, and when it was saved. Never a key, password or token:
// the worker never keeps one, so the snapshot cannot hold one.
// Nothing at all is stored unless the user ticks the box.
import { navigate, onLanding, python, showLanding } from "./app.mjs";
import { OPS } from "./protocol.mjs";
import { h } from "./dom.mjs";

const DB_NAME = "half-hourly";
const STORE = "remembered";
const KEY = "household";
export const LOADED_SOURCES = ["octopus", "glowmarkt", "file"];

function request(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function openDb() {
  const req = indexedDB.open(DB_NAME, 1);
  req.onupgradeneeded = () => req.result.createObjectStore(STORE);
  return request(req);
}

async function withStore(mode, fn) {
  const db = await openDb();
  try {
    return await request(fn(db.transaction(STORE, mode).objectStore(STORE)));
  } finally {
    db.close();
  }
}

/** The remembered record {source, label, savedAt, snapshot}, or null (also when storage is unavailable). */
export async function loadRemembered() {
  try {
    // Opening would create an empty database; look first, so forgetting leaves nothing behind.
    if (indexedDB.databases && !(await indexedDB.databases()).some((d) => d.name === DB_NAME)) return null;
    return (await withStore("readonly", (s) => s.get(KEY))) || null;
  } catch {
    return null;
  }
}

/** Save the household now in the worker; resolves to true when saved. */
async function rememberNow(summary) {
  const { snapshot } = await python.call(OPS.exportSnapshot, {});
  const record = { source: summary.source, label: summary.label, savedAt: Date.now(), snapshot };
  await withStore("readwrite", (s) => s.put(record, KEY));
  return true;
}

/** Delete the whole database (not just the record), so nothing of ours is left in IndexedDB. */
function clearRemembered() {
  return new Promise((resolve) => {
    let req;
    try {
      req = indexedDB.deleteDatabase(DB_NAME);
    } catch {
      return resolve(false);
    }
    req.onsuccess = () => resolve(true);
    req.onerror = () => resolve(false);
    req.onblocked = () => resolve(false);
  });
}

function clearCredentialInputs() {
  for (const input of document.querySelectorAll("input[data-credential]")) input.value = "";
}

/** Forget the worker's data, any credential still typed into a form, and the remembered copy. */
async function forgetEverything() {
  clearCredentialInputs();
  const results = await Promise.allSettled([python.call(OPS.forget, {}), clearRemembered()]);
  document.dispatchEvent(new CustomEvent("half-hourly:forgotten"));
  history.pushState(null, "", "./");
  const ok = results.every((r) => r.status === "fulfilled" && r.value !== false);
  showLanding([
    ok
      ? "Everything is forgotten: the readings in this tab, anything typed into the forms, and any copy remembered on this device."
      : "The readings in this tab are forgotten, but this browser did not let us confirm the remembered copy was deleted. Clear this site’s data in your browser settings to be sure.",
  ]);
}

export function forgetButton() {
  return h("button", { type: "button", class: "button danger", text: "Forget everything", onclick: forgetEverything });
}

/** The opt-in checkbox for the data bar; ticking saves now, unticking deletes the copy. */
export function rememberControl(summary, remembered) {
  const id = "remember-readings";
  const status = h("span", { class: "hint", "aria-live": "polite" });
  const box = h("input", { type: "checkbox", id, checked: remembered });
  box.addEventListener("change", async () => {
    box.disabled = true;
    try {
      if (box.checked) {
        await rememberNow(summary);
        status.textContent = "Saved on this device.";
      } else {
        await clearRemembered();
        status.textContent = "The copy on this device is deleted.";
      }
    } catch {
      box.checked = false;
      status.textContent = "This browser would not let us save here (private browsing can do that). Nothing was stored.";
    } finally {
      box.disabled = false;
    }
  });
  return h(
    "p",
    { class: "remember" },
    box,
    " ",
    h("label", { for: id, text: "Remember my readings on this device" }),
    h("span", {
      class: "hint",
      text: " Keeps your half-hourly readings (never your key or password) in this browser so they show again next time, until you untick this or press Forget everything.",
    }),
    " ",
    status,
  );
}

/** After a fresh load: if the user opted in before, keep the remembered copy current. */
export async function refreshRemembered(summary) {
  if (await loadRemembered()) {
    try {
      await rememberNow(summary);
    } catch {
      // the old copy stays; the data bar's checkbox shows its state
    }
  }
}

// A reload of a report URL finds the worker empty: app.mjs shows the landing
// page with the URL's source. If the user opted in, use the remembered copy.
let restoreTried = false;
async function restoreOnLanding(params) {
  const box = document.getElementById("remember-box");
  const record = await loadRemembered();
  if (box) {
    box.replaceChildren(
      ...(record
        ? [
            h("p", { text: `Readings remembered on this device: ${record.label}, saved ${new Date(record.savedAt).toLocaleString("en-GB")}. ` }),
            h("p", {}, h("button", { type: "button", class: "button", text: "Show them", onclick: () => restore(record, { source: record.source, report: "overview" }) }), " ", forgetButton()),
          ]
        : []),
    );
  }
  if (!record || restoreTried || !LOADED_SOURCES.includes(params.source) || record.source !== params.source) return;
  restoreTried = true;
  await restore(record, params);
}

async function restore(record, params) {
  const notices = document.getElementById("notices");
  notices.replaceChildren(h("li", { text: "Using the readings remembered on this device…" }));
  try {
    await python.call(OPS.importSnapshot, { snapshot: record.snapshot });
  } catch (error) {
    await clearRemembered();
    notices.replaceChildren(h("li", { text: error.message }));
    return;
  }
  document.dispatchEvent(new CustomEvent("half-hourly:loaded", { detail: { source: record.source } }));
  navigate(params.source === record.source ? params : { source: record.source, report: "overview" }, { replace: true });
}

onLanding((params) => {
  restoreOnLanding(params);
});
