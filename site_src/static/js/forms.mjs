// Draws the "form" block (see pyruntime/present/blocks.py): report settings a
// user picks (a tariff, a period, eligibility filters, a hand-entered tariff).
// Submitting only navigates to another report URL; Python checks every value
// and says what it changed, so nothing here decides what is valid.
import { h } from "./dom.mjs";

let formCount = 0;

// A closed select shows its choice on one line, cut where the control ends: on a phone "Standard variable (price
// cap, any supplier)" read as "Standard variable (price cap, any sup", and "Not by direct debit (cash, cheque, …" no
// better. A choice too wide for its control at the width it is drawn shows its name without the closing words in
// brackets ("Standard variable", "Not by direct debit"), which name it on their own; its whole label is then its title
// (and the control's, while chosen). A name with no words in brackets, or still too wide without them ("D: Merseyside
// and North Wales", "Price-aware: plans each day ahead" on a 320 px phone), keeps as many of its first words as fit
// and ends in "…", its whole label again the title. A name that would then read the same as another choice's is
// shown whole.
const ARROW = 20; // px the closed select keeps for its arrow
const BRACKETED = /\s+\([^()]*\)$/;
const ELLIPSIS = "…";
let measure = null;

function fittingName(label, room) {
  const fits = (text) => measure.measureText(text).width <= room;
  if (fits(label)) return label;
  const unbracketed = label.replace(BRACKETED, "");
  if (fits(unbracketed)) return unbracketed;
  const words = unbracketed.split(/\s+/);
  for (let n = words.length - 1; n >= 1; n -= 1) {
    // "Price-aware…", not "Price-aware:…": a clause's closing colon or comma goes with the words left out.
    const text = words.slice(0, n).join(" ").replace(/[,:;]$/, "") + ELLIPSIS;
    if (fits(text)) return text;
  }
  return label; // not even its first word fits: shown whole, for the control to cut
}

function fitChoices(select) {
  if (!select.clientWidth) return;
  const style = getComputedStyle(select);
  measure ??= document.createElement("canvas").getContext("2d");
  measure.font = style.font;
  const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - ARROW;
  const options = [...select.options];
  const whole = options.map((o) => o.dataset.label);
  const shown = whole.map((label) => fittingName(label, room));
  const taken = (text, i) => options.some((_, j) => j !== i && (whole[j] === text || shown[j] === text));
  options.forEach((o, i) => {
    const text = shown[i] !== whole[i] && !taken(shown[i], i) ? shown[i] : whole[i];
    if (o.text !== text) o.text = text;
    o.title = text === whole[i] ? "" : whole[i];
  });
  select.title = select.selectedOptions[0]?.title ?? "";
}

function control(field, id) {
  const common = { id, name: field.name };
  if (field.kind === "select") {
    const select = h(
      "select",
      common,
      ...field.options.map((o) => h("option", { value: o.value, selected: o.value === field.value, text: o.label, "data-label": o.label })),
    );
    new ResizeObserver(() => fitChoices(select)).observe(select);
    select.addEventListener("change", () => fitChoices(select));
    return select;
  }
  // A quantity is text, so its number can carry its unit ("5 kWh", "90%"); the keyboard stays a decimal one.
  const type = { number: "number", date: "date", month: "month" }[field.kind] || "text";
  return h("input", {
    ...common,
    type,
    value: field.value ?? "",
    placeholder: field.placeholder || null,
    min: field.min ?? null,
    max: field.max ?? null,
    step: field.step ?? null,
    maxlength: field.maxlength ?? null,
    required: field.required === "true" || null,
    inputmode: type === "number" || field.kind === "quantity" ? "decimal" : null,
    autocomplete: "off",
  });
}

function drawField(field, id, checks) {
  const help = field.help ? h("small", { class: "field-help", id: `${id}-help`, text: field.help }) : null;
  if (field.kind === "checkboxes") {
    const ticked = new Set((field.value || "").split(",").filter(Boolean));
    const boxes = field.options.map((o) => {
      const box = h("input", { type: "checkbox", value: o.value, checked: ticked.has(o.value) });
      checks.push([field.name, box]);
      return h("label", { class: "check" }, box, document.createTextNode(` ${o.label}`));
    });
    return h("fieldset", { class: "field field-checkboxes" }, h("legend", { text: field.label }), ...boxes, help);
  }
  const input = control(field, id);
  // A value Python could not use keeps its place in the form, with the reason beside it.
  const error = field.error ? h("small", { class: "field-error", id: `${id}-error`, role: "alert", text: field.error }) : null;
  const described = [help?.id, error?.id].filter(Boolean).join(" ");
  if (described) input.setAttribute("aria-describedby", described);
  if (error) input.setAttribute("aria-invalid", "true");
  const classes = ["field", field.kind === "quantity" ? "field-quantity" : null, error ? "field-invalid" : null];
  return h("div", { class: classes.filter(Boolean).join(" ") }, h("label", { for: id, text: field.label }), input, help, error);
}

function collect(block, form, checks) {
  const values = {};
  for (const field of block.fields) {
    if (field.kind === "checkboxes") {
      const on = checks.filter(([name, box]) => name === field.name && box.checked).map(([, box]) => box.value);
      values[field.name] = on.length ? on.join(",") : field.empty || "";
    } else {
      values[field.name] = form.elements.namedItem(field.name).value.trim();
    }
  }
  const params = { ...block.params };
  const composed = new Set(block.compose?.fields || []);
  for (const [name, value] of Object.entries(values)) {
    if (composed.has(name)) continue;
    if (value === "") delete params[name];
    else params[name] = value;
  }
  if (block.compose) {
    const c = block.compose;
    // The separators must not appear inside a field (a name with "~" or ";").
    const strip = (v) => v.split(c.sep).join(" ").split(c.list_sep).join(" ").trim();
    const entry = c.fields.map((n) => strip(values[n] || "")).join(c.sep).replace(new RegExp(`(${c.sep})+$`), "");
    params[c.param] = c.current ? `${c.current}${c.list_sep}${entry}` : entry;
  }
  return params;
}

// On a phone number, quantity, date and month fields sit two to a row; the others take a row each. One of them
// left without a partner (the last of an odd run) is marked, so the stylesheet gives it the whole row, not half.
const PAIRED = new Set(["number", "quantity", "date", "month"]);
function markAlone(fields, drawn) {
  let run = 0;
  fields.forEach((f, i) => {
    run = PAIRED.has(f.kind) ? run + 1 : 0;
    const ends = !PAIRED.has(fields[i + 1]?.kind);
    if (run % 2 === 1 && ends) drawn[i].classList.add("field-alone");
  });
}

export function drawForm(block, { onNavigate }) {
  const n = ++formCount;
  const checks = [];
  // Python checks every value and says why beside the field (every bad one at once), so the browser's own range
  // and required checks stay out of the way; only text a number field cannot hold (its value reads as "") is the
  // browser's to point out, as nothing else can see it.
  const form = h("form", { class: "report-form", novalidate: true });
  const drawn = block.fields.map((f, i) => drawField(f, `f${n}-${i}-${f.name}`, checks));
  markAlone(block.fields, drawn);
  const body = h("div", { class: "form-fields" }, ...drawn);
  form.append(body);
  const go = () => onNavigate(collect(block, form, checks), { fromForm: true });
  if (block.submit) body.append(h("div", { class: "field field-submit" }, h("button", { type: "submit", class: "button", text: block.submit })));
  else form.addEventListener("change", go);
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const unreadable = [...form.elements].find((el) => el.validity?.badInput);
    if (unreadable) unreadable.reportValidity();
    else go();
  });
  const links = (block.links || []).map((l) =>
    h("li", {}, h("button", { type: "button", class: "link-button", text: l.label, onclick: () => onNavigate(l.params) })),
  );
  return h(
    "section",
    { class: "block-form" },
    block.title ? h("h2", { text: block.title }) : null,
    block.caption ? h("p", { class: "hint", text: block.caption }) : null,
    form,
    links.length ? h("ul", { class: "form-links" }, ...links) : null,
  );
}
