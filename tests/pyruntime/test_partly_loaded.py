"""A household whose gas stopped loading partway: electricity whole, gas 4,000 of a year's 17,520 half-hours.

The Octopus fake serves 2,000 readings a page and fails gas from its third
page on, as the browser tests' emulator does with ``page_size_cap = 2000``
and ``fail_consumption_after = 2``. Then:

- no figure that sums the fuels is scaled to a year, even over 365 days: the
  comparison and the overview say the same saving over the same days;
- the overview's gas month is the last month with gas readings, never a
  month of standing charges alone, and is called whole only when its
  readings cover it;
- the gas history runs to where the whole histories end (not to an end made
  up from the API's count of readings), and with none to go by, to its last
  reading, with the count said in words.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from pyruntime.bridge import run_sync
from pyruntime.household import Household
from pyruntime.household.demo import demo_household
from pyruntime.present.view import View
from pyruntime.pricing.compare import household_answer
from pyruntime.providers.http import HttpResponse
from pyruntime.reports.compare import SPEC as COMPARE
from pyruntime.reports.compare import compare_view
from pyruntime.session import Session
from pyruntime.timeseries.londontime import HALF_HOUR, day_bounds, local_date
from pyruntime.timeseries.series import Series

from .sample_feeds import SampleFeeds, view_model
from .test_sources_octopus import FakeOctopus, load

DEMO = demo_household()
GAS_READ = 4_000


def totals(model: dict) -> dict[str, dict]:
    return {t["label"]: t for t in model["totals"]}


def cards_by_title(model: dict) -> dict[str, dict]:
    return {c["title"]: c for c in next(b for b in model["blocks"] if b["type"] == "cards")["cards"]}


def last_gas_reading() -> int:
    """When the 4,000th demo gas reading starts [s UTC]: the last one that arrives."""
    gas = DEMO["gas"]
    return [gas.start + i * HALF_HOUR for i, v in enumerate(gas.values) if v is not None][GAS_READ - 1]


@pytest.fixture(scope="module")
def thin_gas():
    session, result, _ = load(FakeOctopus(page_size_cap=2000, fail_gas_after=2))
    session.transport = SampleFeeds()  # loaded: the reports' prices come from the sample feeds
    return session, result


def test_the_gas_history_stops_at_4000_readings_and_electricity_loads_whole(thin_gas):
    session, _ = thin_gas
    series = session.household.series
    assert series["gas"].present == GAS_READ
    assert series["electricity"].present == DEMO["electricity"].present


def test_compare_says_the_households_saving_over_the_days_not_a_year_when_gas_is_thin(thin_gas):
    session, _ = thin_gas
    shown = totals(view_model(session, "octopus", report="compare"))
    assert shown["Period"]["text"] == "1 Jan 2023 to 31 Dec 2023 (365 days)"
    assert shown["Your household"]["value"] == 1600.67
    # £1,095.86 − £210.81 + £486.53, the three tariffs' totals as their rankings show them.
    assert shown["Best choice"]["value"] == 1371.58
    assert shown["Best choice"]["text"] == (
        "Agile Octopus, Outgoing Octopus 12M Fixed for export and Octopus 12M Fixed (gas): £1,371.58, saves £229.09 "
        "over these 365 days (not scaled to a year: only 23% of gas half-hours have a reading)")
    assert "a year" not in shown["Best choice"]["text"].replace("not scaled to a year", "")


def test_the_raw_answer_has_no_yearly_saving_when_any_fuel_is_thin(thin_gas):
    session, _ = thin_gas
    household = session.household
    typed, _ = COMPARE.settings({"report": "compare", "fuel": "electricity"}, household)
    view = View("compare", "electricity", extra=tuple(sorted(typed.to_params().items())), settings=typed)
    r, _ = run_sync(compare_view(session, household, view))
    assert r.days == 365
    assert [f for f, block in r.fuels.items() if not block.scales_to_a_year] == ["gas"]
    assert r.fuels["gas"].present == GAS_READ and r.fuels["gas"].expected == 17_520
    answer = household_answer(r)
    assert answer.thin == ("gas",)
    assert answer.saving_p == pytest.approx(22_908, abs=1)
    assert answer.saving_p_per_year is None
    # The household's saving is each fuel's best saving added up: what the overview's three cards say.
    per_fuel = [r.fuels[f].best.saving_p for f in ("electricity", "export", "gas")]
    assert [round(p / 100, 2) for p in per_fuel] == [34.11, 82.83, 112.14]
    assert sum(per_fuel) == pytest.approx(answer.saving_p)


def test_the_overview_agrees_gas_over_these_days_and_whole_fuels_a_year(thin_gas):
    session, _ = thin_gas
    model = view_model(session, "octopus", report="overview")
    cards = cards_by_title(model)
    assert cards["Best tariff: gas"]["lines"] == [
        "Octopus 12M Fixed (gas): £486.53 for the same 365 days",
        "saves £112.14 over these days against your tariff history; not scaled to a year, as only 23% of their "
        "half-hours have a reading"]
    imported = cards["Best tariff: electricity import"]["lines"]
    assert imported[1] == "saves about £34.11 a year against your tariff history"
    # Export is paid: its best tariff earns more, it saves nothing. £210.81 against the £127.97 its own card shows:
    # £82.84, the difference of the totals shown (the unrounded pence differ by £82.83).
    assert cards["Best tariff: electricity export"]["lines"][1] == ("earns about £82.84 more a year than your tariff "
                                                                  "history")
    assert "£127.97 earned on your tariff history" in cards["Electricity export: last 12 months"]["lines"]
    assert "Projected annual bill" not in cards
    assert cards["Your bill for these days"]["lines"][0].startswith("£1,600.67 for every fuel over 365 days")
    assert cards["Gas: last 12 months"]["lines"][-1] == "only 23% of these half-hours have a reading"
    why = next(b for b in model["blocks"] if b.get("title", "").startswith("Why"))
    yearly = {row[0]["text"]: row[0]["value"] for row in why["rows"]}
    assert not any("on gas" in text for text in yearly)  # no finding scales gas to a year
    assert yearly["Agile Octopus would save you about £34.11 a year on electricity import."] == 34.11


def test_the_gas_month_card_is_the_last_month_with_gas_readings_and_says_which_days_they_cover(thin_gas):
    session, _ = thin_gas
    cards = cards_by_title(view_model(session, "octopus", report="overview"))
    assert not [t for t in cards if t.startswith("Gas: ") and t.endswith("2023") and t != "Gas: Mar 2023"]
    march = cards["Gas: Mar 2023"]
    compare = view_model(session, "octopus", report="compare")
    by_month = next(b for b in compare["blocks"] if b.get("title") == "Gas: month by month (£, inc VAT)")
    yours = next(row for row in by_month["rows"] if row[0] == "Yours: your tariff history")
    cost = yours[1 + by_month["columns"][1:].index("Mar 2023")]
    assert march["lines"][1] == f"{cost['text']} cost on your tariff history" and cost["value"] > 100
    # The 4,000th reading is on 25 March: March is the last month with readings, not a whole one.
    last_read = local_date(last_gas_reading())
    assert last_read == dt.date(2023, 3, 25)
    assert march["lines"][2:] == ["only 79% of its half-hours have a reading",
                                  "the last month with readings (1 Mar 2023 to 25 Mar 2023): there are none from "
                                  "Apr 2023 to Dec 2023"]
    assert march["link"]["params"]["month"] == "2023-03"
    assert cards["Electricity import: Dec 2023"]["lines"][0] == "413 kWh"  # whole fuels keep the latest month


def test_a_fuel_with_no_reading_in_any_whole_month_says_so_with_no_pound_figure():
    """Gas read from 15 to 30 November only, and its history padded to the year's end: November is not whole, and
    December has no reading, so there is no month to cost."""
    gas = DEMO["gas"]
    lo, hi = day_bounds(dt.date(2023, 11, 15))[0], day_bounds(dt.date(2023, 11, 30))[1]
    values = tuple(v if lo <= gas.start + i * HALF_HOUR < hi else None for i, v in enumerate(gas.values))
    start = (lo - gas.start) // HALF_HOUR
    session = Session()
    session.transport = SampleFeeds()
    session.household = Household("octopus", {"electricity": DEMO["electricity"],
                                              "gas": Series("gas", lo, values[start:])}, region="C")
    cards = cards_by_title(view_model(session, "octopus", report="overview"))
    assert cards["Gas: Dec 2023"]["lines"] == ["no gas readings in Dec 2023"]
    assert cards["Gas: Dec 2023"]["link"]["params"]["month"] == "2023-12"
    assert "Gas: Nov 2023" not in cards


def test_the_stopped_history_runs_to_where_the_whole_ones_end(thin_gas):
    session, result = thin_gas
    series = session.household.series
    assert series["gas"].end == series["electricity"].end == DEMO["electricity"].end
    (warning,) = result["warnings"]
    assert warning["missing_until"] == series["electricity"].end
    assert warning["missing_months"][0] == "2023-03" and warning["missing_months"][-1] == "2023-12"
    assert warning["message"].startswith("Gas: loading stopped partway, so part of your history is missing: March "
                                         "2023 to December 2023 (10 months). ")
    gas = next(f for f in result["fuels"] if f["fuel"] == "gas")
    electricity = next(f for f in result["fuels"] if f["fuel"] == "electricity")
    assert (gas["span"], gas["half_hours"], gas["present"]) == ("1 Jan 2023 to 31 Dec 2023", 17_520, GAS_READ)
    assert (gas["span"], gas["half_hours"]) == (electricity["span"], electricity["half_hours"])


class GasOnly(FakeOctopus):
    """The same account with its gas meter alone: no history loads whole to say where the gas one ends."""

    async def send(self, req):
        resp = await super().send(req)
        if "/accounts/" not in req.full_url() or resp.status != 200:
            return resp
        account = json.loads(resp.body)
        account["properties"][0]["electricity_meter_points"] = []
        return HttpResponse(200, resp.headers, json.dumps(account))


def test_with_no_whole_history_no_end_is_made_up_and_the_count_is_said():
    session, result, _ = load(GasOnly(page_size_cap=2000, fail_gas_after=2))
    gas = session.household.series["gas"]
    last = last_gas_reading()
    assert gas.present == GAS_READ and gas.end == last + HALF_HOUR  # not padded
    (warning,) = result["warnings"]
    assert "missing_until" not in warning and warning["missing_months"] == []
    day = local_date(last)
    remaining = DEMO["gas"].present - GAS_READ
    assert warning["message"].startswith(
        f"Gas: loading stopped partway, so part of your history is missing: readings arrived up to {day.day} "
        f"{day:%B %Y}, and Octopus Energy counts {remaining:,} more. ")
    (fuel,) = result["fuels"]
    assert fuel["last_day"] == day.isoformat() and fuel["half_hours"] == (gas.end - gas.start) // HALF_HOUR
