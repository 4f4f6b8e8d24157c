# make demo: a venv, the package, and examples/2018 rendered into build/.   make test: the test suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: demo test install install-test schema bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

install: $(BIN)/python
	$(BIN)/python -m pip install -q -e .

install-test: $(BIN)/python
	$(BIN)/python -m pip install -q -e ".[test]"

demo: install
	$(BIN)/annualreport validate examples/2018
	$(BIN)/annualreport render examples/2018 -o build

test: install-test
	$(BIN)/python -m pytest -q

schema: install
	$(BIN)/annualreport schema -o schemas/report.schema.json

bench: install-test
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf build $(VENV) src/*.egg-info
