"""Every figure of the comparison a person can add up adds up to the penny, as on a bill.

Small made-up households whose totals fall a fraction of a penny either side of the rounding, so that rounding an
unrounded sum or difference once lands a penny away from the figures printed beside it. Each test reads the
figures as a person does, from the text on the page, and adds them up itself.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from pyruntime.pricing import flat_tariff
from pyruntime.pricing.compare import Candidate, compare_tariffs, household_answer
from pyruntime.pricing.money import difference_shown, total_shown
from pyruntime.reports.compare import _answer, _fuel_details, _net_table, _ranking
from pyruntime.timeseries.londontime import day_bounds
from pyruntime.timeseries.series import Series

POUNDS = re.compile(r"(−?)£([\d,]+\.\d\d)")


def read_pounds(text: str) -> list[Decimal]:
    """Every £ figure in ``text`` as a person reads it: "£1,095.86", "−£1.00"."""
    return [(-1 if sign else 1) * Decimal(digits.replace(",", "")) for sign, digits in POUNDS.findall(text)]


def read_sum(text: str) -> list[Decimal]:
    """The signed lines of a sum written out ("electricity import £10.01 − electricity export £1.00 + gas £10.01"
    is 10.01, −1.00 and 10.01)."""
    first, *rest = re.split(r" ([+−]) ", text)
    (value,) = read_pounds(first)
    lines = [value]
    for sign, line in zip(rest[::2], rest[1::2], strict=True):
        (value,) = read_pounds(line)
        lines.append(-value if sign == "−" else value)
    return lines


def text_of(cell: dict | str) -> str:
    return cell if isinstance(cell, str) else cell["text"]


def _flat(fuel: str, p_per_kwh: float, name: str):
    """A tariff at one rate [p/kWh], no standing charge and no VAT: each total is kWh × rate, exactly."""
    return flat_tariff(fuel, p_per_kwh, prices_include_vat=False, vat_rate=0.0, name=name)


DAY = dt.date(2023, 1, 2)


def _one_day(kwh: float = 1.0) -> dict[str, Series]:
    """1 kWh of import, of export and of gas, each in the first half-hour of 2 Jan 2023."""
    start = day_bounds(DAY)[0]
    return {fuel: Series(fuel, start, (kwh,) + (0.0,) * 47) for fuel in ("electricity", "export", "gas")}


def _household_comparison():
    """Own totals of £10.006 import, £1.004 export and £10.006 gas (shown £10.01, £1.00, £10.01): £19.008 in all,
    which rounds once to £19.01, where the lines shown add up to £19.02. The best choice likewise: £9.006 − £2.004 +
    £9.006 = £16.008, shown lines £9.01 − £2.00 + £9.01 = £16.02; and the import − export net £7.002 rounds to
    £7.00, where the two totals shown differ by £7.01."""
    actual = {"electricity": _flat("electricity", 1000.6, "Own import"), "export": _flat("export", 100.4, "Own export"),
              "gas": _flat("gas", 1000.6, "Own gas")}
    candidates = [Candidate("cheap-import", _flat("electricity", 900.6, "Cheaper import")),
                  Candidate("better-export", _flat("export", 200.4, "Better export")),
                  Candidate("cheap-gas", _flat("gas", 900.6, "Cheaper gas"))]
    return compare_tariffs(_one_day(), candidates, DAY, DAY, actual=actual)


def _ranked_totals(r) -> dict[str, Decimal]:
    """Each tariff's total as its fuel's ranking shows it, signed as the household adds it (export taken off)."""
    out = {}
    for block in r.fuels.values():
        table = _ranking(block)
        for row in table["rows"]:
            (shown,) = read_pounds(text_of(row[2]))
            out[text_of(row[0])] = -shown if block.revenue else shown
    return out


def test_the_households_total_is_the_sum_of_the_fuels_shown_beside_it():
    r = _household_comparison()
    totals = {t["label"]: t for t in _answer(r, household_answer(r))}
    yours = totals["Your household"]
    # "£19.02 on your tariffs: electricity import £10.01 − electricity export £1.00 + gas £10.01"
    said, how = yours["text"].split(" on your tariffs: ")
    (total,), parts = read_pounds(said), read_sum(how)
    assert [str(p) for p in parts] == ["10.01", "-1.00", "10.01"], yours["text"]
    assert total == sum(parts) == Decimal("19.02"), yours["text"]
    assert Decimal(str(yours["value"])) == total
    # Each part is the fuel's own total as its ranking shows it.
    ranked = _ranked_totals(r)
    assert parts == [ranked["Yours: Own import"], ranked["Yours: Own export"], ranked["Yours: Own gas"]]


def test_the_best_choices_total_is_the_sum_of_its_tariffs_as_the_rankings_show_them():
    r = _household_comparison()
    totals = {t["label"]: t for t in _answer(r, household_answer(r))}
    best = totals["Best choice"]
    assert best["text"].startswith("Cheaper import, Better export and Cheaper gas: £16.02, "), \
        best["text"]
    ranked = _ranked_totals(r)
    by_hand = ranked["Cheaper import"] + ranked["Better export"] + ranked["Cheaper gas"]
    assert by_hand == Decimal("16.02") == Decimal(str(best["value"])) == read_pounds(best["text"])[0]
    # The saving beside the two totals is their difference as shown.
    saving = Decimal(str(totals["Your household"]["value"])) - Decimal(str(best["value"]))
    assert f"saves £{saving}" in best["text"], best["text"]


def test_the_net_of_import_and_export_is_the_difference_of_their_totals_shown():
    r = _household_comparison()
    net = _net_table(r)
    (row,) = net["rows"]
    assert row[1:3] == ["Cheaper import", "Better export"]
    ranked = _ranked_totals(r)
    by_hand = ranked["Cheaper import"] + ranked["Better export"]  # £9.01 − £2.00
    assert read_pounds(text_of(row[4])) == [by_hand] == [Decimal("7.01")], row[4]
    assert Decimal(str(row[4]["value"])) == by_hand


def _two_months():
    """10 kWh on 31 Jan 2023 and 10.01 kWh on 1 Feb, at 30.07p (yours) and 20.03p: January's £3.007 and £2.003
    show as £3.01 and £2.00, a saving of £1.01 (unrounded £1.004); February's £3.010 and £2.005 as £3.01 and £2.01,
    a saving of £1.00 (unrounded £1.005, which rounds to £1.01). Read from the month-by-month table, January is the
    better month by a penny, though February is by the unrounded pence."""
    first, last = dt.date(2023, 1, 31), dt.date(2023, 2, 1)
    start = day_bounds(first)[0]
    home = {"electricity": Series("electricity", start, (10.0,) + (0.0,) * 47 + (10.01,) + (0.0,) * 47)}
    return compare_tariffs(home, [Candidate("cheaper", _flat("electricity", 20.03, "Cheaper"))], first, last,
                           actual={"electricity": _flat("electricity", 30.07, "Own tariff")})


def test_the_best_and_worst_months_are_those_the_month_by_month_table_shows():
    r = _two_months()
    block = r.fuels["electricity"]
    full, monthly = (t for t in _fuel_details(block, ["Jan 2023", "Feb 2023"], r.months) if t["type"] == "table")
    shown = {text_of(row[0]): [read_pounds(text_of(c))[0] for c in row[1:]] for row in monthly["rows"]}
    savings = [own - cheaper for own, cheaper in zip(shown["Yours: Own tariff"], shown["Cheaper"], strict=True)]
    assert savings == [Decimal("1.01"), Decimal("1.00")]
    names = {0: "Jan", 1: "Feb"}
    best, worst = savings.index(max(savings)), savings.index(min(savings))
    row = next(row for row in full["rows"] if text_of(row[0]) == "Cheaper")
    cells = dict(zip(full["columns"], row, strict=True))
    assert text_of(cells["Best month"]) == f"{names[best]} (£{savings[best]})"
    assert text_of(cells["Worst month"]) == f"{names[worst]} (£{savings[worst]})"
    assert Decimal(str(cells["Best month"]["value"])) == savings[best]
    assert Decimal(str(cells["Worst month"]["value"])) == savings[worst]


def test_a_total_shown_adds_the_lines_as_shown_and_a_difference_shown_takes_them_apart():
    # £20.004 + £20.004 show as £20.00 + £20.00, a total of £40.00, where their unrounded £40.008 rounds to £40.01.
    assert total_shown([2000.4, 2000.4]) == 40.00 and round(4000.8 / 100, 2) == 40.01
    assert total_shown([1000.6, -100.4, 1000.6]) == 19.02  # £10.01 − £1.00 + £10.01
    assert total_shown([]) == 0.0 and total_shown([100.0, None]) is None
    assert total_shown([100.4, -100.4]) == 0.0 and str(total_shown([100.4, -100.4])) == "0.0"  # never −0.0
    assert difference_shown(900.6, 200.4) == total_shown([900.6, -200.4]) == 7.01


def test_on_the_demo_every_month_named_and_every_net_is_read_off_the_other_tables():
    """The demo over March to August (Flux priced throughout): each full table's best and worst month are the
    biggest and smallest differences of the month-by-month table's £, and each net is the two rankings' £ apart."""
    from tests.pyruntime.sample_feeds import sample_session, view_model

    model = view_model(sample_session(), report="compare", **{"from": "2023-03-01", "to": "2023-08-31"})
    tables = {b["title"]: b for b in model["blocks"] if b["type"] == "table"}
    checked = 0
    for fuel, revenue in (("Electricity import", False), ("Electricity export", True), ("Gas", False)):
        full = tables[f"{fuel}: tariffs ranked by {'revenue' if revenue else 'total cost'}"]
        monthly = tables[f"{fuel}: month by month (£{'' if revenue else ', inc VAT'})"]
        months = monthly["columns"][1:]
        shown = {text_of(row[0]): [read_pounds(text_of(c))[0] for c in row[1:]] for row in monthly["rows"]}
        (yours,) = [v for name, v in shown.items() if name.startswith("Yours: ")]
        for row in full["rows"]:
            cells = dict(zip(full["columns"], row, strict=True))
            if not isinstance(cells["Best month"], dict):
                continue
            theirs = shown[text_of(row[0])]
            gaps = [(t - y) if revenue else (y - t) for y, t in zip(yours, theirs, strict=True)]
            for column, pick in (("Best month", max), ("Worst month", min)):
                # The month named is one whose two £ differ by the most (or least); months tied to the penny are
                # equally right.
                named = text_of(cells[column]).split(" (")[0]
                at = [m[:3] for m in months].index(named)
                assert gaps[at] == pick(gaps), (fuel, row[0], column, named, gaps)
                assert read_pounds(text_of(cells[column])) == [gaps[at]], (fuel, row[0], column, gaps)
                checked += 1
    assert checked >= 24
    totals = {text_of(row[0]): read_pounds(text_of(row[2]))[0]
              for title in ("Electricity import: tariffs ranked by total cost",
                            "Electricity export: tariffs ranked by revenue")
              for row in tables[title]["rows"]}
    net = tables["Electricity import and export together (import cost − export revenue)"]
    for row in net["rows"]:
        assert read_pounds(text_of(row[4])) == [totals[row[1]] - totals[row[2]]], row
    nets = [read_pounds(text_of(row[4]))[0] for row in net["rows"]]
    assert nets == sorted(nets) and len(nets) >= 8  # ranked in the order of the £ shown
