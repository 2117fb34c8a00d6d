"""``python -m feeds validate``: every damaged file of a tree is named, and the check goes on to the next."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from feeds.check import check_tree

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "feeds" / "sample" / "v1"
DEEP = "[" * 100_000 + "]" * 100_000  # json.loads alone raises RecursionError here, which is no ValueError


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A copy of the bundled sample tree (``DIR/v1``), valid until a test damages it."""
    shutil.copytree(SAMPLE, tmp_path / "v1")
    return tmp_path / "v1"


def test_a_file_that_is_not_utf8_is_named_and_the_rest_is_still_checked(tree):
    (tree / "carbon/C/2023.json").write_bytes(b'{"kind": "carbon_year", "note": "\xff"}')
    (tree / "price_cap.json").write_text('{"kind": "price_cap"}')
    problems = check_tree(tree)
    assert problems[0] == "carbon/C/2023.json: not UTF-8 text (byte 33 cannot be decoded)"
    assert problems[1].startswith("price_cap.json: schema price_cap.v1.schema.json failed")
    assert len(problems) == 2


def test_a_file_nested_very_deep_is_named_not_a_crash(tree):
    (tree / "carbon/A/2023.json").write_text(DEEP)
    (tree / "forecast/C.json").write_text('{"kind": "agile_forecast", "x": ' + "[" * 30 + "]" * 30 + "}")
    assert check_tree(tree) == [
        "carbon/A/2023.json: the document nests more than 20 levels deep, which none of ours does",
        "forecast/C.json: the document nests more than 20 levels deep, which none of ours does",
    ]


def test_a_damaged_manifest_is_named_and_its_listing_is_not_followed(tree):
    (tree / "index.json").write_text(DEEP)
    (tree / "tariffs/E-1R-GO-VAR-22-10-14-C/2023.json").unlink()  # listed by the manifest no one can read
    assert check_tree(tree) == ["index.json: the document nests more than 20 levels deep, which none of ours does"]


@pytest.mark.parametrize(("damage", "message"), [
    ("truncated", "forecast/A.json: not JSON (Expecting value at line 1 column 10)"),
    ("directory", "forecast/A.json: cannot be read (Is a directory)"),
])
def test_other_damage_is_named_with_its_file(tree, damage, message):
    target = tree / "forecast/A.json"
    if damage == "truncated":
        target.write_text('{"kind": ')
    else:
        target.unlink()
        target.mkdir()
    assert check_tree(tree) == [message]


def test_a_manifest_path_template_with_an_unknown_field_is_named(tree):
    index = json.loads((tree / "index.json").read_text(encoding="utf-8"))
    index["paths"]["tariff"] = "tariffs/{tariff_code}/{month}.json"  # still text, which is all the schema asks
    (tree / "index.json").write_text(json.dumps(index), encoding="utf-8")
    assert check_tree(tree) == [
        "index.json: paths.tariff 'tariffs/{tariff_code}/{month}.json' is not a path made of {tariff_code} and {year}"]


def test_the_validate_command_lists_every_damaged_file_and_fails_without_a_traceback(tree):
    (tree / "carbon/C/2023.json").write_bytes(b"\xfe\xff")
    (tree / "carbon/A/2023.json").write_text(DEEP)
    done = subprocess.run([sys.executable, "-m", "feeds", "validate", str(tree.parent)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "carbon/A/2023.json: the document nests more than 20 levels deep, which none of ours does",
        "carbon/C/2023.json: not UTF-8 text (byte 0 cannot be decoded)",
    ]
    assert done.stdout.startswith("FAILED: ")
