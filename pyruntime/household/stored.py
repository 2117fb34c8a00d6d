"""The stored shape of :class:`~.facts.HouseholdFacts`: plain JSON values, for the remembered copy.

:func:`facts_to_plain` and :func:`facts_from_plain` are the only converters
between the typed facts and plain values; :mod:`.snapshot` turns those into
text. The shape is the one remembered copies have always held (version 1
stored the loaders' dict as it was), plus ``meters`` and each agreement's
``payment_method`` since version 2; :func:`facts_from_plain` reads both, so a
copy remembered before still loads. ``file_imports`` (each file of a fuel with
its own import report) is optional: a copy without it shows the last file's.

Stored values come back from the user's device, so every field is checked:
a wrong type raises ``ValueError`` (the snapshot says it cannot be used),
while a faulty reading off the half-hour grid or holding a meter error code
is skipped, as it always was.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from ..fileformats.faults import is_error_code
from ..fileformats.model import Conventions, ImportReport, Problem, SupplierDay, SupplierEstimate
from ..timeseries.isotime import parse_instant
from ..timeseries.londontime import HALF_HOUR, isoformat_utc
from ..timeseries.series import FUELS
from .facts import FileImport, GasUnit, HouseholdFacts, LoadWarning, Meter, SetAside, StitchReport, TariffAgreement
from .gas_units import GasUnitGuess


def facts_to_plain(facts: HouseholdFacts) -> dict[str, Any]:
    """``facts`` as plain JSON values (the stored shape, version 2)."""
    out: dict[str, Any] = {
        "label": facts.label,
        "provider": facts.provider,
        "meters": [{"fuel": m.fuel, "mpxn": m.mpxn, "serials": list(m.serials), "region": m.region,
                    "how_known": m.how_known} for m in facts.meters],
        "tariffs": {fuel: [_agreement_plain(a) for a in rows] for fuel, rows in facts.tariffs.items()},
        "imports": {fuel: report.to_json() for fuel, report in facts.imports.items()},
        "stitch": {fuel: {"serials_used": list(s.serials_used), "overlaps": s.overlaps,
                          "disagreements": s.disagreements, "notes": list(s.notes)}
                   for fuel, s in facts.stitch.items()},
        "warnings": [warning_plain(w) for w in facts.warnings],
        "files": dict(facts.files),
        "file_imports": {fuel: [{"name": f.name, "report": f.report.to_json()} for f in loaded]
                         for fuel, loaded in facts.file_imports.items()},
        "faulty": {fuel: {"count": a.count, "unit": a.unit, "total": a.total, "rule": a.rule,
                          "readings": [[t, v] for t, v in a.readings]} for fuel, a in facts.faulty.items()},
    }
    if (g := facts.gas_unit) is not None:
        out["gas_unit"] = {"unit": g.unit, "decided_by": g.decided_by, "detected": g.detected.to_json(),
                           "calorific_value": g.calorific_value, "factor": g.factor, "description": g.description}
    return out


def warning_plain(w: LoadWarning) -> dict[str, Any]:
    """A warning as stored and as the page receives it: ``{fuel, kind, message, missing_months[, missing_until]}``."""
    out: dict[str, Any] = {"fuel": w.fuel, "kind": w.kind, "missing_months": list(w.missing_months),
                           "message": w.message}
    if w.missing_until is not None:
        out["missing_until"] = w.missing_until
    return out


def _agreement_plain(a: TariffAgreement) -> dict[str, Any]:
    return {
        "tariff_code": a.tariff_code,
        "product_code": a.product_code,
        "region": a.region,
        "valid_from": None if a.valid_from is None else isoformat_utc(a.valid_from),
        "valid_to": None if a.valid_to is None else isoformat_utc(a.valid_to),
        "payment_method": a.payment_method,
    }


def facts_from_plain(doc: object) -> HouseholdFacts:
    """Typed facts from the stored shape (version 1 or 2); ``ValueError`` when it cannot be used."""
    d = _dict(doc)
    gas = d.get("gas_unit")
    return HouseholdFacts(
        label=_str(d.get("label", "")),
        provider=_str(d.get("provider", "")),
        meters=tuple(_meter(m) for m in _list(d.get("meters", []))),
        tariffs={fuel: tuple(_agreement(a) for a in _list(rows) if _dict(a).get("tariff_code"))
                 for fuel, rows in _fuel_map(d.get("tariffs")).items()},
        imports={fuel: _import_report(r) for fuel, r in _fuel_map(d.get("imports")).items()},
        stitch={fuel: _stitch(s) for fuel, s in _fuel_map(d.get("stitch")).items()},
        gas_unit=None if not gas else _gas_unit(gas),
        warnings=tuple(_warning(w) for w in _list(d.get("warnings", []))),
        files={fuel: _str(name) for fuel, name in _fuel_map(d.get("files")).items()},
        file_imports={fuel: tuple(_file_import(f) for f in _list(loaded))
                      for fuel, loaded in _fuel_map(d.get("file_imports")).items()},
        faulty={fuel: _set_aside(a) for fuel, a in _fuel_map(d.get("faulty")).items()},
    )


def _meter(raw: object) -> Meter:
    m = _dict(raw)
    return Meter(_fuel(m.get("fuel")), _opt_str(m.get("mpxn")), tuple(_str(s) for s in _list(m.get("serials", []))),
                 _opt_str(m.get("region")), _str(m.get("how_known", "")))


def _agreement(raw: object) -> TariffAgreement:
    a = _dict(raw)
    return TariffAgreement(_str(a["tariff_code"]), _opt_instant(a.get("valid_from")), _opt_instant(a.get("valid_to")),
                           _opt_str(a.get("payment_method")))


def _file_import(raw: object) -> FileImport:
    f = _dict(raw)
    return FileImport(_str(f.get("name", "")), _import_report(f.get("report")))


def _import_report(raw: object) -> ImportReport:
    r = _dict(raw)
    conventions = Conventions(
        format_id=_str(r.get("format", "")), format_label=_str(r.get("format_label", "")),
        fuel=_str(r.get("fuel", "")), unit=_str(r.get("unit", "")), stamp=_str(r.get("stamp", "start")),
        timezone=_str(r.get("timezone", "")), unit_reason=_str(r.get("unit_reason", "")),
        timezone_reason=_str(r.get("timezone_reason", "")), stamp_reason=_str(r.get("stamp_reason", "")),
    )
    estimate = r.get("supplier_estimate")
    return ImportReport(
        conventions=conventions,
        encoding=_str(r.get("encoding") or ""),
        rows_read=_int(r.get("rows_read", 0)),
        readings_kept=_int(r.get("readings_kept", 0)),
        order=_str(r.get("order", "")),
        duplicates_identical=_int(r.get("duplicates_identical", 0)),
        duplicates_conflicting=_int(r.get("duplicates_conflicting", 0)),
        conflict_examples=_problems(r.get("conflict_examples", [])),
        dropped=tuple((_str(k), _int(n)) for k, n in _dict(r.get("dropped") or {}).items()),
        dropped_examples=_problems(r.get("dropped_examples", [])),
        dst_notes=tuple(_str(n) for n in _list(r.get("dst", []))),
        sentinels=_int(r.get("sentinels", 0)),
        sentinel_examples=_problems(r.get("sentinel_examples", [])),
        faulty=_int(r.get("faulty", 0)),
        faulty_total=_float(r.get("faulty_total", 0.0)),
        faulty_examples=_problems(r.get("faulty_examples", [])),
        faulty_rule=_str(r.get("faulty_rule", "")),
        gaps=tuple((parse_instant(_dict(g)["start"]), parse_instant(_dict(g)["end"]), _int(_dict(g)["half_hours"]))
                   for g in _list(r.get("gaps", []))),
        warnings=tuple(_str(w) for w in _list(r.get("warnings", []))),
        notes=tuple(_str(n) for n in _list(r.get("notes", []))),
        supplier_estimate=None if estimate is None else _supplier_estimate(estimate),
    )


def _supplier_estimate(raw: object) -> SupplierEstimate:
    r = _dict(raw)
    days = []
    for day, figures in _dict(r.get("days") or {}).items():
        energy, standing, half_hours = _list(figures)
        days.append(SupplierDay(dt.date.fromisoformat(_str(day)), _float(energy), _float(standing), _int(half_hours)))
    return SupplierEstimate(_str(r.get("label", "")), bool(r.get("standing_included")), tuple(days))


def _problems(raw: object) -> tuple[Problem, ...]:
    return tuple(Problem(_int(_dict(p).get("row", 0)), _str(_dict(p).get("message", ""))) for p in _list(raw))


def _stitch(raw: object) -> StitchReport:
    s = _dict(raw)
    return StitchReport(tuple(_str(x) for x in _list(s.get("serials_used", []))), _int(s.get("overlaps", 0)),
                        _int(s.get("disagreements", 0)), tuple(_str(n) for n in _list(s.get("notes", []))))


def _gas_unit(raw: object) -> GasUnit:
    g = _dict(raw)
    d = _dict(g["detected"])
    guess = GasUnitGuess(_unit(d["unit"]), bool(d["confident"]), _float(d["busy_day"]), _str(d["reason"]))
    decided_by = _str(g["decided_by"])
    if decided_by not in ("detected", "file", "you"):
        raise ValueError(f"unknown gas unit decision {decided_by!r}")
    factor = _float(g["factor"])
    if factor <= 0:
        raise ValueError("the gas conversion factor must be positive")
    return GasUnit(_unit(g["unit"]), decided_by, guess, _float(g["calorific_value"]), factor,
                   _str(g["description"]))


def _set_aside(raw: object) -> SetAside:
    a = _dict(raw)
    kept = []
    for pair in _list(a.get("readings", [])):
        if not (isinstance(pair, list | tuple) and len(pair) == 2 and type(pair[0]) is int and pair[0] % HALF_HOUR == 0
                and type(pair[1]) in (int, float) and math.isfinite(pair[1]) and not is_error_code(pair[1])):
            continue  # as before typed facts: a damaged pair is left out, the rest still count
        kept.append((pair[0], float(pair[1])))
    return SetAside(_str(a.get("unit", "kWh")), _float(a.get("total", 0.0)), _str(a.get("rule") or ""), tuple(kept))


def _warning(raw: object) -> LoadWarning:
    w = _dict(raw)
    fuel = w.get("fuel")
    until = w.get("missing_until")
    return LoadWarning(None if fuel is None else _str(fuel), _str(w.get("kind", "")), _str(w.get("message", "")),
                       tuple(_str(m) for m in _list(w.get("missing_months", []))),
                       None if until is None else _int(until))


# --- checked plain values ---------------------------------------------------------------------------------------

def _dict(value: object) -> dict:
    if not isinstance(value, dict):
        raise ValueError("expected an object")
    return value


def _list(value: object) -> list:
    if not isinstance(value, list):
        raise ValueError("expected a list")
    return value


def _fuel_map(value: object) -> dict:
    """A ``{fuel: ...}`` object (missing = empty); keys other than the fuels are refused."""
    out = _dict(value if value is not None else {})
    if any(k not in FUELS for k in out):
        raise ValueError("unknown fuel")
    return out


def _fuel(value: object) -> str:
    if value not in FUELS:
        raise ValueError("unknown fuel")
    return str(value)


def _unit(value: object) -> str:
    if value not in ("m3", "kWh"):
        raise ValueError("unknown gas unit")
    return str(value)


def _str(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError("expected text")
    return value


def _opt_str(value: object) -> str | None:
    return None if value is None else _str(value)


def _int(value: object) -> int:
    if type(value) is not int:
        raise ValueError("expected a whole number")
    return value


def _float(value: object) -> float:
    if type(value) not in (int, float) or not math.isfinite(value):  # type: ignore[arg-type]
        raise ValueError("expected a number")
    return float(value)  # type: ignore[arg-type]


def _opt_instant(value: object) -> int | None:
    return None if value is None else parse_instant(_str(value))
