# make run | make test | make lint | make bench
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DATA ?= ../shared/data
EXAMPLE := examples/000_7fbb9ae6711f7586.txt
DB ?= sourcetrace.db

.PHONY: run test lint bench setup clean browser

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/sourcetrace extract $(EXAMPLE) --format text
	$(BIN)/sourcetrace analyze $(EXAMPLE)
	$(BIN)/sourcetrace ingest examples/ --db $(DB)
	$(BIN)/sourcetrace reanalyze --db $(DB)
	$(BIN)/sourcetrace who --db $(DB)
	$(BIN)/sourcetrace serve --db $(DB) --host 127.0.0.1 --port 8000

# Browser tests drive Debian's Chromium; CI runs as root and installs it.
browser:
	@command -v chromium >/dev/null || (test "$$(id -u)" = 0 && apt-get update -qq && apt-get install -y -qq chromium >/dev/null) || echo "no chromium: browser tests will skip"

test: $(STAMP) browser
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python bench/extraction.py --aeb $(DATA)/aeb --wcxb $(DATA)/wcxb-dev
	$(BIN)/python bench/attribution.py --polnear $(DATA)/polnear --split dev
	$(BIN)/python bench/pubdate.py --wcxb $(DATA)/wcxb-dev --polnear $(DATA)/polnear --wikinews $(DATA)/wikinews-2019-2020
	$(BIN)/python bench/ingest.py --aeb $(DATA)/aeb --wcxb $(DATA)/wcxb-dev --limit 100
	$(BIN)/python bench/serve.py --duration 10
	$(BIN)/python bench/stories.py --ecbplus $(DATA)/ecbplus-dev
	$(BIN)/python bench/bigpage.py
	$(BIN)/python bench/reliability.py --fuzz 10000 --kills 50 --seeds $(DATA)/aeb/html

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache src/*.egg-info
