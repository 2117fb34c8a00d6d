"""A provider's readings as a channel, gas held to the physical limit of the unit it is taken in."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..fileformats.assemble import assemble
from ..fileformats.model import Channel, Conventions, Row
from ..household.gas_units import detect_gas_unit


def readings_channel(fuel: str, rows: Sequence[Row], conventions: Callable[[str, str], Conventions]) -> Channel:
    """``rows`` assembled under ``conventions(unit, why_m3)``, with the importers' report.

    Neither provider settles gas's unit: Octopus gives the meter's number (m³ from SMETS2 meters, kWh from
    SMETS1 ones), and Bright's kWh is still judged, as the page lets the user change it. The unit is judged
    from the size of the busier days (:func:`pyruntime.household.gas_units.detect_gas_unit`) before the
    physical-limit check, so a reading taken as m³ is held to the m³ limit (3 m³ a half-hour), not the kWh one
    (34 kWh): held to the kWh one, a reading of 11.6 would pass and become 130 kWh in a half-hour once
    converted. The channel's ``unit`` and report say which was assumed; :mod:`pyruntime.household.gas`
    converts to kWh afterwards.
    """
    channel = assemble(rows, conventions("kWh", ""), encoding="", rows_read=len(rows))
    if fuel == "gas" and (guess := detect_gas_unit(channel.series)).unit == "m3":
        channel = assemble(rows, conventions("m3", guess.reason), encoding="", rows_read=len(rows))
    return channel
