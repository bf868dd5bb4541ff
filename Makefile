# Two commands: `make demo` and `make test`. Each sets itself up from nothing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SEEDS ?= $(abspath ../shared/seeds)
NEO4J_TOOL := tools/neo4j
NEO4J_BUILT := $(NEO4J_TOOL)/target/classpath.txt
# pytest-xdist workers for `make test`, one test file at a time each (module fixtures stay whole);
# each worker starts its own Neo4j and builds its own seeded stores. TEST_JOBS=0 runs in one process.
TEST_JOBS ?= 2

.PHONY: demo test test-slow test-neo4j lint typecheck setup browser pdftools neo4j clean

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

# Both backends: the tests start their own Neo4j (tools/neo4j) and never touch a NEO4J_URI of yours.
test: lint typecheck browser pdftools neo4j
	env -u NEO4J_URI PEERGRAPH_SEEDS=$(SEEDS) $(BIN)/pytest -q -m "not slow" -n $(TEST_JOBS) --dist loadfile

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

# The Neo4j 5 Community test server (tools/neo4j), compiled by Maven; its jars stay in ~/.m2.
HAVE_JAVA := $(shell command -v java >/dev/null 2>&1 && command -v mvn >/dev/null 2>&1 && echo yes)
ifeq ($(HAVE_JAVA),yes)
neo4j: $(NEO4J_BUILT)
else
neo4j:
	@echo "neo4j: not built, this machine lacks java (JDK 17) or mvn: the Neo4j tests will skip"
endif

$(NEO4J_BUILT): $(NEO4J_TOOL)/pom.xml $(wildcard $(NEO4J_TOOL)/src/main/java/peergraph/*.java)
	cd $(NEO4J_TOOL) && mvn -B -q -Dstyle.color=never compile
	touch $@

test-slow: $(STAMP)
	PEERGRAPH_SEEDS=$(SEEDS) $(BIN)/pytest -q -m slow

# Only the Neo4j side: against your server when NEO4J_URI is set (the tests empty it), else their own.
test-neo4j: $(STAMP) neo4j
	PEERGRAPH_SEEDS=$(SEEDS) $(BIN)/pytest -q -m neo4j

# `make demo PORT=8080` serves on another port.
demo: $(STAMP)
	$(BIN)/peergraph demo $(if $(PORT),--port $(PORT))

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache *.egg-info $(NEO4J_TOOL)/target
