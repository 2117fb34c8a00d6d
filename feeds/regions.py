"""Region tables: Octopus GSP group letters and Carbon Intensity API region ids.

This is the ONE place that maps Carbon Intensity region ids (1-14, the DNO areas) to
the GSP group letters ``A``..``P`` that Octopus tariff codes end with. The mapping is
the correspondence open-source Octopus clients use (cross-checked against the
DNO names in ``josidridolfo_dno_region_mapping.csv``); the Carbon Intensity API does
not publish the letters itself.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Region:
    """One of the 14 GB electricity distribution regions.

    Attributes
    ----------
    letter : GSP group letter used in Octopus tariff codes (``...-C`` is London).
    name : human-readable region name.
    carbon_region_id : Carbon Intensity API ``regionid`` (1-14) of the same DNO area.
    dno : distribution network operator area name as the Carbon Intensity API gives it.
    """

    letter: str
    name: str
    carbon_region_id: int
    dno: str


# letter, name, carbon-intensity regionid, carbon-intensity dnoregion
REGIONS: tuple[Region, ...] = (
    Region("A", "Eastern England", 10, "UKPN East"),
    Region("B", "East Midlands", 9, "WPD East Midlands"),
    Region("C", "London", 13, "UKPN London"),
    Region("D", "Merseyside and North Wales", 6, "SP Manweb"),
    Region("E", "West Midlands", 8, "WPD West Midlands"),
    Region("F", "North East England", 4, "NPG North East"),
    Region("G", "North West England", 3, "Electricity North West"),
    Region("H", "Southern England", 12, "SSE South"),
    Region("J", "South East England", 14, "UKPN South East"),
    Region("K", "South Wales", 7, "WPD South Wales"),
    Region("L", "South West England", 11, "WPD South West"),
    Region("M", "Yorkshire", 5, "NPG Yorkshire"),
    Region("N", "South Scotland", 2, "SP Distribution"),
    Region("P", "North Scotland", 1, "Scottish Hydro Electric Power Distribution"),
)

REGION_LETTERS: tuple[str, ...] = tuple(r.letter for r in REGIONS)
BY_LETTER: dict[str, Region] = {r.letter: r for r in REGIONS}
CARBON_ID_TO_LETTER: dict[int, str] = {r.carbon_region_id: r.letter for r in REGIONS}

# Carbon feed "region" key for the GB-wide national series (not a GSP letter).
NATIONAL = "national"


def parse_region_list(text: str | None) -> tuple[str, ...]:
    """Parse ``"A,C"`` into ``("A", "C")``; ``None`` or empty means all 14 regions."""
    if not text:
        return REGION_LETTERS
    letters = tuple(dict.fromkeys(p.strip().upper().lstrip("_") for p in text.split(",") if p.strip()))
    unknown = [x for x in letters if x not in BY_LETTER]
    if unknown:
        raise ValueError(f"unknown region letter(s) {unknown}; expected some of {','.join(REGION_LETTERS)}")
    return tuple(x for x in REGION_LETTERS if x in letters)
