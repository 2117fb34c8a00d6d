"""CSV downloads through the worker ops: round trips, prices and carbon, formula injection, clear refusals."""

from __future__ import annotations

import csv
import io
import json

import pytest

from pyruntime.bridge import run_sync
from pyruntime.errors import BadRequest
from pyruntime.feeds.files import parse_carbon_file
from pyruntime.household import Household
from pyruntime.household.demo import demo_household
from pyruntime.household.facts import HouseholdFacts, TariffAgreement
from pyruntime.ops import OpContext
from pyruntime.ops.core import report
from pyruntime.ops.downloads import column_name, download_data, download_table
from pyruntime.session import Session
from pyruntime.timeseries.isotime import parse_instant
from tests.pyruntime.sample_feeds import SAMPLE, SampleFeeds, product_in_index

HOSTILE = '=HYPERLINK("http://evil.example","click")'


# The feed index with a product renamed to a spreadsheet formula.
_hostile_index = product_in_index("VAR-22-11-01", full_name=HOSTILE)


def session(hostile: bool = False) -> Session:
    s = Session()
    s.transport = SampleFeeds(rewrite=_hostile_index if hostile else None)
    return s


def call(op, s: Session, payload: dict) -> dict:
    return run_sync(op(OpContext(s, payload)))


def rows(text: str) -> list[list[str]]:
    assert "\r\n" in text
    return list(csv.reader(io.StringIO(text)))


def test_half_hourly_csv_round_trip_with_price_and_carbon_on_the_clocks_back_day():
    s = session()
    f = call(download_data, s, {"source": "demo", "fuel": "electricity", "grain": "half_hourly", "day": "2023-10-29",
                                "tariff": "E-1R-AGILE-FLEX-22-11-25-C", "region": "C"})
    assert f["filename"] == "half-hourly-electricity-2023-10-29-half-hourly.csv"
    assert f["mime"].startswith("text/csv")
    header, *body = rows(f["text"])
    assert header == ["Period start (UTC)", "Local date", "Local start time", "UTC offset (hours)",
                      "Electricity import (kWh)",
                      "Price (p/kWh)", "Cost (p)", "Carbon intensity (gCO2/kWh)", "Emissions (gCO2e)", "Tariff"]
    assert len(body) == 50
    assert [r[2] for r in body[2:6]] == ["01:00", "01:30", "01:00", "01:30"]
    elec = demo_household()["electricity"]
    carbon = parse_carbon_file(json.loads((SAMPLE / "v1/carbon/C/2023.json").read_text())).forecast
    first = (1698534000 - elec.start) // 1800  # 2023-10-28T23:00Z, London midnight
    for n, r in enumerate(body):
        kwh = elec.values[first + n]
        assert float(r[4]) == kwh
        assert abs(float(r[6]) - kwh * float(r[5])) < 1e-3
        assert float(r[7]) == carbon.at(1698534000 + 1800 * n)
        assert abs(float(r[8]) - kwh * float(r[7])) < 1e-2
    assert body[0][9].startswith("Agile Octopus") and "inc VAT at 5 %" in body[0][9]


def _page_files(s: Session, source: str, **params: str) -> dict[str, list[list[str]]]:
    """The emissions page's data downloads for ``params``, each through the op its button calls with its payload."""
    model = run_sync(report(OpContext(s, {"source": source, "params": {"report": "emissions", **params}})))
    return {d["label"]: rows(call(download_data, s, d["payload"])["text"])
            for d in model["blocks"] if d["type"] == "download" and d["op"] == "download_data"}


def _tariff_cells(table: list[list[str]]) -> set[str]:
    header, *body = table
    assert header[-1] == "Tariff"
    return {row[-1] for row in body}


def test_the_demos_emissions_files_name_its_tariff_as_assumed_as_the_page_does():
    """The demo's tariff is assumed: the page's buttons say "on Flexible Octopus (assumed)", and so must the file."""
    files = _page_files(session(), "demo", month="2023-06")
    assert len(files) == 2
    for label, table in files.items():
        assert "price and cost on Flexible Octopus (assumed)," in label
        assert _tariff_cells(table) == {
            "Flexible Octopus (assumed), code E-1R-VAR-22-11-01-C; prices inc VAT at 5 %; SAMPLE feed"}
    with pytest.raises(BadRequest, match="tariff_assumed"):
        call(download_data, session(), {"source": "demo", "tariff": "E-1R-VAR-22-11-01-C", "tariff_assumed": "yes"})


def test_a_tariff_chosen_or_known_from_the_account_is_not_called_assumed_in_the_file():
    s = session()
    chosen = _page_files(s, "demo", month="2023-06", tariff="agile")
    s.replace(Household("octopus", dict(demo_household(2023)), region="C", facts=HouseholdFacts(tariffs={
        "electricity": (TariffAgreement("E-1R-VAR-22-11-01-C", parse_instant("2022-11-01T00:00:00Z"), None),)})))
    known = _page_files(s, "octopus", month="2023-06")
    for files, name in ((chosen, "Agile Octopus November 2022 v1, code E-1R-AGILE-FLEX-22-11-25-C"),
                        (known, "Flexible Octopus, code E-1R-VAR-22-11-01-C")):
        assert len(files) == 2
        for label, table in files.items():
            assert "assumed" not in label
            assert _tariff_cells(table) == {f"{name}; prices inc VAT at 5 %; SAMPLE feed"}


def test_daily_csv_for_gas_carries_the_emission_factor_and_cost():
    f = call(download_data, session(), {"source": "demo", "fuel": "gas", "grain": "daily", "month": "2023-02",
                                        "tariff": "G-1R-VAR-22-11-01-C"})
    header, *body = rows(f["text"])
    assert len(body) == 28
    energy, kg = float(body[0][header.index("Energy (kWh)")]), float(body[0][header.index("Emissions (kgCO2e)")])
    assert abs(kg - energy * 0.18293) < 1e-6


def test_every_table_of_a_view_round_trips_through_the_op():
    s = session()
    params = {"report": "emissions", "fuel": "electricity", "month": "2023-03"}
    model = run_sync(report(OpContext(s, {"source": "demo", "params": params})))
    table = next(b for b in model["blocks"] if b["type"] == "table")
    f = call(download_table, s, {"source": "demo", "params": params, "table": 0})
    header, *body = rows(f["text"])
    assert header == ["day", "energy_kwh", "emissions_kgco2e", "your_intensity_gco2_per_kwh",
                      "average_intensity_gco2_per_kwh", "at_flat_average_kgco2e", "typical_homes_timing_kgco2e",
                      "timing_score_percent", "half_hours_counted"]
    assert len(body) == len(table["rows"]) == 31
    for got, shown in zip(body, table["rows"], strict=True):
        for g, v in zip(got, shown, strict=True):
            if isinstance(v, dict):  # a number: written as the number it carries, never parsed from its text
                assert (g == "" if v["value"] is None else float(g) == v["value"])
            else:
                assert g == v
    assert f["filename"] == "half-hourly-emissions-electricity-2023-03-data-table.csv"


@pytest.mark.parametrize("report_name", ["profile", "heatmap", "net"])
def test_tables_of_the_other_views_download(report_name):
    f = call(download_table, session(), {"source": "demo", "params": {"report": report_name}, "table": 0})
    header, *body = rows(f["text"])
    assert header and body


def test_column_names_carry_the_unit_of_their_cells():
    assert column_name("Total (inc VAT)", "GBP") == "total_inc_vat_gbp"
    assert column_name("Cost (£, inc VAT)", "GBP") == "cost_inc_vat_gbp"
    assert column_name("Energy (kWh)", "kWh") == "energy_kwh"
    assert column_name("Average p/kWh (inc VAT)", "p/kWh") == "average_inc_vat_p_per_kwh"
    assert column_name("Month", None) == "month"


def test_compare_csv_holds_plain_pounds_and_negative_savings_as_numbers():
    s = session()
    model = run_sync(report(OpContext(s, {"source": "demo", "params": {"report": "compare"}})))
    tables = [b for b in model["blocks"] if b["type"] == "table"]
    i = next(n for n, t in enumerate(tables) if t["title"] == "Electricity import: tariffs ranked by total cost")
    f = call(download_table, s, {"source": "demo", "params": model["view"], "table": i})
    header, *body = rows(f["text"])
    total, saving = header.index("total_inc_vat_gbp"), header.index("saving_against_your_tariff_gbp")
    shown = {r[0]["text"] if isinstance(r[0], dict) else r[0]: r for r in tables[i]["rows"]}
    for row in body:
        assert float(row[total]) == shown[row[0]][2]["value"]
        assert "£" not in row[total] and "," not in row[total]
    savings = [float(r[saving]) for r in body if r[saving]]
    assert any(x < 0 for x in savings)  # a tariff dearer than the baseline: a negative number, not '-£60.48
    assert all(not r[saving].startswith("'") for r in body)


def test_no_cell_can_start_a_formula():
    f = call(download_data, session(hostile=True), {"source": "demo", "fuel": "electricity", "grain": "daily",
                                                    "month": "2023-01", "tariff": "E-1R-VAR-22-11-01-C"})
    _, *body = rows(f["text"])
    tariff = body[0][-1]
    assert tariff.startswith("'=HYPERLINK")
    for row in body:
        for cell in row:
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
            if cell.startswith("-"):
                float(cell)  # a minus sign only ever starts a number


def test_clear_refusals():
    s = session()
    with pytest.raises(ValueError, match="prices electricity data, not export"):
        call(download_data, s, {"source": "demo", "fuel": "export", "tariff": "E-1R-VAR-22-11-01-C"})
    with pytest.raises(ValueError, match="no tariff"):
        call(download_data, s, {"source": "demo", "fuel": "electricity", "tariff": "E-1R-NOPE-C"})
    with pytest.raises(BadRequest, match="grain"):
        call(download_data, s, {"source": "demo", "fuel": "electricity", "grain": "weekly"})
    with pytest.raises(ValueError, match="not a month"):
        call(download_data, s, {"source": "demo", "fuel": "electricity", "month": "2023-13"})
    with pytest.raises(BadRequest, match="no table 9"):
        call(download_table, s, {"source": "demo", "params": {"report": "net"}, "table": 8})


def test_the_export_tables_csv_header_matches_its_columns():
    s = session()
    model = run_sync(report(OpContext(s, {"source": "demo", "params": {"report": "compare"}})))
    tables = [b for b in model["blocks"] if b["type"] == "table"]
    i = next(n for n, t in enumerate(tables) if t["title"] == "Electricity export: tariffs ranked by revenue")
    header, *_ = rows(call(download_table, s, {"source": "demo", "params": model["view"], "table": i})["text"])
    assert header == ["tariff", "rank", "total_revenue_gbp", "saving_against_your_tariff_gbp", "average_p_per_kwh",
                      "best_month_gbp", "worst_month_gbp", "needs"]
