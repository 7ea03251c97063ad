# Two commands on a fresh machine (python3 + make): `make plan` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip
PIPFLAGS := --quiet --disable-pip-version-check
ARGS   ?=

.PHONY: plan serve test lint typecheck pytest bench browser postgres lock clean data check-data notebooks

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.base: requirements/base.lock pyproject.toml | $(BIN)/python
	$(PIP) install $(PIPFLAGS) -r requirements/base.lock
	$(PIP) install $(PIPFLAGS) --no-deps -e .
	touch $@

$(VENV)/.dev: requirements/dev.lock pyproject.toml | $(BIN)/python
	$(PIP) install $(PIPFLAGS) -r requirements/dev.lock
	$(PIP) install $(PIPFLAGS) --no-deps -e .
	touch $@ $(VENV)/.base

## plan: set up .venv and make this month's plan for the embedded PPU data
plan: $(VENV)/.base
	$(BIN)/ikd-planner plan $(ARGS)

## serve: the web app on http://127.0.0.1:8000 (add users first: ikd-planner users add NAME --role manager)
serve: $(VENV)/.base
	$(BIN)/ikd-planner serve $(ARGS)

check-data: $(VENV)/.base
	$(BIN)/ikd-planner data check $(ARGS)

## notebooks: open notebooks/ in Jupyter (a browser tab; Ctrl-C in this terminal stops it)
notebooks: $(VENV)/.dev
	$(BIN)/jupyter notebook --notebook-dir=notebooks $$( [ "$$(id -u)" = 0 ] && echo --allow-root ) $(ARGS)

## browser: Debian's headless Chromium for the real-browser tests
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium chromium-driver >/dev/null; }

## postgres: Debian's PostgreSQL server binaries (the tests start a throwaway server of their own)
postgres:
	@command -v pg_ctl >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq postgresql >/dev/null; }

## test: set up .venv with dev tools, then ruff, mypy and pytest
test: $(VENV)/.dev browser postgres
	$(BIN)/ruff check planner tests benchmarks scripts
	$(BIN)/ruff format --check planner tests benchmarks scripts
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/pytest --cov=planner --cov-report=term:skip-covered --durations=10 $(ARGS)

lint: $(VENV)/.dev
	$(BIN)/ruff check --fix planner tests benchmarks scripts
	$(BIN)/ruff format planner tests benchmarks scripts

## data: rebuild geodata/ppu from ../shared/geodata-src (only needed when the sources change)
data: $(VENV)/.base
	$(BIN)/python scripts/build_ppu_geodata.py

## lock: re-pin requirements/*.lock from pyproject.toml
lock: | $(BIN)/python
	$(PIP) install $(PIPFLAGS) pip-tools
	$(BIN)/pip-compile -q --strip-extras --no-emit-find-links --no-emit-index-url -o requirements/base.lock pyproject.toml
	$(BIN)/pip-compile -q --strip-extras --no-emit-find-links --no-emit-index-url --extra dev --extra bench -o requirements/dev.lock pyproject.toml

clean:
	rm -rf $(VENV) out out-compare .pytest_cache .mypy_cache .ruff_cache
