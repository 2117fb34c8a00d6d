// "Save SVG" and "Save PNG" for every chart: the chart is drawn again at a
// fixed size, whole (not zoomed), headed by its title and the view's period.
// Nothing leaves the page: files are made here and handed to the browser as
// downloads.
import { chartPng, chartSvg } from "./chart.mjs";

function button(text, onClick) {
  const b = document.createElement("button");
  b.type = "button";
  b.className = "button small";
  b.textContent = text;
  b.addEventListener("click", onClick);
  return b;
}

function save(blob, filename) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

function fileName(title) {
  const stem = (title || "chart").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 60);
  return `half-hourly-${stem || "chart"}`;
}

/** Buttons that save the chart in `figure` as SVG and PNG, titled `title` with `subtitle` (the period) below. */
export function chartExports(figure, title, subtitle = "") {
  const status = document.createElement("span");
  status.className = "hint";
  status.setAttribute("role", "status");
  const plot = () => figure.querySelector(".chart-plot");
  const run = async (make) => {
    status.textContent = "";
    try {
      if (!plot()?.chart) throw new Error("it is still being drawn");
      await make();
    } catch (error) {
      status.textContent = `Could not save the chart: ${error.message}`;
    }
  };
  const bar = document.createElement("div");
  bar.className = "chart-export";
  bar.append(
    button("Save SVG", () => run(async () => save(new Blob([await chartSvg(plot(), title, subtitle)], { type: "image/svg+xml" }), `${fileName(title)}.svg`))),
    button("Save PNG", () => run(async () => save(await chartPng(plot(), title, subtitle), `${fileName(title)}.png`))),
    status,
  );
  return bar;
}
