"""Shared test options. ``--site DIR`` points the browser tests at a built site."""

from __future__ import annotations


def pytest_addoption(parser):
    parser.addoption("--site", default="_site", help="built site directory for the browser tests (default: _site)")
