"""Time and the half-hourly series: Europe/London days, ISO 8601 instants, local-day totals.

:mod:`.londontime` (London days without tzdata: 46/48/50 half-hours),
:mod:`.isotime` (ISO 8601 instants to epoch seconds), :mod:`.series` (UTC start,
kWh per half-hour, None = gap), :mod:`.aggregate` (London days and months,
shared by every report).
"""
