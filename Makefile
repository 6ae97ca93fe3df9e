# resdraft: `make demo` and `make test` work on a fresh machine (they create .venv first).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
RES := resolutions/res-140.xml
PROPS := proposals/rcc-140.xml proposals/chn-140.xml

.PHONY: demo test lint typecheck bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	@mkdir -p build
	$(BIN)/resdraft validate $(RES) $(PROPS)
	FORCE_COLOR=$${FORCE_COLOR-1} $(BIN)/resdraft redline $(RES) $(PROPS) --changes-only
	$(BIN)/resdraft merge $(RES) $(PROPS) -o build/res-140-draft.xml --report build/res-140-merge.json --allow-conflicts
	@echo "Consolidated negotiation text (conflicts in brackets): build/res-140-draft.xml"

test: $(STAMP)
	$(BIN)/ruff check resdraft tests benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,bench]'
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf build .pytest_cache .mypy_cache .ruff_cache
