# `make run` and `make test` do all set-up on a fresh machine: venv, pinned installs, demo shop.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False

.PHONY: run test test-sqlite test-postgres install dev setup check lock clean browser bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The lock is complete, so pip installs it with --no-deps and never resolves (or back-tracks).
$(VENV)/.installed: requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

$(VENV)/.dev: requirements-dev.lock $(VENV)/.installed
	$(BIN)/python -m pip install --quiet --no-deps -r requirements-dev.lock
	touch $@

install: $(VENV)/.installed

dev: $(VENV)/.dev

setup: install
	$(BIN)/bot setup

run: setup
	$(BIN)/bot serve

# The browser tests drive Debian's Chromium (Playwright never downloads a browser); without it,
# and without the rights to install it, they are skipped with a message.
browser:
	@[ -x /usr/bin/chromium ] || apt-get install -y -q chromium >/dev/null 2>&1 \
		|| { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q chromium >/dev/null 2>&1; } \
		|| echo "note: could not install chromium; the browser tests will be skipped"

# The whole suite twice: on SQLite, then on a throwaway PostgreSQL cluster (every test database is
# a fresh PostgreSQL database; the conversation suite's per-case copies stay SQLite files).
test: test-sqlite test-postgres

test-sqlite: dev browser
	$(BIN)/python -m pytest

test-postgres: dev
	BOT_TEST_DATABASE=postgres $(BIN)/python -m pytest

# Speed and memory figures for docs/PERFORMANCE.md (minutes; run on an otherwise idle machine).
bench: setup
	$(BIN)/python bench/startup.py
	$(BIN)/python bench/stages.py
	$(BIN)/python bench/load.py --sessions 1,5,10,20 --turns 50
	$(BIN)/python bench/load.py --transport websocket --sessions 1,5,10,20 --turns 20

check: dev
	$(BIN)/ruff check bot tests bench knowledge/generate_shop.py
	$(BIN)/ruff format --check bot tests bench knowledge/generate_shop.py
	$(BIN)/mypy

# Re-resolve the pins (needs the package registries). Review the diff before committing.
lock:
	rm -rf /tmp/lock-venv && $(PYTHON) -m venv /tmp/lock-venv
	/tmp/lock-venv/bin/pip install --quiet torch==2.13.0
	/tmp/lock-venv/bin/pip install --quiet -c constraints.txt -e '.[dev]'
	/tmp/lock-venv/bin/pip freeze --exclude-editable | sed 's/+cpu//' > /tmp/lock-all.txt
	@echo "wrote /tmp/lock-all.txt; split dev-only pins into requirements-dev.lock"

clean:
	rm -rf $(VENV) var
