"""Emissions, profile, heatmap and net-import views from the demo in Chromium; chart and CSV downloads."""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

SVG_NS = "{http://www.w3.org/2000/svg}"


def query(page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}


def forget_own_blobs(watch, site_url) -> None:
    """Blob URLs of the page's own origin (files made in memory for a download or a PNG) never leave the browser."""
    watch.requests[:] = [u for u in watch.requests if not u.startswith(f"blob:{site_url}/")]


def download(page, locator) -> tuple[str, bytes]:
    with page.expect_download() as info:
        locator.click()
    d = info.value
    assert d.failure() is None
    return d.suggested_filename, Path(d.path()).read_bytes()


def assert_valid_svg(data: bytes, title: str) -> None:
    root = ET.fromstring(data)
    assert root.tag == f"{SVG_NS}svg"
    assert root.get("width") and root.get("height")
    assert root.find(f"{SVG_NS}title").text == title
    # Styles travel with the file: bars and lines carry their colours as attributes.
    assert any(el.get("fill", "").startswith(("rgb", "#")) for el in root.iter(f"{SVG_NS}path"))
    # The period is printed under the title.
    assert any("All data" in (el.text or "") for el in root.iter(f"{SVG_NS}text"))


def assert_valid_png(data: bytes) -> None:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert width >= 800 and height >= 300


def test_emissions_view_settings_and_every_kind_of_download(page, charts, site_url, watch, wait_ready):
    page.goto(site_url + "/?source=demo&report=emissions&fuel=electricity")
    assert wait_ready(page) == "ready"
    assert page.inner_text("#report-title") == "Emissions of electricity import: All data"
    assert query(page)["region"] == "C"
    assert page.locator("#blocks figure.chart").count() == 2
    assert charts.bar_count(page) == 12
    totals = page.inner_text("#totals")
    assert "kgCO2e" in totals and "Carbon timing score" in totals
    # Every chart keeps a data table and gets its own save buttons.
    assert page.locator("#blocks details.data-table").count() >= 1
    assert page.locator("#blocks figure.chart .chart-export button").count() == 4

    name, svg = download(page, page.locator("#blocks figure.chart").first.locator("button:text('Save SVG')"))
    assert name == "half-hourly-emissions-per-month.svg"
    assert_valid_svg(svg, "Emissions per month")
    name, png = download(page, page.locator("#blocks figure.chart").nth(1).locator("button:text('Save PNG')"))
    assert name.endswith(".png")
    assert_valid_png(png)

    # The what-if share is a setting kept in the URL.
    page.fill(".block-form input[name=shift]", "35")
    # The form holding this field: the period bar's custom range is a form of its own.
    page.locator(".block-form", has=page.locator("input[name=shift]")).locator("button[type=submit]").click()
    page.wait_for_selector("h2:text('What if you shifted 35 %')")
    assert wait_ready(page) == "ready"
    assert query(page)["shift"] == "35"

    name, data = download(page, page.locator(".block-download button", has_text="every day"))
    assert name == "half-hourly-electricity-all-daily.csv"
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    assert rows[0][:4] == ["Local date", "Half-hours present", "Half-hours expected", "Energy (kWh)"]
    assert "Emissions (kgCO2e)" in rows[0] and "Cost (p)" in rows[0]
    assert len(rows) == 1 + 365
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "@", "\t", "\r"))
            if cell.startswith("-"):
                float(cell)
    name, data = download(page, page.locator(".block-download button", has_text="Data table"))
    table = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    assert table[0][:2] == ["month", "energy_kwh"] and len(table) == 13
    forget_own_blobs(watch, site_url)


def test_profile_heatmap_and_net_views_render_and_print_on_one_page(page, charts, site_url, watch, wait_ready):
    page.goto(site_url + "/?source=demo&report=profile&fuel=electricity")
    assert wait_ready(page) == "ready"
    assert page.inner_text("#report-title").startswith("Profile of electricity import")
    assert "Baseload (always on)" in page.inner_text("#totals")
    assert page.locator("#blocks .chart-plot.chart-lines").count() == 2
    assert charts.bar_count(page) >= 20  # the 20 load-distribution buckets, then baseload by month

    page.click("#report-menu a:text('Heatmap')")
    page.wait_for_selector("#report-title:text('Heatmap of electricity import')")
    assert wait_ready(page) == "ready"
    assert page.locator("#blocks .chart-plot.chart-heatmap canvas").count() >= 1
    _, png = download(page, page.locator("#blocks figure.chart").first.locator("button:text('Save PNG')"))
    assert_valid_png(png)
    _, svg = download(page, page.locator("#blocks figure.chart").first.locator("button:text('Save SVG')"))
    root = ET.fromstring(svg)
    cells = [el for el in root.iter(f"{SVG_NS}path") if el.get("fill", "").startswith("rgb")]
    assert len(cells) >= 17_000  # a cell per half-hour with a reading
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
    page.emulate_media(media="screen")

    page.click("#report-menu a:text('Export & net import')")
    page.wait_for_selector("#report-title:text('Export and net import: All data')")
    assert wait_ready(page) == "ready"
    assert query(page)["fuel"] == "export"
    page.fill(".block-form input[name=generation]", "3200")
    # The form holding this field: the period bar's custom range is a form of its own.
    page.locator(".block-form", has=page.locator("input[name=generation]")).locator("button[type=submit]").click()
    page.wait_for_selector("h2:text('Self-consumption') ~ dl")
    assert "3,200 kWh" in page.inner_text(".block-facts")
    # Python started once for all three views.
    assert sum(u.endswith("pyodide.asm.wasm.xz") for u in watch.downloads) == 1
    forget_own_blobs(watch, site_url)


# Records, on every heatmap, each call that lays the chart out and draws it again (setOption, resize) once it holds its
# cells: a year's heatmap holds 17,520 of them, and each such call redraws them all.
COUNT_REDRAWS = """() => {
  const proto = Object.getPrototypeOf(document.querySelector('.chart-plot').chart);
  window.redrawsWithPoints = [];
  for (const name of ['setOption', 'resize']) {
    const own = proto[name];
    proto[name] = function (...args) {
      const result = own.apply(this, args);
      const series = this.getModel()?.getSeriesByIndex(0);
      const points = series?.getData()?.count() ?? 0;
      if (series?.subType === 'heatmap' && points) window.redrawsWithPoints.push([name, points]);
      return result;
    };
  }
}"""


def test_a_years_heatmap_draws_its_cells_once(page, site_url, wait_ready):
    """A year's heatmap (17,520 half-hours) is laid out with its cells once: its labels are placed on the empty plot
    first, and a first report of the size it was drawn at redraws nothing (it drew them six times, about 1 s)."""
    page.goto(site_url + "/?source=demo&report=heatmap&fuel=electricity&month=2023-01")
    assert wait_ready(page) == "ready"
    page.wait_for_selector(".chart-plot.chart-heatmap canvas")
    page.evaluate(COUNT_REDRAWS)
    page.click(".period-kinds a:text-is('Year')")
    page.wait_for_selector(".chart-plot.chart-heatmap[data-points='17520'] canvas")
    assert wait_ready(page) == "ready"
    page.wait_for_timeout(500)  # a resize observer's first report has come
    plot = page.locator(".chart-plot.chart-heatmap")
    redraws = page.evaluate("window.redrawsWithPoints")
    assert redraws == [["setOption", plot.evaluate("p => p.chart.getModel().getSeriesByIndex(0).getData().count()")]]
    # What it shows is unchanged: every half-hour with a reading is a cell, and both ends of the day are labelled.
    assert redraws[0][1] > 17_000
    labels = plot.evaluate("""p => p.chart.getZr().storage.getDisplayList(true)
      .filter(el => el.type === 'tspan').map(el => el.style.text)""")
    assert "00:00" in labels and "23:30" in labels, labels
