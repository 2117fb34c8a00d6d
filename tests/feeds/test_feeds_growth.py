"""The feed format grows without breaking older feeds: a tree of the shape published before the whole menu
(no discovered families, conditions, cap tariff, non-direct-debit prices or forecast; price-cap rows without
``meter``) still validates, and the builder still builds a site from it, as it does from today's sample."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from feeds.check import check_tree

ROOT = Path(__file__).resolve().parents[2]
OLD = ROOT / "tests" / "fixtures" / "feeds_v1_before_menu"
SAMPLE = ROOT / "feeds" / "sample" / "v1"
ADDED_TO_TARIFF_FILES = ("non_direct_debit", "notes")


def _old_tree(out: Path) -> Path:
    """The old manifest and cap table, with the tariff and carbon files it lists minus the fields added since."""
    v1 = out / "v1"
    v1.mkdir(parents=True)
    for name in ("index.json", "price_cap.json"):
        shutil.copy(OLD / name, v1 / name)
    index = json.loads((v1 / "index.json").read_text())
    for code, t in index["tariffs"].items():
        for year in t["years"]:
            rel = index["paths"]["tariff"].format(tariff_code=code, year=year)
            doc = json.loads((SAMPLE / rel).read_text())
            for key in ADDED_TO_TARIFF_FILES:
                doc.pop(key, None)
            (v1 / rel).parent.mkdir(parents=True, exist_ok=True)
            (v1 / rel).write_text(json.dumps(doc, sort_keys=True, separators=(",", ":")))
    for region, c in index["carbon"].items():
        for year in c["years"]:
            rel = index["paths"]["carbon"].format(region=region, year=year)
            (v1 / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(SAMPLE / rel, v1 / rel)
    return v1


def test_an_older_feed_tree_still_validates_and_builds_a_site(tmp_path):
    v1 = _old_tree(tmp_path / "feeds")
    index = json.loads((v1 / "index.json").read_text())
    assert index["schema_version"] == 1 and "forecast" not in index
    assert not any("conditions" in f or "discovered" in f for f in index["families"])
    assert not any("meter" in r for r in json.loads((v1 / "price_cap.json").read_text())["rows"])
    assert check_tree(v1) == []
    assert check_tree(SAMPLE) == []  # and today's shape
    site = tmp_path / "_site"
    built = subprocess.run([sys.executable, "-m", "builder", "build", "--no-bytecode", "--out", str(site), "--feeds",
                            str(tmp_path / "feeds")], cwd=ROOT, capture_output=True, text=True, timeout=300,
                           env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert built.returncode == 0, built.stdout + built.stderr
    assert (site / "feeds" / "v1" / "index.json").read_bytes() == (v1 / "index.json").read_bytes()
    assert not (site / "feeds" / "v1" / "forecast").exists()
