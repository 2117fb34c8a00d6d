// Draws a report's view model (see pyruntime/reports/__init__.py) without
// knowing which report it is. Every string from Python goes in as text, never
// as markup.
import { drawBarChart, drawHeatmap, drawLineChart } from "./chart.mjs";
import { h } from "./dom.mjs";
import { chartExports } from "./export.mjs";
import { drawForm } from "./forms.mjs";

// A chart's figure: its caption, then whatever `draw(holder)` puts in it.
function chartFigure(block, draw) {
  const holder = h("div", { class: "chart-body" });
  draw(holder);
  return h("figure", { class: "chart" }, block.caption ? h("figcaption", { text: block.caption }) : null, holder);
}

function drawBars(block, { onNavigate }) {
  return chartFigure(block, (holder) =>
    drawBarChart(holder, {
      bars: block.bars,
      unit: block.unit,
      title: block.title,
      onSelect: (bar) => bar.drill && onNavigate(bar.drill),
    }),
  );
}

const drawLines = (block) => chartFigure(block, (holder) => drawLineChart(holder, block));
const drawHeat = (block) => chartFigure(block, (holder) => drawHeatmap(holder, block));

// A table cell is plain text or {text, value, unit}: people read the text; the
// value is for downloads and sorting.
export const cellText = (cell) => (typeof cell === "string" ? cell : cell.text);

function drawTable(block) {
  const head = h("thead", {}, h("tr", {}, ...block.columns.map((c) => h("th", { scope: "col", text: c }))));
  const body = h(
    "tbody",
    {},
    ...block.rows.map((row, i) =>
      h(
        "tr",
        { class: block.row_classes?.[i] || null },
        h("th", { scope: "row", text: cellText(row[0]) }),
        ...row.slice(1).map((cell) => h("td", { text: cellText(cell) })),
      ),
    ),
  );
  return h("details", { class: "data-table", open: block.open }, h("summary", { text: block.title }), h("table", {}, head, body));
}

// Facts items and a view's totals: {label, text, value, unit, warn}.
export const factItems = (items) =>
  items.flatMap((item) => [h("dt", { text: item.label }), h("dd", { class: item.warn ? "warn" : null, text: item.text })]);

function drawFacts(block) {
  const list = h("dl", { class: "facts" }, ...factItems(block.items));
  return h("section", { class: "block-facts" }, block.title ? h("h2", { text: block.title }) : null, list);
}

function drawText(block) {
  return h(
    "section",
    { class: `block-text ${block.tone || "info"}` },
    block.title ? h("h2", { text: block.title }) : null,
    ...block.paragraphs.map((p) => h("p", { text: p })),
  );
}

function drawDownload(block, { onDownload }) {
  return h("p", { class: "block-download" }, h("button", { type: "button", class: "button", text: block.label, onclick: () => onDownload(block) }));
}

const DRAW = { bars: drawBars, lines: drawLines, heatmap: drawHeat, table: drawTable, facts: drawFacts, text: drawText, download: drawDownload, form: drawForm };

export function drawBlocks(container, blocks, handlers) {
  container.replaceChildren(
    ...blocks.map((block) => {
      const draw = DRAW[block.type];
      const node = draw ? draw(block, handlers) : h("p", { class: "hint", text: `(${block.type} cannot be shown)` });
      node.classList.add("block", `block-${block.type}`);
      if (node.matches("figure.chart")) node.append(chartExports(node, block.title));
      return node;
    }),
  );
}
