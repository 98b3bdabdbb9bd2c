# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format venv migrate seed serve bench loadtest clean chromium

# The virtualenv is rebuilt whenever a requirements file changes. pip is quiet for a minute on a fresh
# machine: one line says so first, and only when it does install.
$(BIN)/.installed: requirements.txt requirements-dev.txt
	@echo "Installing dependencies into $(VENV), about a minute on a fresh machine..."
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --upgrade pip
	@$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	@touch $@

venv: $(BIN)/.installed

migrate: venv
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py seed_demo

# Every absolute address the site prints (canonical, og:url, feeds, sitemaps, robots.txt) comes from
# NEWSROOM_SITE_URL, never from the request: `make run` points it at the HOST and PORT it serves on.
SITE_URL = $(or $(NEWSROOM_SITE_URL),http://$(HOST):$(PORT))

run: seed
	@echo ""
	@echo "  The Daily Ledger is at $(SITE_URL)/  (admin: $(SITE_URL)/admin/)"
	@echo "  Log in as editor, reporter or admin with the password: $${DEMO_PASSWORD:-newsroom-demo}"
	@echo ""
	NEWSROOM_SITE_URL=$(SITE_URL) $(BIN)/python manage.py serve --noreload $(HOST):$(PORT)

# The browser tests drive Debian's Chromium, which pip cannot install.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian's chromium for the browser tests..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "The browser tests need Debian's chromium: sudo apt-get install -y chromium"; exit 1; \
	  fi; }

# axe-core, which the accessibility browser tests inject into reader pages, comes from npm at the
# version tests/browser/package-lock.json pins.
AXE := tests/browser/node_modules/axe-core/axe.min.js
$(AXE): tests/browser/package.json tests/browser/package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian's npm for the accessibility tests..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; \
	  else \
	    echo "The accessibility tests need npm: sudo apt-get install -y npm"; exit 1; \
	  fi; }
	npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
	touch $@

# The suite in two processes (pytest-xdist, a test database each), then the timing tests (marked
# slow: inputs doubled up to 1 MB, each step timed) on their own, so no browser or database test's work
# is in their figures. They count the CPU time of their own process, so two of them side by side, one
# per core, do not disturb each other (one process took 4 of CI's 14 minutes).
# TEST_PROCESSES=1 runs everything in one process; TIMING_TESTS=no leaves the timing tests out (.ci/run
# runs them in its PostgreSQL pass only: they time text passes, not the database); a PYTEST_ARGS that
# selects no test of one kind (exit status 5) is not a failure.
TEST_PROCESSES ?= 2
TIMING_TESTS ?= yes
test: venv chromium $(AXE)
	$(BIN)/python -m pytest -m "not slow" -n $(TEST_PROCESSES) $(PYTEST_ARGS) || [ $$? -eq 5 ]
	[ "$(TIMING_TESTS)" = no ] || $(BIN)/python -m pytest -m slow -n $(TEST_PROCESSES) $(PYTEST_ARGS) || [ $$? -eq 5 ]

lint: venv
	$(BIN)/python -m ruff check .
	$(BIN)/python -m ruff format --check .

format: venv
	$(BIN)/python -m ruff format .
	$(BIN)/python -m ruff check --fix .

bench: venv
	$(BIN)/python -m bench $(BENCH_ARGS)

# gunicorn (production settings) + PostgreSQL with 20,000 stories + Redis, wrk 64 connections x 30 s
# on home, section, article and feed while a story is published every 3 s; fails on any error.
# LOADTEST_ARGS=--varnish: the same through Varnish (deploy/varnish/default.vcl), as a ratio of an nginx
# static-file ceiling measured in the same run (>= 0.5x, no error, each publish visible within 1 s).
loadtest: venv
	$(BIN)/python -m bench.loadtest $(LOADTEST_ARGS)

clean:
	rm -rf var/static var/bench var/screenshots
