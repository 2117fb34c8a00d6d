"""Helpers shared by the feeds tests and the benchmark: run the pipeline against the emulator."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from feeds_emulator import Emulator, ts

from feeds.families import parse_family_list
from feeds.http import RetryPolicy
from feeds.regions import parse_region_list
from feeds.update import RunSummary, UpdateOptions, run_update

NOW = "2023-11-01T12:00:00Z"
FAST = RetryPolicy(attempts=3, backoff_seconds=0.01, max_backoff_seconds=0.05, max_retry_after_seconds=0.5,
                   timeout_seconds=2.0, min_interval_seconds=0.0)
FAMILIES = "agile,agile_outgoing,go,tracker,flexible,flux_export,outgoing_fixed"


def update(emu: Emulator, out: Path, *, since: str | None = "2023-10-20", now: str = NOW,
           regions: str = "A,C", families: str | None = FAMILIES, **kw: Any) -> RunSummary:
    """Run the pipeline against the emulator with the clock at ``now`` (``families=None``: every product)."""
    emu.world.now = ts(now)
    opts = UpdateOptions(out=out, octopus_api=emu.octopus_url, carbon_api=emu.carbon_url,
                         forecast_api=emu.forecast_url,
                         since=ts(since + "T00:00:00Z") if since else None, now=ts(now),
                         regions=parse_region_list(regions), families=parse_family_list(families), **kw)
    return run_update(opts, policy=FAST)
