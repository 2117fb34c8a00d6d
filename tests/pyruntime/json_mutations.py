"""Hypothesis strategies for broken JSON replies: any value, and real documents mutated field by field.

Shared by the provider and feed-file properties here and the nightly feed job's in ``tests/feeds``.
Standard library and hypothesis only, so it runs in Pyodide too.
"""

from __future__ import annotations

import copy
import math

from hypothesis import strategies as st

NASTY_NUMBERS = st.sampled_from([math.nan, math.inf, -math.inf, 1e308, -1e308, 10**30, -1, -0.001, 0, 65.535,
                                 16777.215, 11.6, 1e-300, 2**63])
NASTY_STRINGS = st.sampled_from(["", "0.5", "NaN", "Infinity", "-1", "1e999", "null", "<html>", "2023-03-26T01:00:00Z",
                                 "2023-03-26T01:00:00", "2023-03-26T01:15:00+05:30", "2023-13-45T99:99:99Z",
                                 "https://evil.example/steal", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢"])
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), NASTY_NUMBERS, NASTY_STRINGS,
                    st.text(max_size=10))
KEYS = ["results", "next", "count", "consumption", "interval_start", "interval_end", "properties", "mpan", "mprn",
        "meters", "serial_number", "agreements", "tariff_code", "valid_from", "electricity_meter_points",
        "gas_meter_points", "is_export", "moved_in_at", "moved_out_at", "data", "valid", "token", "exp",
        "resources", "resourceId", "classifier", "firstTs", "lastTs", "errors", "account", "bills", "edges", "node",
        "pageInfo", "hasNextPage", "endCursor", "amounts", "schema_version", "kind", "values", "start"]
ANY_JSON = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                         st.dictionaries(st.sampled_from(KEYS), inner, max_size=5)),
                        max_leaves=25)


def _paths(doc: object, here: tuple = ()) -> list[tuple]:
    """Every place in ``doc`` a mutation can hit (dict keys and list indexes)."""
    out = [here]
    if isinstance(doc, dict):
        for k, v in doc.items():
            out += _paths(v, (*here, k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc[:6]):  # a few items of a long list are as good as all of them
            out += _paths(v, (*here, i))
    return out


def _other_offset(value: object) -> object:
    """A timestamp moved to another offset or stripped of it; anything else unchanged."""
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and value[10] == "T":
        return value[:19] + ("+05:30" if value.endswith(("Z", "+00:00")) else "")
    return value


MUTATIONS = {
    "missing": None, "null": lambda v: None, "list": lambda v: [v], "dict": lambda v: {"value": v},
    "bool": lambda v: True, "string number": lambda v: str(v) if not isinstance(v, dict | list) else "12.5",
    "offset": _other_offset, "twice": lambda v: v + v if isinstance(v, list) else v,
    "reversed": lambda v: v[::-1] if isinstance(v, list) else v, "empty": lambda v: [] if isinstance(v, list) else "",
}


@st.composite
def mutated(draw, doc: object, steps: int = 2) -> object:
    """``doc`` with one to ``steps`` fields broken in one of the ways real APIs break them."""
    doc = copy.deepcopy(doc)
    for _ in range(draw(st.integers(1, steps))):
        paths = [p for p in _paths(doc) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = doc
        for step in path[:-1]:
            parent = parent[step]
        how = draw(st.sampled_from([*MUTATIONS, "nasty number", "nasty string"]))
        last = path[-1]
        if how == "missing":
            del parent[last]
        elif how == "nasty number":
            parent[last] = draw(NASTY_NUMBERS)
        elif how == "nasty string":
            parent[last] = draw(NASTY_STRINGS)
        else:
            parent[last] = MUTATIONS[how](parent[last])
    return doc
