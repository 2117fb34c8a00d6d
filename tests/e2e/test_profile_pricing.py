"""The profile's baseload price, set from its own form in Chromium: paying otherwise than by direct debit re-prices
the baseload at the mean of the feed's non-direct-debit unit rates, and the choice is kept in the address."""

from __future__ import annotations

import datetime as dt
import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest


def query(page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}


def mean_rate_2023(site_dir, code: str, block: str | None) -> float:
    """The mean unit rate inc VAT over every half-hour of 2023 in London time (the demo's last twelve months), read
    straight from the feed file the site serves [p/kWh]."""
    doc = json.loads((site_dir / "feeds" / "v1" / "tariffs" / code / "2023.json").read_text())
    rates = (doc[block] if block else doc)["unit_rates"]["standard"]["unit_rate_p_per_kwh_inc_vat"]
    start = dt.datetime.fromisoformat(rates["start"]).timestamp()
    # 1 Jan and 31 Dec are both in GMT: London's 2023 runs from 00:00 UTC on 1 Jan to 00:00 UTC on 1 Jan 2024.
    lo, hi = dt.datetime(2023, 1, 1, tzinfo=dt.UTC).timestamp(), dt.datetime(2024, 1, 1, tzinfo=dt.UTC).timestamp()
    values = [rates["values"][int((t - start) // rates["step_seconds"])] for t in range(int(lo), int(hi), 1800)]
    return sum(values) / len(values)


def baseload_cost(page) -> tuple[float, float]:
    """The totals' baseload cost per year [£] and the price it says it is at [p/kWh]."""
    text = page.locator("#totals").inner_text()
    found = re.search(r"Baseload cost per year\s*£([\d,.]+) at ([\d.]+) p/kWh", text)
    assert found, text
    return float(found[1].replace(",", "")), float(found[2])


def test_choosing_how_you_pay_in_the_profiles_form_reprices_the_baseload(page, site_url, site_dir, wait_ready):
    page.goto(site_url + "/?source=demo&report=profile&fuel=electricity")
    assert wait_ready(page) == "ready"
    form = page.locator(".block-form", has=page.locator("input[name=price]"))
    assert form.get_by_label("You pay").input_value() == "direct_debit"
    assert form.get_by_label("Region").input_value() == "C"
    pounds, price = baseload_cost(page)
    direct = mean_rate_2023(site_dir, "E-1R-VAR-22-11-01-C", None)
    assert price == round(direct, 3)

    form.get_by_label("You pay").select_option("non_direct_debit")
    form.get_by_role("button", name="Show").click()
    page.wait_for_url("**payment=non_direct_debit**")
    assert wait_ready(page) == "ready"
    assert query(page)["payment"] == "non_direct_debit" and query(page)["report"] == "profile"
    after, at = baseload_cost(page)
    other = mean_rate_2023(site_dir, "E-1R-VAR-22-11-01-C", "non_direct_debit")
    assert at == round(other, 3) and at > price
    # The same always-on watts, dearer: the yearly cost scales with the price.
    assert after / pounds == pytest.approx(at / price, rel=0.002)
    assert page.locator(".block-form", has=page.locator("input[name=price]")).get_by_label(
        "You pay").input_value() == "non_direct_debit"

    page.reload()
    assert wait_ready(page) == "ready"
    assert baseload_cost(page) == (after, at)
