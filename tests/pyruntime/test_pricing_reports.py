"""The cost report and the tariff comparison on the demo household."""

from __future__ import annotations

import datetime as dt
import sys

import pytest

from pyruntime.household.demo import demo_household
from pyruntime.present.period import DAY, WEEK, YEAR, Period
from pyruntime.present.view import View
from pyruntime.pricing import ArrayRates, Tariff, bill, flat_tariff, tariff_from_spec
from pyruntime.pricing.compare import Candidate, compare_tariffs, household_answer
from pyruntime.pricing.cost import cost_assumptions, cost_report, half_hour_prices, use_and_price
from pyruntime.pricing.history import Agreement, TariffHistory
from pyruntime.pricing.money import pounds
from pyruntime.timeseries.londontime import day_bounds, local_datetime

FIRST, LAST = dt.date(2023, 1, 1), dt.date(2023, 12, 31)


@pytest.fixture(scope="module")
def home():
    return demo_household()


def _kwh(series) -> float:
    s = 0.0
    for v in series.values:
        if v is not None:
            s += v
    return s


def _candidates():
    half_year = day_bounds(dt.date(2023, 7, 1))[0]
    start = day_bounds(FIRST)[0]
    partial = Tariff("PARTIAL", "Only from July", "electricity",
                     ArrayRates(half_year, tuple([10.0] * 9000)))
    return [
        Candidate("flat-20", flat_tariff("electricity", 20.0, prices_include_vat=False, name="Flat 20p")),
        Candidate("flat-30", flat_tariff("electricity", 30.0, 50.0, prices_include_vat=False)),
        Candidate("go", tariff_from_spec({"tou": "0030-0430:5,25", "standing_p_per_day": 60}),
                  requires=frozenset({"ev"}), conditions="needs an EV and a smart charger"),
        Candidate("flux-in", tariff_from_spec({"tou": "0200-0500:15,1600-1900:50,30", "standing_p_per_day": 50}),
                  requires=frozenset({"solar", "battery"}), pair="flux"),
        Candidate("flux-out", tariff_from_spec({"fuel": "export", "tou": "0200-0500:8,1600-1900:30,15"}),
                  requires=frozenset({"solar", "battery"}), pair="flux"),
        Candidate("seg-4", flat_tariff("export", 4.0)),
        Candidate("seg-15", flat_tariff("export", 15.0)),
        Candidate("gas-6", flat_tariff("gas", 6.0, 30.0, prices_include_vat=False)),
        Candidate("gas-7", flat_tariff("gas", 7.0, 20.0, prices_include_vat=False)),
        Candidate("partial", partial),
        Candidate("old", Tariff("OLD", "Ended in March", "electricity", ArrayRates(start, (12.0,) * 4000))),
    ]


def _by_key(block) -> dict:
    return {t.key: t for t in block.tariffs}


def test_compare_ranks_by_total_with_standing_charges_and_vat(home):
    r = compare_tariffs(home, _candidates(), FIRST, LAST)
    elec = r.fuels["electricity"]
    ranked = [t.key for t in elec.ranked]
    assert ranked[0] == "flat-20" and elec.best.key == "flat-20"
    totals = {k: pounds(t.total_p) for k, t in _by_key(elec).items()}
    # By hand: kWh × 20p × 1.05, no standing charge.
    assert totals["flat-20"] == pounds(_kwh(home["electricity"]) * 20.0 * 1.05)
    assert totals["flat-30"] == pounds((_kwh(home["electricity"]) * 30.0 + 365 * 50.0) * 1.05)
    # The comparison and a bill add up the same way, to the bit.
    b = bill(home["electricity"], _candidates()[2].pricing, FIRST, LAST)
    assert _by_key(elec)["go"].total_p == b.total_inc_vat
    not_ranked = {t.key: t for t in elec.tariffs if t.rank is None}
    assert set(not_ranked) == {"partial", "old"}
    # Each day said once: 1 Jan to 30 Jun (181 days) has no prices; the 184 from 1 Jul are priced, without a
    # standing charge (the tariff gives none).
    assert not_ranked["partial"].not_comparable == (
        "Not ranked: no prices for 181 of the period's 365 days and no standing charge for 184 days (the tariff did "
        "not exist or its feed is missing).")
    assert not_ranked["partial"].saving_p is None and not_ranked["partial"].best_month is None
    assert len(r.months) == 12 and all(len(t.months_p) == 12 for t in elec.tariffs)


def test_typed_result_matches_rate_times_kwh_by_hand(home):
    """One tariff's result against an independent sum: each half-hour's kWh × its rate, by London month."""
    tou = tariff_from_spec({"tou": "0030-0430:5,25", "standing_p_per_day": 60, "prices_include_vat": False})
    r = compare_tariffs(home, [Candidate("go", tou)], FIRST, LAST)
    (t,) = r.fuels["electricity"].tariffs
    series = home["electricity"]
    energy, months, kwh = 0.0, {}, 0.0
    for i, v in enumerate(series.values):
        start = series.start + i * 1800
        local = local_datetime(start)  # checked against the tz database in test_londontime
        if v is None or not FIRST <= local.date() <= LAST:
            continue
        cheap = dt.time(0, 30) <= local.time() < dt.time(4, 30)
        rate = 5.0 if cheap else 25.0  # [p/kWh exc VAT]
        energy += v * rate
        kwh += v
        key = f"{local.year:04d}-{local.month:02d}"
        months[key] = months.get(key, 0.0) + v * rate
    standing = 365 * 60.0
    assert t.rank == 1 and t.comparable and t.fuel == "electricity"
    assert t.energy_p == pytest.approx(energy, rel=1e-9)
    assert t.standing_p == pytest.approx(standing)
    assert t.vat_p == pytest.approx((energy + standing) * 0.05, rel=1e-9)
    assert t.total_p == pytest.approx((energy + standing) * 1.05, rel=1e-9)
    assert t.priced_kwh == pytest.approx(kwh, rel=1e-9)
    assert t.average_p_per_kwh_inc_vat == pytest.approx(energy / kwh * 1.05, rel=1e-9)
    assert list(months) == list(r.months)
    for i, key in enumerate(r.months):
        days = (dt.date(2023 + (i == 11), (i + 1) % 12 + 1, 1) - dt.date(2023, i + 1, 1)).days
        assert t.months_p[i] == pytest.approx((months[key] + days * 60.0) * 1.05, rel=1e-9)
    assert t.saving_p == 0.0  # the only tariff is its own baseline
    assert [v.code for v in t.versions] == [tou.code] and t.missing_rates == 0 and t.days_without_standing == 0


def test_export_ranks_by_revenue_and_gas_alongside(home):
    r = compare_tariffs(home, _candidates(), FIRST, LAST)
    exp = [t.key for t in r.fuels["export"].tariffs]
    revenue = {k: pounds(t.total_p) for k, t in _by_key(r.fuels["export"]).items()}
    assert revenue["seg-15"] == pounds(_kwh(home["export"]) * 15.0)  # no VAT on export
    assert exp.index("seg-15") < exp.index("seg-4")
    assert r.fuels["export"].revenue and not r.fuels["gas"].revenue
    gas = {k: pounds(t.total_p) for k, t in _by_key(r.fuels["gas"]).items()}
    assert gas["gas-6"] == pounds((_kwh(home["gas"]) * 6.0 + 365 * 30.0) * 1.05)


def test_eligibility_pairs_and_net(home):
    r = compare_tariffs(home, _candidates(), FIRST, LAST, has={"solar"})
    elec = _by_key(r.fuels["electricity"])
    assert elec["go"].eligible is False and elec["go"].rank is None
    assert elec["go"].requires_labels == ["electric vehicle"]
    assert elec["flux-in"].eligible is False
    (pair,) = r.pairs
    assert (pair.import_key, pair.export_key, pair.eligible) == ("flux-in", "flux-out", False)
    assert pair.net_p == elec["flux-in"].total_p - _by_key(r.fuels["export"])["flux-out"].total_p
    assert [n.export_key for n in r.net] == ["seg-15"] * len(r.net)
    assert [n.rank for n in r.net] == list(range(1, len(r.net) + 1))
    r2 = compare_tariffs(home, _candidates(), FIRST, LAST, has={"solar", "battery", "ev"})
    assert {n.import_key: (n.export_key, n.paired) for n in r2.net}["flux-in"] == ("flux-out", True)


def test_saving_against_the_actual_tariff_and_best_worst_month(home):
    actual = {"electricity": flat_tariff("electricity", 30.0, 50.0, prices_include_vat=False)}
    r = compare_tariffs(home, _candidates(), FIRST, LAST, actual=actual)
    elec = r.fuels["electricity"]
    assert elec.baseline == "your actual tariff"
    t = _by_key(elec)
    assert t["flat-30"].saving_p == 0.0
    assert t["flat-20"].saving_p == elec.actual.total_p - t["flat-20"].total_p
    savings = [a - b for a, b in zip(elec.actual.months_p, t["flat-20"].months_p, strict=True)]
    assert t["flat-20"].best_month.month == r.months[max(range(12), key=lambda i: savings[i])]
    assert t["flat-20"].worst_month.month == r.months[min(range(12), key=lambda i: savings[i])]
    assert t["flat-20"].best_month.saving_p == max(savings)


def test_cost_report_drill_down(home):
    tariff = tariff_from_spec({"tou": "0030-0430:5,25", "standing_p_per_day": 60})
    top = cost_report(home["electricity"], tariff, View(fuel="electricity"))
    assert top.level == "all" and len(top.bars) == 12 and top.measure == "Monthly cost" and top.bar_unit == "£"
    b = bill(home["electricity"], tariff, FIRST, LAST)
    assert top.totals == b
    assert sum(x.total_p_inc_vat for x in top.bars) == pytest.approx(b.total_inc_vat, abs=1e-6)
    shares = top.bars[0].band_shares
    assert {s.band for s in shares} == {"00:30–04:30", "other times"}
    assert sum(s.kwh for s in shares) == pytest.approx(top.bars[0].priced_kwh)
    assert sum(s.share for s in shares) == pytest.approx(1)
    feb = cost_report(home["electricity"], tariff, View(fuel="electricity", month="2023-02"))
    assert feb.level == "month" and len(feb.bars) == 28
    day14 = feb.bars[13]
    assert day14.key == "2023-02-14" and day14.present == 36 and not day14.complete  # the demo's six-hour outage
    assert day14.standing_p_inc_vat == pytest.approx(60.0)  # the hand-entered charge includes VAT
    a = top.assumptions
    assert a.feeds == ("hand",) and a.half_hours_without_reading == 60 and a.any_missing
    assert "5%" in a.vat and a.standing_charges[0].p_per_day_inc_vat == pytest.approx(60.0)
    assert a.tariffs[0].tariff is tariff


def test_cost_report_clock_change_day_and_gaps(home):
    tariff = flat_tariff("electricity", 21.0, prices_include_vat=False)
    day = cost_report(home["electricity"], tariff, View(fuel="electricity", month="2023-10", day="2023-10-29"))
    assert len(day.bars) == 50 and day.bar_unit == "p"
    assert [b.label for b in day.bars[2:6]] == ["01:00 (BST)", "01:30 (BST)", "01:00 (GMT)", "01:30 (GMT)"]
    assert all(b.start_utc_s - a.start_utc_s == 1800 for a, b in zip(day.bars, day.bars[1:], strict=False))
    priced = [b for b in day.bars if b.kwh is not None]
    assert all(b.cost_p_inc_vat == pytest.approx(b.kwh * 21.0 * 1.05) for b in priced)
    lost = cost_report(home["electricity"], tariff, View(fuel="electricity", month="2023-09", day="2023-09-05"))
    assert all(b.cost_p_inc_vat is None and b.missing == "no reading" and not b.complete for b in lost.bars)
    assert lost.totals.missing_readings == 48 and lost.totals.standing == 0.0


def test_export_cost_report_is_revenue(home):
    r = cost_report(home["export"], flat_tariff("export", 15.0), View(fuel="export"))
    assert r.revenue and r.measure == "Monthly revenue"
    assert r.totals.vat == 0 and r.assumptions.vat == "No VAT on export payments."
    assert r.assumptions.method == "Revenue uses your recorded half-hours; gaps are left out, never filled."
    assert r.bars[0].standing_p_inc_vat == 0.0


def test_half_hour_prices_give_kwh_and_rate_inc_vat_per_half_hour(home):
    tariff = flat_tariff("electricity", 20.0, prices_include_vat=False)
    day = dt.date(2023, 3, 26)  # spring forward: 46 half-hours
    rows = half_hour_prices(home["electricity"], tariff, day, day)
    assert len(rows) == 46 and all(r.rate_p_per_kwh_inc_vat == pytest.approx(21.0) for r in rows)


def test_household_answer_adds_import_and_gas_takes_export_off_and_picks_the_best_choice(home):
    actual = {"electricity": flat_tariff("electricity", 30.0, 50.0, prices_include_vat=False),
              "export": flat_tariff("export", 4.0),
              "gas": flat_tariff("gas", 7.0, 20.0, prices_include_vat=False)}
    r = compare_tariffs(home, _candidates(), FIRST, LAST, actual=actual, has={"solar", "battery", "ev"})
    a = household_answer(r)
    f = r.fuels
    assert a.yours_p == pytest.approx(f["electricity"].actual.total_p - f["export"].actual.total_p
                                      + f["gas"].actual.total_p)
    top = r.net[0]
    assert a.best.total_p == pytest.approx(top.net_p + f["gas"].best.total_p)
    assert {t.key for t in a.best.tariffs} == {top.import_key, top.export_key, "gas-6"}
    assert a.best.paired == top.paired and a.best.kept == ()
    assert a.saving_p == pytest.approx(a.yours_p - a.best.total_p) and a.saving_p > 0
    assert a.saving_p_per_year == pytest.approx(a.saving_p)  # 365 days
    # Hand-made tariffs share a generic code: none is taken for the household's own, not even the same 30p one.
    assert [t.key for t in f["electricity"].tariffs if t.current] == []
    half = compare_tariffs(home, _candidates(), FIRST, dt.date(2023, 6, 30), actual=actual)
    h = household_answer(half)
    # Half a year leaves seasons out (a winter's heating, a summer's solar): it is not scaled to a year.
    assert h.days == 181 and h.saving_p is not None and h.saving_p_per_year is None
    nearly = household_answer(compare_tariffs(home, _candidates(), FIRST, dt.date(2023, 12, 26), actual=actual))
    assert nearly.days == 360 and nearly.saving_p_per_year == pytest.approx(nearly.saving_p * 365 / 360)


def test_household_answer_keeps_a_fuel_with_nothing_ranked(home):
    actual = {"export": flat_tariff("export", 4.0)}
    cands = [c for c in _candidates() if c.key in ("flat-20", "flux-out")]
    r = compare_tariffs({f: home[f] for f in ("electricity", "export")}, cands, FIRST, LAST, actual=actual, has=set())
    a = household_answer(r)
    assert a.yours_p is None  # no own tariff known for electricity import
    assert a.best.kept == ("export",) and [t.key for t in a.best.tariffs] == ["flat-20"]
    assert a.best.total_p == r.fuels["electricity"].best.total_p - r.fuels["export"].actual.total_p
    assert a.saving_p is None


def test_no_saving_is_measured_against_an_own_tariff_that_leaves_half_hours_unpriced(home):
    """An agreement that ends on 1 July (none after it): the own total leaves half the year out, so neither the
    tariffs' savings nor the household's answer are measured against it, and the page says why."""
    from pyruntime.pricing.history import Agreement, TariffHistory

    ends = day_bounds(dt.date(2023, 7, 1))[0]
    mid_year = TariffHistory((Agreement(flat_tariff("electricity", 30.0, 50.0, prices_include_vat=False), None,
                                        ends),), code="actual", name="Your tariff history")
    r = compare_tariffs({"electricity": home["electricity"]}, _candidates(), FIRST, LAST,
                        actual={"electricity": mid_year})
    elec = r.fuels["electricity"]
    # The 184 days after it are days the prices do not cover, not also days without a standing charge.
    assert elec.actual.missing_rates > 0 and elec.actual.days_without_standing == 0
    assert elec.actual.coverage.uncovered == ((dt.date(2023, 7, 1), LAST),)
    assert not elec.actual.complete
    assert all(t.saving_p is None and t.best_month is None for t in elec.tariffs)
    assert household_answer(r).yours_p is None and household_answer(r).saving_p is None
    whole = compare_tariffs({"electricity": home["electricity"]}, _candidates(), FIRST, LAST,
                            actual={"electricity": flat_tariff("electricity", 30.0, 50.0, prices_include_vat=False)})
    assert whole.fuels["electricity"].actual.complete
    assert _by_key(whole.fuels["electricity"])["flat-20"].saving_p is not None


def _gas_until_july():
    """An own gas tariff whose agreement ends on 1 July with none after it: its total leaves half the year out."""
    from pyruntime.pricing.history import Agreement, TariffHistory

    ends = day_bounds(dt.date(2023, 7, 1))[0]
    return TariffHistory((Agreement(flat_tariff("gas", 7.0, 20.0, prices_include_vat=False), None, ends),),
                         code="actual", name="Your gas tariff history")


def test_the_best_choice_gives_no_household_total_when_it_keeps_an_incomplete_own_total(home):
    """No gas tariff is ranked, so the best choice keeps the household's gas tariff; its total stops in July, so
    the household's best total would rest on half a year of gas: the choice names its tariffs, but no total."""
    actual = {"electricity": flat_tariff("electricity", 30.0, 50.0, prices_include_vat=False), "gas": _gas_until_july()}
    cands = [c for c in _candidates() if c.key in ("flat-20", "flat-30")]
    r = compare_tariffs({f: home[f] for f in ("electricity", "gas")}, cands, FIRST, LAST, actual=actual)
    assert r.fuels["gas"].best is None and not r.fuels["gas"].actual.complete
    a = household_answer(r)
    assert a.best.kept == ("gas",) and [t.key for t in a.best.tariffs] == ["flat-20"]
    assert a.best.incomplete == ("gas",)
    assert a.best.total_p is None and a.saving_p is None and a.saving_p_per_year is None
    assert a.yours_p is None
    # A kept own total that is complete still adds up to the household's figure.
    whole = {**actual, "gas": flat_tariff("gas", 7.0, 20.0, prices_include_vat=False)}
    w_comparison = compare_tariffs({f: home[f] for f in ("electricity", "gas")}, cands, FIRST, LAST, actual=whole)
    w = household_answer(w_comparison)
    assert w.best.kept == ("gas",) and w.best.incomplete == ()
    gas = w_comparison.fuels["gas"].actual
    assert gas.complete and w.best.total_p == pytest.approx(w.best.tariffs[0].total_p + gas.total_p)
    assert w.saving_p == pytest.approx(w.yours_p - w.best.total_p)


def test_the_page_names_the_best_choice_and_says_why_it_has_no_total(home):
    from pyruntime.reports.compare import _answer

    actual = {"electricity": flat_tariff("electricity", 30.0, 50.0, prices_include_vat=False), "gas": _gas_until_july()}
    cands = [c for c in _candidates() if c.key in ("flat-20", "flat-30")]
    r = compare_tariffs({f: home[f] for f in ("electricity", "gas")}, cands, FIRST, LAST, actual=actual)
    totals = {t["label"]: t for t in _answer(r, household_answer(r))}
    best = totals["Best choice"]
    assert best["value"] is None and best["unit"] is None and best["warn"] and "£" not in best["text"]
    assert best["text"] == ("Flat 20p, keeping your gas tariff: no household total or saving, as your gas tariff's "
                            "total is incomplete (part of the period is unpriced)")
    assert "Your household" not in totals


@pytest.mark.parametrize("period", [Period.of(WEEK, dt.date(2023, 2, 13)), Period.of(DAY, dt.date(2023, 2, 14)),
                                    Period.of(YEAR, dt.date(2023, 1, 1))])
def test_the_cost_view_looks_the_rates_up_once_and_its_panel_and_chart_are_as_if_looked_up_again(home, period,
                                                                                                  monkeypatch):
    """A history whose second tariff's feed starts mid-week (14 Feb 2023 at noon): the assumptions panel cuts it to
    its first rated half-hour, and the use-over-price chart draws each half-hour's rate. Both come from the rates the
    bill looked up (each tariff's rates looked up once for the whole view, besides ranking its price bands), and
    equal what looking them up again gives."""
    switch = day_bounds(dt.date(2023, 2, 14))[0]
    rated_from = switch + 24 * 1800
    first = flat_tariff("electricity", 20.0, 40.0, prices_include_vat=False, code="FIRST")
    late = Tariff("LATE", "Rates from noon", "electricity", ArrayRates(rated_from, tuple([15.0] * 20000)))
    history = TariffHistory((Agreement(first, None, switch), Agreement(late, switch, None)))
    lookups = []
    look_up = Tariff.unit_rates

    def counted(tariff, *args):
        if sys._getframe(1).f_code.co_name != "band_labels":  # ranking a tariff's bands is not pricing with it
            lookups.append(tariff.code)
        return look_up(tariff, *args)

    monkeypatch.setattr(Tariff, "unit_rates", counted)
    r = cost_report(home["electricity"], history, View(fuel="electricity", period=period))
    monkeypatch.undo()
    a, b = period.bounds(FIRST, LAST)
    last = a if period.level == "day" else b
    assert sorted(lookups) == [code for code in ("FIRST", "LATE") if code == "LATE" or a < dt.date(2023, 2, 14)]
    assert r.assumptions == cost_assumptions(history, r.totals, "electricity", a, last, None)
    before = [("FIRST", day_bounds(a)[0])] if a < dt.date(2023, 2, 14) else []  # the day view starts at the switch
    assert [(u.tariff.code, u.priced_from_utc_s) for u in r.assumptions.tariffs] == [*before, ("LATE", rated_from)]
    assert use_and_price(r.half_hours) == half_hour_prices(home["electricity"], history, a, last)
