"""Compare answers on one screen, at desktop and phone size: the household's bill, the best choice and its
yearly saving in words above the fold; the ranking with the user's tariff marked and full names; the details
folded; no sideways scrolling of the page; CSV downloads of the ranking still plain numbers.

Set ``SHOTS_DIR`` to save a screenshot of each size there (for looking at, never committed).
"""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path

import pytest

from tests.e2e.requests_seen import record_request

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(params=[DESKTOP, PHONE], ids=["desktop", "phone"])
def sized(request, browser, site_url, watch):
    phone = request.param is PHONE
    ctx = browser.new_context(viewport=request.param, has_touch=phone, is_mobile=phone, accept_downloads=True)
    ctx.on("request", lambda r: record_request(r, watch.requests, site_url))
    page = ctx.new_page()
    page.set_default_timeout(60_000)
    page.on("console", lambda m: m.type == "error" and watch.errors.append(f"console: {m.text}"))
    yield page, request.param
    ctx.close()
    assert watch.errors == []
    assert [u for u in watch.requests if not u.startswith(site_url + "/")] == []


def test_the_answer_is_above_the_fold_and_the_details_are_folded(sized, site_url, wait_ready):
    page, size = sized
    page.goto(site_url + "/?source=demo&report=compare")
    assert wait_ready(page) == "ready"
    page.wait_for_timeout(200)  # charts draw at the first frame with a width
    if os.environ.get("SHOTS_DIR"):
        shots = Path(os.environ["SHOTS_DIR"])
        shots.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shots / f"compare-{size['width']}x{size['height']}.png"))
        page.screenshot(path=str(shots / f"compare-{size['width']}x{size['height']}-full.png"), full_page=True)
        page.screenshot(path=str(shots / f"compare-{size['width']}x{size['height']}-second.png"), full_page=True,
                        clip={"x": 0, "y": size["height"], **size})

    # The answer: the household's bill across the fuels, and the best choice with its saving in words.
    answer = page.locator("#totals")
    text = answer.inner_text()
    assert "Your household" in text and "electricity import" in text and "gas" in text
    # The bill is the sum of its lines as they read: £1,269.54 − £210.81 + £1,122.05.
    said, lines = answer.locator("dd").nth(1).inner_text().split(" on your tariffs: ")
    signed = re.findall(r"(?:^|([+−]) )[a-z ]+ £([\d,]+\.\d\d)", lines)
    pennies = [(-1 if sign == "−" else 1) * round(100 * float(v.replace(",", ""))) for sign, v in signed]
    assert len(pennies) == 3 and said == f"£{sum(pennies) / 100:,.2f}", (said, lines)
    best = answer.locator("dd").nth(2)
    assert best.inner_text().endswith("saves £291.82 a year")
    assert "Agile Octopus" in best.inner_text() and "−£" not in text
    box = best.bounding_box()
    assert box is not None and box["y"] + box["height"] <= size["height"], "the best choice is below the fold"

    # The ranking: open, the user's tariff marked and shaded, full names.
    ranking = page.locator("#blocks details.data-table[open]", has_text="Electricity import: ranking by cost")
    rows = ranking.locator("tbody tr")
    names = [n.strip() for n in rows.locator("th").all_text_contents()]
    assert names[0] == "Agile Octopus"
    assert "Standard variable (price cap, any supplier)" in names
    mine = ranking.locator("tbody tr.actual")
    assert mine.count() == 1 and mine.locator("th").inner_text() == "Flexible Octopus (assumed)"
    assert mine.evaluate("r => getComputedStyle(r).backgroundColor") not in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)")
    assert "costs £60.49 more" in ranking.inner_text()
    if size is DESKTOP:
        first = rows.first.bounding_box()
        assert first is not None and first["y"] + first["height"] <= size["height"], "the ranking starts below the fold"
    clipped = ranking.locator("tbody th").evaluate_all("ths => ths.filter(t => t.scrollWidth > t.clientWidth + 1)"
                                                       ".map(t => t.textContent)")
    assert clipped == []

    # The details fold below: full tables, months, conditions and assumptions.
    for title in ("Electricity import: tariffs ranked by total cost", "Gas: month by month",
                  "Conditions and product versions", "Assumptions"):
        folded = page.locator("#blocks details", has_text=title).first
        assert folded.evaluate("d => d.open") is False, title

    # No page-level sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    # The ranking's CSV holds numbers, not display text.
    button = page.get_by_role("button", name="Download “Electricity import: ranking by cost” as CSV")
    with page.expect_download() as info:
        button.click()
    d = info.value
    assert d.failure() is None
    table = list(csv.DictReader(io.StringIO(Path(d.path()).read_text(encoding="utf-8-sig"))))
    agile = next(r for r in table if r["tariff"] == "Agile Octopus")
    assert float(agile["total_inc_vat_gbp"]) == 1095.86
    assert float(agile["saving_against_your_tariff_gbp"]) == 173.68
    assert float(next(r for r in table if r["tariff"] == "Flexible Octopus Economy 7")
                 ["saving_against_your_tariff_gbp"]) == -60.49


DRAWN_TEXT = """p => {
    const width = p.clientWidth;
    return p.chart.getZr().storage.getDisplayList(true)
        .filter(e => e.style && typeof e.style.text === 'string' && e.style.text.trim())
        .map(e => { const r = e.getBoundingRect().clone(); r.applyTransform(e.getComputedTransform());
                    return {text: e.style.text, size: e.style.fontSize, left: r.x, right: r.x + r.width, width}; });
}"""


def test_the_ranking_charts_show_every_name_whole_beside_its_bar(sized, site_url, wait_ready):
    page, size = sized
    page.goto(site_url + "/?source=demo&report=compare")
    assert wait_ready(page) == "ready"
    plots = page.locator("#blocks .chart-plot[data-horizontal=true]")
    assert plots.count() == 3  # import, export, gas: each ranking drawn across, names down the side
    for i in range(plots.count()):
        plot = plots.nth(i)
        plot.scroll_into_view_if_needed()
        page.wait_for_selector(f"#blocks .chart-plot[data-horizontal=true] >> nth={i} >> canvas")
        names = plot.evaluate("p => p.option.yAxis.data")
        drawn = plot.evaluate(DRAWN_TEXT)
        assert drawn, "nothing drawn"
        # Every name is drawn in full (wrapped over lines, never cut short or left out), in ranking order.
        said = " ".join(" ".join(t["text"].split()) for t in drawn)
        at = 0
        for name in names:
            found = said.find(name, at)
            assert found >= 0, (name, said)
            at = found + len(name)
        assert not [t for t in drawn if "…" in t["text"] or "..." in t["text"]]
        # Text at 12 px or more, all of it inside the chart.
        assert min(t["size"] for t in drawn) >= 12
        assert [t["text"] for t in drawn if t["left"] < 0 or t["right"] > t["width"] + 1] == []
        # Tall enough for every bar: the chart grows with the ranking rather than squeezing names.
        assert plot.evaluate("p => p.clientHeight") >= 40 * len(names)

    # A tap (phone) or click (desktop) on a name's bar reads its value; a second tap opens its cost view.
    plot = plots.first
    plot.scroll_into_view_if_needed()
    x, y = plot.evaluate(
        "p => { const [x, y] = p.chart.convertToPixel({seriesIndex: 0}, [0, 1]);"
        " const r = p.getBoundingClientRect(); return [r.left + x + 4, r.top + y]; }")
    if size is PHONE:
        page.touchscreen.tap(x, y)
        page.wait_for_selector("#blocks .chart-readout:has-text('Flexible Octopus (assumed): £')")
        assert "report=compare" in page.url
        page.touchscreen.tap(x, y)
    else:
        page.mouse.click(x, y)
    page.wait_for_url("**report=cost**")
    assert "tariff=flexible" in page.url


def test_a_part_priced_total_wraps_so_the_ranking_never_scrolls_sideways(sized, site_url, wait_ready):
    """Over 2023 Octopus Flux is priced from 14 Feb only: its total reads "£1,080.26 (321 of 365 days priced)".
    Kept on one line it pushed the phone's ranking past the screen, its totals and savings behind a sideways
    scroll; it wraps instead, the £ figure whole on its line."""
    page, _size = sized
    page.goto(site_url + "/?source=demo&report=compare&from=2023-01-01&to=2023-12-31")
    assert wait_ready(page) == "ready"
    for title in ("Electricity import: ranking by cost", "Electricity export: ranking by revenue"):
        ranking = page.locator("#blocks details.data-table[open]", has_text=title)
        assert "(321 of 365 days priced)" in ranking.inner_text()
        wide = ranking.evaluate("d => [d.scrollWidth, d.clientWidth]")
        assert wide[0] <= wide[1] + 1, f"{title} scrolls sideways: {wide}"
        figures = ranking.locator("tbody td:nth-child(3)").evaluate_all(
            "tds => tds.map(t => [t.textContent.trim(), t.scrollWidth <= t.clientWidth + 1])")
        assert all(fits for _, fits in figures), figures
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
