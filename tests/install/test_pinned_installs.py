"""Every install is exact: each requirement file pins with ``==``, its lock pins every package with a
hash and agrees with it, the Makefile and CI install through the locks, and npm's side is exact too.

No network: these read the files in the repository (``make lock`` is what talks to PyPI).
"""

from __future__ import annotations

import importlib.metadata
import json
import re
from pathlib import Path

import pytest

from tools.lock_requirements import (
    INSTALL_SETS,
    InstallSet,
    Pin,
    normalize_name,
    parse_lock,
    parse_report,
    parse_requirements,
    render_lock,
)

ROOT = Path(__file__).resolve().parents[2]
SETS = {s.name: s for s in INSTALL_SETS}


def _lock(name: str) -> dict[str, Pin]:
    return parse_lock(SETS[name].lock.read_text())


def test_every_requirement_file_has_a_lock_and_nothing_else_lies_in_requirements():
    files = {p.name for p in (ROOT / "requirements").iterdir()}
    expected = {s.requirements.name for s in INSTALL_SETS} | {s.lock.name for s in INSTALL_SETS}
    assert files == expected


@pytest.mark.parametrize("install_set", INSTALL_SETS, ids=lambda s: s.name)
def test_the_lock_pins_every_requirement_at_its_version(install_set: InstallSet):
    wanted = parse_requirements(install_set.requirements)
    locked = parse_lock(install_set.lock.read_text())
    assert wanted, install_set.requirements
    missing = sorted(set(wanted) - set(locked))
    assert not missing, f"{install_set.lock.name} does not pin {missing}: run `make lock`"
    differ = {name: (version, locked[name].version) for name, version in wanted.items()
              if locked[name].version != version}
    assert not differ, f"{install_set.requirements.name} and {install_set.lock.name} disagree: {differ}"


@pytest.mark.parametrize("install_set", INSTALL_SETS, ids=lambda s: s.name)
def test_the_lock_is_as_make_lock_writes_it(install_set: InstallSet):
    text = install_set.lock.read_text()
    pins = parse_lock(text)
    assert all(pin.sha256 for pin in pins.values())
    assert render_lock(install_set, sorted(pins.values(), key=lambda p: p.name)) == text


def test_build_and_test_locks_install_the_same_files_for_what_they_share():
    build, test = _lock("build"), _lock("test")
    assert not set(build) - set(test), "test.txt includes build.txt, so its lock holds all of build's"
    assert {name: test[name] for name in build} == build


def test_both_python_layers_run_the_same_pytest_and_hypothesis():
    cpython, pyodide = _lock("test"), _lock("pyodide-test")
    shared = set(cpython) & set(pyodide)
    assert {"pytest", "hypothesis", "pluggy"} <= shared
    assert {n: cpython[n].version for n in shared} == {n: pyodide[n].version for n in shared}


def test_this_interpreter_runs_the_locked_versions():
    """A venv made before a lock moved shows here, not as a puzzling difference in behaviour."""
    stale = {}
    for name, pin in _lock("test").items():
        installed = importlib.metadata.version(name)
        if installed != pin.version:
            stale[name] = (installed, pin.version)
    assert not stale, f"installed vs locked: {stale}; `make install` reinstalls"


def _pip_commands(text: str) -> list[str]:
    joined = re.sub(r"\\\n\s*", " ", text)
    return [line for line in joined.splitlines() if re.search(r"-m pip (install|download)", line)]


@pytest.mark.parametrize("path", ["Makefile", ".github/workflows/nightly-feeds.yml"])
def test_every_pip_install_goes_through_a_lock(path):
    commands = _pip_commands((ROOT / path).read_text())
    assert commands
    for command in commands:
        assert "--upgrade" not in command and " -U " not in command, command
        requirement_files = re.findall(r"-r (requirements/\S+)", command)
        assert requirement_files, f"{path}: a pip command without a requirement file: {command}"
        for file in requirement_files:
            if file.endswith("-lock.txt"):
                continue  # the lock itself (pip's own, read before pip can check constraint hashes)
            assert f"-c {file.removesuffix('.txt')}-lock.txt" in command, f"{path}: {command}"


def test_make_reinstalls_when_a_lock_changes():
    makefile = (ROOT / "Makefile").read_text()
    for target, locks in {
        "$(VENV)/.build-installed": ("requirements/build-lock.txt", "requirements/pip-lock.txt"),
        "$(VENV)/.installed": ("requirements/test-lock.txt",),
        "$(PYODIDE_WHEELS)/.installed": ("requirements/pyodide-test-lock.txt",),
    }.items():
        prerequisites = re.search(rf"^{re.escape(target)}:(.*)$", makefile, re.MULTILINE)
        assert prerequisites, target
        for lock in locks:
            assert lock in prerequisites[1].split(), (target, lock)


def test_the_pyodide_wheels_are_locked_with_the_options_make_downloads_them_with():
    makefile = re.sub(r"\\\n\s*", " ", (ROOT / "Makefile").read_text())
    download = next(c for c in _pip_commands(makefile) if "pip download" in c)
    assert " ".join(SETS["pyodide-test"].target_options) in " ".join(download.split())


def test_a_range_or_a_missing_hash_is_refused(tmp_path):
    (tmp_path / "base.txt").write_text("jinja2==3.1.6\n")
    (tmp_path / "ok.txt").write_text("# comment\n-r base.txt\nTyping_Extensions==4.16.0  # why\n")
    assert parse_requirements(tmp_path / "ok.txt") == {"jinja2": "3.1.6", "typing-extensions": "4.16.0"}
    (tmp_path / "range.txt").write_text("requests>=2.34\n")
    with pytest.raises(ValueError, match="exact"):
        parse_requirements(tmp_path / "range.txt")
    with pytest.raises(ValueError, match="not 'name==version"):
        parse_lock("requests==2.34.2\n")
    with pytest.raises(ValueError, match="twice"):
        parse_lock(f"idna==3.20 --hash=sha256:{'a' * 64}\nIDNA==3.20 --hash=sha256:{'b' * 64}\n")


def test_a_pip_report_becomes_a_lock_that_reads_back():
    report = {"install": [
        {"metadata": {"name": "Jinja2", "version": "3.1.6"},
         "download_info": {"url": "https://files.example/jinja2-3.1.6-py3-none-any.whl",
                           "archive_info": {"hashes": {"sha256": "1" * 64}}}},
        {"metadata": {"name": "attrs", "version": "26.1.0"},
         "download_info": {"url": "https://files.example/attrs-26.1.0-py3-none-any.whl",
                           "archive_info": {"hash": "sha256=" + "2" * 64, "hashes": {"sha256": "2" * 64}}}},
    ]}
    pins = parse_report(report)
    assert [p.name for p in pins] == ["attrs", "jinja2"]
    assert parse_lock(render_lock(SETS["build"], pins)) == {p.name: p for p in pins}
    del report["install"][0]["download_info"]["archive_info"]
    with pytest.raises(ValueError, match="no sha256"):
        parse_report(report)


def test_npm_dependencies_are_exact_and_the_lock_agrees():
    package = json.loads((ROOT / "package.json").read_text())
    lock = json.loads((ROOT / "package-lock.json").read_text())
    direct = {**package.get("dependencies", {}), **package.get("devDependencies", {})}
    assert direct
    inexact = {name: v for name, v in direct.items() if not re.fullmatch(r"\d+\.\d+\.\d+", v)}
    assert not inexact, f"package.json must pin exact versions: {inexact}"
    root = lock["packages"][""]
    assert root.get("dependencies", {}) == package.get("dependencies", {})
    assert root.get("devDependencies", {}) == package.get("devDependencies", {})
    for name, version in direct.items():
        assert lock["packages"][f"node_modules/{name}"]["version"] == version, name
    for path, entry in lock["packages"].items():
        if path and not entry.get("link"):
            assert re.fullmatch(r"\d+\.\d+\.\d+\S*", entry.get("version", "")), path
            assert entry.get("integrity", "").startswith("sha512-"), f"{path} has no integrity hash"


def test_names_are_compared_in_pep_503_form():
    assert normalize_name("Jinja2") == normalize_name("jinja2")
    assert normalize_name("typing_extensions") == normalize_name("Typing.Extensions") == "typing-extensions"
