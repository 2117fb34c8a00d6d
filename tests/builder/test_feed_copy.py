"""Feed files are validated one at a time and copied when the site is written, never all held in memory."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from builder.config import BuildConfig
from builder.pipeline import BuildError, build, run
from builder.writer import SourceFile


@pytest.fixture
def feeds(tmp_path) -> Path:
    v1 = tmp_path / "feeds" / "v1"
    (v1 / "tariffs" / "X").mkdir(parents=True)
    (v1 / "index.json").write_text(json.dumps({"schema_version": 1, "sample": False}))
    (v1 / "tariffs" / "X" / "2023.json").write_text(json.dumps({"values": list(range(1000))}))
    return tmp_path / "feeds"


def config(tmp_path: Path, feeds: Path) -> BuildConfig:
    return BuildConfig(out=tmp_path / "site", feeds=feeds, bytecode=False)


def test_feeds_are_gathered_by_reference_and_copied_byte_for_byte(tmp_path, feeds):
    site = build(config(tmp_path, feeds))
    entry = site.files["feeds/v1/tariffs/X/2023.json"]
    assert isinstance(entry, SourceFile)  # a path, size and digest: not the bytes
    source = feeds / "v1/tariffs/X/2023.json"
    assert len(entry) == source.stat().st_size
    site.write(tmp_path / "site")
    assert (tmp_path / "site/feeds/v1/tariffs/X/2023.json").read_bytes() == source.read_bytes()
    assert json.loads((tmp_path / "site/config.json").read_text())["feeds_sample"] is False


def test_a_feed_file_changed_after_validation_is_refused_and_the_old_site_stays(tmp_path, feeds):
    run(config(tmp_path, feeds))
    before = (tmp_path / "site/feeds/v1/tariffs/X/2023.json").read_bytes()
    site = build(config(tmp_path, feeds))
    (feeds / "v1/tariffs/X/2023.json").write_text("{")  # e.g. a feed update racing the build
    with pytest.raises(ValueError, match="changed while the site was being built"):
        site.write(tmp_path / "site")
    assert (tmp_path / "site/feeds/v1/tariffs/X/2023.json").read_bytes() == before
    with pytest.raises(BuildError, match="not valid JSON"):
        run(config(tmp_path, feeds))
