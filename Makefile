# Two commands on a fresh machine with Python 3.11+ and make: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint install dev clean bench browser-deps screenshots

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --upgrade pip >/dev/null

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -e . && touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -e '.[dev]' && touch $@ $(VENV)/.installed

install: $(VENV)/.installed
dev: $(VENV)/.installed-dev

run: install
	$(BIN)/zhenggai init-db
	$(BIN)/zhenggai seed-demo
	$(BIN)/zhenggai serve --host $(HOST) --port $(PORT)

# The browser tests need Debian's chromium and a Chinese font for legible screenshots; install them
# where missing and possible (root with apt-get), otherwise say so (the tests then skip with the reason).
browser-deps:
	@if [ ! -x /usr/bin/chromium ] || [ -z "$$(fc-list :lang=zh 2>/dev/null || true)" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    (apt-get update -qq || true) && apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null; \
	  else echo "note: browser tests need: apt-get install chromium fonts-wqy-microhei"; fi; \
	fi

test: dev browser-deps
	$(BIN)/ruff check .
	$(BIN)/pytest $(PYTEST_ARGS)

# The README's screenshots (docs/screenshots/): the browser tests that take them, writing there instead of to a
# temporary folder; each page is captured once it has settled (network idle, images loaded, htmx done).
screenshots: dev browser-deps
	ZHENGGAI_SCREENSHOTS_DIR=$(CURDIR)/docs/screenshots $(BIN)/pytest -q -p no:cacheprovider \
	  tests/browser/test_screenshots.py tests/browser/test_rectification_flow.py \
	  tests/browser/test_checklist_walk.py tests/browser/test_org_tree_page.py \
	  tests/browser/test_practice_urging.py tests/browser/test_practice_outcomes.py tests/browser/test_evidence_flags.py \
	  tests/browser/test_survey_offline.py \
	  tests/browser/test_campaign_scoring.py

lint: dev
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) var .pytest_cache
