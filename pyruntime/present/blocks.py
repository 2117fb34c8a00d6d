"""Building blocks of a view model, as the page's generic renderer understands them.

Every block is a dict with a ``type``; ``render.mjs`` has one drawing
function per type. Numbers for charts are raw; text for people is formatted
here, once, so every report formats the same way.

Cells and figures carry their raw number beside the text people read, so
CSV downloads, sorting and charts never parse text. A table cell is either
a plain string (labels, names, dates) or a :func:`cell`
``{"text": "£1,095.86", "value": 1095.86, "unit": "GBP"}`` (``value`` a
number or null). Facts items and a view's totals are
``{"label", "text", "value", "unit", "warn"}`` (:func:`item`). Units are
``GBP``, ``p``, ``p/kWh``, ``p/day``, ``kWh``, ``kgCO2e``, ``gCO2e/kWh``,
``W``, ``%``, ``half-hours``, ``days``, ``cycles/yr`` (a battery's full cycles a year).

Block types:

``bars``    ``{title, caption, unit, bars: [{key, label, value|None, complete, drill: params|None, note}],
            overlay?: {name, unit, values: [num|None]}, ranking?: true}`` (overlay: a line on a second axis, one
            value per bar; ranking: named bars best first, drawn across with whole names beside them)
``lines``   ``{title, caption, unit, x_labels: [str], series: [{name, values: [num|None], style}]}``
``heatmap`` ``{title, caption, unit, row_labels: [str], column_labels: [str], values: [num|None] (row-major), max}``
``table``   ``{title, columns: [str], rows: [[str | cell]], row_classes: [str], open: bool, compact?: true,
            key_notes?: [str]}`` (collapsed when not ``open``; ``compact`` draws a short answer tight, words kept
            whole; ``key_notes``: a short line per row, "" for none, shown under the row's name on a phone, where
            a compact table hides its columns after the fourth, that says what those hide)
``facts``   ``{title, items: [item], open?: false, numbered?: true}``  (folded under its title when ``open`` is
            false; ``numbered``: notes keyed by a short number such as ``[12]``, kept beside their text on a phone)
``text``    ``{title, paragraphs: [str], tone: "info"|"warn"}``
``cards``   ``{title, cards: [{title, lines: [str], link: {label, params}}]}``  (the overview's answers)
``download````{label, op, payload, filename}``  (asks the worker for a file, e.g. CSV)
``form``    ``{title, caption, params, fields: [field], submit, compose|None, links: [{label, params}]}``
            (drawn by ``forms.mjs``) submitting navigates to ``params`` with each field's value set
            (an empty value removes the key). ``field`` = ``{name, label, kind, value, options:
            [{value, label}], help, placeholder, min, max, step, empty, error}`` (``error``: a message
            about the value, drawn next to the field); ``kind`` is ``select``,
            ``text``, ``number``, ``quantity`` (a number that may be typed with its unit, ``5 kWh``: a text
            input with a decimal keyboard, read by Python), ``date`` or ``checkboxes`` (ticked values joined
            with ``,``; none ticked gives ``empty``). ``compose`` = ``{param, fields, sep, list_sep, current}``
            joins the named fields with ``sep`` into one entry appended to ``current`` (after ``list_sep``) in
            ``param``: how a hand-entered tariff joins the ``custom`` URL parameter. ``submit`` ``""``
            submits on every change. ``links`` are report links drawn under the form.
"""

from __future__ import annotations

from typing import Any

Cell = str | dict
"""A table cell: plain text, or ``{"text", "value", "unit"}`` (see :func:`cell`)."""


def bars(title: str, unit: str, bars: list[dict], caption: str = "", overlay: dict | None = None, *,
         ranking: bool = False) -> dict:
    """Bars; ``overlay`` (see :func:`overlay`) adds a line on a second axis. ``ranking``: named things best first
    (tariffs), drawn across the page with each whole name beside its bar, so long names stay readable on a phone."""
    block = {"type": "bars", "title": title, "caption": caption, "unit": unit, "bars": bars}
    if overlay is not None:
        block["overlay"] = overlay
    if ranking:
        block["ranking"] = True
    return block


def overlay(name: str, unit: str, values: list[float | None]) -> dict:
    """A line drawn over bars on its own axis, one value per bar (None: no value), e.g. p/kWh over kWh."""
    return {"name": name, "unit": unit, "values": values}


def usage_over(title: str, caption: str, keys: list[str], labels: list[str], kwh: list[float | None],
               line: dict) -> dict:
    """kWh bars per half-hour with ``line`` (an :func:`overlay`: price, carbon intensity) on a second axis."""
    return bars(title, "kWh", [{"key": k, "label": lab, "value": q, "complete": q is not None, "drill": None,
                                "note": "" if q is not None else "no reading"}
                               for k, lab, q in zip(keys, labels, kwh, strict=True)], caption=caption, overlay=line)


def lines(title: str, unit: str, x_labels: list[str], series: list[dict], caption: str = "") -> dict:
    return {"type": "lines", "title": title, "caption": caption, "unit": unit, "x_labels": x_labels, "series": series}


def heatmap(title: str, unit: str, row_labels: list[str], column_labels: list[str], values: list, caption: str = "",
            vmax: float | None = None, *, pieces: list[dict] | None = None, drill: dict | None = None) -> dict:
    """A grid of ``values`` (row by row; None = no cell).

    ``pieces``: a stepped colour scale instead of a continuous one, each ``{label, tone, gte/lte/gt/lt/value}``
    (``tone`` one of ``full``, ``part``, ``none``). ``drill``: each cell opens a report,
    ``{"params": {...}, "row_keys": ["YYYY-MM", ...]}``, the cell's day being its row's month and column's day.
    """
    top = vmax if vmax is not None else max((v for v in values if v is not None), default=0)
    out = {"type": "heatmap", "title": title, "caption": caption, "unit": unit, "row_labels": row_labels,
           "column_labels": column_labels, "values": values, "max": top}
    if pieces:
        out["pieces"] = pieces
    if drill:
        out["drill"] = drill
    return out


def table(title: str, columns: list[str], rows: list[list[Any]], *, row_classes: list[str] | None = None,
          open: bool = False, compact: bool = False, cards: bool = False, key_notes: list[str] | None = None) -> dict:
    """``compact``: a short answer (a ranking) drawn tight, words kept whole, on a phone too.

    ``key_notes``: with ``compact``, a line per row ("" for none) under the row's name on a phone, saying what the
    columns a phone hides hold (compare's "Needs: electric vehicle"); a laptop shows those columns instead.

    ``cards``: a row per tariff (or tariff pair) with more columns than a phone's width holds; on a phone
    each row reads as a card, its cells under their columns' headings, instead of scrolling sideways.
    """
    out = {"type": "table", "title": title, "columns": columns,
           "rows": [[c if isinstance(c, dict) else str(c) for c in r] for r in rows],
           "row_classes": row_classes or [""] * len(rows), "open": open}
    if compact:
        out["compact"] = True
        if key_notes and any(key_notes):
            out["key_notes"] = list(key_notes)
    elif cards:
        out["cards"] = True
    return out


def facts(title: str, items: list[tuple[str, Cell] | tuple[str, Cell, bool]], *, open: bool = True,
          numbered: bool = False) -> dict:
    """A list of ``(label, text or cell[, warn])``; folded under its title when not ``open``.

    ``numbered``: the labels are note numbers (``[1]``), drawn beside their text even on a phone.
    """
    out = {"type": "facts", "title": title,
           "items": [item(i[0], i[1], bool(i[2]) if len(i) > 2 else False) for i in items]}
    if numbered:
        out["numbered"] = True
    return out if open else {**out, "open": False}


def cell(text: str, value: float | int | None, unit: str) -> dict:
    """A number as shown (``text``) and as a number in ``unit`` (``value``; None when there is none)."""
    return {"text": text, "value": value, "unit": unit}


def item(label: str, shown: Cell, warn: bool = False) -> dict:
    """A facts item or a total: ``{label, text, value, unit, warn}``; text-only when ``shown`` is a string."""
    if isinstance(shown, dict):
        return {"label": label, "text": shown["text"], "value": shown["value"], "unit": shown["unit"], "warn": warn}
    return {"label": label, "text": shown, "value": None, "unit": None, "warn": warn}


def amount(x: float | None, digits: int, unit: str, shown: str = "", *, text: str | None = None) -> dict:
    """``x`` [``unit``] as a cell: text ``1,234.57`` (then ``shown``, e.g. ``kWh``), value rounded as shown.

    ``text`` replaces the shown text (it must still show this number).
    """
    value = None if x is None else round(x + 0.0, digits)
    return cell(num(x, digits, shown) if text is None else text, value, unit)


def gbp(x: float | None, *, text: str | None = None) -> dict:
    """Pounds as a cell: ``£1,234.57`` and 1234.57 [GBP]; never ``£-0.00``."""
    value = None if x is None else round(x, 2) + 0.0
    return cell(pounds(None if x is None else x + 0.0) if text is None else text, value, "GBP")


def text(title: str, paragraphs: list[str], tone: str = "info") -> dict:
    return {"type": "text", "title": title, "paragraphs": paragraphs, "tone": tone}


def download(label: str, op: str, payload: dict, filename: str) -> dict:
    return {"type": "download", "label": label, "op": op, "payload": payload, "filename": filename}


def num(x: float | None, digits: int = 2, unit: str = "") -> str:
    """``1,234.57 kWh``; ``no data`` for ``None``."""
    if x is None:
        return "no data"
    s = f"{x:,.{digits}f}"
    return f"{s} {unit}".strip()


def pounds(x: float | None) -> str:
    """``£1,234.57``; a minus sign (U+2212, as the rest of the page writes one) before the pound sign for credits."""
    if x is None:
        return "no data"
    return f"−£{-x:,.2f}" if x < 0 else f"£{x:,.2f}"


def count(present: int, expected: int) -> str:
    return f"{present:,} of {expected:,}"


def form(title: str, params: dict, fields: list[dict], *, submit: str = "Show", caption: str = "",
         compose: dict | None = None, links: list[dict] | None = None) -> dict:
    """A form that navigates to another report URL; see ``form`` in this module's docstring."""
    return {"type": "form", "title": title, "caption": caption, "params": params, "fields": fields,
            "submit": submit, "compose": compose, "links": links or []}


def field(name: str, label: str, kind: str = "text", value: str = "", *, options: list[dict] | None = None,
          help: str = "", placeholder: str = "", empty: str = "", error: str = "", **limits: str) -> dict:
    """One form field; ``limits`` are ``min``, ``max``, ``step`` for number and date inputs, ``maxlength`` for text.

    ``error`` is a message about the value shown, drawn next to the field.
    """
    return {"name": name, "label": label, "kind": kind, "value": value, "options": options or [], "help": help,
            "placeholder": placeholder, "empty": empty, **({"error": error} if error else {}),
            **{k: str(v) for k, v in limits.items()}}
