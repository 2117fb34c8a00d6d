"""A chart saved as SVG is labelled like the one on the screen: its x-axis names its first and last category, and
no two of its labels meet. SVG is text, so the saved file itself is read: each label's position and font size."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

SVG_NS = "{http://www.w3.org/2000/svg}"
# Wider than any glyph of a 12 px sans-serif label's digits, letters and spaces is on average: a box from it is
# never narrower than the label drawn, so labels whose boxes do not meet are apart on the page.
EM_PER_CHARACTER = 0.62

SAVED = [
    ("/?source=demo&report=consumption&fuel=electricity&month=2023-11", 0),  # 30 days
    ("/?source=demo&report=cost&fuel=electricity&year=2023", 0),  # 12 months
    ("/?source=demo&report=consumption&fuel=electricity&from=2023-01-01&to=2023-03-31", 0),  # zoomed on screen
    ("/prices.html?region=C", 0),  # a week of half-hours as a line, long labels
]


def saved_svg(page, figure) -> bytes:
    with page.expect_download() as info:
        figure.locator("button:text('Save SVG')").click()
    assert info.value.failure() is None
    return Path(info.value.path()).read_bytes()


def x_axis_labels(svg: bytes, categories: list[str]) -> list[dict]:
    """Each text of the file that names a category, centred under its point: its middle, font size and row."""
    labels = []
    for el in ET.fromstring(svg).iter(f"{SVG_NS}text"):
        if el.text not in categories or el.get("text-anchor") != "middle":
            continue
        x, y = map(float, re.search(r"translate\(([-\d.]+)[ ,]+([-\d.]+)\)", el.get("transform")).groups())
        size = float(re.search(r"font-size:\s*([\d.]+)px", el.get("style")).group(1))
        half = len(el.text) * size * EM_PER_CHARACTER / 2
        middle, row = x + float(el.get("x", 0)), round(y + float(el.get("y", 0)))
        labels.append({"text": el.text, "left": middle - half, "right": middle + half, "row": row})
    return labels


@pytest.mark.parametrize(("path", "index"), SAVED, ids=["month", "year", "zoomed-range", "prices-week"])
def test_a_saved_svg_names_both_ends_of_its_x_axis_and_no_two_labels_meet(page, site_url, wait_ready, path, index):
    page.goto(site_url + path)
    assert wait_ready(page) == "ready"
    page.wait_for_selector(".chart-plot canvas")
    figure = page.locator("figure.chart").nth(index)
    categories = figure.locator(".chart-plot").evaluate(
        "p => p.chart.getOption().xAxis[0].data.map(d => String(d?.value ?? d))")
    svg = saved_svg(page, figure)
    width = float(ET.fromstring(svg).get("width"))
    labels = sorted(x_axis_labels(svg, categories), key=lambda x: x["left"])
    assert len({x["row"] for x in labels}) == 1, labels  # one axis, one row
    shown = [x["text"] for x in labels]
    # The whole series is saved, not a zoom's window: its first and last category are named.
    assert len(shown) >= 2 and shown[0] == categories[0] and shown[-1] == categories[-1], shown
    assert all(x["left"] >= 0 and x["right"] <= width for x in labels), labels
    assert [(a["text"], b["text"]) for a, b in itertools.pairwise(labels) if a["right"] > b["left"]] == []
    # More than the two ends wherever there is room for them.
    assert len(shown) >= min(len(categories), 4), shown
