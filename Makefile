# Two commands on a fresh machine: `make demo` and `make test` (see README).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000

.PHONY: demo test test-fast lint bench load clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@

demo: $(BIN)/.installed
	$(BIN)/flask --app sroi_plugin.demo demo-setup
	$(BIN)/flask --app sroi_plugin.demo run --port $(PORT)

test: $(BIN)/.installed
	$(BIN)/python -m pytest -q

# The quick local loop: everything but the browser tests (chromium), which `make test` runs.
test-fast: $(BIN)/.installed
	$(BIN)/python -m pytest -q -m "not browser"

bench: $(BIN)/.installed
	$(BIN)/python benchmarks/run_all.py $(BENCH_ARGS)

load: $(BIN)/.installed
	$(BIN)/python benchmarks/load_run.py $(LOAD_ARGS)

lint: $(BIN)/.installed
	$(BIN)/ruff check sroi_plugin tests
	$(BIN)/mypy
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) instance dist build *.egg-info
