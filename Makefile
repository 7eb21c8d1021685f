# Two commands on a fresh machine with Python 3.11+ and make: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint install dev clean bench

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

test: dev
	$(BIN)/ruff check .
	$(BIN)/pytest $(PYTEST_ARGS)

lint: dev
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) var .pytest_cache
