"""The overview: its £ figures are the comparison's, its baseload the profile report's, findings ranked by £."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from pyruntime.analysis.baseload import baseload
from pyruntime.analysis.slotgrid import slot_grid
from pyruntime.bridge import run_sync
from pyruntime.household import Household, demo
from pyruntime.household.demo import demo_household
from pyruntime.household.facts import HouseholdFacts, TariffAgreement
from pyruntime.ops import OpContext
from pyruntime.ops.load import load_file
from pyruntime.pricing.feed import tariff_from_feed_docs
from pyruntime.reports.overview import last_complete_month
from pyruntime.timeseries.aggregate import series_days
from pyruntime.timeseries.isotime import parse_instant
from pyruntime.timeseries.londontime import HALF_HOUR, day_bounds
from pyruntime.timeseries.series import Series

from .sample_feeds import SAMPLE, sample_session, view_model

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "consumption"


def cards_by_title(model: dict) -> dict[str, dict]:
    return {c["title"]: c for c in next(b for b in model["blocks"] if b["type"] == "cards")["cards"]}


def test_last_complete_month_is_the_last_the_data_runs_to_the_end_of():
    assert last_complete_month(dt.date(2023, 12, 31)) == "2023-12"
    assert last_complete_month(dt.date(2023, 12, 30)) == "2023-11"
    assert last_complete_month(dt.date(2024, 1, 5)) == "2023-12"


def test_demo_overview_agrees_with_compare_and_profile_and_ranks_findings_by_pounds():
    session = sample_session()
    model = view_model(session, "demo", report="overview")
    assert model["title"] == "Overview"
    assert next(i for i in model["menu"] if i["current"])["label"] == "Overview"
    cards = cards_by_title(model)

    compare = view_model(session, "demo", report="compare")
    ranking = next(b for b in compare["blocks"] if b["title"] == "Electricity import: ranking by cost")
    assert (ranking["rows"][0][0], ranking["rows"][0][2]["text"]) == ("Agile Octopus", "£1,095.86")
    household = next(t for t in compare["totals"] if t["label"] == "Your household")
    assert cards["Best tariff: electricity import"]["lines"][0] == "Agile Octopus: £1,095.86 for the same 365 days"
    assert cards["Electricity import: last 12 months"]["lines"][1].startswith("£1,269.54 cost on Flexible Octopus")
    # Electricity + gas − export earnings, a year of data: no scaling.
    assert cards["Projected annual bill"]["lines"][0] == "£2,180.78 a year for every fuel, export earnings taken off"
    assert household["value"] == 2180.78

    profile = view_model(session, "demo", report="profile", fuel="electricity")
    shown = [t["text"] for t in profile["totals"]]
    baseload = cards["Baseload"]["lines"][1].split(" a year")[0].removeprefix("about ")
    assert any(baseload in text for text in shown), (baseload, shown)

    findings = next(b for b in model["blocks"] if b["type"] == "text" and b["title"].startswith("Findings"))
    assert findings["paragraphs"][0].startswith("1. Your always-on load of")
    assert findings["paragraphs"][1].startswith("2. Agile Octopus would save you about £173.")
    assert all(c["link"]["params"]["report"] for c in cards.values())
    assert cards["Electricity import: Dec 2023"]["link"]["params"] == {
        "report": "consumption", "fuel": "electricity", "month": "2023-12"}


def test_data_the_price_feeds_do_not_cover_says_why_no_card_shows_pounds():
    session = sample_session()
    fixture = FIXTURES / "octopus_api_flat_electricity_2020-10-22_2020-10-28.csv"
    run_sync(load_file(OpContext(session, {"name": fixture.name}, fixture.read_bytes())))
    model = view_model(session, "file", report="overview")
    first = model["blocks"][0]
    assert first["type"] == "text" and first["title"] == "Costs"
    assert first["paragraphs"] == [
        "The prices on this site cover 1 Jan 2023 to 31 Dec 2023, none of your data's dates (22 Oct 2020 to "
        "28 Oct 2020), so this overview shows energy only. For costs, open Cost or Bill and enter your tariff's "
        "rates by hand."]
    assert "£" not in str(cards_by_title(model))


def test_covered_data_has_no_such_line():
    model = view_model(sample_session(), "demo", report="overview")
    assert not any(b.get("title") == "Costs" for b in model["blocks"])


def test_two_weeks_months_apart_are_not_projected_to_a_year_as_if_the_gap_used_nothing():
    session = sample_session()
    for name in ("octopus_dashboard_electricity_2023-03-23_2023-03-29.csv",
                 "octopus_dashboard_electricity_2023-10-26_2023-11-01.csv"):
        run_sync(load_file(OpContext(session, {"name": name}, (FIXTURES / name).read_bytes())))
    model = view_model(session, "file", report="overview")
    cards = cards_by_title(model)
    assert "Projected annual bill" not in cards
    bill = cards["Your bill for these days"]["lines"]
    # 14 of the 224 days from the first week's start to the second's end have readings: 672 of 10,752 half-hours.
    assert bill[0].startswith("£") and "over 224 days (23 Mar 2023 to 1 Nov 2023)" in bill[0]
    assert bill[1] == ("not projected to a year: only 6% of these half-hours have a reading, and a missing one counts "
                       "as nothing")
    best = cards["Best tariff: electricity import"]["lines"]
    assert best[0].startswith("Agile Octopus: £") and best[0].endswith("for the same 224 days")
    assert best[1].startswith("saves £") and best[1].endswith("not scaled to a year, as only 6% of their half-hours "
                                                              "have a reading")
    # October 2023, the last whole month, has readings on 26–31 Oct only: its card says so.
    assert cards["Electricity import: Oct 2023"]["lines"][-1] == "only 19% of its half-hours have a reading"
    year = cards["Electricity import: 23 Mar 2023 to 1 Nov 2023"]["lines"]
    assert "Not projected to a year: only 6% of these half-hours have a reading" in year
    assert not any(line.startswith("Projected for a year") for line in year)
    why = next((b for b in model["blocks"] if b.get("title", "").startswith("Why")), {"rows": []})
    assert not any("electricity import" in row[0]["text"] and "a year" in row[0]["text"] for row in why["rows"])


def _on_account(switch: str) -> Household:
    """The demo's readings on an Octopus account: Flexible Octopus until London midnight ``switch``, then Agile."""
    at = parse_instant(f"{switch}T00:00:00Z")
    at -= 3600 if dt.date.fromisoformat(switch).month in range(4, 11) else 0  # BST midnight
    return Household("octopus", demo().series, region="C", facts=HouseholdFacts(tariffs={"electricity": (
        TariffAgreement("E-1R-VAR-22-11-01-C", parse_instant("2022-11-01T00:00:00Z"), at),
        TariffAgreement("E-1R-AGILE-FLEX-22-11-25-C", at, None),
    )}))


def _feed_tariff(code: str):
    return tariff_from_feed_docs([json.loads((SAMPLE / "v1" / "tariffs" / code / "2023.json").read_text())])


def _baseload_cost_by_hand(home: Household, switch: str) -> float:
    """Σ over every half-hour of the data's last year of baseload kW × 0.5 h × the unit rate in force (inc VAT),
    scaled from those 365 days to the 365.25-day year the baseload's yearly kWh uses [£]."""
    series = home.series["electricity"]
    first, last = series_days(series)
    first = max(first, last - dt.timedelta(days=364))
    kw = baseload(slot_grid(series, *series_days(series))).watts / 1000
    flexible, agile = _feed_tariff("E-1R-VAR-22-11-01-C"), _feed_tariff("E-1R-AGILE-FLEX-22-11-25-C")
    switch_at = day_bounds(dt.date.fromisoformat(switch))[0]
    start, end = day_bounds(first)[0], day_bounds(last)[1]
    pence = 0.0
    for t in range(start, end, HALF_HOUR):
        tariff = flexible if t < switch_at else agile
        pence += kw * 0.5 * tariff.unit_rates(t, 1)[0] * (1 + tariff.vat_rate)
    return pence / 100 * 365.25 / ((end - start) / 86400)


@pytest.mark.parametrize(("switch", "named"), [
    ("2023-04-01", "Flexible Octopus, then Agile Octopus November 2022 v1 (your tariffs)"),
    ("2022-12-01", "Agile Octopus November 2022 v1 (your tariff)"),
])
def test_the_baseload_is_priced_on_the_tariffs_the_account_names_over_every_half_hour(switch, named):
    session = sample_session()
    session.household = _on_account(switch)
    model = view_model(session, "octopus", report="overview")
    findings = next(b for b in model["blocks"] if b["type"] == "text" and b["title"].startswith("Findings"))
    finding = next(p for p in findings["paragraphs"] if "always-on load" in p)
    expected = _baseload_cost_by_hand(session.household, switch)
    shown = float(finding.split("costs about £")[1].split(" a year")[0].replace(",", ""))
    assert shown == pytest.approx(expected, abs=0.02)  # the mean rate is kept to 3 dp
    assert f"a year on {named}: " in finding
    why = next(b for b in model["blocks"] if b["type"] == "table" and b["title"].startswith("Why"))
    reason = next(r[1] for r in why["rows"] if "always-on" in r[0]["text"])
    assert "the average unit rate over every half-hour from 1 Jan 2023 to 31 Dec 2023 inc VAT" in reason
    # The profile report prices it the same way, and its price field says what an empty one stands for.
    profile = view_model(session, "octopus", report="profile", fuel="electricity")
    cost = next(t for t in profile["totals"] if t["label"] == "Baseload cost per year")
    assert cost["value"] == pytest.approx(expected, abs=0.02)
    form = next(b for b in profile["blocks"] if b["type"] == "form")
    price = next(f for f in form["fields"] if f["name"] == "price")
    assert "your own tariffs" in price["help"]


def test_without_a_known_tariff_the_baseload_keeps_the_regions_standard_tariff():
    model = view_model(sample_session(), "demo", report="overview")
    findings = next(b for b in model["blocks"] if b["type"] == "text" and b["title"].startswith("Findings"))
    finding = next(p for p in findings["paragraphs"] if "always-on load" in p)
    assert "a year on Flexible Octopus (assumed): " in finding
    flexible = _feed_tariff("E-1R-VAR-22-11-01-C")
    lo, hi = day_bounds(dt.date(2023, 1, 1))[0], day_bounds(dt.date(2023, 12, 31))[1]
    rates = [r * (1 + flexible.vat_rate) for r in flexible.unit_rates(lo, (hi - lo) // HALF_HOUR)]
    assert f"at {sum(rates) / len(rates):.2f} p/kWh" in cards_by_title(model)["Baseload"]["lines"][1]


def test_an_account_whose_tariff_starts_mid_year_prices_the_baseload_on_the_half_hours_it_covers():
    session = sample_session()
    july = parse_instant("2023-07-01T00:00:00+01:00")
    session.household = Household("octopus", demo().series, region="C", facts=HouseholdFacts(tariffs={
        "electricity": (TariffAgreement("E-1R-AGILE-FLEX-22-11-25-C", july, None),)}))
    model = view_model(session, "octopus", report="overview")
    why = next(b for b in model["blocks"] if b["type"] == "table" and b["title"].startswith("Why"))
    finding, reason = next((r[0]["text"], r[1]) for r in why["rows"] if "always-on" in r[0]["text"])
    assert "a year on Agile Octopus November 2022 v1 (your tariff): " in finding
    agile = _feed_tariff("E-1R-AGILE-FLEX-22-11-25-C")
    lo, hi = day_bounds(dt.date(2023, 7, 1))[0], day_bounds(dt.date(2023, 12, 31))[1]
    rates = [r * (1 + agile.vat_rate) for r in agile.unit_rates(lo, (hi - lo) // HALF_HOUR)]
    assert f"at {sum(rates) / len(rates):.2f} p/kWh" in reason
    assert f"over the {len(rates):,} of 17,520 half-hours priced from 1 Jan 2023 to 31 Dec 2023" in reason


def _sample_rates(code: str, register: str = "standard", block: str | None = None) -> dict[int, float]:
    """Half-hour start [s, UTC] -> unit rate [p/kWh inc VAT] read straight from the sample feed's 2023 file."""
    doc = json.loads((SAMPLE / "v1" / "tariffs" / code / "2023.json").read_text())
    rates = (doc[block] if block else doc)["unit_rates"][register]["unit_rate_p_per_kwh_inc_vat"]
    start = parse_instant(rates["start"])
    return {start + i * rates["step_seconds"]: v for i, v in enumerate(rates["values"])}


def _mean_over(rates: dict[int, float], first: dt.date, last: dt.date, pick=None) -> float:
    lo, hi = day_bounds(first)[0], day_bounds(last)[1]
    values = [pick(t) if pick else rates[t] for t in range(lo, hi, HALF_HOUR)]
    return sum(values) / len(values)


def _baseload_finding(model: dict) -> tuple[str, str]:
    why = next(b for b in model["blocks"] if b["type"] == "table" and b["title"].startswith("Why"))
    return next((r[0]["text"], r[1]) for r in why["rows"] if "always-on" in r[0]["text"])


def test_the_baseload_is_priced_on_the_payment_method_the_cards_use():
    session = sample_session()
    model = view_model(session, "demo", report="overview", payment="non_direct_debit")
    mean = _mean_over(_sample_rates("E-1R-VAR-22-11-01-C", block="non_direct_debit"),
                      dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    direct = _mean_over(_sample_rates("E-1R-VAR-22-11-01-C"), dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    assert f"{mean:.2f}" != f"{direct:.2f}"  # the two payment methods' prices differ in the sample
    assert f"at {mean:.2f} p/kWh" in cards_by_title(model)["Baseload"]["lines"][1]
    finding, _ = _baseload_finding(model)
    assert f"at {mean:.2f} p/kWh, the average unit rate over every half-hour from 1 Jan 2023 to 31 Dec 2023" in finding
    # The profile report, opened from the card with the same address settings, prices it alike.
    params = cards_by_title(model)["Baseload"]["link"]["params"]
    assert params["payment"] == "non_direct_debit"
    profile = view_model(session, "demo", **params)
    cost = next(t for t in profile["totals"] if t["label"] == "Baseload cost per year")
    assert f"at {round(mean, 3):g} p/kWh" in cost["text"]


def test_the_baseload_is_priced_on_the_economy_7_hours_the_address_sets():
    session = sample_session()
    session.household = Household("octopus", demo().series, region="C", facts=HouseholdFacts(tariffs={
        "electricity": (TariffAgreement("E-2R-VAR-22-11-01-C", parse_instant("2022-11-01T00:00:00Z"), None),)}))
    day, night = (_sample_rates("E-2R-VAR-22-11-01-C", r) for r in ("day", "night"))
    # Eight night hours, 00:00–08:00 GMT, rather than the default seven.
    mean = _mean_over(day, dt.date(2023, 1, 1), dt.date(2023, 12, 31),
                      pick=lambda t: night[t] if t % 86400 < 8 * 3600 else day[t])
    model = view_model(session, "octopus", report="overview", e7="0000-0800")
    finding, reason = _baseload_finding(model)
    assert f"at {mean:.2f} p/kWh" in finding and f"{mean:.2f}" in reason
    default = view_model(session, "octopus", report="overview")
    assert f"at {mean:.2f} p/kWh" not in _baseload_finding(default)[0]


def test_the_baseload_is_priced_over_the_cards_twelve_months_cut_to_the_data():
    session = sample_session()
    series = demo().series
    march = day_bounds(dt.date(2023, 3, 1))[0]
    cut = {f: Series(s.fuel, march, s.values[(march - s.start) // HALF_HOUR:]) for f, s in series.items()}
    session.household = Household("octopus", cut, region="C")
    model = view_model(session, "octopus", report="overview")
    assert cards_by_title(model)["Electricity import: 1 Mar 2023 to 31 Dec 2023"]["lines"]  # the cards' period
    mean = _mean_over(_sample_rates("E-1R-VAR-22-11-01-C"), dt.date(2023, 3, 1), dt.date(2023, 12, 31))
    finding, _ = _baseload_finding(model)
    assert f"at {mean:.2f} p/kWh, the average unit rate over every half-hour from 1 Mar 2023 to 31 Dec 2023" in finding


def test_a_week_read_in_full_is_said_over_its_days_as_compare_says_it_never_scaled_to_a_year():
    """One week in October is one season's: a week's bill times 52 would price a year of October. The overview's
    cards and findings say the week's own £, as compare's answer does, and the two agree to the penny."""
    session = sample_session()
    name = "octopus_dashboard_electricity_2023-10-26_2023-11-01.csv"
    run_sync(load_file(OpContext(session, {"name": name}, (FIXTURES / name).read_bytes())))
    model = view_model(session, "file", report="overview")
    cards = cards_by_title(model)
    assert "Projected annual bill" not in cards
    # Why the £ are not scaled to a year is said once, above the cards, not on each card it holds for.
    note = next(b for b in model["blocks"] if b.get("title") == "Not projected to a year")
    assert note["paragraphs"] == ["The bills and savings below are for these 7 days (26 Oct 2023 to 1 Nov 2023), "
                                  "not projected to a year: 7 days leave seasons out; a year of data gives the "
                                  "yearly figure."]
    blocks = [b["type"] for b in model["blocks"]]
    assert blocks.index("cards") == model["blocks"].index(note) + 1
    said = [line for card in cards.values() for line in card["lines"] if "seasons out" in line]
    assert said == []
    bill = cards["Your bill for these days"]["lines"]
    # Electricity import alone: no other fuel and no export earnings to speak of.
    assert bill == ["£20.36 for electricity import over 7 days (26 Oct 2023 to 1 Nov 2023)"]
    # A week's card is titled by the week it covers, not "last 12 months".
    assert not any("last 12 months" in title for title in cards)
    year = cards["Electricity import: 26 Oct 2023 to 1 Nov 2023"]["lines"]
    assert year[0] == "64 kWh over 7 days (26 Oct 2023 to 1 Nov 2023)"
    assert not any("a year" in line and "£" in line for line in (*bill, *year))
    best = cards["Best tariff: electricity import"]["lines"]
    assert best[1].startswith("saves £") and best[1].endswith(" over these days against Flexible Octopus (assumed)")
    # The same week on compare: its ranking's totals give the saving the card and the finding say.
    compare = view_model(session, "file", report="compare")
    ranking = next(b for b in compare["blocks"] if b.get("title") == "Electricity import: ranking by cost")
    totals = {row[0] if isinstance(row[0], str) else row[0]["text"]: row[2]["value"] for row in ranking["rows"]}
    yours = next(v for k, v in totals.items() if "(assumed)" in k)
    saving = round(yours - min(totals.values()), 2)
    assert f"saves £{saving:,.2f} over these days" in best[1]
    findings = next(b for b in model["blocks"] if b.get("title") == "Findings, largest first")["paragraphs"]
    assert any(f"would save you £{saving:,.2f} over these 7 days on electricity import" in p for p in findings)
    assert compare["blocks"] and "not scaled to a year" in json.dumps(compare)


def _october_household(session) -> None:
    """The October week as a household's three files: import, the same readings loaded as export, and gas in m³."""
    for name, fuel in (("octopus_dashboard_electricity_2023-10-26_2023-11-01.csv", "electricity"),
                       ("octopus_dashboard_electricity_2023-10-26_2023-11-01.csv", "export"),
                       ("octopus_dashboard_gas_m3_2023-10-26_2023-11-01.csv", "gas")):
        run_sync(load_file(OpContext(session, {"name": name, "fuel": fuel}, (FIXTURES / name).read_bytes())))


def test_the_households_bill_is_compares_to_the_penny():
    """Compare's answer adds each fuel's total as it shows it, as a bill adds its lines (£20.36 − £9.55 + £16.39 =
    £27.20, where the unrounded sum rounds to £27.19); the overview's bill card says the same figure for the same
    days, not the other one."""
    session = sample_session()
    _october_household(session)
    compare = view_model(session, "file", report="compare")
    household = next(t for t in compare["totals"] if t["label"] == "Your household")
    bill = cards_by_title(view_model(session, "file", report="overview"))["Your bill for these days"]["lines"][0]
    assert bill.startswith(f"£{household['value']:,.2f} for every fuel over 7 days"), (bill, household)


def test_export_earns_more_rather_than_saves_and_a_fuel_already_on_its_best_tariff_says_so():
    session = sample_session()
    _october_household(session)
    # A quote for export at 25p/kWh (sold on its own) against the assumed 15p: 63.694 kWh × 10p more.
    model = view_model(session, "file", report="overview", custom="export~Better export~25~0")
    cards = cards_by_title(model)
    export = cards["Best tariff: electricity export"]["lines"]
    assert export[1] == "earns £6.37 more over these days than Outgoing Octopus 12M Fixed (assumed)", export
    findings = next(b for b in model["blocks"] if b.get("title") == "Findings, largest first")["paragraphs"]
    assert any(f.endswith("would earn you £6.37 more over these 7 days on electricity export.") for f in findings)
    # Gas is on its best tariff (Flexible Octopus for gas, assumed): the card says so rather than nothing.
    gas = cards["Best tariff: gas"]["lines"]
    assert gas[0].startswith("Flexible Octopus (gas): £16.39")
    assert gas[1] == "you are already on the best tariff for gas over these days"


def test_your_tariff_history_reads_as_part_of_the_sentence_on_the_cards():
    session = sample_session()
    session.household = _on_account("2023-04-01")
    cards = cards_by_title(view_model(session, "octopus", report="overview"))
    lines = [line for card in cards.values() for line in card["lines"]]
    assert not any(" Your tariff history" in line for line in lines), [x for x in lines if "Your tariff" in x]
    assert any(line.startswith("saves about £") and line.endswith(" a year against your tariff history")
               for line in cards["Best tariff: electricity import"]["lines"])
    assert cards["Electricity import: last 12 months"]["lines"][1].startswith("£")
    assert " cost on your tariff history, with standing charges and VAT" in \
        cards["Electricity import: last 12 months"]["lines"][1]


def test_a_tariff_sold_only_as_a_pair_is_not_a_finding_on_its_own():
    """Octopus Flux's export rate pays most for these evenings, but Flux export is sold only with Flux import,
    which costs £2.77 more here: "Octopus Flux (export) would earn you £4.04" was a saving no household can have.
    The card names the pair it comes in and points to the best pair; the findings leave it out."""
    session = sample_session()
    _october_household(session)
    model = view_model(session, "file", report="overview")
    cards = cards_by_title(model)
    export = cards["Best tariff: electricity export"]["lines"]
    assert export[0] == "Octopus Flux (export): £13.60 for the same 7 days"
    assert export[1] == ("sold only together with Octopus Flux (import), so not a saving on its own: the best import "
                         "× export pair is Agile Octopus with Outgoing Octopus 12M Fixed")
    assert cards["Best import × export pair"]["lines"][0].startswith("Agile Octopus with Outgoing Octopus 12M Fixed")
    findings = next(b for b in model["blocks"] if b.get("title") == "Findings, largest first")["paragraphs"]
    assert not any("Flux" in f for f in findings), findings
    assert any("Agile Octopus would save you £1.44 over these 7 days on electricity import." in f for f in findings)


@pytest.mark.parametrize("source", ["demo", "file"])
def test_the_households_bill_card_opens_compare_where_the_same_figure_is_said(source):
    """Every fuel's bill together is compare's household total; it once opened the bill of one fuel for the last
    month (the demo's "£2,180.78 a year" opened December's electricity bill, £125.95)."""
    session = sample_session()
    if source == "file":
        _october_household(session)
    cards = cards_by_title(view_model(session, source, report="overview"))
    card = cards.get("Projected annual bill") or cards["Your bill for these days"]
    assert card["link"]["params"]["report"] == "compare"
    compare = view_model(session, source, **card["link"]["params"])
    household = next(t for t in compare["totals"] if t["label"] == "Your household")
    assert card["lines"][0].startswith(f"£{household['value']:,.2f} ")


def test_a_month_whose_readings_stop_before_its_end_is_not_called_whole():
    """Gas read to 29 Jul 2023 and no further: July is the last month with readings, but not a whole one (its last
    two days have none), while June, read from its first day to its last, would be."""
    session = sample_session()
    series = demo().series
    gas = series["gas"]
    kept = (day_bounds(dt.date(2023, 7, 30))[0] - gas.start) // HALF_HOUR
    stopped = Series("gas", gas.start, gas.values[:kept] + (None,) * (len(gas.values) - kept))
    session.household = Household("octopus", {**series, "gas": stopped}, region="C")
    cards = cards_by_title(view_model(session, "octopus", report="overview"))
    july = cards["Gas: Jul 2023"]["lines"]
    assert july[-1] == ("the last month with readings (1 Jul 2023 to 29 Jul 2023): there are none from Aug 2023 to "
                        "Dec 2023")
    assert not any("whole" in line for line in july)

    kept = (day_bounds(dt.date(2023, 7, 1))[0] - gas.start) // HALF_HOUR
    to_june = Series("gas", gas.start, gas.values[:kept] + (None,) * (len(gas.values) - kept))
    session.household = Household("octopus", {**series, "gas": to_june}, region="C")
    june = cards_by_title(view_model(session, "octopus", report="overview"))["Gas: Jun 2023"]["lines"]
    assert june[-1] == "the last whole month with a reading: there are none from Jul 2023 to Dec 2023"


def test_a_household_without_export_is_told_of_no_export_earnings():
    """A Bright household (electricity and gas, no export meter) was told its bill had "export earnings taken off"."""
    year = demo_household(2023)
    session = sample_session()
    session.replace(Household("file", {f: year[f] for f in ("electricity", "gas")}, region="C",
                              facts=HouseholdFacts(label="Home")))
    cards = cards_by_title(view_model(session, "file", report="overview"))
    (line, _) = cards["Projected annual bill"]["lines"]
    assert line.startswith("£") and line.endswith(" a year for every fuel")


def test_a_baseload_from_few_nights_says_in_the_finding_how_many_it_rests_on():
    """A week of readings gives the always-on load from 7 nights at most: the finding's £ a year rests on them, and
    the finding itself says so (not only the method beside it), as it does below four weeks of nights
    (``FEW_NIGHTS``); a year's finding does not."""
    session = sample_session()
    name = "octopus_dashboard_electricity_2023-10-26_2023-11-01.csv"
    run_sync(load_file(OpContext(session, {"name": name}, (FIXTURES / name).read_bytes())))
    series = session.household.series["electricity"]
    nights = baseload(slot_grid(series, *series_days(series))).days
    assert 0 < nights <= 7
    finding, reason = _baseload_finding(view_model(session, "file", report="overview"))
    assert finding.endswith(f" This rests on {nights} nights of readings only; more nights give a surer figure.")
    assert f"The median over {nights} nights" in reason
    year, _ = _baseload_finding(view_model(sample_session(), report="overview"))
    assert "rests on" not in year


def test_the_baseload_card_says_how_many_nights_it_rests_on_in_the_findings_words():
    """The card's figure rests on the same nights as the finding's: it says how many, and below four weeks of nights
    in the very sentence the finding ends with."""
    year = demo_household(2023)["electricity"]
    nights = baseload(slot_grid(year, *series_days(year))).days
    assert nights >= 360
    demo_lines = cards_by_title(view_model(sample_session(), report="overview"))["Baseload"]["lines"]
    assert demo_lines[-1] == f"This rests on {nights:,} nights of readings."

    session = sample_session()
    name = "octopus_dashboard_electricity_2023-10-26_2023-11-01.csv"
    run_sync(load_file(OpContext(session, {"name": name}, (FIXTURES / name).read_bytes())))
    series = session.household.series["electricity"]
    few = baseload(slot_grid(series, *series_days(series))).days
    model = view_model(session, "file", report="overview")
    short_lines = cards_by_title(model)["Baseload"]["lines"]
    sentence = f"This rests on {few} nights of readings only; more nights give a surer figure."
    assert short_lines[-1] == sentence
    assert _baseload_finding(model)[0].endswith(" " + sentence)


def test_a_findings_saving_is_the_difference_of_the_two_totals_it_shows_to_the_penny():
    """Bills are in pennies: the demo's gas finding set "about £118.13 a year" beside £1,003.91 against £1,122.05,
    whose difference is £118.14 (the saving came from the unrounded totals)."""
    model = view_model(sample_session(), "demo", report="overview")
    rows = next(b for b in model["blocks"] if b.get("type") == "table" and b["rows"]
                and "scaled to 365 days" in str(b["rows"]))["rows"]
    checked = 0
    for said, why in rows:
        found = re.search(r"£([\d,]+\.\d\d) against .* £([\d,]+\.\d\d), scaled to 365 days", why)
        if found is None:
            continue
        best, yours = (float(x.replace(",", "")) for x in found.groups())
        text = said["text"] if isinstance(said, dict) else said
        assert f"about £{yours - best:,.2f} a year" in text, (text, why)
        checked += 1
    assert checked == 2  # electricity import and gas
    gas = cards_by_title(model)["Best tariff: gas"]["lines"]
    assert gas[1] == "saves about £118.14 a year against Flexible Octopus (gas, assumed)"
