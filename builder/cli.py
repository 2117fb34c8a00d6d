"""``python -m builder build|serve``: parse arguments, then delegate."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .config import DEFAULT_GLOWMARKT_API, DEFAULT_OCTOPUS_API, ROOT


def _build(args: argparse.Namespace) -> int:
    from .config import BuildConfig
    from .pipeline import BuildError, run

    config = BuildConfig(
        out=Path(args.out),
        octopus_api=args.octopus_api,
        glowmarkt_api=args.glowmarkt_api,
        feeds=Path(args.feeds),
        provider_timeout_s=args.provider_timeout,
        bytecode=not args.no_bytecode,
    )
    try:
        site = run(config)
    except BuildError as exc:
        print(exc, file=sys.stderr)
        return 1
    size = sum(len(b) for b in site.files.values())
    print(f"built {len(site.files)} files ({size / 1e6:.1f} MB) into {args.out}")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from .serve import make_server

    site = Path(args.dir)
    if not (site / "index.html").is_file():
        print(f"{site} has no index.html: run `make build` first", file=sys.stderr)
        return 1
    server = make_server(site, args.host, args.port)
    print(f"Half-Hourly is being served at http://{args.host}:{server.server_address[1]}/  (Ctrl-C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m builder", description=__doc__)
    verbs = parser.add_subparsers(dest="verb", required=True)

    b = verbs.add_parser("build", help="render the site into a directory")
    b.add_argument("--out", required=True, help="output directory (replaced as a whole)")
    b.add_argument("--octopus-api", default=DEFAULT_OCTOPUS_API, help="Octopus API base URL")
    b.add_argument("--glowmarkt-api", default=DEFAULT_GLOWMARKT_API, help="Glowmarkt API base URL")
    b.add_argument("--feeds", default=str(ROOT / "feeds" / "sample"),
                   help="directory holding v1/index.json (default: the bundled sample feeds)")
    b.add_argument("--provider-timeout", type=float, default=60.0, metavar="SECONDS",
                   help="how long the browser waits for each provider reply before saying so (default 60)")
    b.add_argument("--no-bytecode", action="store_true",
                   help="skip precompiling Python bytecode (faster build, slower page start)")
    b.set_defaults(run=_build)

    s = verbs.add_parser("serve", help="serve a built site on loopback with its _headers applied")
    s.add_argument("--dir", default="_site")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8000)
    s.set_defaults(run=_serve)

    args = parser.parse_args(argv)
    return args.run(args)
