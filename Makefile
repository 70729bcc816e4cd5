# Quick start: `make demo` runs the bundled scenarios against the built-in demo site;
# `make test` runs the whole test suite. Both set up everything they need first.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMPS := .stamps

.PHONY: setup demo test lint unit e2e clean

setup: $(STAMPS)/python $(STAMPS)/npm $(STAMPS)/browser

$(STAMPS)/python: pyproject.toml
	@mkdir -p $(STAMPS)
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "tagprobe needs Python 3.11 or newer (found $$($(PYTHON) --version))."; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

$(STAMPS)/node:
	@mkdir -p $(STAMPS)
	@if ! command -v npm >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm; \
	  else echo "tagprobe needs Node.js and npm for the pinned Clarity builds: install them (e.g. 'sudo apt-get install nodejs npm') and run make again."; exit 1; fi; \
	fi
	@touch $@

# npm ci empties node_modules before it installs, under anything using it (a running `make flake`, a test run in
# the same checkout). A rebase or checkout gives package-lock.json a new time without new content, so npm ci runs
# only when the content of package.json or package-lock.json differs from what node_modules was installed from.
$(STAMPS)/npm: package.json package-lock.json $(STAMPS)/node
	@installed_from="$$(cat package.json package-lock.json | sha256sum)"; \
	if [ -d node_modules ] && [ "$$installed_from" = "$$(cat $(STAMPS)/npm.sha256 2>/dev/null)" ]; then \
	  echo "node_modules is already installed from this package-lock.json: npm ci not needed"; \
	else \
	  echo "npm ci --no-audit --no-fund --loglevel=error" && npm ci --no-audit --no-fund --loglevel=error && \
	  echo "$$installed_from" > $(STAMPS)/npm.sha256; \
	fi
	@touch $@

$(STAMPS)/browser: $(STAMPS)/python
	@if ! $(BIN)/python -m tagprobe.browser.locate --quiet; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "No Chromium found: installing Debian's chromium with apt-get."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  fi; \
	  $(BIN)/python -m tagprobe.browser.locate || exit 1; \
	fi
	@touch $@

demo: setup
	$(BIN)/tagprobe run

lint: $(STAMPS)/python
	$(BIN)/ruff check src tests bench hatch_build.py
	$(BIN)/ruff format --check src tests bench hatch_build.py
	$(BIN)/mypy

test: setup lint
	$(BIN)/python -m pytest

unit: setup
	$(BIN)/python -m pytest -m "not e2e"

e2e: setup
	$(BIN)/python -m pytest -m e2e

clean:
	rm -rf $(VENV) $(FLOORS_VENV) $(STAMPS) node_modules
	find reports -mindepth 1 ! -name .gitkeep -delete

.PHONY: floors
# The unit tests against the oldest versions pyproject.toml allows (each `>=` floor pinned exactly), in a
# virtualenv of their own (.venv-floors), so a floor that is too low fails here rather than on a user's machine.
FLOORS_VENV := .venv-floors
floors: $(STAMPS)/npm
	@test -x $(FLOORS_VENV)/bin/python || $(PYTHON) -m venv $(FLOORS_VENV)
	$(FLOORS_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(FLOORS_VENV)/bin/python -m pip install --quiet $$($(PYTHON) -m tests.floors pyproject.toml)
	$(FLOORS_VENV)/bin/python -m pip install --quiet --no-deps -e .
	@$(FLOORS_VENV)/bin/python -m pip list --format=freeze | grep -i -E '^(playwright|pillow|pytest|pytest-playwright|pyyaml|jsonschema|jinja2|pytest-xdist|cryptography|pytest-timeout)=='
	$(FLOORS_VENV)/bin/python -m pytest -m "not e2e" -q

.PHONY: bench
# The benchmarks (docs/scaling.md): the same journey as a bare pytest-playwright test, a hand-written check and
# tagprobe, time-to-verdict, 1 -> 2 workers, memory per worker, analysis of a 50-page session. Prints the figures
# against their targets and ends with one `FIGURE <name> <value>` line each; takes many minutes.
bench: setup
	$(BIN)/python -m bench

.PHONY: replay-screenshot
replay-screenshot: setup
	$(BIN)/python docs/replay_screenshot.py

.PHONY: flake
# The bundled scenarios 20 times in one process; prints how many runs differed from the first (per scenario:
# status and failing checks). Target 0. Not part of `make test`: it takes about ten minutes.
# `make flake LOAD=2` runs 2 CPU burners beside the runs (stopped at the end, or after an hour at most) and
# prints the load the runs ran under.
LOAD ?= 0
flake: setup
	$(BIN)/python -m tests.reliability.flake --runs 20 --load $(LOAD)
