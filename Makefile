# smartregion developer commands. `make run` and `make test` are all a newcomer needs.

PY := .venv/bin/python
BOOTSTRAP_PYTHON := $(shell command -v python3.11 2>/dev/null || command -v python3 2>/dev/null)
PYTEST_ARGS ?=
# pytest-xdist workers for `make test` (a number, or auto = one per core); each file runs whole on one worker.
TEST_WORKERS ?= auto
BENCH_ARGS ?=
RUNSERVER_ADDR ?= 127.0.0.1:8000

.PHONY: venv run test lint format messages bench worker beat clean distclean

## venv: create .venv (if missing) and install the pinned dependencies from requirements.lock
venv: .venv/.installed

.venv/.installed: requirements.lock
	@test -x $(PY) || $(BOOTSTRAP_PYTHON) -m venv .venv
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@touch $@

## run: migrate, load the demo data and serve http://127.0.0.1:8000 (SQLite, eager Celery)
run: venv
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver $(RUNSERVER_ADDR)

## test: run the whole suite in parallel (SQLite, or PostgreSQL when DATABASE_URL is set); PYTEST_ARGS="-k foo" to narrow, TEST_WORKERS=1 for one process
test: venv
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

## lint: ruff lint and format check, the import contracts (layering) and strict types on the pure cores
lint: venv
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/lint-imports
	.venv/bin/mypy

## format: apply ruff's formatter and safe fixes
format: venv
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

## messages: refresh locale/fr and locale/en catalogues from the sources, then compile the .mo files
messages: venv
	$(PY) manage.py makemessages -l fr -l en --domain django --ignore .venv --ignore var --ignore static/vendor
	$(PY) manage.py compilemessages --ignore .venv --ignore var

## bench: run the benchmarks at territory scale (results under bench/out/; BENCH_ARGS="--scale small" for a quick one)
bench: venv
	$(PY) bench/run.py $(BENCH_ARGS)

## worker / beat: a real Celery worker and scheduler (need REDIS_URL)
worker: venv
	.venv/bin/celery -A smartregion worker -l info

beat: venv
	.venv/bin/celery -A smartregion beat -l info --schedule var/celerybeat-schedule

## clean: remove caches, build output and var/ (the SQLite database, media and collected static)
clean:
	rm -rf var .pytest_cache .ruff_cache .mypy_cache .import_linter_cache .hypothesis bench/out
	find . -path ./.venv -prune -o -type d -name __pycache__ -prune -exec rm -rf {} +

## distclean: clean, and remove the virtualenv too
distclean: clean
	rm -rf .venv
