"""Solar climate data for the panels model, bundled so that no request leaves the page.

Source: the Government's Standard Assessment Procedure for the energy rating
of dwellings, SAP 2012 (BRE for DECC, 2012 edition, rev. 2014), Appendix U
"Climate data": Table U3 (mean global solar irradiance on a horizontal
plane by month, W/m², for the UK average and 21 climate regions), Table U4
(each region's representative latitude) and Table U5 (the constants for
solar radiation on inclined surfaces); the declination by month is the one
Appendix U gives with Table U3. Appendix M (M1) rates photovoltaic output
as ``0.8 × kWp × S × shading``, with ``S`` the annual solar radiation on the
panels [kWh/m²]: we use the same 0.8 month by month. Values transcribed via
emoncms/openbem @ ac7785f62098d27f10d4d605c60098d320164bfd :
SimpleMonthly/model/solar.js and SimpleMonthly/datasets/datasets.js (the
tables only, re-typed here as data).

The map from a GSP region (the household's tariff region letter) to a SAP
climate region, and each region's longitude, are our own approximation
(the nearest SAP region to the bulk of each distribution area); the page
says so.
"""

from __future__ import annotations

SAP_REGIONS = (
    "UK average", "Thames", "South East England", "Southern England", "South West England",
    "Severn Wales / Severn England", "Midlands", "West Pennines Wales / West Pennines England",
    "North West England / South West Scotland", "Borders Scotland / Borders England", "North East England",
    "East Pennines", "East Anglia", "Wales", "West Scotland", "East Scotland", "North East Scotland", "Highland",
    "Western Isles", "Orkney", "Shetland", "Northern Ireland",
)

HORIZONTAL_W_M2 = (  # Table U3: rows = SAP_REGIONS, columns = January … December [W/m²]
    (26, 54, 94, 150, 190, 201, 194, 164, 116, 68, 33, 21),
    (29, 55, 99, 153, 192, 214, 204, 177, 124, 73, 39, 23),
    (31, 57, 103, 163, 204, 225, 213, 186, 129, 78, 42, 24),
    (33, 59, 105, 162, 207, 225, 213, 190, 132, 77, 43, 26),
    (33, 60, 104, 166, 200, 218, 208, 186, 133, 75, 42, 27),
    (31, 57, 100, 157, 198, 218, 208, 184, 128, 72, 40, 24),
    (26, 53, 95, 147, 188, 204, 194, 168, 117, 68, 34, 21),
    (23, 51, 93, 144, 189, 196, 186, 159, 110, 63, 30, 19),
    (20, 48, 87, 138, 188, 192, 187, 156, 110, 59, 28, 17),
    (21, 47, 85, 135, 182, 186, 178, 149, 103, 57, 28, 16),
    (22, 50, 88, 139, 181, 188, 183, 154, 106, 61, 30, 18),
    (26, 54, 94, 150, 190, 201, 194, 164, 116, 68, 33, 21),
    (29, 56, 100, 157, 196, 212, 203, 173, 123, 75, 38, 23),
    (26, 53, 98, 152, 195, 209, 198, 172, 117, 67, 33, 21),
    (17, 45, 84, 139, 193, 186, 183, 154, 102, 54, 24, 13),
    (17, 45, 81, 133, 185, 187, 177, 146, 99, 52, 24, 12),
    (17, 43, 84, 131, 183, 187, 170, 142, 98, 51, 23, 12),
    (15, 41, 82, 134, 184, 181, 163, 140, 97, 48, 21, 11),
    (17, 38, 83, 140, 200, 189, 175, 147, 106, 49, 21, 10),
    (16, 42, 81, 144, 202, 199, 178, 141, 102, 49, 19, 9),
    (11, 32, 72, 129, 186, 183, 163, 138, 87, 43, 15, 6),
    (23, 49, 89, 139, 190, 188, 175, 152, 107, 61, 29, 17),
)

LATITUDE_DEG = (  # Table U4: representative latitude of each SAP region [°N]
    53.4, 51.5, 51.0, 50.8, 50.6, 51.5, 52.7, 53.4, 54.8, 55.5, 54.5, 53.4, 52.3, 52.5, 55.8, 56.4, 57.2, 57.5,
    58.0, 59.0, 60.2, 54.7,
)

DECLINATION_DEG = (-20.7, -12.8, -1.8, 9.8, 18.8, 23.1, 21.2, 13.7, 2.9, -8.7, -18.4, -23.0)
"""Solar declination for each month, as Appendix U gives it [°]."""

ORIENTATIONS = ("N", "NE", "E", "SE", "S", "SW", "W", "NW")
"""Compass directions the panels may face; Table U5 has columns for N, NE/NW, E/W, SE/SW and S."""

U5_COLUMN = {"N": 0, "NE": 1, "NW": 1, "E": 2, "W": 2, "SE": 3, "SW": 3, "S": 4}

U5_K = (  # Table U5: k1 … k9, columns N, NE/NW, E/W, SE/SW, S
    (0.056, -2.85, -0.241, 0.839, 2.35),
    (-5.79, 2.89, -0.024, -0.604, -2.97),
    (6.23, 0.298, 0.351, 0.989, 2.4),
    (3.32, 4.52, 0.604, -0.554, -3.04),
    (-0.159, -6.28, -0.494, 0.251, 3.88),
    (-3.74, 1.47, -0.502, -2.49, -4.97),
    (-2.7, -2.58, -1.79, -2.0, -1.31),
    (3.45, 3.96, 2.06, 2.28, 1.27),
    (-1.21, -1.88, -0.405, 0.807, 1.83),
)

PV_FACTOR = 0.8
"""SAP Appendix M: kWh generated per kWp per kWh/m² of radiation on the panels [-]."""

GSP_TO_SAP = {  # our approximation: the SAP climate region covering most of each GSP area
    "A": 12, "B": 6, "C": 1, "D": 7, "E": 6, "F": 10, "G": 7, "H": 3, "J": 2, "K": 13, "L": 4, "M": 11,
    "N": 9, "P": 16,
}

LONGITUDE_DEG = {  # our approximation: a central longitude of each GSP area [°E], for the time of solar noon
    "A": 0.7, "B": -1.2, "C": -0.1, "D": -3.0, "E": -2.0, "F": -1.6, "G": -2.6, "H": -1.3, "J": 0.5,
    "K": -3.5, "L": -3.8, "M": -1.3, "N": -3.6, "P": -4.2,
}
