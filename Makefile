# Half-Hourly: two commands set everything up on a fresh Debian machine with
# Python 3.11 and Node 20:
#
#   make serve   install what the build needs, build the site (demo + sample feeds) and serve it
#                on 127.0.0.1:$(PORT)
#   make test    install what the tests need and run all three layers
#
# Everything installs from PyPI, npm and Debian packages; nothing is fetched
# from anywhere else (never `playwright install`: the tests drive Debian's
# /usr/bin/chromium).

PYTHON ?= python3
PORT ?= 8000
HOST ?= 127.0.0.1
SITE ?= _site
VENV := .venv
PY := $(VENV)/bin/python
PYODIDE_WHEELS := build/pyodide-wheels
CHROMIUM := /usr/bin/chromium
BUILD_ARGS ?=

.PHONY: help install lock pyodide-wheels build serve test test-py test-pyodide test-e2e lint bench feeds feeds-sample clean

help:
	@echo "make serve | build | install | lock | pyodide-wheels | test | test-py | test-pyodide | test-e2e | lint | bench | feeds | feeds-sample | clean"
	@echo "(README.md, Quick start, says what each does)"

# --- installation -----------------------------------------------------------

# Every install is exact: requirements/<set>.txt names what we use, requirements/<set>-lock.txt
# (made by `make lock`) pins every package pip installs for it with the sha256 of its file, and
# pip refuses anything else. pip itself comes first, from its own lock: older pips (the one a
# new venv has) ignore hashes in a constraints file.

# What building and serving the site need (requirements/build.txt), so `make serve` on a fresh
# machine does not wait for the test tools (SciPy, Playwright, ...).
$(VENV)/.build-installed: requirements/build.txt requirements/build-lock.txt requirements/pip-lock.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -r requirements/pip-lock.txt
	$(PY) -m pip install --quiet -r requirements/build.txt -c requirements/build-lock.txt
	touch $@

# What the tests, lint and benchmarks add (requirements/test.txt includes build.txt).
$(VENV)/.installed: $(VENV)/.build-installed requirements/test.txt requirements/test-lock.txt
	$(PY) -m pip install --quiet -r requirements/test.txt -c requirements/test-lock.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# Pure wheels (pytest, hypothesis) for running the pyruntime tests inside Pyodide.
# (The same options as PYODIDE_TARGET in tools/lock_requirements.py, which locks this set.)
$(PYODIDE_WHEELS)/.installed: requirements/pyodide-test.txt requirements/pyodide-test-lock.txt $(VENV)/.installed
	rm -rf $(PYODIDE_WHEELS)
	$(PY) -m pip download --quiet -d $(PYODIDE_WHEELS) --only-binary=:all: \
		--python-version 3.14 --platform any --implementation py --abi none \
		-r requirements/pyodide-test.txt -c requirements/pyodide-test-lock.txt
	touch $@

# Debian's Chromium for the browser tests (needs root, as on CI).
$(CHROMIUM):
	if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium

install: $(VENV)/.installed node_modules/.installed

# Re-resolve every requirements/*-lock.txt from PyPI after editing a version in requirements/*.txt
# (needs Python 3.11 on Linux x86-64, the platform the locks are for; installs nothing here).
lock:
	$(PYTHON) tools/lock_requirements.py

pyodide-wheels: $(PYODIDE_WHEELS)/.installed

# --- build and serve ----------------------------------------------------------

build: $(VENV)/.build-installed node_modules/.installed
	$(PY) -m builder build --out $(SITE) $(BUILD_ARGS)

serve: build
	$(PY) -m builder serve --dir $(SITE) --host $(HOST) --port $(PORT)

# --- tests ------------------------------------------------------------------------

test: lint test-py test-pyodide test-e2e

# Layer 1: everything on CPython, except the browser tests.
test-py: install
	$(PY) -m pytest -q -m "not browser"

# Layer 2: the same pyruntime tests inside Pyodide under Node.
test-pyodide: install $(PYODIDE_WHEELS)/.installed
	node tools/pyodide_pytest.mjs $(PYODIDE_WHEELS) -q tests/pyruntime

# Layer 3: Playwright drives Debian's Chromium against a freshly built site.
test-e2e: install build $(CHROMIUM)
	$(PY) -m pytest -q -m browser --site $(SITE)

# --- feeds -------------------------------------------------------------------------

FEEDS_OUT ?= build/feeds

# The nightly job's command: fetch what is new from the live APIs into $(FEEDS_OUT).
feeds: $(VENV)/.build-installed
	$(PY) -m feeds update --out $(FEEDS_OUT)

# Regenerate the bundled sample feeds (deterministic, offline).
feeds-sample: $(VENV)/.build-installed
	$(PY) -m feeds sample --out feeds/sample

lint: install
	$(PY) -m ruff check .

bench: install build $(CHROMIUM)
	$(PY) -m bench --site $(SITE)

clean:
	rm -rf $(SITE) build .pytest_cache
