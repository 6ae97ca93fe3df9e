# resdraft: `make demo` and `make test` work on a fresh machine (they create .venv first).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
RES := resolutions/res-140.xml
PROPS := proposals/rcc-140.xml proposals/chn-140.xml

.PHONY: demo test lint typecheck bench clean docs-samples

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

# The bundled Res. 140 redline (RCC + China, merged: conflicts in brackets) in every format,
# and the negotiation draft as Word, HTML and Markdown, for reading and for review.
# Check them with LibreOffice and Chromium: $(BIN)/python tests/visual/verify_samples.py
SAMPLES := build/samples
docs-samples: $(STAMP)
	@mkdir -p $(SAMPLES)
	@for f in docx html md text json; do \
	  ext=$$f; [ $$f = text ] && ext=txt; \
	  $(BIN)/resdraft redline $(RES) $(PROPS) --format $$f -o $(SAMPLES)/res-140-redline.$$ext || exit 1; \
	done
	@$(BIN)/resdraft redline $(RES) $(PROPS) --format xml -o $(SAMPLES)/res-140-redline.xml 2>/dev/null \
	  || echo "note: no res-140-redline.xml: the AKN redline of a draft with bracketed alternatives fails (akn_redline)"
	@$(BIN)/resdraft merge $(RES) $(PROPS) -o $(SAMPLES)/res-140-draft.xml --allow-conflicts >/dev/null
	@for f in docx html md; do \
	  $(BIN)/resdraft show $(SAMPLES)/res-140-draft.xml -o $(SAMPLES)/res-140-draft.$$f || exit 1; \
	done
	@ls -l $(SAMPLES)
	@echo "Check them (LibreOffice, Chromium): $(BIN)/python tests/visual/verify_samples.py"

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,bench]'
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf build .pytest_cache .mypy_cache .ruff_cache
