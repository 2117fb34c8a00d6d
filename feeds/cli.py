"""Command line: ``update`` (network), ``sample`` (offline), ``validate`` (check a tree).

Exit codes: 0 success; 1 some unit failed (everything else was published);
2 nothing was published (bad arguments, invalid or unreadable manifest, sample tree).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from feeds.carbon import DEFAULT_CARBON_API
from feeds.forecast import DEFAULT_FORECAST_API
from feeds.octopus import DEFAULT_OCTOPUS_API


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m feeds", description=__doc__)
    sub = p.add_subparsers(dest="verb", required=True)
    u = sub.add_parser("update", help="fetch what is new and publish DIR/v1 atomically")
    u.add_argument("--out", required=True, type=Path, help="output directory (the feeds go in OUT/v1/)")
    u.add_argument("--octopus-api", default=DEFAULT_OCTOPUS_API, help="Octopus REST base URL")
    u.add_argument("--carbon-intensity-api", default=DEFAULT_CARBON_API, help="Carbon Intensity base URL")
    u.add_argument("--since", help="backfill from this date/instant (UTC), ignoring stored coverage")
    u.add_argument("--until", help="fetch up to this date/instant (UTC); default: 00:00Z the day after tomorrow")
    u.add_argument("--now", help="the run's clock (UTC instant); for tests and benchmarks only")
    u.add_argument("--regions", help="comma-separated GSP letters, e.g. A,C (default: all 14)")
    u.add_argument("--families", help="comma-separated family keys (default: all; see feeds/families.py)")
    u.add_argument("--no-carbon", action="store_true", help="skip carbon intensity")
    u.add_argument("--agile-forecast-api", default=DEFAULT_FORECAST_API, help="AgilePredict API base URL")
    u.add_argument("--no-forecast", action="store_true", help="skip the Agile forecast")
    u.add_argument("--timeout", type=float, default=30.0, help="per-request timeout [s]")
    u.add_argument("--backoff", type=float, default=2.0, help="first retry delay [s], doubling")
    u.add_argument("--attempts", type=int, default=5, help="tries per request")
    u.add_argument("--min-interval", type=float, default=0.2, help="politeness gap between requests [s]")
    s = sub.add_parser("sample", help="regenerate the bundled sample feeds (offline, deterministic)")
    s.add_argument("--out", required=True, type=Path, help="output directory (writes OUT/v1/)")
    v = sub.add_parser("validate", help="validate every file of a feeds tree against the schemas")
    v.add_argument("dir", type=Path, help="directory containing v1/")
    return p


def main(argv: list[str] | None = None) -> int:
    """Run a verb; return the process exit code."""
    args = _parser().parse_args(argv)
    if args.verb == "update":
        return _update(args)
    if args.verb == "sample":
        from feeds.sample import write_sample

        print(write_sample(args.out))
        return 0
    from feeds.check import check_tree

    problems = check_tree(args.dir / "v1")
    for line in problems:
        print(line, file=sys.stderr)
    print(f"{'FAILED' if problems else 'ok'}: {args.dir / 'v1'}")
    return 1 if problems else 0


def _update(args: argparse.Namespace) -> int:
    from requests import RequestException

    from feeds.families import parse_family_list
    from feeds.http import RetryPolicy
    from feeds.regions import parse_region_list
    from feeds.timeslots import parse_day
    from feeds.update import ManifestUnreadableError, SampleTreeError, UpdateOptions, run_update

    try:
        opts = UpdateOptions(
            out=args.out, octopus_api=args.octopus_api, carbon_api=args.carbon_intensity_api,
            since=parse_day(args.since) if args.since else None,
            until=parse_day(args.until) if args.until else None,
            now=parse_day(args.now) if args.now else None,
            regions=parse_region_list(args.regions), families=parse_family_list(args.families),
            carbon=not args.no_carbon, forecast=not args.no_forecast, forecast_api=args.agile_forecast_api)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    policy = RetryPolicy(attempts=args.attempts, backoff_seconds=args.backoff, timeout_seconds=args.timeout,
                         min_interval_seconds=args.min_interval)
    try:
        summary = run_update(opts, policy=policy)
    except (SampleTreeError, ManifestUnreadableError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        if isinstance(exc, RequestException):  # a network fault is per-unit; one escaping here is a bug
            raise
        # A local fault (disk full, read-only or missing directory, permissions): not a partial
        # failure of the sources, so exit 2, and say what to fix instead of printing a traceback.
        print(f"error: could not write the feeds under {args.out}: {exc.strerror or exc}"
              f"{f' ({exc.filename})' if exc.filename else ''}. The manifest is replaced last, so the "
              "published feeds are still the previous run's; fix this and run again.", file=sys.stderr)
        return 2
    print(summary.render())
    if not summary.published:
        return 2
    return 0 if summary.ok else 1
