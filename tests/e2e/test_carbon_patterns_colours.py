"""Chart colours survive colour blindness: checked on chart.mjs's own palette and heat scale.

Each colour is passed through the Machado, Oliveira & Fernandes (2009)
simulation of full protanopia, deuteranopia and tritanopia (linear RGB), then
compared in CIELAB. Line charts in the carbon and pattern reports use up to
four series, so the first four Okabe–Ito colours must stay distinct; the
heatmap's sequential scale must stay ordered by lightness (so it also reads
in greyscale and in print).
"""

from __future__ import annotations

import itertools
import re

import pytest

from builder.config import ROOT

CHART = (ROOT / "site_src" / "static" / "js" / "chart.mjs").read_text()

MACHADO = {
    "normal": ((1, 0, 0), (0, 1, 0), (0, 0, 1)),
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}


def palette() -> list[tuple[int, int, int]]:
    body = re.search(r"export const PALETTE = \[(.*?)\];", CHART, re.S).group(1)
    return [tuple(int(h[i:i + 2], 16) for i in (0, 2, 4)) for h in re.findall(r'"#([0-9A-Fa-f]{6})"', body)]


def heat_stops() -> list[tuple[int, int, int]]:
    body = re.search(r"const stops = \[(.*?)\];", CHART, re.S).group(1)
    return [tuple(int(x) for x in m) for m in re.findall(r"\[(\d+), (\d+), (\d+)\]", body)]


def _linear(c: float) -> float:
    c /= 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def lab(rgb: tuple[int, int, int], vision: str) -> tuple[float, float, float]:
    lin = [_linear(c) for c in rgb]
    sim = [min(1.0, max(0.0, sum(m * v for m, v in zip(row, lin, strict=True)))) for row in MACHADO[vision]]
    r, g, b = sim
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def delta_e(a, b) -> float:
    return sum((p - q) ** 2 for p, q in zip(a, b, strict=True)) ** 0.5


@pytest.mark.parametrize("vision", list(MACHADO))
def test_the_first_four_series_colours_stay_apart(vision):
    colours = palette()[:4]
    assert len(colours) == 4
    worst = min(delta_e(lab(a, vision), lab(b, vision)) for a, b in itertools.combinations(colours, 2))
    assert worst >= 15, f"two line colours are too close under {vision} (ΔE {worst:.1f})"


@pytest.mark.parametrize("vision", list(MACHADO))
def test_heat_scale_keeps_its_order_in_lightness(vision):
    lightness = [lab(c, vision)[0] for c in heat_stops()]
    assert len(lightness) >= 3
    assert all(a - b >= 8 for a, b in itertools.pairwise(lightness)), (vision, lightness)


def test_the_heat_scale_starts_light_enough_to_tell_from_missing_grey():
    grey = (230, 230, 230)  # drawHeatmap's colour for a cell with no reading
    first = heat_stops()[0]
    for vision in MACHADO:
        assert delta_e(lab(first, vision), lab(grey, vision)) >= 5
