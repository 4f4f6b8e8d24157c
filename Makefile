# make demo: a venv, the package, and examples/2018 (and as a 公文) rendered into build/.   make test: the test suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: demo test install install-test schema bench fuzz editor clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

install: $(BIN)/python
	$(BIN)/python -m pip install -q -e .

install-test: $(BIN)/python
	$(BIN)/python -m pip install -q -e ".[test]"

demo: install
	$(BIN)/annualreport validate examples/2018
	$(BIN)/annualreport validate examples/2018-gongwen
	$(BIN)/annualreport render examples/2018 examples/2018-gongwen -o build

test: install-test
	$(BIN)/python -m pytest -q

# make fuzz: the property of tests/test_fuzz.py over FUZZ_EXAMPLES generated reports (docs/fuzzing.md); every
# crash is saved under build/fuzz/ and counted. FUZZ_SEED=N draws other reports (run several at once).
FUZZ_EXAMPLES ?= 5000
FUZZ_SEED ?=
fuzz: install-test
	ANNUALREPORT_FUZZ=1 ANNUALREPORT_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) ANNUALREPORT_FUZZ_SEED=$(FUZZ_SEED) \
		$(BIN)/python -m pytest -q -s tests/test_fuzz.py -k load_and_render

schema: install
	$(BIN)/annualreport schema -o schemas/report.schema.json

# make editor: the browser editor's bundle (src/annualreport/server/static/editor.js and THIRD_PARTY_LICENSES)
# rebuilt from editor/ with npm and esbuild. The bundle is committed: installing the package needs no npm.
editor:
	cd editor && npm ci --no-audit --no-fund && node build.mjs

bench: install-test
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf build $(VENV) src/*.egg-info
