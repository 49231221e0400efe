# certportal: `make run` serves the portal on SQLite; `make test` runs the whole suite.
VENV := .venv
# Python and pytest keep compiled modules (and pytest its rewritten test modules)
# between runs, even where the shell asks them not to: a warm `make test` is faster.
unexport PYTHONDONTWRITEBYTECODE
PY := $(VENV)/bin/python
# Django 6 needs Python >= 3.12: take the first interpreter that is new enough.
PYTHON ?= $(shell for p in python3.13 python3.12 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$p; break; }; done)

.PHONY: install run test fuzz e2e audit lint format check seed migrate measure bench chaos node-tools

$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is needed (try: pyenv install 3.12)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_catalog

run: seed
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py runserver 127.0.0.1:8000

# The Nu HTML checker for the browser tests (Java comes from the machine).
NODE_TOOLS := tools/node/node_modules/.package-lock.json
$(NODE_TOOLS): tools/node/package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --prefix tools/node --no-audit --no-fund --ignore-scripts; \
	else echo "npm not found: the browser tests will skip their HTML validity checks"; fi

node-tools: $(NODE_TOOLS)

# The whole suite; the browser tests in tests/e2e run where /usr/bin/chromium exists
# and are skipped, with the reason, where it doesn't. The fuzz tests send a quick
# sample (HYPOTHESIS_PROFILE=quick, the default; see tests/conftest.py).
test: install node-tools
	$(PY) -m pytest

# Only the fuzz tests, with 1,000 generated inputs per endpoint (as .ci/run does).
fuzz: install
	HYPOTHESIS_PROFILE=fuzz $(PY) -m pytest -m fuzz

# Only the browser tests (screenshots in artifacts/screenshots/).
e2e: install node-tools
	$(PY) -m pytest tests/e2e

# Lighthouse on home, list, detail, compare, glossary, a step and results (report in artifacts/audit/).
audit: install
	bash scripts/audit.sh

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check: install
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

measure: seed
	$(PY) scripts/measure_pages.py

# The engine alone, the impact preview, then the site under load: its own PostgreSQL, gunicorn, wrk
# (BENCH_CERTIFICATIONS=1000, BENCH_SERVERS=2: see docs/benchmarks.md).
bench: seed
	$(PY) scripts/bench_engine.py
	$(PY) scripts/bench_impact.py
	bash scripts/bench.sh

# PostgreSQL restarted under load: no acknowledged answer lost (docs/chaos.md).
chaos: install
	bash scripts/chaos.sh
