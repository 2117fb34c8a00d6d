"""``python -m feeds sample --out feeds/sample``: the bundled, offline sample feeds.

Deterministic: the same inputs (``feeds/sample_inputs/``, see its README) always give
byte-identical files. Calendar (UTC = London) year 2023, regions A and C, carbon for
A, C and national. Every document says ``"sample": true`` and its ``provenance`` says
which parts are real recordings and which are synthesised.

Real data used
--------------
* Agile import and Agile Outgoing export, 1 Jan - 20 Dec 2023: agile.octopushome.net
  export (fawkesley). Its region is NOT stated and cannot be read off the prices; the
  same series is filed under both sample regions. Times are London local; the repeated
  01:00/01:30 of 29 Oct appears once (taken as the first, BST, occurrence).
* Flexible electricity standing charges: the recorded VAR-22-11-01 history (region not
  stated in the recording). Agile standing charges: the recorded AGILE-FLEX-22-11-25
  product detail (May 2024 values, per region, applied to all of 2023).
* Carbon intensity 13-15 March 2023 (regional forecast, national forecast and actual).
* Economy 7: the recorded Flexible E7 day and night unit-rate history (region A: its 1 Apr 2024
  direct-debit rates equal the recorded VAR-22-11-01 product detail's ``_A`` E7 rates) and that
  product detail (13 May 2024: E7 and single-rate prices for regions A and C). They are 2024
  prices, so they set the ratios below rather than 2023 prices.

Synthesised (documented rules, marked in provenance and ``synthetic_slots``)
---------------------------------------------------------------------------
* Agile 21-31 Dec: the values of the same half-hour 14 days earlier.
* Agile 29 Oct 01:00Z and 01:30Z (lost in the export): the values of the BST hour.
* Every other tariff: realistic 2023 prices, constant per quarter (Flexible, gas,
  Outgoing), by London-time windows (Go, Cosy, Flux), or a smooth daily series (Tracker).
* Flexible Economy 7 (``E-2R-VAR-22-11-01-{A,C}``): each quarter's day (night) rate is that
  quarter's synthesised Flexible single rate x the recorded ratio of the region's E7 day (night)
  rate to its single rate on 13 May 2024 (exc VAT; region A's E7 rates from the recorded
  day/night history); standing charges as single-rate Flexible (the recorded history).
* Octopus 12M Fixed (``OE-FIX-12M-23-03-01``, a made-up sample product): electricity 30.5p
  and gas 7.9p inc VAT from its launch on 1 Jan 2023, standing charges 47.5p and 29.9p a day.
* The price cap as a tariff (``E-1R-PRICE-CAP-*``, ``G-1R-PRICE-CAP-*``) is not synthesised:
  it is the curated, unverified GB-average table (feeds/data/price_cap.csv) for both regions.
* Non-direct-debit prices (the ``non_direct_debit`` block), Flexible electricity and gas in region C only
  (other tariffs show the page's "no separate non-direct-debit price" fallback): unit rates are the
  direct-debit ones x the recorded ratio of the Flexible E7 day rate's NON_DIRECT_DEBIT to DIRECT_DEBIT
  row from 1 Apr 2024 (about 1.022); electricity standing charges are the recorded NON_DIRECT_DEBIT
  history; gas standing charges are the direct-debit ones x the recorded electricity ratio from 1 Apr 2023.
* Exc-VAT unit rates are rounded to 0.0001p/kWh (``EXC_DECIMALS``).
* Carbon outside the recording: a seasonal and daily shape scaled per region from the
  recorded March ratios, with deterministic multi-day "weather" variation.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from feeds import docs
from feeds import forecast as agile_forecast
from feeds.families import FAMILIES, discovered_family
from feeds.manifest import build_manifest, file_entry, merge_entry_years
from feeds.price_cap import price_cap_doc
from feeds.price_cap_tariff import PRODUCT_CODE as PRICE_CAP_PRODUCT
from feeds.price_cap_tariff import price_cap_manifest_parts, price_cap_tariff_docs
from feeds.regions import BY_LETTER, NATIONAL
from feeds.series import YearValues, blank_year
from feeds.store import Publisher
from feeds.timeslots import SLOT_SECONDS, iso, parse_instant, slots_in_year, year_bounds
from feeds.update import ACCURACY_PATH, FORECAST_PATH, forecast_manifest

INPUTS = Path(__file__).parent / "sample_inputs"
LONDON = ZoneInfo("Europe/London")
YEAR = 2023
REGIONS = ("A", "C")
GENERATED_AT = "2024-01-01T00:00:00Z"
VAT = 1.05
SYNTH = "synthesised for the sample (realistic 2023 values, not real prices)"
NOTE = ("Bundled SAMPLE feeds for offline use: 2023, regions A and C. Agile prices are real but their region is "
        "not stated; most other prices and most carbon values are synthesised. Do not use for real decisions.")

START, END = year_bounds(YEAR)
N = slots_in_year(YEAR)


def _slot_index(epoch: int) -> int:
    return (epoch - START) // SLOT_SECONDS


def _local(epoch: int) -> datetime:
    return datetime.fromtimestamp(epoch, LONDON)


def _slots() -> range:
    return range(START, END, SLOT_SECONDS)


# ---------------------------------------------------------------- Agile (real)

def read_agile() -> tuple[YearValues, YearValues, int]:
    """(import inc VAT, export, synthetic slot count) for 2023 from the recorded CSV."""
    imp, exp = blank_year(YEAR), blank_year(YEAR)
    with open(INPUTS / "fawkesley_agile_import_export_2023-01-01_2023-12-20.csv", newline="") as fh:
        for row in csv.DictReader(fh):
            naive = datetime.strptime(row["Period from"], "%d/%m/%Y %H:%M")  # noqa: DTZ007 (local, fold below)
            # fold=0 takes the first (BST) occurrence of the repeated autumn hour
            epoch = int(naive.replace(tzinfo=LONDON, fold=0).timestamp())
            i = _slot_index(epoch)
            imp[i] = float(row["Agile Import price (p/kWh)"])
            exp[i] = float(row["Agile Export price (p/kWh)"])
    synthetic = 0
    for i in range(N):  # DST-lost slots: copy the slot an hour earlier (same London clock time)
        if imp[i] is None and i >= 2 and imp[i - 2] is not None and START + i * SLOT_SECONDS < parse_instant(
                "2023-12-21T00:00:00Z"):
            imp[i], exp[i] = imp[i - 2], exp[i - 2]
            synthetic += 1
    for i in range(N):  # 21-31 Dec: repeat the same half-hour 14 days earlier
        if imp[i] is None:
            imp[i], exp[i] = imp[i - 14 * 48], exp[i - 14 * 48]
            synthetic += 1
    return imp, exp, synthetic


# ---------------------------------------------------------------- synthesised prices

QUARTERS = [parse_instant(x) for x in ("2023-01-01T00:00:00Z", "2023-03-31T23:00:00Z", "2023-06-30T23:00:00Z",
                                       "2023-09-30T23:00:00Z", "2024-01-01T00:00:00Z")]


def by_quarter(values_inc: tuple[float, float, float, float]) -> YearValues:
    """A price [p/kWh inc VAT] constant within each 2023 quarter (London quarter boundaries)."""
    out = blank_year(YEAR)
    for q in range(4):
        for t in range(QUARTERS[q], QUARTERS[q + 1], SLOT_SECONDS):
            out[_slot_index(t)] = values_inc[q]
    return out


def by_windows(windows: list[tuple[str, str, float]], other: float, start: str | None = None) -> YearValues:
    """Prices by London clock windows ``("HH:MM", "HH:MM", price)``; ``other`` elsewhere."""
    first = parse_instant(start) if start else START
    out = blank_year(YEAR)
    for t in _slots():
        if t < first:
            continue
        hm = _local(t).strftime("%H:%M")
        out[_slot_index(t)] = next((p for a, b, p in windows if a <= hm < b), other)
    return out


def daily(fn: Callable[[date], float]) -> YearValues:
    """One price per London day, as Tracker publishes (valid from local midnight)."""
    out = blank_year(YEAR)
    for t in _slots():
        out[_slot_index(t)] = round(fn(_local(t).date()), 3)
    return out


def _tracker_gas(d: date) -> float:
    # about 10.5p in winter, 6.5p in summer, with slow wholesale-like wobbles
    n = d.timetuple().tm_yday
    return 8.5 + 2.0 * math.cos(2 * math.pi * (n - 15) / 365) + 0.6 * math.sin(n / 4.3) + 0.3 * math.sin(n / 1.7)


EXC_DECIMALS = 4  # exc-VAT unit rates to 0.0001p/kWh: far below a penny on any bill, and a smaller sample


def _exc(values: YearValues, vat: float = VAT) -> YearValues:
    return [None if v is None else round(v / vat, EXC_DECIMALS) for v in values]


def _interval(vf: str, vt: str | None, inc: float, vat: float = VAT) -> dict[str, Any]:
    return {"valid_from": vf, "valid_to": vt, "value_exc_vat": round(inc / vat, 6), "value_inc_vat": inc}


def _recorded_flexible_standing(method: str = "DIRECT_DEBIT") -> list[dict[str, Any]]:
    """The recorded Flexible electricity standing-charge history of one payment method (API spelling)."""
    doc = json.loads((INPUTS / "octometer_standing_charges_VAR-22-11-01_history.json").read_text())
    return [{k: r[k] for k in ("valid_from", "valid_to", "value_exc_vat", "value_inc_vat")}
            for r in doc["results"] if r["payment_method"] in (None, method)]


def _recorded_non_dd_ratio() -> float:
    """Non-direct-debit ÷ direct-debit unit rate [-]: the recorded Flexible E7 day rates from 1 Apr 2024 (exc VAT)."""
    doc = json.loads((INPUTS / "octometer_day_unit_rates_E7_history.json").read_text())
    rows = {r["payment_method"]: r["value_exc_vat"] for r in doc["results"]
            if r["valid_from"] == "2024-03-31T23:00:00Z"}
    return rows["NON_DIRECT_DEBIT"] / rows["DIRECT_DEBIT"]


def non_direct_debit(unit_inc: tuple[float, float, float, float], standing: list[dict[str, Any]],
                     ) -> tuple[dict[str, tuple[YearValues, YearValues]], list[dict[str, Any]]]:
    """Non-direct-debit unit rates (each quarter's rate x the recorded ratio) and the standing charges given."""
    ratio = _recorded_non_dd_ratio()
    return _vat_pair(by_quarter(tuple(round(p * ratio, 2) for p in unit_inc))), standing


def _gas_non_dd_standing() -> list[dict[str, Any]]:
    """Gas standing charges for non-direct-debit customers: the direct-debit ones x the recorded electricity
    standing-charge ratio of the same dates (1 Apr 2023 onwards: 47.492655 / 42.013125 inc VAT)."""
    dd = {r["valid_from"]: r["value_inc_vat"] for r in _recorded_flexible_standing()}
    nd = {r["valid_from"]: r["value_inc_vat"] for r in _recorded_flexible_standing("NON_DIRECT_DEBIT")}
    ratio = nd["2023-03-31T23:00:00Z"] / dd["2023-03-31T23:00:00Z"]
    return [_interval(r["valid_from"], r["valid_to"], round(r["value_inc_vat"] * ratio, 4)) for r in GAS_STANDING]


def _economy7_ratios(region: str) -> tuple[float, float]:
    """(E7 day ÷ single rate, E7 night ÷ single rate) [-] for ``region``, from the recorded 2024 prices (exc VAT).

    Region A's E7 rates come from the recorded day/night unit-rate history (its direct-debit rows valid
    from 2024-03-31T23:00Z, checked equal to the product detail's); region C's from the product detail.
    """
    product = json.loads((INPUTS / "octometer_product_VAR-22-11-01.json").read_text())
    single = product["single_register_electricity_tariffs"][f"_{region}"]["varying"]["standard_unit_rate_exc_vat"]
    e7 = product["dual_register_electricity_tariffs"][f"_{region}"]["varying"]
    day, night = e7["day_unit_rate_exc_vat"], e7["night_unit_rate_exc_vat"]
    if region == "A":
        history = {}
        for register in ("day", "night"):
            doc = json.loads((INPUTS / f"octometer_{register}_unit_rates_E7_history.json").read_text())
            row = next(r for r in doc["results"] if r["payment_method"] == "DIRECT_DEBIT"
                       and r["valid_from"] == "2024-03-31T23:00:00Z")
            history[register] = row["value_exc_vat"]
        if (history["day"], history["night"]) != (day, night):
            raise ValueError("the recorded E7 history is not region A's: its rates differ from the product detail")
        day, night = history["day"], history["night"]
    return day / single, night / single


def economy7(region: str, single_inc: tuple[float, float, float, float]) -> dict[str, tuple[YearValues, YearValues]]:
    """Day and night registers [p/kWh] for 2023: each quarter's single rate x the region's recorded E7 ratio."""
    day_ratio, night_ratio = _economy7_ratios(region)
    day = tuple(round(p * day_ratio, 2) for p in single_inc)
    night = tuple(round(p * night_ratio, 2) for p in single_inc)
    return {"day": (_exc(by_quarter(day)), by_quarter(day)),
            "night": (_exc(by_quarter(night)), by_quarter(night))}


def _agile_standing(region: str) -> list[dict[str, Any]]:
    doc = json.loads((INPUTS / "octometer_product_AGILE-FLEX-22-11-25_2024-05.json").read_text())
    t = doc["single_register_electricity_tariffs"][f"_{region}"]["direct_debit_monthly"]
    return [{"valid_from": "2022-11-25T00:00:00Z", "valid_to": None,
             "value_exc_vat": t["standing_charge_exc_vat"], "value_inc_vat": t["standing_charge_inc_vat"]}]


GAS_STANDING = [_interval("2023-01-01T00:00:00Z", "2023-03-31T23:00:00Z", 28.49),
                _interval("2023-03-31T23:00:00Z", "2023-09-30T23:00:00Z", 29.11),
                _interval("2023-09-30T23:00:00Z", None, 29.60)]


# ---------------------------------------------------------------- carbon

def _read_recorded_carbon() -> tuple[dict[int, dict[int, float]], dict[int, tuple[float, float]]]:
    regional: dict[int, dict[int, float]] = {}
    with open(INPUTS / "nmpowell_regional_intensity_gco2_wide_2023-03-13T2330Z_to_2023-03-15T2330Z.csv") as fh:
        for row in csv.DictReader(fh):
            t = parse_instant(row["from_utc"])
            regional[t] = {int(k.split("_")[0][1:]): float(v) for k, v in row.items() if k.startswith("r")}
    national = {}
    for rec in json.loads((INPUTS / "nmpowell_national_intensity_pt24h_2023-03-15T0101Z.json").read_text())["data"]:
        national[parse_instant(rec["from"])] = (rec["intensity"]["forecast"], rec["intensity"]["actual"])
    return regional, national


def _shape(t: int) -> float:
    """Plausible GB intensity [gCO2/kWh]: seasonal level, evening peak, wind-like wobbles."""
    local = _local(t)
    day = local.timetuple().tm_yday
    hour = local.hour + local.minute / 60
    season = 165 + 45 * math.cos(2 * math.pi * (day - 15) / 365)
    daily_shape = 1 + 0.18 * math.cos(2 * math.pi * (hour - 18) / 24) - 0.08 * math.cos(2 * math.pi * (hour - 13) / 12)
    weather = 1 + 0.30 * math.sin(2 * math.pi * t / (86400 * 4.7)) * math.sin(2 * math.pi * t / (86400 * 11.3))
    return max(15.0, season * daily_shape * weather)


def carbon_series() -> tuple[dict[str, YearValues], YearValues, YearValues, int]:
    """({region: forecast}, national forecast, national actual, synthetic slots per series)."""
    regional, national = _read_recorded_carbon()
    ratios = {letter: sum(v[BY_LETTER[letter].carbon_region_id] for v in regional.values())
              / sum(v[18] for v in regional.values()) for letter in REGIONS}
    out = {letter: blank_year(YEAR) for letter in REGIONS}
    nat_f, nat_a = blank_year(YEAR), blank_year(YEAR)
    synthetic = 0
    for t in _slots():
        i = _slot_index(t)
        base = _shape(t)
        if t in national:
            nat_f[i], nat_a[i] = national[t]
        else:
            nat_f[i] = round(base)
            nat_a[i] = round(base * (1 + 0.05 * math.sin(t / 7777.0)))
            synthetic += 1
        for letter in REGIONS:
            rid = BY_LETTER[letter].carbon_region_id
            out[letter][i] = regional[t][rid] if t in regional else round(base * ratios[letter])
    return out, nat_f, nat_a, synthetic


# ---------------------------------------------------------------- assembly

def _tariffs(imp: YearValues, exp: YearValues, agile_synth: int) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(manifest tariff entry, document) for every sample tariff file."""
    flex_sc = _recorded_flexible_standing()
    real_agile = ("REAL Agile prices 1 Jan-20 Dec 2023 from agile.octopushome.net via fawkesley/"
                  "octopus-agile-comparison (region not stated; the same series is used for regions A and C); "
                  f"{agile_synth} half-hours synthesised (29 Oct lost hour, 21-31 Dec repeat 14 days earlier)")
    specs: list[tuple[str, str, str, str, str, dict[str, tuple[YearValues, YearValues]], list, str]] = []
    flexible_2023 = (34.04, 33.20, 30.11, 27.35)  # synthesised single rate per quarter [p/kWh inc VAT]
    flexible_gas_2023 = (10.31, 10.31, 7.51, 6.89)
    # Non-direct-debit prices for Flexible in one region only, to keep the sample small; every other
    # tariff (and region A) shows the "no separate non-direct-debit price" fallback.
    non_dd = {
        ("C", "E-1R", "VAR-22-11-01"): (
            non_direct_debit(flexible_2023, _recorded_flexible_standing("NON_DIRECT_DEBIT")),
            f"non-direct-debit unit rates {SYNTH}: the direct-debit ones x the recorded ratio of Flexible E7 "
            "day rates on 1 Apr 2024; standing charges: recorded VAR-22-11-01 NON_DIRECT_DEBIT history"),
        ("C", "G-1R", "VAR-22-11-01"): (
            non_direct_debit(flexible_gas_2023, _gas_non_dd_standing()),
            f"non-direct-debit prices {SYNTH}: unit rates x the recorded ratio of Flexible E7 day rates on "
            "1 Apr 2024, standing charges x the recorded ratio of Flexible electricity standing charges"),
    }
    for region in REGIONS:
        specs += [(region, *row) for row in [
            ("E-1R", "AGILE-FLEX-22-11-25", "agile", "import", {"standard": (_exc(imp), imp)},
             _agile_standing(region), real_agile + "; standing charge: recorded product detail (May 2024 values)"),
            ("E-1R", "AGILE-OUTGOING-19-05-13", "agile_outgoing", "export", {"standard": (exp, exp)}, [],
             real_agile + "; export prices carry no VAT"),
            ("E-1R", "VAR-22-11-01", "flexible", "import",
             _vat_pair(by_quarter(flexible_2023)), flex_sc,
             f"unit rates {SYNTH}; standing charges: recorded VAR-22-11-01 history (region not stated)"),
            ("E-2R", "VAR-22-11-01", "flexible", "import", economy7(region, flexible_2023), flex_sc,
             f"Economy 7 day and night rates {SYNTH}: each quarter's synthesised Flexible single rate x this "
             "region's recorded ratio of E7 day (night) rate to single rate on 13 May 2024 (Octopus API, via "
             "ryanw-mobile/OctoMeter); which half-hours are night depends on the meter and is not in the feed; "
             "standing charges: recorded single-rate VAR-22-11-01 history (region not stated)"),
            ("G-1R", "VAR-22-11-01", "flexible", "import", _vat_pair(by_quarter(flexible_gas_2023)),
             GAS_STANDING, SYNTH),
            ("E-1R", "GO-VAR-22-10-14", "go", "import",
             _vat_pair(by_windows([("00:30", "04:30", 10.0)], 38.0)), flex_sc, SYNTH),
            ("E-1R", "COSY-22-12-08", "cosy", "import",
             _vat_pair(by_windows([("04:00", "07:00", 20.0), ("13:00", "16:00", 20.0), ("16:00", "19:00", 50.0),
                                   ("22:00", "24:00", 20.0)], 34.0)), flex_sc, SYNTH),
            ("E-1R", "FLUX-IMPORT-23-02-14", "flux_import", "import",
             _vat_pair(by_windows([("02:00", "05:00", 17.9), ("16:00", "19:00", 40.2)], 29.8,
                                  "2023-02-14T00:00:00Z")), flex_sc, SYNTH + "; product launched 14 Feb 2023"),
            ("E-1R", "FLUX-EXPORT-23-02-14", "flux_export", "export",
             _same(by_windows([("02:00", "05:00", 7.6), ("16:00", "19:00", 30.9)], 19.1, "2023-02-14T00:00:00Z")),
             [], SYNTH + "; export prices carry no VAT; product launched 14 Feb 2023"),
            ("G-1R", "SILVER-FLEX-22-11-25", "tracker", "import", _vat_pair(daily(_tracker_gas)), GAS_STANDING,
             SYNTH + " (one price per London day, as Tracker publishes)"),
            ("E-1R", "OUTGOING-FIX-12M-19-05-13", "outgoing_fixed", "export", _same(by_quarter((15.0,) * 4)), [],
             SYNTH + "; export prices carry no VAT"),
            # A 12-month fixed product, so the comparison shows fixed prices beside variable ones.
            ("E-1R", FIXED_CODE, "octopus_12m_fixed", "import", _vat_pair(by_windows([], 30.5, FIXED_FROM)),
             [_interval(FIXED_FROM, None, 47.5)], SYNTH + "; fixed prices from launch (1 Jan 2023)"),
            ("G-1R", FIXED_CODE, "octopus_12m_fixed", "import", _vat_pair(by_windows([], 7.9, FIXED_FROM)),
             [_interval(FIXED_FROM, None, 29.9)], SYNTH + "; fixed prices from launch (1 Jan 2023)"),
        ]]
    out = []
    for region, kind, product, family, direction, rates, standing, provenance in specs:
        code = f"{kind}-{product}-{region}"
        meta = {"tariff_code": code, "product_code": product, "family": family, "region": region, "kind": kind,
                "direction": direction}
        nd = non_dd.get((region, kind, product))
        if nd is not None:
            provenance += "; " + nd[1]
        doc = docs.tariff_doc(meta, YEAR, rates, docs.standing_for_year(standing, YEAR), sample=True,
                              provenance="SAMPLE: " + provenance,
                              non_direct_debit=None if nd is None else (
                                  nd[0][0], docs.standing_for_year(nd[0][1], YEAR)))
        assert doc is not None
        entry = {**{k: v for k, v in meta.items() if k != "tariff_code"}, "fuel": docs.FUEL_OF_KIND[kind],
                 "rates": list(rates), "years": {}}
        info = file_entry(doc)
        if family in ("agile", "agile_outgoing"):
            info["synthetic_slots"] = agile_synth
        else:
            info["synthetic_slots"] = sum(1 for v in rates[next(iter(rates))][1] if v is not None)
        merge_entry_years(entry, YEAR, info)
        sc = doc["standing_charges_p_per_day"]
        entry["standing_charge_p_per_day_inc_vat_latest"] = sc[-1]["value_inc_vat"] if sc else None
        out.append((entry, doc))
    return out


def _vat_pair(inc: YearValues) -> dict[str, tuple[YearValues, YearValues]]:
    return {"standard": (_exc(inc), inc)}


def _same(values: YearValues) -> dict[str, tuple[YearValues, YearValues]]:
    return {"standard": (values, values)}


# ---------------------------------------------------------------- the week ahead (sample)

# The sample's "tonight": the morning of 25 Dec, the first of the last seven days the sample holds, which are the
# days the Prices page's tariff part shows by default. The week ahead then covers the same seven days, as on a
# real feed, where the forecast is made on the day the recent prices reach. The sample holds 2023 only, so this
# forecast runs to 31 Dec (7 days), not 14.
FORECAST_LAST_NIGHT = 25
FORECAST_NOW = parse_instant(f"2023-12-{FORECAST_LAST_NIGHT:02d}T04:00:00Z")
FORECAST_NOTE = (f"SAMPLE forecast: not AgilePredict's. Each night 1-{FORECAST_LAST_NIGHT} Dec 2023 a 'forecast' "
                 "of up to 14 days (to the sample's end, 31 Dec) is made from the sample's Agile prices plus a "
                 "deterministic error that grows with lead time, so the page can show the week ahead and a measured "
                 "accuracy offline.")


def _sample_forecast(imp: YearValues, created: int) -> agile_forecast.Forecast:
    start = created - created % SLOT_SECONDS + SLOT_SECONDS
    slots = {}
    for t in range(start, min(start + 14 * 86400, END), SLOT_SECONDS):
        actual = imp[_slot_index(t)]
        if actual is None:
            continue
        lead = (t - created) / 86400
        error = (0.4 + 0.6 * lead) * math.sin(t / 5400.0 + created / 86400.0)
        slots[t] = (round(max(actual + error, 0.0) if actual >= 0 else error, 4), None, None)
    return agile_forecast.Forecast("C", "SAMPLE", created, slots)


def sample_forecasts(imp: YearValues) -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
    """``({region: forecast doc}, accuracy doc)`` for the sample regions, as of FORECAST_NOW (25 Dec 2023 04:00Z)."""
    docs_out, accuracy = {}, {}
    actual = {START + i * SLOT_SECONDS: v for i, v in enumerate(imp) if v is not None}
    for region in REGIONS:
        archive: list[dict[str, Any]] = []
        latest = None
        for day in range(1, FORECAST_LAST_NIGHT + 1):
            created = parse_instant(f"2023-12-{day:02d}T03:15:00Z")
            latest = _sample_forecast(imp, created)
            latest = agile_forecast.Forecast(region, latest.name, latest.created_at, latest.slots)
            archive = agile_forecast.archived(archive, latest, FORECAST_NOW)
        rows = agile_forecast.accuracy_rows(archive, actual, FORECAST_NOW)
        accuracy[region] = rows
        assert latest is not None
        docs_out[region] = agile_forecast.forecast_doc(latest, FORECAST_NOW, agile_forecast.measured_mae(rows),
                                                       sample=True, provenance=FORECAST_NOTE)
    acc = agile_forecast.accuracy_doc(accuracy, FORECAST_NOW, sample=True)
    acc["sample_note"] = FORECAST_NOTE
    return docs_out, acc


FIXED_CODE = "OE-FIX-12M-23-03-01"  # SAMPLE: a synthesised 12-month fixed product (real: OE-FIX-12M-26-09-11)
FIXED_FROM = "2023-01-01T00:00:00Z"

PRODUCTS = {  # code -> (family, display_name, full_name, direction, available_from, available_to, synthetic)
    "AGILE-FLEX-22-11-25": ("agile", "Agile Octopus", "Agile Octopus November 2022 v1", "import",
                            "2022-11-25T00:00:00Z", "2023-12-11T12:00:00Z", False),
    "AGILE-OUTGOING-19-05-13": ("agile_outgoing", "Agile Outgoing Octopus", "Agile Outgoing Octopus May 2019",
                                "export", "2018-01-01T00:00:00Z", None, False),
    "VAR-22-11-01": ("flexible", "Flexible Octopus", "Flexible Octopus", "import", "2023-03-28T09:35:00Z", None,
                     True),
    "GO-VAR-22-10-14": ("go", "Octopus Go", "Octopus Go", "import", "2022-10-13T23:00:00Z", None, True),
    "COSY-22-12-08": ("cosy", "Cosy Octopus", "Cosy Octopus", "import", "2022-12-13T00:00:00Z", None, True),
    "FLUX-IMPORT-23-02-14": ("flux_import", "Octopus Flux Import", "Octopus Flux Import", "import",
                             "2023-02-14T00:00:00Z", None, True),
    "FLUX-EXPORT-23-02-14": ("flux_export", "Octopus Flux Export", "Octopus Flux Export", "export",
                             "2023-02-14T00:00:00Z", None, True),
    "SILVER-FLEX-22-11-25": ("tracker", "Octopus Tracker", "Octopus Tracker November 2022 v1", "import",
                             "2022-11-25T00:00:00Z", "2023-12-06T00:00:00Z", True),
    "OUTGOING-FIX-12M-19-05-13": ("outgoing_fixed", "Outgoing Octopus 12M Fixed", "Outgoing Octopus 12M Fixed",
                                  "export", "2019-05-15T23:00:00Z", "2024-10-28T00:00:00Z", True),
    FIXED_CODE: ("octopus_12m_fixed", "Octopus 12M Fixed", "Octopus 12M Fixed January 2023 (sample)", "import",
                 FIXED_FROM, "2023-07-01T00:00:00Z", True),
}


def write_sample(out: Path) -> str:
    """Generate and publish the sample into ``out/v1``; return a one-line report."""
    pub = Publisher(out / "v1")
    imp, exp, agile_synth = read_agile()
    tariffs: dict[str, dict[str, Any]] = {}
    for entry, doc in _tariffs(imp, exp, agile_synth):
        pub.stage(docs.tariff_path(doc["tariff_code"], YEAR), doc)
        tariffs[doc["tariff_code"]] = entry
    regional, nat_f, nat_a, _ = carbon_series()
    carbon: dict[str, dict[str, Any]] = {}
    recorded = ("REAL NESO Carbon Intensity values 13-15 March 2023 (nmpowell/carbon-intensity-forecast-tracking, "
                "CC BY 4.0); all other half-hours synthesised (seasonal, daily and weather-like shape)")
    for key, fc, ac in [*((r, regional[r], None) for r in REGIONS), (NATIONAL, nat_f, nat_a)]:
        rid = BY_LETTER[key].carbon_region_id if key in BY_LETTER else None
        doc = docs.carbon_doc(key, rid, YEAR, fc, ac, sample=True, provenance="SAMPLE: " + recorded)
        assert doc is not None
        pub.stage(docs.carbon_path(key, YEAR), doc)
        entry: dict[str, Any] = {"carbon_region_id": rid, "years": {}}
        real = 96 if key != NATIONAL else 48
        merge_entry_years(entry, YEAR, {**file_entry(doc), "synthetic_slots": N - real})
        carbon[key] = entry
    forecasts, accuracy = sample_forecasts(imp)
    forecast_regions = {}
    for region, doc in forecasts.items():
        rel = FORECAST_PATH.format(region=region)
        pub.stage(rel, doc)
        forecast_regions[region] = {"path": rel, "created_at": doc["created_at"], "fetched_at": doc["fetched_at"],
                                    "first": doc["start"], "end": iso(parse_instant(doc["start"])
                                                                      + SLOT_SECONDS * len(doc["predicted"]))}
    pub.stage(ACCURACY_PATH, accuracy)
    cap = price_cap_doc(sample=True)
    pub.stage(docs.PRICE_CAP_PATH, cap)
    # The price cap as a tariff: the real (unverified) curated figures, not synthesised.
    cap_docs = price_cap_tariff_docs(cap["rows"], REGIONS, sample=True, years=(YEAR,))
    for rel, doc in cap_docs:
        pub.stage(rel, doc)
    cap_product, cap_tariffs, cap_family = price_cap_manifest_parts(cap_docs, cap["rows"])
    tariffs.update(cap_tariffs)
    products = {code: {"family": f, "display_name": dn, "full_name": fn, "direction": d, "available_from": af,
                       "available_to": at, "synthetic": syn}
                for code, (f, dn, fn, d, af, at, syn) in PRODUCTS.items()}
    products[FIXED_CODE].update({"fixed": True, "term_months": 12})
    products[PRICE_CAP_PRODUCT] = cap_product
    manifest = build_manifest(generated_at=GENERATED_AT, sample=True, products=products, tariffs=tariffs,
                              carbon=carbon, price_cap=pub.read(docs.PRICE_CAP_PATH),
                              last_run={"finished_at": GENERATED_AT, "failures": []}, unresolved_seed_products=[],
                              families={**{f.key: f for f in FAMILIES}, "octopus_12m_fixed": discovered_family(
                                  "Octopus 12M Fixed", "import", FIXED_FROM, 12, variable=False)},
                              extra_families=[cap_family], forecast=forecast_manifest(forecast_regions))
    manifest["sample_note"] = NOTE
    pub.stage(docs.INDEX_PATH, manifest)
    changed = pub.publish()
    return f"sample feeds in {out / 'v1'}: {len(changed)} files written, {len(pub.unchanged)} unchanged"
