"""The public Prices page in Chromium: feed coverage, the price-cap table and a tariff's recent prices.

No household is loaded; the page reads only this site's feed files (the bundled sample by default).
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from feeds.price_cap import read_price_cap_rows


def query(page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}


def test_prices_page_shows_coverage_price_cap_and_region_c_prices(page, charts, site_url, watch, wait_ready):
    page.goto(site_url + "/")
    page.click(".site-header a[href='prices.html']")
    assert wait_ready(page) == "ready"
    # The canonical view is in the URL: London, Agile, the last week the sample covers.
    assert query(page) == {"region": "C", "family": "agile", "kind": "E-1R", "day": "2023-12-31", "days": "7"}
    assert page.inner_text("#tariff-title") == "Agile Octopus, electricity (single rate): London (C)"
    chart = page.locator("#tariff-blocks .chart-plot.chart-lines")
    assert chart.count() == 1
    # The unit rate and the (unverified) price-cap reference, read out point by point from the keyboard.
    chart.focus()
    page.keyboard.press("ArrowRight")
    readout = page.inner_text("#tariff-blocks figure:has(.chart-lines) .chart-readout")
    assert "Price cap (unverified)" in readout and readout.count(" p/kWh") == 2
    assert charts.bar_count(page, "#tariff-blocks") == 7
    assert "31.51 p/day inc VAT" in page.inner_text("#tariff-blocks .block-facts")
    assert "SAMPLE" in page.inner_text("#tariff-blocks .block-text.warn")

    overview = page.inner_text("#prices-overview")
    assert "Coverage by tariff" in overview and "Agile Octopus" in overview and "31 Dec 2023" in overview
    assert "SAMPLE (partly synthesised)" in page.inner_text("#overview-totals")
    cap_rows = page.locator("#overview-blocks tr.unverified")
    table = read_price_cap_rows()  # the sample publishes the curated table as it stands
    unverified = sum(not r["verified"] for r in table)
    assert cap_rows.count() == unverified
    assert "UNVERIFIED" in cap_rows.first.inner_text()
    assert f"{unverified} of {len(table)} rows have NOT been checked" in overview
    # The rows read on Ofgem's own pages say so, and standard-credit and Economy 7 rows name themselves.
    cap_table = page.locator("#overview-blocks table:has(tr.unverified)")
    assert cap_table.locator("tbody tr:not(.unverified)").count() == len(table) - unverified == 10
    verified = cap_table.locator("tbody tr:not(.unverified)").first.inner_text()
    assert "verified" in verified and "UNVERIFIED" not in verified
    # A row names its source by number; the sources are listed once each, in full, under the table.
    sources = page.locator("#overview-blocks .block-facts").filter(has_text="Sources of the price-cap rows")
    assert sources.locator("dt").first.inner_text() == "[1]"
    assert "ofgem.gov.uk" in sources.inner_text()
    row_height = cap_table.locator("tbody tr").first.evaluate("tr => tr.getBoundingClientRect().height")
    line = cap_table.locator("tbody tr").first.evaluate("tr => parseFloat(getComputedStyle(tr).lineHeight)")
    assert row_height < 3 * line  # at most two lines (the period), not a paragraph of source
    assert "Standard credit" in cap_table.inner_text() and "Economy 7 (average rate)" in cap_table.inner_text()

    # The week ahead: published Agile, the (sample) forecast with its band, cheapest hours, accuracy.
    page.wait_for_selector("#prices-week:not([hidden])")
    assert page.inner_text("#week-title") == "The week ahead: Agile Octopus, London"
    week = page.locator("#week-blocks")
    page.wait_for_selector("#week-blocks .chart-plot.chart-lines canvas")
    lines = week.locator(".chart-plot.chart-lines").evaluate_all("ps => ps.map(p => p.chart.getOption().series.length)")
    assert sum(lines) == 4  # published, forecast, and the forecast's low and high
    assert week.locator("table").nth(0).locator("tbody tr").count() == 7
    assert "Forecast accuracy" in week.inner_text() and "AgilePredict" in week.inner_text()
    assert "SAMPLE" in week.inner_text()

    # No personal data and no foreign origin: only the page, the runtime and feed files were fetched.
    feeds = [u for u in watch.requests if "/feeds/" in u]
    assert site_url + "/feeds/v1/index.json" in feeds
    assert site_url + "/feeds/v1/tariffs/E-1R-AGILE-FLEX-22-11-25-C/2023.json" in feeds


def test_a_prices_url_reproduces_its_view_and_choices_update_the_url(page, site_url, wait_ready):
    page.goto(site_url + "/prices.html?region=C&family=flexible&kind=G-1R&day=2023-03-26&days=1")
    assert wait_ready(page) == "ready"
    assert page.inner_text("#tariff-title") == "Flexible Octopus, gas: London (C)"
    assert page.inner_text("#tariff-subtitle") == "26 Mar 2023"
    rows = page.locator("#tariff-blocks details.data-table").last.locator("tbody tr")
    assert rows.count() == 46  # clocks went forward
    page.reload()
    assert wait_ready(page) == "ready"
    assert page.inner_text("#tariff-title") == "Flexible Octopus, gas: London (C)"
    assert query(page)["day"] == "2023-03-26"

    page.select_option("#tariff-blocks select[name=region]", "A")
    page.wait_for_selector("#tariff-title:text('Eastern England (A)')")
    assert wait_ready(page) == "ready"
    assert query(page) == {"region": "A", "family": "flexible", "kind": "G-1R", "day": "2023-03-26", "days": "1"}
    page.go_back()
    page.wait_for_selector("#tariff-title:text('London (C)')")


def test_a_region_without_prices_gives_way_to_one_region_throughout(page, site_url, wait_ready):
    page.goto(site_url + "/prices.html?region=P")  # the sample holds prices for A and C only
    assert wait_ready(page) == "ready"
    page.wait_for_selector("#prices-week:not([hidden])")
    assert query(page)["region"] == "C"
    assert page.inner_text("#tariff-title").endswith("London (C)")
    assert page.inner_text("#week-title") == "The week ahead: Agile Octopus, London"
    notices = page.locator("#notices li, #week-notices li").all_inner_texts()
    assert notices == ["Region “P” has no prices in these feeds; showing London (C) instead."]
    assert "no Agile prices" not in page.inner_text("#week-blocks")


# Each x-axis label ECharts drew on a chart, as drawn (an ellipsis if it was cut), with its left and right edges [px].
X_LABELS = """(p) => {
  const chart = p.chart;
  const names = chart.getOption().xAxis[0].data;
  const out = [];
  for (const el of chart.getZr().storage.getDisplayList(true)) {
    const t = el.style && el.style.text;
    if (el.type !== 'tspan' || typeof t !== 'string') continue;
    if (!names.includes(t) && !(t.endsWith('…') && names.some((n) => n.startsWith(t.slice(0, -1))))) continue;
    const r = el.getBoundingRect().clone();
    r.applyTransform(el.getComputedTransform());
    out.push({ text: t, left: r.x, right: r.x + r.width });
  }
  return { width: chart.getWidth(), labels: out, last: names[names.length - 1] };
}"""


def test_the_week_ahead_charts_first_and_last_x_labels_stay_whole_inside_it(page, site_url, wait_ready):
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(site_url + "/prices.html?region=C")
    assert wait_ready(page) == "ready"
    page.wait_for_selector("#week-blocks .chart-plot.chart-lines canvas")
    seen = page.locator("#week-blocks .chart-plot.chart-lines").first.evaluate(X_LABELS)
    labels = seen["labels"]
    assert len(labels) >= 3, seen
    assert not [x["text"] for x in labels if x["text"].endswith("…")], seen  # none cut short
    assert all(x["left"] >= 0 and x["right"] <= seen["width"] for x in labels), seen


def test_on_a_phone_the_cheapest_hours_show_every_column_and_today_counts_from_the_forecast(page, site_url,
                                                                                           wait_ready):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site_url + "/prices.html?region=C")
    assert wait_ready(page) == "ready"
    page.wait_for_selector("#prices-week:not([hidden])")
    table = page.locator("#week-blocks details.data-table", has_text="The cheapest 3 hours")
    # No sideways scroll hides "Based on", which says whether a row is a published price or a forecast.
    width, room = table.evaluate("d => [d.scrollWidth, d.clientWidth]")
    assert width <= room, (width, room)
    based_on = table.locator("tbody tr td:last-child").first
    box, shown = based_on.bounding_box(), table.bounding_box()
    assert box["x"] + box["width"] <= shown["x"] + shown["width"] + 1
    assert based_on.inner_text() == "published"
    # The sample's forecast was made at 03:15 on 25 Dec: that day's cheapest hours are ones still to come.
    first = table.locator("tbody tr").first.inner_text()
    assert first.startswith("Mon 25 Dec (from 03:30)") and "01:30" not in first
