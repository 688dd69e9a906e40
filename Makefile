# Two commands: `make run` (fresh machine -> demo served on http://127.0.0.1:5000) and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
FLASK  := $(VENV)/bin/flask --app app
PORT   ?= 5000
HOST   ?= 127.0.0.1

.PHONY: run test lint install install-dev translations migrate demo messages bench clean

# The app's own dependencies, then the dev extras (and boto3): `make run` is for development, like the tests and lint.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

translations: install
	$(PY) -m babel.messages.frontend compile --statistics -d translations 2>&1 | grep -v "^compiling" || true

migrate: install
	$(FLASK) db upgrade

demo: migrate
	$(FLASK) demo

# The development server and, beside it, the background worker that sends mail (and runs
# every other job): both stop together on Ctrl-C.
run: install-dev translations migrate
	$(FLASK) demo --if-empty
	export BASE_URL=$${BASE_URL:-http://$(HOST):$(PORT)}; \
	$(FLASK) jobs worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(FLASK) run --host $(HOST) --port $(PORT)

# The whole suite: on SQLite, and again on PostgreSQL when TEST_DATABASE_URL is set, in worker processes
# (pytest-xdist; see tests/scheduling.py). Three on two cores: a worker spends about half its time waiting
# for PostgreSQL, the browser or the disk. PYTEST_WORKERS=0 runs everything in one process (for --pdb, say);
# PYTEST_ARGS adds pytest arguments (-x, -k ..., a path).
PYTEST_WORKERS ?= 3
test: install-dev translations
	$(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# Lint and import order (ruff, configured in pyproject.toml).
lint: install-dev
	$(VENV)/bin/ruff check app tests bench config.py

# Re-extract UI strings and merge them into the catalogs (then translate the new ones).
messages: install
	$(FLASK) translations update

clean:
	rm -rf $(VENV) .pytest_cache
