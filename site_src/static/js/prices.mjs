// The public Prices page: what the feeds hold, one tariff's recent prices
// for a region, and the week ahead (published Agile prices, a forecast and its
// accuracy). No household is loaded; Python in the worker reads this
// site's feed files and returns view models that render.mjs draws. The page's
// own settings (region, family, kind, day, days) live in its URL.
import { setState, showError, startPython } from "./boot.mjs";
import { $, h } from "./dom.mjs";
import { OPS } from "./protocol.mjs";
import { drawBlocks, totalItems } from "./render.mjs";

const SETTINGS = ["region", "family", "kind", "day", "days"];

const python = startPython({ onFatal: (message) => showError(`${message} Reload the page to try again.`) });

let seq = 0;
let overviewFailed = false;

function restoreFocus(container) {
  if (refocus?.within !== container.id) return;
  container.querySelector(`[name="${CSS.escape(refocus.name)}"]`)?.focus();
  refocus = null;
}

function urlSettings() {
  const query = new URLSearchParams(location.search);
  return Object.fromEntries(SETTINGS.filter((k) => query.get(k)).map((k) => [k, query.get(k)]));
}

const pageUrl = (params) => `?${new URLSearchParams(params)}`;

// The choice whose change redrew its form ({within, name}): the redrawn form's control of that name gets the focus
// back, so a keyboard user arrowing through a select stays on it instead of being dropped to the page's start.
let refocus = null;

function navigate(params) {
  const active = document.activeElement;
  const within = active?.closest?.("#tariff-blocks, #week-blocks")?.id;
  refocus = within && active.name ? { within, name: active.name } : null;
  history.pushState(null, "", pageUrl(params));
  showPage();
}

// The tariff part settles the region (a region with no prices gives way to another, with a notice); the week ahead
// then shows that same region, so the page and its URL name one region throughout.
async function showPage() {
  const mine = ++seq;
  setState("loading");
  const view = await showTariff(mine);
  if (mine !== seq) return; // a newer choice superseded this one
  await showWeekAhead(mine, view ? view.region : urlSettings().region);
  await overviewDrawn;
  if (mine === seq && view && !overviewFailed) setState("ready");
}

async function showWeekAhead(mine, region) {
  let model;
  try {
    model = await python.call(OPS.weekAhead, { params: region ? { region } : {} });
  } catch (error) {
    if (mine !== seq) return;
    $("week-blocks").replaceChildren(h("p", { class: "error-box", text: `The week ahead could not be shown: ${error.message}` }));
    $("prices-week").hidden = false;
    return;
  }
  if (mine !== seq) return;
  $("week-notices").replaceChildren(...(model.notices || []).map((n) => h("li", { text: n })));
  $("week-title").textContent = model.title;
  $("week-subtitle").textContent = model.subtitle || "";
  drawBlocks($("week-blocks"), model.blocks, { onNavigate: navigate, onDownload: () => {} });
  $("prices-week").hidden = false;
  restoreFocus($("week-blocks"));
}

// The tariff part for the URL's settings; its canonical settings (the URL is corrected to them), or null.
async function showTariff(mine) {
  const params = urlSettings();
  let model;
  try {
    model = await python.call(OPS.tariffPrices, { params });
  } catch (error) {
    if (mine === seq) showError(`These prices could not be shown: ${error.message}`);
    return null;
  }
  if (mine !== seq) return null; // a newer choice superseded this one
  if (pageUrl(model.view) !== pageUrl(params)) history.replaceState(null, "", pageUrl(model.view));
  if (!overviewFailed) $("error").hidden = true;
  $("status").hidden = true;
  $("notices").replaceChildren(...(model.notices || []).map((n) => h("li", { text: n })));
  $("tariff-title").textContent = model.title;
  $("tariff-subtitle").textContent = model.subtitle || "";
  drawBlocks($("tariff-blocks"), model.blocks, { onNavigate: navigate, onDownload: () => {} });
  $("prices-tariff").hidden = false;
  restoreFocus($("tariff-blocks"));
  document.title = `Prices: ${model.title} · Half-Hourly`;
  return model.view;
}

async function showOverview() {
  let model;
  try {
    model = await python.call(OPS.feedOverview, {});
  } catch (error) {
    overviewFailed = true;
    showError(`The feeds could not be read: ${error.message}`);
    return;
  }
  $("overview-totals").replaceChildren(...totalItems(model.totals));
  drawBlocks($("overview-blocks"), model.blocks, { onNavigate: navigate, onDownload: () => {} });
  $("prices-overview").hidden = false;
}

setState("loading");
$("status").hidden = false;
window.addEventListener("popstate", showPage);
const overviewDrawn = showOverview();
showPage();
