# Two commands for a newcomer: `make run` and `make test`. Everything else is optional.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# The demo: SQLite under var/, tasks run in-process, no HTTPS, no two-factor prompt.
DEMO_ENV := DEBUG=1 REQUIRE_MFA=0 DATABASE_URL= REDIS_URL=

.PHONY: run test lint bench bench-tests vendor-static worker beat clean-venv

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.runtime $@

run: $(VENV)/.runtime ## serve the demo on http://127.0.0.1:8000
	$(DEMO_ENV) $(BIN)/python manage.py migrate --no-input
	$(DEMO_ENV) $(BIN)/python manage.py seed_demo
	$(DEMO_ENV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(VENV)/.dev ## the whole suite (uses DATABASE_URL / REDIS_URL when set)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev ## ruff, djLint and mypy, as CI runs them
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint templates --lint
	DEBUG=1 $(BIN)/mypy

# Benchmarks (README "Benchmarks"): databases of their own, named after this one.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/stanton_bench
BENCH_REDIS_URL ?= $(or $(REDIS_URL),redis://127.0.0.1:6379/0)

bench: $(VENV)/.dev ## benchmarks at county scale, report in bench/results/ (BENCH_SIZES=...)
	DATABASE_URL=$(BENCH_DATABASE_URL) REDIS_URL=$(BENCH_REDIS_URL) $(BIN)/python -m bench.run

bench-tests: $(VENV)/.dev ## the older pytest benchmarks under tests/bench (not run by `make test`)
	$(BIN)/python -m pytest tests/bench -s -p no:cacheprovider -o python_files="bench_*.py test_*.py" $(PYTEST_ARGS)

vendor-static: ## refresh USWDS and htmx from the npm registry
	bash scripts/vendor_static.sh

worker: $(VENV)/.runtime ## a Celery worker (needs REDIS_URL)
	$(BIN)/celery -A stanton worker --loglevel=INFO

beat: $(VENV)/.runtime ## Celery beat: expiries, reminders, outbox re-sends (needs REDIS_URL)
	$(BIN)/celery -A stanton beat --loglevel=INFO

clean-venv:
	rm -rf $(VENV)
