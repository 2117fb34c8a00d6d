"""The command lines the nightly workflow runs, in a real subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from feeds_emulator import Fault
from feeds_harness import NOW, update

ROOT = Path(__file__).resolve().parents[2]


def _cli(emu, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "feeds", "update", "--out", str(out), "--octopus-api", emu.octopus_url,
            "--carbon-intensity-api", emu.carbon_url, "--agile-forecast-api", emu.forecast_url, "--now", NOW,
            "--regions", "C", "--families", "go,tracker",
            "--min-interval", "0", "--backoff", "0.01", "--timeout", "5", *extra]


def _run(cmd: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


def _snapshot(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_update_then_validate_exit_codes(emulator, tmp_path):
    done = _run(_cli(emulator, tmp_path, "--since", "2023-10-25"))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "requests made:" in done.stdout and "failures:           0" in done.stdout
    checked = _run([sys.executable, "-m", "feeds", "validate", str(tmp_path)])
    assert checked.returncode == 0, checked.stderr
    # a failing unit gives exit 1 and still publishes the rest
    emulator.world.faults.append(Fault("E-1R-SILVER-FLEX-22-11-25-C/standard-unit-rates", "html"))
    done = _run(_cli(emulator, tmp_path))
    assert done.returncode == 1, done.stdout
    assert "FAILED tariff E-1R-SILVER-FLEX-22-11-25-C: HTML instead of JSON" in done.stdout
    bad = _run([sys.executable, "-m", "feeds", "update", "--out", str(tmp_path), "--regions", "I"])
    assert bad.returncode == 2 and "unknown region" in bad.stderr


def test_killed_run_leaves_previous_feeds_intact(emulator, tmp_path):
    assert update(emulator, tmp_path, regions="C", families="go,tracker", since="2023-10-25").ok
    before = _snapshot(tmp_path)
    emulator.world.faults.append(Fault("SILVER-FLEX-22-11-25-C/standard-unit-rates", "hang", seconds=30))
    proc = subprocess.Popen(_cli(emulator, tmp_path, "--now", "2023-11-02T12:00:00Z"), cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        deadline = time.monotonic() + 30
        while not any("SILVER-FLEX-22-11-25-C/standard-unit-rates" in r for r in emulator.world.log):
            assert time.monotonic() < deadline and proc.poll() is None
            time.sleep(0.05)
        time.sleep(0.2)  # it has fetched and staged the Go tariff by now
        proc.kill()
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    after = {k: v for k, v in _snapshot(tmp_path).items() if not k.startswith(".staging-")}
    assert after == before
    # the next run cleans the abandoned staging directory up
    emulator.world.faults.clear()
    assert update(emulator, tmp_path, since=None, now="2023-11-02T12:00:00Z", regions="C",
                  families="go,tracker").ok
    assert not list(tmp_path.glob(".staging-*"))


WORKFLOW = ROOT / ".github" / "workflows" / "nightly-feeds.yml"


def test_workflow_runs_only_tested_commands():
    import re

    commands = {c for c in re.findall(r"python -m (\w+) (\w+)", WORKFLOW.read_text()) if c[0] != "pip"}
    assert sorted(commands) == [("builder", "build"), ("feeds", "update"), ("feeds", "validate")]
    text = WORKFLOW.read_text()
    assert "--out" in text and '--feeds "$FEEDS_DIR"' in text and "actions/cache/restore" in text


def test_workflow_commands_build_a_site(emulator, tmp_path):
    feeds_dir, site = tmp_path / "feeds-out", tmp_path / "_site"
    assert _run(_cli(emulator, feeds_dir, "--since", "2023-10-30")).returncode == 0
    assert _run([sys.executable, "-m", "feeds", "validate", str(feeds_dir)]).returncode == 0
    built = _run([sys.executable, "-m", "builder", "build", "--out", str(site), "--feeds", str(feeds_dir)])
    assert built.returncode == 0, built.stdout + built.stderr
    index = (site / "feeds" / "v1" / "index.json").read_text()
    assert '"sample":false' in index
    assert (site / "feeds" / "v1" / "tariffs" / "E-1R-GO-VAR-22-10-14-C" / "2023.json").exists()


def test_a_full_disk_is_a_clear_exit_2_and_keeps_the_published_feeds(emulator, tmp_path, monkeypatch, capsys):
    import errno

    import feeds.store
    from feeds.cli import main

    assert main(_cli(emulator, tmp_path, "--since", "2023-10-25")[3:]) == 0
    before = _snapshot(tmp_path / "v1")
    capsys.readouterr()

    def full(self, data):
        raise OSError(errno.ENOSPC, "No space left on device", str(self))

    monkeypatch.setattr(feeds.store.Path, "write_bytes", full)
    code = main(_cli(emulator, tmp_path, "--since", "2023-10-20")[3:])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "No space left on device" in err and "previous run's" in err and "Traceback" not in err
    monkeypatch.undo()
    assert _snapshot(tmp_path / "v1") == before
