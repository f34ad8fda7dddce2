# Two commands matter: `make site` and `make test`. Both set up .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
# Reproducible output: time comes from the last commit, not the clock.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
ifneq ($(SOURCE_DATE_EPOCH),)
export SOURCE_DATE_EPOCH
endif

.PHONY: site test serve bench lock clean browser mutation

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -qq --upgrade pip
	$(BIN)/python -m pip install -qq -r requirements.lock
	$(BIN)/python -m pip install -qq --no-deps -e .
	touch $@

site: $(STAMP)
	$(BIN)/digest build --strict

# Gates first (seconds): lint, format and types, configured in pyproject.toml.
test: $(STAMP) browser
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m mypy
	$(BIN)/python -m pytest -q -n auto --dist loadfile

# The end-to-end tests drive Debian's chromium (no browser download). Installed here when
# missing and possible; otherwise those tests skip with a loud reason. Their accessibility
# checks inject axe-core, pinned in package-lock.json (npm ci, no install scripts run).
browser: node_modules/axe-core/axe.min.js
	@command -v chromium >/dev/null 2>&1 || apt-get install -y -qq chromium >/dev/null 2>&1 \
	  || (apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq chromium >/dev/null 2>&1) \
	  || echo "WARNING: could not install chromium; browser tests will be skipped"

node_modules/axe-core/axe.min.js: package.json package-lock.json
	@npm ci --ignore-scripts --no-audit --no-fund >/dev/null 2>&1 && touch $@ \
	  || echo "WARNING: npm ci failed (is npm installed?); accessibility checks will be skipped"

serve: $(STAMP)
	$(BIN)/digest serve --watch

bench: $(STAMP)
	$(BIN)/python bench/run.py

# Mutation testing of the read and tag stages (mutmut; not part of `make test`): about an hour
# on 2 cores. `make mutation MUTATION="--sample 150"` draws 150 mutants per stage (minutes).
MUTATION ?= --max-children 2
mutation: $(STAMP)
	$(BIN)/python -m pip install -qq mutmut==3.8.1
	$(BIN)/python bench/mutation.py $(MUTATION)

lock: $(STAMP)
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^torch==' | sed '1i torch==2.13.0' > requirements.lock

clean:
	rm -rf site build .cache
