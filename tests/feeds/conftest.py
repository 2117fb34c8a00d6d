"""Fixtures for the feeds tests: a live local emulator on 127.0.0.1."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # --import-mode=importlib does not do this
from feeds_emulator import Emulator, World, ts
from feeds_harness import NOW


@pytest.fixture
def world() -> World:
    return World(now=ts(NOW))


@pytest.fixture
def emulator(world: World) -> Iterator[Emulator]:
    with Emulator(world) as emu:
        yield emu
