"""JSON files: Octopus API consumption, n3rgy (both shapes) and Glowmarkt readings.

* Octopus: ``{"results": [{"consumption", "interval_start", "interval_end"}]}``
  (one page), or a list of such pages, or a bare list of results.
* n3rgy consumer API (v1): ``{"resource": "/…/electricity/consumption/1",
  "values": [{"timestamp": "2019-01-01 00:30", "value": 0.671}], "unit": …}``.
* n3rgy v2: ``{"resource": "/mpxn/…/utility/gas/readingtype/consumption…",
  "devices": [{"values": [{"timestamp", "primaryValue"}]}], "unit": …}``.
  n3rgy stamps both at the END of each half-hour, in UTC without an offset.
* Glowmarkt readings: ``{"data": [[epoch seconds of the START, value]],
  "classifier": "electricity.consumption", "units": "kWh", "query": {"period": "PT30M"}}``.
* Octopus results of several meters in one file, each under a key naming its meter
  (``{"electric_usage": [...], "gas_usage": [...]}``, as tools save a day's data): the chosen meter's.

Octopus prices (``valid_from``/``value_inc_vat`` results), Octopus's products list, a product, an account
or a meter point, other Octopus replies, n3rgy tariffs and Carbon Intensity API replies are refused, saying
what they are.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import replace

from ..timeseries.isotime import parse_stamp
from ..timeseries.series import FUEL_LABELS, FUELS
from . import safejson
from .assemble import _Log, assemble
from .model import FUEL_NOT_SAID, Channel, Conventions, Row
from .text import ImportFailure, snippet

TOO_DEEP = "This JSON file is nested too deeply to be meter readings."
_JSON_OBJECT = re.compile(r'[{\[]\s*"|\[\s*[{\[]')
"""An object key or a list of objects/lists: never in a meter CSV, always near the top of a JSON reply."""


def looks_like_json(text: str) -> bool:
    """Whether ``text`` is (or was meant to be) JSON, even with other text mixed in before it.

    A reply saved by a download tool can start with its progress lines; such
    a file is damaged JSON, to be reported as such, not a table to map.
    """
    head = text[:4096].lstrip()
    if head[:1] in ("{", "["):
        return True
    return _JSON_OBJECT.search(head) is not None and "," not in head.split("\n", 1)[0].split("{", 1)[0]


def _damage(text: str, e: json.JSONDecodeError) -> ImportFailure:
    """Where the JSON breaks, in words a user can check in a text editor."""
    start = len(text) - len(text.lstrip())
    if e.pos <= start and text.lstrip()[:1] not in ("{", "["):
        return ImportFailure(
            f"This JSON file has other text before the data: line {e.lineno} starts with "
            f"{snippet(text.lstrip().splitlines()[0] if text.strip() else '')}. It was probably saved with a "
            "download tool's messages mixed in. Download it again, or delete the lines before the first “{”.",
            e.lineno,
        )
    end = text.rstrip()
    if e.pos >= len(end) or end[-1:] not in ("}", "]"):
        lines = end.count("\n") + 1
        return ImportFailure(
            f"This JSON file stops in the middle (it ends at line {lines:,}, character {len(end):,}, without closing "
            "its data): it was cut short while downloading. Download it again.",
            lines,
        )
    near = snippet(text[max(0, e.pos - 10) : e.pos + 10])
    return ImportFailure(
        f"This JSON file is damaged at line {e.lineno}, column {e.colno} (character {e.pos:,}, near {near}): "
        f"{e.msg.lower()}. Download it again.",
        e.lineno,
    )


def read_json(text: str, *, encoding: str, fuel: str | None, unsaid: str | None = None) -> Channel:
    """One channel from a JSON file's text.

    ``fuel`` is the user's choice; ``unsaid`` the meter to read the file as when neither the file nor the user
    says which (the one its name names), with :data:`FUEL_NOT_SAID` among the warnings all the same.
    """
    try:
        doc = safejson.loads(text)
    except safejson.TooDeep:
        raise ImportFailure(TOO_DEEP) from None
    except json.JSONDecodeError as e:
        raise _damage(text, e) from None
    if isinstance(doc, dict) and "results" in doc:
        return _octopus([doc], encoding, fuel, unsaid)
    if isinstance(doc, list) and doc and all(isinstance(p, dict) and "results" in p for p in doc):
        return _octopus(doc, encoding, fuel, unsaid)
    if isinstance(doc, list) and doc and isinstance(doc[0], dict) and "interval_start" in doc[0]:
        return _octopus([{"results": doc}], encoding, fuel, unsaid)
    if isinstance(doc, dict) and isinstance(doc.get("devices"), list):
        return _n3rgy_v2(doc, encoding, fuel, unsaid)
    if isinstance(doc, dict) and isinstance(doc.get("values"), list):
        return _n3rgy_v1(doc, encoding, fuel, unsaid)
    if isinstance(doc, dict) and isinstance(doc.get("data"), list):
        if any(isinstance(d, dict) and "intensity" in d for d in doc["data"][:5]):
            raise ImportFailure("This file holds carbon intensity from the Carbon Intensity API, not your meter's "
                                "readings. Load a file of your half-hourly consumption instead.")
        return _glowmarkt(doc, encoding, fuel, unsaid)
    if isinstance(doc, dict) and (named := _readings_by_meter(doc)):
        return _octopus_by_meter(named, encoding, fuel)
    if isinstance(doc, dict):
        _refuse_octopus_reply(doc)
    raise ImportFailure(
        "We don't recognise this JSON file. We read Octopus API consumption, n3rgy and Glowmarkt (Bright) "
        "readings; for anything else, save the readings as CSV."
    )


def _is_empty(value: object) -> bool:
    """A value the file leaves empty (``null``, ``""``, or no value at all): the half-hour has no reading."""
    return value is None or (isinstance(value, str) and not value.strip())


def _number(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError
    v = float(value)
    if v != v or abs(v) == float("inf"):
        raise ValueError
    return v


def _stamped(items: Sequence[object], ts_key: str, value_key: str, end_key: str | None, log: _Log) -> list[Row]:
    out = []
    memo: dict[str, tuple[int, bool]] = {}
    for n, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            log.drop("reading not understood", n, "this reading is not a time and a value")
            continue
        value: float | None = None  # an empty value: a gap, said as one by assemble
        if not _is_empty(item.get(value_key)):
            try:
                value = _number(item.get(value_key))
            except ValueError:
                log.drop("value is not a number", n, f"the value {snippet(item.get(value_key))} is not a number")
                continue
        try:
            # Each reading's end is its neighbour's start: reuse the parse (about a third faster).
            cell = str(item.get(ts_key, ""))
            t, aware = memo[cell] if cell in memo else parse_stamp(cell)
            t_end, end_aware = None, False
            if end_key:
                end_cell = str(item.get(end_key, ""))
                t_end, end_aware = memo[end_cell] if end_cell in memo else parse_stamp(end_cell)
                memo = {cell: (t, aware), end_cell: (t_end, end_aware)}
        except ValueError:
            log.drop(
                "time not recognised", n, f"the time {snippet(item.get(ts_key))} is not a date and time we recognise"
            )
            continue
        out.append(Row(n, t, aware, value, t_end, end_aware))
    return out


def _octopus(pages: list[dict], encoding: str, fuel: str | None, unsaid: str | None) -> Channel:
    items: list[object] = []
    for p in pages:
        if not isinstance(p.get("results"), list):
            raise ImportFailure("This Octopus file has no list of readings under “results”.")
        items.extend(p["results"])
    if not items:
        raise ImportFailure("This Octopus file holds no readings (its “results” list is empty): Octopus has none for "
                            "the days it was asked for. Download it again for days your meter has sent readings for "
                            "(period_from and period_to).")
    _refuse_other_reply(items)
    log = _Log()
    rows = _stamped(items, "interval_start", "consumption", "interval_end", log)
    warnings = [] if fuel else [FUEL_NOT_SAID]
    conv = Conventions(
        "octopus_api_json",
        "Octopus API readings (JSON)",
        fuel or unsaid or "electricity",
        "kWh",
        "start",
        "Europe/London",
        unit_reason="Octopus reports electricity in kWh; gas may be m³ (SMETS2) or kWh (SMETS1): check the gas units",
        timezone_reason="every time carries its UTC offset",
        stamp_reason="the file gives the start and end of each half-hour",
    )
    return assemble(rows, conv, encoding=encoding, rows_read=len(items), log=log, warnings=warnings)


PRICES = ("This file holds prices ({what}), not your meter's readings. Load a file of your half-hourly "
          "consumption instead.")
"""Why a file of unit rates or standing charges is refused: it is a real reply, but of prices."""

OCTOPUS_CONSUMPTION = (
    "Load your half-hourly consumption instead: from Octopus with your API key on this page, or as the file "
    "…/v1/electricity-meter-points/MPAN/meters/SERIAL/consumption/ (…/v1/gas-meter-points/MPRN/meters/SERIAL/"
    "consumption/ for gas)")
"""What to download instead of another of Octopus's replies: the one reply that holds a meter's readings."""


def _refuse_octopus_reply(doc: dict) -> None:
    """Refuse an Octopus account, product or meter-point reply by name, with the file to download instead.

    None has "results", so each would otherwise get "We don't recognise this JSON file", though a user who
    saved one from Octopus's API was one address away from their readings.
    """
    if isinstance(doc.get("properties"), list) and "number" in doc:
        raise ImportFailure(
            "This file is your Octopus account (…/v1/accounts/…/: your properties, meter points and tariffs), not "
            f"your meter's readings. {OCTOPUS_CONSUMPTION}, with an MPAN or MPRN and a meter serial this file lists.")
    if "code" in doc and any(k in doc for k in ("single_register_electricity_tariffs", "single_register_gas_tariffs")):
        named = snippet(doc["code"]) + (f", {snippet(doc['full_name'])}" if doc.get("full_name") else "")
        raise ImportFailure(
            f"This file describes an Octopus product ({named}: its tariffs region by region, from …/v1/products/…/), "
            f"not your meter's readings; prices are on the Prices page. {OCTOPUS_CONSUMPTION}.")
    if "mpan" in doc and ("gsp" in doc or "profile_class" in doc):
        raise ImportFailure(
            "This file is an Octopus meter point's details (…/v1/electricity-meter-points/…/: its region and profile "
            f"class), not your meter's readings. {OCTOPUS_CONSUMPTION}; for this meter, that is this file's address "
            "with meters/SERIAL/consumption/ added.")


def _refuse_other_reply(items: Sequence[object]) -> None:
    """Refuse an Octopus reply that is not consumption (its prices, products), saying what it is instead.

    Such a reply has "results" too, so it would otherwise be read as readings and refused row by row for
    having no time ("the time “None” is not a date and time we recognise").
    """
    first = [i for i in items[:50] if isinstance(i, dict)]
    if not first or any("interval_start" in i or "consumption" in i for i in first):
        return
    if all("valid_from" in i and ("value_inc_vat" in i or "value_exc_vat" in i) for i in first):
        raise ImportFailure(PRICES.format(what="Octopus unit rates or standing charges: “value_inc_vat” from "
                                                "“valid_from”"))
    if all("code" in i and "full_name" in i for i in first):
        raise ImportFailure("This file is Octopus's list of products (…/v1/products/), not your meter's readings; "
                            f"prices are on the Prices page. {OCTOPUS_CONSUMPTION}.")
    raise ImportFailure(
        "This Octopus file is not consumption: its “results” have no “consumption” or “interval_start”, so it is "
        "another of Octopus's replies (products, tariffs or an account). Load your half-hourly consumption "
        "instead (…/electricity-meter-points/…/consumption/)."
    )


_KEY_FUELS = {"electric": "electricity", "electricity": "electricity", "import": "electricity", "gas": "gas",
              "export": "export"}
"""Words of a JSON key that name the meter whose readings it holds (``electric_usage``, ``gas_usage``)."""


def _readings_by_meter(doc: dict) -> dict[str, tuple[str, list]]:
    """``{fuel: (key, results)}`` for the lists of Octopus consumption results a file keeps under keys naming a meter.

    Tools that save a day's Octopus data in one file (``{"electric_usage": [...], "gas_usage": [...],
    "electric_usage_rates": [...]}``) keep each meter's consumption results, unchanged, under its own key.
    """
    found: dict[str, tuple[str, list]] = {}
    for key, value in doc.items():
        if not (isinstance(value, list) and value and isinstance(value[0], dict)
                and "interval_start" in value[0] and "consumption" in value[0]):
            continue
        fuels = {_KEY_FUELS[w] for w in re.findall(r"[a-z]+", str(key).lower()) if w in _KEY_FUELS}
        if len(fuels) == 1:
            found.setdefault(fuels.pop(), (str(key), value))
    return found


def _octopus_by_meter(named: dict[str, tuple[str, list]], encoding: str, fuel: str | None) -> Channel:
    """One meter's readings from a file holding several meters' Octopus results, each under a key naming it.

    A file is one meter's readings: the one chosen, else import (else the first of gas and export it holds),
    and the note says how to load the others. The file's keys say which meters it holds, so its name is not
    asked (a bundle named ``…_elec_gas.json`` names only gas).
    """
    found = fuel if fuel in named else next(f for f in FUELS if f in named)
    key, results = named[found]
    channel = _octopus([{"results": results}], encoding, found, None)
    warnings = []
    if fuel and fuel != found:
        warnings.append(f"You chose {FUEL_LABELS[fuel].lower()}, but this file holds no such readings; its "
                        f"{FUEL_LABELS[found].lower()} readings (under {snippet(key)}) were read.")
    warnings.extend(f"This file also holds {FUEL_LABELS[other].lower()} readings (under {snippet(named[other][0])}). "
                    f"To load them, choose {FUEL_LABELS[other].lower()} in “What the file holds” beside the file "
                    "picker and load the file again." for other in FUELS if other in named and other != found)
    report = channel.report
    return Channel(channel.fuel, channel.unit, channel.series,
                   replace(report, warnings=(*warnings, *report.warnings)), channel.faulty)


def _n3rgy_meta(doc: dict, fuel: str | None, unsaid: str | None) -> tuple[str, str, str, list[str]]:
    resource = str(doc.get("resource", "")).lower()
    warnings = []
    if "/gas/" in resource or "/utility/gas/" in resource:
        found = "gas"
    elif "production" in resource:
        found = "export"
    elif "electricity" in resource:
        found = "electricity"
    else:
        found = fuel or unsaid or "electricity"
        if not fuel:
            warnings.append(FUEL_NOT_SAID)
    if fuel and fuel != found:
        warnings.append(f"You chose {fuel}, but the file says it holds {found} readings; it was read as {found}.")
    unit_raw = str(doc.get("unit", "")).strip().lower()
    if unit_raw in ("m3", "m³", "cubic metres"):
        unit, why = "m3", "the file says m³"
    elif unit_raw == "kwh":
        unit, why = "kWh", "the file says kWh"
    else:
        unit, why = ("m3", "n3rgy reports gas in m³") if found == "gas" else ("kWh", "n3rgy reports electricity in kWh")
    return found, unit, why, warnings


def _n3rgy_conv(doc: dict, fuel: str | None, unsaid: str | None, label: str,
                fid: str) -> tuple[Conventions, list[str]]:
    found, unit, why, warnings = _n3rgy_meta(doc, fuel, unsaid)
    if str(doc.get("granularity", "halfhour")).lower() != "halfhour":
        raise ImportFailure("This n3rgy file is not half-hourly. Download it again with half-hourly granularity.")
    conv = Conventions(
        fid,
        label,
        found,
        unit,
        "end",
        "UTC",
        unit_reason=why,
        timezone_reason="n3rgy writes times in UTC",
        stamp_reason="n3rgy stamps each half-hour at its end",
    )
    return conv, warnings


def _n3rgy_v1(doc: dict, encoding: str, fuel: str | None, unsaid: str | None) -> Channel:
    if "/tariff" in str(doc.get("resource", "")).lower() or any(
            isinstance(v, dict) and ("prices" in v or "standingCharges" in v) for v in doc["values"][:5]):
        raise ImportFailure(PRICES.format(what="an n3rgy tariff: “prices” and “standingCharges”"))
    conv, warnings = _n3rgy_conv(doc, fuel, unsaid, "n3rgy readings (JSON)", "n3rgy_json")
    log = _Log()
    rows = _stamped(doc["values"], "timestamp", "value", None, log)
    return assemble(rows, conv, encoding=encoding, rows_read=len(doc["values"]), log=log, warnings=warnings)


def _n3rgy_v2(doc: dict, encoding: str, fuel: str | None, unsaid: str | None) -> Channel:
    conv, warnings = _n3rgy_conv(doc, fuel, unsaid, "n3rgy readings (JSON, 2024 format)", "n3rgy_v2_json")
    devices = [d for d in doc["devices"] if isinstance(d, dict) and isinstance(d.get("values"), list)]
    if not devices:
        raise ImportFailure("This n3rgy file lists no meter readings.")
    if len(devices) > 1:
        warnings.append(f"The file holds {len(devices)} meters; only the first one's readings were read.")
    values = devices[0]["values"]
    log = _Log()
    rows = _stamped(values, "timestamp", "primaryValue", None, log)
    return assemble(rows, conv, encoding=encoding, rows_read=len(values), log=log, warnings=warnings)


def _glowmarkt(doc: dict, encoding: str, fuel: str | None, unsaid: str | None) -> Channel:
    period = str((doc.get("query") or {}).get("period", "PT30M")) if isinstance(doc.get("query"), dict) else "PT30M"
    if period != "PT30M":
        raise ImportFailure(
            f"This Glowmarkt file holds {snippet(period)} readings; we need half-hourly (PT30M) readings."
        )
    classifier = str(doc.get("classifier", ""))
    said = {"gas.consumption": "gas", "electricity.consumption": "electricity", "electricity.export": "export"}.get(
        classifier
    )
    found = said or fuel or unsaid or "electricity"
    warnings = [FUEL_NOT_SAID] if said is None and not fuel else []
    if fuel and fuel != found:
        warnings.append(f"You chose {fuel}, but the file says it holds {found} readings; it was read as {found}.")
    units = str(doc.get("units", "kWh")).strip().lower()
    unit = "m3" if units in ("m3", "m³") else "Wh" if units == "wh" else "kWh"
    log = _Log()
    rows = []
    for n, item in enumerate(doc["data"], start=1):
        try:
            if not isinstance(item, list) or len(item) != 2 or isinstance(item[0], bool):
                raise ValueError
            t = int(item[0])
            if t != item[0]:
                raise ValueError
        except (TypeError, ValueError):
            log.drop("reading not understood", n, "this reading is not a time and a value")
            continue
        try:
            rows.append(Row(n, t, True, None if _is_empty(item[1]) else _number(item[1])))
        except ValueError:
            log.drop("value is not a number", n, f"the value {snippet(item[1])} is not a number")
    conv = Conventions(
        "glowmarkt_json",
        "Glowmarkt (Bright) readings (JSON)",
        found,
        unit,
        "start",
        "UTC",
        unit_reason=f"the file says {snippet(doc.get('units', 'kWh'))}",
        timezone_reason="Glowmarkt gives Unix times (UTC)",
        stamp_reason="Glowmarkt stamps each half-hour at its start",
    )
    if found == "gas":
        warnings.append("Glowmarkt may report gas as zero for half-hours it has no data for; check the gaps.")
    return assemble(rows, conv, encoding=encoding, rows_read=len(doc["data"]), log=log, warnings=warnings)
