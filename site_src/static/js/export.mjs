// "Save SVG" and "Save PNG" for every chart. Charts are SVG styled by site.css,
// so saving copies each element's computed style onto it as presentation
// attributes: the file looks the same wherever it is opened. PNG draws that
// SVG onto a canvas (the CSP allows blob: and data: images). Nothing leaves
// the page: files are made here and handed to the browser as downloads.
const STYLE = [
  "fill", "fill-opacity", "stroke", "stroke-width", "stroke-dasharray", "stroke-opacity", "opacity",
  "font-family", "font-size", "font-weight", "text-anchor", "image-rendering",
];
const PNG_SCALE = 2;

function button(text, onClick) {
  const b = document.createElement("button");
  b.type = "button";
  b.className = "button small";
  b.textContent = text;
  b.addEventListener("click", onClick);
  return b;
}

function size(svg) {
  const [, , w, h] = (svg.getAttribute("viewBox") || "0 0 800 320").split(/\s+/).map(Number);
  return { w, h };
}

/** The chart as a stand-alone SVG document (text). */
export function svgText(svg) {
  const copy = svg.cloneNode(true);
  const from = [svg, ...svg.querySelectorAll("*")];
  const to = [copy, ...copy.querySelectorAll("*")];
  from.forEach((node, i) => {
    const computed = getComputedStyle(node);
    for (const prop of STYLE) {
      const value = computed.getPropertyValue(prop);
      if (value) to[i].setAttribute(prop, value);
    }
    to[i].removeAttribute("class");
    to[i].removeAttribute("tabindex");
  });
  const { w, h } = size(svg);
  copy.setAttribute("width", w);
  copy.setAttribute("height", h);
  copy.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  const paper = document.createElementNS("http://www.w3.org/2000/svg", "rect");
  for (const [k, v] of Object.entries({ x: 0, y: 0, width: w, height: h, fill: "#ffffff" })) paper.setAttribute(k, v);
  const defs = copy.querySelector("defs");
  if (defs) defs.after(paper);
  else copy.prepend(paper);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(copy)}\n`;
}

/** The chart as a PNG Blob, drawn at twice its size for sharp printing. */
export async function pngBlob(svg) {
  const { w, h } = size(svg);
  const url = URL.createObjectURL(new Blob([svgText(svg)], { type: "image/svg+xml" }));
  try {
    const img = new Image();
    await new Promise((resolve, reject) => {
      img.onload = resolve;
      img.onerror = () => reject(new Error("the chart could not be drawn as an image"));
      img.src = url;
    });
    const canvas = document.createElement("canvas");
    canvas.width = w * PNG_SCALE;
    canvas.height = h * PNG_SCALE;
    const ctx = canvas.getContext("2d");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await new Promise((resolve, reject) =>
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("the browser could not make a PNG"))), "image/png"),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
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

export function fileName(title) {
  const stem = (title || "chart").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 60);
  return `half-hourly-${stem || "chart"}`;
}

/** Buttons that save the chart in `figure` (its first <svg>) as SVG and PNG. */
export function chartExports(figure, title) {
  const status = document.createElement("span");
  status.className = "hint";
  status.setAttribute("role", "status");
  const svg = () => figure.querySelector("svg");
  const run = async (make) => {
    status.textContent = "";
    try {
      await make();
    } catch (error) {
      status.textContent = `Could not save the chart: ${error.message}`;
    }
  };
  const bar = document.createElement("div");
  bar.className = "chart-export";
  bar.append(
    button("Save SVG", () => run(async () => save(new Blob([svgText(svg())], { type: "image/svg+xml" }), `${fileName(title)}.svg`))),
    button("Save PNG", () => run(async () => save(await pngBlob(svg()), `${fileName(title)}.png`))),
    status,
  );
  return bar;
}
