# Two commands for a newcomer: `make run` builds the graph of corpus/, `make test` runs the tests.
# Each sets up the virtual environment it needs (pinned dependencies from setup.cfg) on first use.
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed

.PHONY: run test lint clean

run: $(STAMP)
	$(VENV)/bin/kg build corpus/ --out build/

test: $(STAMP)
	$(VENV)/bin/python -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check kg tests bench
	$(VENV)/bin/mypy kg

$(STAMP): setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/bin/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

clean:
	rm -rf build $(VENV)
