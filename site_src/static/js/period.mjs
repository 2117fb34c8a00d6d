// The period bar above a report (see present/nav.py period_nav): ‹ the period
// shown ›, a link per kind (day, week, month, year, all data) and a custom
// range. Python decides every period and where stepping stops; at the data's
// ends the step button is drawn disabled rather than left out, so the bar
// does not jump about.
import { h } from "./dom.mjs";
import { drawForm } from "./forms.mjs";

/**
 * Draw `period` (the view model's `period`, or nothing) with the `pager`'s
 * prev/next into `nav`. link(params, text, current) makes an in-page link;
 * onNavigate(params) follows a form.
 */
export function drawPeriod(nav, period, pager, { link, onNavigate }) {
  nav.hidden = !period;
  if (!period) return nav.replaceChildren();
  const step = (key, text, label) => {
    const params = pager?.[key];
    if (!params) return h("button", { type: "button", class: "period-step", disabled: true, "aria-label": label, text });
    const a = link(params, text);
    a.classList.add("period-step");
    a.setAttribute("aria-label", label);
    a.setAttribute("rel", key === "prev" ? "prev" : "next");
    return a;
  };
  const kinds = h(
    "ul",
    { class: "period-kinds" },
    ...period.kinds.map((k) => h("li", {}, link(k.params, k.label, k.current))),
  );
  const range = h("details", { class: "period-range", open: period.kind === "range" || null }, h("summary", { text: "Custom range" }), drawForm({ ...period.range, title: "" }, { onNavigate }));
  nav.replaceChildren(
    h("div", { class: "period-steps" }, step("prev", "‹", "Previous period"), h("strong", { class: "period-label", text: period.label }), step("next", "›", "Next period")),
    kinds,
    range,
  );
}
