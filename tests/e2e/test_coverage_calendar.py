"""The data-quality calendar in Chromium: its colours, its caption and its legend agree, a day 94 % complete is drawn
and read as incomplete, a day without readings as none, and each day opens its half-hours."""

from __future__ import annotations

import colorsys
import datetime as dt
from urllib.parse import parse_qs, urlsplit

START = dt.datetime(2023, 6, 1, tzinfo=dt.timezone(dt.timedelta(hours=1)))  # London midnight in summer time
MISSING_ON_2_JUNE = {20, 21, 22}  # 10:00-11:30: 45 of 48 half-hours, 93.75 %


def june_file() -> bytes:
    """Four June days of readings: 2 June short of three half-hours, 3 June with none at all."""
    rows = ["Consumption (kWh), Start, End"]
    for i in range(4 * 48):
        day, slot = divmod(i, 48)
        if (day == 1 and slot in MISSING_ON_2_JUNE) or day == 2:
            continue
        start = START + dt.timedelta(minutes=30 * i)
        rows.append(f"0.25, {start.isoformat()}, {(start + dt.timedelta(minutes=30)).isoformat()}")
    return ("\n".join(rows) + "\n").encode()


def hue(rgb: list[int]) -> float:
    """The colour's hue [degrees, 0-360)."""
    return colorsys.rgb_to_hsv(*(c / 255 for c in rgb[:3]))[0] * 360


def test_the_calendar_draws_what_its_caption_and_legend_say(page, site_url, wait_ready, wait_report, charts):
    page.goto(site_url + "/")
    assert wait_ready(page) == "ready"
    page.set_input_files("#file-input", {"name": "june.csv", "mimeType": "text/csv", "buffer": june_file()})
    wait_report(page)
    page.click("#report-menu a:text-is('Data quality')")  # in-page: a reload would need the file again
    page.wait_for_url("**report=quality**")
    assert wait_ready(page) == "ready"
    caption = page.inner_text("#blocks figure:has(.chart-heatmap) figcaption")
    assert "dark blue = complete, orange = incomplete, red = no readings" in caption

    plot = page.locator("#blocks .chart-plot.chart-heatmap")
    page.wait_for_selector("#blocks .chart-plot.chart-heatmap canvas")
    plot.scroll_into_view_if_needed()
    legend = plot.evaluate("p => p.option.visualMap.pieces.map(x => [x.label, x.color])")
    assert [label for label, _ in legend] == ["Complete", "Incomplete", "No readings"]
    # The legend is drawn left to right in the caption's order (echarts draws a horizontal scale lowest first).
    shown = plot.evaluate(
        "p => p.chart.getZr().storage.getDisplayList(true).filter(e => typeof e.style?.text === 'string')"
        " .map(e => [e.style.text, e.getComputedTransform()?.[4] ?? e.x])")
    named = sorted((x, text) for text, x in shown if text in dict(legend))
    assert [text for _, text in named] == ["Complete", "Incomplete", "No readings"]


    def drawn(day: int) -> list[int]:
        """The colour seen at the centre of the cell for ``day`` June [r, g, b, a]: the topmost opaque pixel of the
        chart's canvas layers (the cells are drawn on a layer of their own)."""
        return plot.evaluate(
            "(p, day) => { const [x, y] = p.chart.convertToPixel({seriesIndex: 0}, [day - 1, 0]);"
            " const seen = Array.from(p.querySelectorAll('canvas')).map(c => { const k = c.width / c.clientWidth;"
            " return Array.from(c.getContext('2d').getImageData(Math.round(x * k), Math.round(y * k), 1, 1).data); });"
            " return seen.reverse().find(px => px[3] === 255); }", day)

    def legend_rgb(label: str) -> list[int]:
        colour = dict(legend)[label]
        return [int(colour[i:i + 2], 16) for i in (1, 3, 5)] if colour.startswith("#") else \
            [int(v) for v in colour[colour.index("(") + 1:colour.index(")")].split(",")]

    # Each day is drawn in its legend colour, and that colour is the one the caption names.
    assert drawn(1) == [*legend_rgb("Complete"), 255] and 200 <= hue(drawn(1)) <= 250  # blue,
    assert max(drawn(1)[:3]) < 160  # and dark (navy), as the caption says: not the light blue of a link
    assert drawn(2) == [*legend_rgb("Incomplete"), 255] and 25 <= hue(drawn(2)) <= 50  # orange
    assert drawn(3) == [*legend_rgb("No readings"), 255]
    assert hue(drawn(3)) >= 340 or hue(drawn(3)) <= 10  # red, not a darker orange

    # 45 of 48 half-hours reads as incomplete, and a click opens that day's half-hours with the gaps drawn.
    x, y = charts.cell_point(page, 1, 0)
    page.mouse.move(x, y)
    page.wait_for_selector("#blocks .chart-readout:has-text('Jun 2023 2: 93.8')")
    assert "(incomplete)" in page.inner_text("#blocks .chart-readout")
    page.mouse.click(x, y)
    page.wait_for_url("**day=2023-06-02**")
    assert wait_ready(page) == "ready"
    query = {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}
    assert query["report"] == "consumption" and query["source"] == "file"
    assert page.locator("#blocks .chart-plot.chart-bars").first.evaluate("p => Number(p.dataset.gaps)") == 3


def test_on_a_phone_a_day_opens_from_a_field_as_big_as_a_finger(browser, site_url, wait_ready):
    """A calendar cell is a few pixels wide at 390 px: the "Open a day" form is the equivalent control."""
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    try:
        page = ctx.new_page()
        page.goto(site_url + "/?source=demo&report=quality&fuel=electricity")
        assert wait_ready(page) == "ready"
        form = page.locator(".block-form", has_text="Open a day")
        day, button = form.get_by_label("Day"), form.get_by_role("button", name="Show its half-hours")
        for target in (day, button):
            box = target.bounding_box()
            assert box["width"] >= 24 and box["height"] >= 24
        assert day.input_value() == "2023-02-14"  # the demo's first day with a missing half-hour
        day.fill("2023-02-14")
        button.tap()
        page.wait_for_url("**day=2023-02-14**")
        assert wait_ready(page) == "ready"
        query = {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}
        assert query["report"] == "consumption" and query["source"] == "demo"
        assert "14 Feb 2023" in page.inner_text("#report-title")
    finally:
        ctx.close()
