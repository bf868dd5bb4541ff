# Two commands: `make demo` and `make test`. Each sets itself up from nothing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SEEDS ?= $(abspath ../shared/seeds)

.PHONY: demo test test-slow test-neo4j lint typecheck setup browser pdftools clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy

test: lint typecheck browser pdftools
	PEERGRAPH_SEEDS=$(SEEDS) $(BIN)/pytest -q -m "not slow and not neo4j"

# Debian's chromium for the browser tests (tests/test_browser.py); installed once, if missing.
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
		echo "installing chromium for the browser tests"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	fi

# poppler-utils' pdftoppm, which the learning-brief tests use to check PDF pages.
pdftools:
	@if ! command -v pdftoppm >/dev/null; then \
		echo "installing poppler-utils for the PDF tests"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils; \
	fi

test-slow: $(STAMP)
	PEERGRAPH_SEEDS=$(SEEDS) $(BIN)/pytest -q -m slow

test-neo4j: $(STAMP)
	PEERGRAPH_SEEDS=$(SEEDS) $(BIN)/pytest -q -m neo4j

# `make demo PORT=8080` serves on another port.
demo: $(STAMP)
	$(BIN)/peergraph demo $(if $(PORT),--port $(PORT))

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache *.egg-info
