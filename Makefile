# The two set-up commands of the README. Both work on a fresh machine with Python 3.11+.
#   make demo  - install, load the fictional demo scenario into SQLite, link it, print counts
#                and estimates, then
#                serve the web application on 127.0.0.1 (the sign-in link is printed)
#   make test  - install (with PostgreSQL from Debian if missing), lint, type-check, run all tests
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: demo test lint check-install benchmarks clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-main: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed-main

demo: $(VENV)/.installed-main
	$(BIN)/svidok init
	$(BIN)/svidok demo
	$(BIN)/svidok link
	$(BIN)/svidok stats
	$(BIN)/svidok estimate --methods independence,stepwise,dga,lcmcr
	$(BIN)/svidok audit verify
	$(BIN)/svidok serve --host 127.0.0.1 --port $(PORT)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check svidok tests benchmarks
	$(BIN)/ruff format --check svidok tests benchmarks
	$(BIN)/mypy

test: $(VENV)/.installed-dev lint
	.ci/install-system-packages
	SVIDOK_REQUIRE_POSTGRES=1 SVIDOK_REQUIRE_SPARK=1 SVIDOK_REQUIRE_BROWSER=1 $(BIN)/pytest

clean:
	rm -rf $(VENV) svidok-data .pytest_cache .mypy_cache .ruff_cache
