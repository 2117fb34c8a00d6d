"""What-if simulations: a battery, solar panels, an EV, a heat pump, shifted loads.

Each module is pure and standard-library only. It takes the household's
half-hourly series (kWh per half-hour, ``None`` for a gap) and, where a
device's behaviour depends on price, the half-hourly unit rates, and returns
new half-hourly import and export series plus a frozen result of raw numbers.
Pricing the new series is not done here: the report hands them to the same
engine the comparison uses (:mod:`pyruntime.pricing.period`).

Gaps stay gaps: a device adds nothing to, and takes nothing from, a
half-hour with no reading, because nobody knows what happened then.
"""
