# posture-tui: every target sets up .venv itself, so a fresh clone needs only Python 3.11 and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: run test lint bench clean setup

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,dev,photos]'
	@# An editable install leaves our sources uncompiled; where PYTHONDONTWRITEBYTECODE is set
	@# every launch would compile them again (about 30 ms of start-up).
	$(BIN)/python -m compileall -q src
	touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	$(BIN)/posture-tui start

# Best effort: Chromium and poppler let the HTML and PDF exports be checked as a reader sees
# them; where apt-get cannot run (no root, no network) those tests skip and say why.
$(VENV)/.system-tools: | $(BIN)/python
	-@if ! command -v chromium >/dev/null || ! command -v pdftoppm >/dev/null; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "installing chromium and poppler-utils for the export tests"; \
			(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
				chromium poppler-utils >/dev/null) || echo "could not install them: those tests will skip"; \
		fi; \
	fi
	@touch $@

test: $(STAMP) $(VENV)/.system-tools
	$(BIN)/python -m pytest -n auto $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
