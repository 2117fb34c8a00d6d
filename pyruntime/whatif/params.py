"""URL keys of the what-if lab's settings, in the form's order.

A module of its own so the report menu (:mod:`pyruntime.reports`) can name
them without importing the lab and everything it needs.
"""

PARAMS = (
    "battery", "battery_kw", "battery_eff", "battery_cost", "strategy", "plan", "bound",
    "solar", "solar_facing", "solar_tilt", "solar_cost", "solar_profile",
    "ev_miles", "ev_kwh", "ev_eff", "ev_kw", "ev_window",
    "heat_pump", "boiler_eff", "cop", "cap_gas",
    "shift", "shift_kwh", "shift_window", "shift_hours",
    "export",
)
