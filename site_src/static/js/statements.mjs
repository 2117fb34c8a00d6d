// "Check against my Octopus statements": a section under the bill for data
// loaded from Octopus. Octopus is asked only when the button is pressed (its
// GraphQL budget is per internet connection and shared with the Octopus app);
// the statements then stay in the worker for this tab, so later bill views
// show the comparison again without asking. Python computes everything; the
// result is drawn like any report's blocks. If the worker holds no key (data
// restored from this device), the section asks for the account number and key,
// which go to the worker in one message and are cleared from the form.
import { python } from "./app.mjs";
import { $, h } from "./dom.mjs";
import { OPS } from "./protocol.mjs";
import { drawBlocks } from "./render.mjs";

const nowSeconds = () => Math.floor(Date.now() / 1000);
let section = null;
let parts = null;
let busy = false;
let shownFor = "";

function build() {
  const button = h("button", { type: "button", class: "button", id: "check-statements", text: "Check against my Octopus statements" });
  const status = h("div", { class: "statements-status", "aria-live": "polite" });
  const alert = h("div", { class: "statements-alert" }); // errors: an alert outside the live region, said once
  const keyForm = h("div", { class: "statements-key" });
  const results = h("div", { class: "statements-results" });
  section = h(
    "section",
    { id: "statements", class: "statements", "aria-labelledby": "statements-title", hidden: true },
    h("h2", { id: "statements-title", text: "Your Octopus statements" }),
    h("p", { class: "hint", text: "Compare each statement Octopus sent you with our bill for the same days. Octopus is asked once, when you press the button (it limits how often it can be asked from your internet connection, including by the Octopus app)." }),
    h("p", {}, button),
    keyForm,
    status,
    alert,
    results,
  );
  button.addEventListener("click", () => check());
  parts = { button, status, alert, keyForm, results };
  $("pager").before(section);
}

function showError(error) {
  parts.status.replaceChildren();
  parts.alert.replaceChildren(h("div", { class: "error-box", role: "alert" }, h("p", { text: error.message })));
  if (error.kind === "needs_key" || error.kind === "auth") drawKeyForm();
}

function drawKeyForm() {
  const account = h("input", { id: "statements-account", type: "text", autocomplete: "username", spellcheck: "false", placeholder: "A-1B2C3D4E", "data-credential": "" });
  const key = h("input", { id: "statements-key", type: "password", autocomplete: "current-password", spellcheck: "false", "data-credential": "" });
  const form = h(
    "form",
    { class: "load-form", novalidate: true },
    h("p", { class: "field" }, h("label", { for: "statements-account", text: "Account number" }), account),
    h("p", { class: "field" }, h("label", { for: "statements-key", text: "API key" }), key),
    h("p", {}, h("button", { type: "submit", class: "button primary", text: "Read my statements" })),
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault(); // never navigates: the key goes to the worker only
    const creds = { account_number: account.value, api_key: key.value };
    key.value = "";
    check(creds);
  });
  parts.keyForm.replaceChildren(form);
}

function draw(result) {
  if (!result.checked) {
    parts.results.replaceChildren();
    return;
  }
  parts.status.replaceChildren(h("p", { text: result.summary }));
  drawBlocks(parts.results, result.blocks, {});
  parts.button.textContent = "Check my Octopus statements again";
}

async function check(creds = {}) {
  if (busy) return;
  busy = true;
  parts.button.setAttribute("aria-disabled", "true"); // not disabled: the focus stays on the button (busy turns a press away)
  parts.keyForm.replaceChildren();
  parts.alert.replaceChildren();
  parts.status.replaceChildren(h("p", { text: "Asking Octopus Energy for your statements…" }));
  try {
    draw(await python.call(OPS.checkStatements, { fetch: true, now: nowSeconds(), ...creds }));
  } catch (error) {
    showError(error);
  } finally {
    busy = false;
    parts.button.setAttribute("aria-disabled", "false");
  }
}

// After each view is drawn: show the section under an Octopus bill, with any statements already read.
async function update() {
  const params = new URLSearchParams(location.search);
  const wanted = !$("report").hidden && params.get("source") === "octopus" && params.get("report") === "bill";
  if (!wanted) {
    if (section) section.hidden = true;
    shownFor = "";
    return;
  }
  if (!section) build();
  section.hidden = false;
  if (shownFor === location.search || busy) return;
  shownFor = location.search;
  try {
    draw(await python.call(OPS.checkStatements, { fetch: false, now: nowSeconds() }));
  } catch {
    // Nothing loaded from Octopus any more: the report itself says so.
    section.hidden = true;
  }
}

// New data or none: statements read for earlier data no longer apply (the worker has dropped them too).
function reset() {
  shownFor = "";
  if (!parts) return;
  parts.results.replaceChildren();
  parts.status.replaceChildren();
  parts.alert.replaceChildren();
  parts.keyForm.replaceChildren();
  parts.button.textContent = "Check against my Octopus statements";
}
document.addEventListener("half-hourly:forgotten", reset);
document.addEventListener("half-hourly:loaded", reset);
new MutationObserver(() => {
  if (document.documentElement.dataset.state === "ready") update();
}).observe(document.documentElement, { attributes: true, attributeFilter: ["data-state"] });
