// Draws a report's view model (see pyruntime/reports/__init__.py) without
// knowing which report it is. Every string from Python goes in as text, never
// as markup.
import { drawChart, mountCharts } from "./chart.mjs";
import { h } from "./dom.mjs";
import { chartExports } from "./export.mjs";
import { drawForm } from "./forms.mjs";

// A chart's figure: its caption, the chart, and the readout of its values.
function drawFigure(kind) {
  return (block, { onNavigate } = {}) => {
    const holder = h("div", { class: "chart-body" });
    drawChart(holder, kind, block, { onSelect: (bar) => bar.drill && onNavigate?.(bar.drill) });
    return h("figure", { class: "chart" }, block.caption ? h("figcaption", { text: block.caption }) : null, holder);
  };
}

// Cells and fact values come as plain strings or as {text, value, unit}.
const textOf = (cell) => (cell !== null && typeof cell === "object" ? String(cell.text ?? "") : String(cell ?? ""));
const itemText = (item) => (typeof item.text === "string" ? item.text : textOf(item.value));

// A table cell is plain text or {text, value, unit}: people read the text; the
// value is for downloads and sorting.
const cellText = textOf;

// A column whose cells carry no number (names, dates, reasons) reads from the left;
// figures stay right-aligned so their digits line up.
const isNumber = (cell) => cell !== null && typeof cell === "object" && typeof cell.value === "number";
const textColumns = (block) => block.columns.map((_, j) => !block.rows.some((row) => isNumber(row[j])));

// A column's width class by its longest text: sentences (sources, notes) are kept room to read as a few lines,
// names (tariffs, meters, reasons) to wrap on two or three; short words (dates, times, "48 of 48") stay on one
// line; a rank key takes only its width.
const SHORT_TEXT = 14;
const SENTENCE = 60;
const widthClass = (block, j) => {
  const longest = Math.max(0, ...block.rows.map((row) => cellText(row[j]).length));
  if (j === 0 && longest <= 4) return "key-short";
  return longest > SENTENCE ? "long prose" : longest > SHORT_TEXT ? "long" : "short";
};

// A row's name with each ISO date kept whole (on a phone "2023-12-31" broke at its hyphen); the text is unchanged.
const ISO_DATE = /(\d{4}-\d{2}-\d{2})/;
const withWholeDates = (text) =>
  text.split(ISO_DATE).filter(Boolean).map((part) => (ISO_DATE.test(part) ? h("span", { class: "nowrap", text: part }) : document.createTextNode(part)));

// A compact table's line under a row's name (what the columns a phone hides hold: "Needs: electric vehicle"),
// shown only on a phone, where those columns are hidden; a laptop shows the columns instead.
const keyNote = (block, i) => (block.key_notes?.[i] ? h("small", { class: "key-note", text: block.key_notes[i] }) : null);

// A figure written with words ("costs £1.39 more", "Dec (−£14.71)") in a table of tariffs, which may wrap to fit
// (site.css): it breaks only between words, never inside "(−£14.71)".
const WORD = /(\s+)/;
const wholeWords = (text) =>
  text.split(WORD).filter(Boolean).map((part) => (WORD.test(part) ? document.createTextNode(part) : h("span", { class: "nowrap", text: part })));

const DENSE_FIGURES = 10; // columns of figures from which a table is set closer (site.css, `.dense`)

function drawTable(block) {
  const text = textColumns(block);
  const width = block.columns.map((_, j) => (j === 0 || text[j] ? widthClass(block, j) : null));
  const align = (j) => (j > 0 && text[j] ? `text ${width[j]}` : null);
  const keyClass = width[0];
  // A cell of a column of figures is laid out as one even without a number ("no prices", "—"): on a phone's card it
  // reads under its column's heading like its neighbours, not run on after it ("Jan 2023no prices").
  const isFigure = (cell, j) => isNumber(cell) || (!text[j] && cellText(cell) !== "");
  // A row per tariff with more columns than a phone holds (the report says so): on a phone each row reads as a card
  // (its key, then each cell under its column's heading) instead of scrolling sideways.
  const cards = !block.compact && block.cards === true;
  // A card shows each cell's column heading beside it (drawn by the style sheet, hidden from screen readers, which
  // read the table's own headings).
  const label = (j) => (cards ? textOf(block.columns[j]) : null);
  const head = h("thead", {}, h("tr", {}, ...block.columns.map((c, j) => h("th", { scope: "col", class: align(j), text: textOf(c) }))));
  const body = h(
    "tbody",
    {},
    ...block.rows.map((row, i) =>
      h(
        "tr",
        { class: block.row_classes?.[i] || null },
        h("th", { scope: "row", class: keyClass }, ...withWholeDates(cellText(row[0])), keyNote(block, i)),
        ...row.slice(1).map((cell, k) =>
          (cards || block.compact) && isNumber(cell) && /\s/.test(cellText(cell))
            ? h("td", { class: "figure words", "data-label": label(k + 1) }, h("span", {}, ...wholeWords(cellText(cell))))
            : h("td", { class: isFigure(cell, k + 1) ? "figure" : align(k + 1), "data-label": label(k + 1), text: cellText(cell) }),
        ),
      ),
    ),
  );
  // A bill's lines (a table that ends in a total): on a phone each line's name reads above its figures.
  const kind = block.compact ? " compact" : cards ? " ranking-cards" : block.row_classes?.includes("total") ? " bill-lines" : "";
  // A row of a dozen figures or more (compare's month by month: a name and twelve months) is set closer on a
  // laptop, so it fits the page's column rather than scrolling sideways.
  const dense = text.filter((isText, j) => j > 0 && !isText).length >= DENSE_FIGURES ? " dense" : "";
  const cls = `data-table${kind}${dense}`;
  // The caption names the table for a screen reader's table list (the summary above it says the same on screen).
  const caption = h("caption", { class: "visually-hidden", text: block.title });
  return h("details", { class: cls, open: block.open }, h("summary", { text: block.title }), h("table", {}, caption, head, body));
}

// Facts items and a view's totals: {label, text, value, unit, warn}.
const factItems = (items) =>
  items.flatMap((item) => [h("dt", { text: item.label }), h("dd", { class: item.warn ? "warn" : null, text: itemText(item) })]);

// A view's totals: each label and value in a group of their own, so on a phone a short pair shares one line and a
// long value wraps under its label (on a laptop the groups are transparent to the two-column grid).
export const totalItems = (items) =>
  items.map((item) => h("div", { class: "total" }, ...factItems([item])));

function drawFacts(block) {
  // Numbered notes (labels such as "[12]", flagged by the report) keep the number beside its text on a phone too.
  const list = h("dl", { class: block.numbered ? "facts numbered" : "facts" }, ...factItems(block.items));
  // Folded facts (a report's assumptions under its answer) open like a table.
  if (block.open === false) return h("details", { class: "block-facts folded" }, h("summary", { text: block.title }), list);
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

// The overview's cards: a heading, a few lines, and a link to the report behind them.
function drawCards(block, { onNavigate, hrefOf } = {}) {
  const cards = block.cards.map((card) => {
    const href = hrefOf ? hrefOf(card.link.params) : `?${new URLSearchParams(card.link.params)}`;
    const link = h("a", { href, text: card.link.label, class: "card-link" });
    link.addEventListener("click", (e) => {
      if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0 || !onNavigate) return;
      e.preventDefault();
      onNavigate(card.link.params);
    });
    return h("li", { class: "card" }, h("h3", { text: card.title }), ...card.lines.map((line) => h("p", { text: line })), link);
  });
  return h("section", { class: "block-cards" }, block.title ? h("h2", { text: block.title }) : null, h("ul", { class: "cards" }, ...cards));
}

function drawDownload(block, { onDownload }) {
  return h("p", { class: "block-download" }, h("button", { type: "button", class: "button", text: block.label, onclick: () => onDownload(block) }));
}

const DRAW = { bars: drawFigure("bars"), lines: drawFigure("lines"), heatmap: drawFigure("heatmap"), table: drawTable, facts: drawFacts, text: drawText, cards: drawCards, download: drawDownload, form: drawForm };

/**
 * Draw `blocks` into `container`. handlers: {onNavigate(params), onDownload(block),
 * subtitle: the view's title and period, printed under a saved chart's title}.
 */
export function drawBlocks(container, blocks, handlers = {}) {
  container.replaceChildren(
    ...blocks.map((block) => {
      const draw = DRAW[block.type];
      const node = draw ? draw(block, handlers) : h("p", { class: "hint", text: `(${block.type} cannot be shown)` });
      node.classList.add("block", `block-${block.type}`);
      if (node.matches("figure.chart")) node.append(chartExports(node, block.title, handlers?.subtitle));
      return node;
    }),
  );
  mountCharts(container);
}
