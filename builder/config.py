"""The build's settings, validated before anything is read or written."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent

DEFAULT_OCTOPUS_API = "https://api.octopus.energy"
DEFAULT_GLOWMARKT_API = "https://api.glowmarkt.com"


class ConfigError(Exception):
    """A setting is wrong; the message says which and why."""


@dataclass(frozen=True)
class BuildConfig:
    """Everything a build depends on. Same config and inputs → same bytes out."""

    out: Path
    """Directory to write the site into; replaced as a whole."""
    octopus_api: str = DEFAULT_OCTOPUS_API
    """Base URL of the Octopus Energy REST API the browser may call."""
    glowmarkt_api: str = DEFAULT_GLOWMARKT_API
    """Base URL of the Glowmarkt (Bright) API the browser may call."""
    feeds: Path = ROOT / "feeds" / "sample"
    """Directory holding ``v1/index.json`` and its feed files; the bundled sample by default."""
    site_src: Path = ROOT / "site_src"
    """Templates and static files."""
    pyodide_dist: Path = ROOT / "node_modules" / "pyodide"
    """The pinned npm ``pyodide`` package (run ``npm ci``)."""
    pyruntime_src: Path = ROOT / "pyruntime"
    """The in-browser Python package."""
    provider_timeout_s: float = 60.0
    """Seconds the browser waits for each provider reply before giving up with a message (tests shorten it)."""
    bytecode: bool = True
    """Precompile Python bytecode with Pyodide under Node (faster starts); off only to speed up tests."""
    extra: dict = field(default_factory=dict)

    def origins(self) -> list[str]:
        """Provider origins the page may connect to, for the CSP, sorted and unique."""
        return sorted({origin_of(self.octopus_api), origin_of(self.glowmarkt_api)})


def origin_of(url: str) -> str:
    """``https://api.octopus.energy`` for ``https://api.octopus.energy/v1/``; rejects non-HTTP URLs."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"{url!r} is not an http(s) URL")
    if parts.username or parts.password or parts.query or parts.fragment:
        raise ConfigError(f"{url!r} must be a plain base URL (no credentials, query or fragment)")
    return f"{parts.scheme}://{parts.netloc}"


def validate(config: BuildConfig) -> list[str]:
    """Every problem with ``config`` and its inputs, as messages; empty when all is well."""
    problems = []
    for name in ("octopus_api", "glowmarkt_api"):
        try:
            origin_of(getattr(config, name))
        except ConfigError as exc:
            problems.append(f"--{name.replace('_', '-')}: {exc}")
    if not 1 <= config.provider_timeout_s <= 600:
        problems.append(f"--provider-timeout: {config.provider_timeout_s:g} s is outside 1 to 600 seconds")
    pyodide_pkg = config.pyodide_dist / "package.json"
    if not pyodide_pkg.is_file():
        problems.append(f"Pyodide is not installed at {config.pyodide_dist}: run `npm ci` first")
    elif json.loads(pyodide_pkg.read_text())["version"] != pinned_pyodide_version():
        problems.append("node_modules/pyodide does not match the version pinned in package.json: run `npm ci`")
    if not (config.feeds / "v1" / "index.json").is_file():
        problems.append(f"no feed index at {config.feeds / 'v1' / 'index.json'}")
    for d, what in ((config.site_src / "templates", "templates"), (config.pyruntime_src, "pyruntime")):
        if not d.is_dir():
            problems.append(f"{what} directory {d} is missing")
    try:
        config.out.resolve().relative_to(ROOT.resolve())
        inside_repo = True
    except ValueError:
        inside_repo = False
    if inside_repo and config.out.resolve() in {ROOT.resolve(), config.site_src.resolve()}:
        problems.append(f"refusing to replace {config.out}: choose an output directory of its own")
    return problems


def pinned_pyodide_version() -> str:
    """The Pyodide version ``package.json`` pins."""
    return json.loads((ROOT / "package.json").read_text())["dependencies"]["pyodide"]
