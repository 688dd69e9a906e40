# Two commands: `make run` (fresh machine -> demo served on http://127.0.0.1:5000) and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
FLASK  := $(VENV)/bin/flask --app app
PORT   ?= 5000
HOST   ?= 127.0.0.1

.PHONY: run test install translations migrate demo messages bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

translations: install
	$(PY) -m babel.messages.frontend compile --statistics -d translations 2>&1 | grep -v "^compiling" || true

migrate: install
	$(FLASK) db upgrade

demo: migrate
	$(FLASK) demo

run: translations migrate
	$(FLASK) demo --if-empty
	$(FLASK) run --host $(HOST) --port $(PORT)

# The whole suite: on SQLite, and again on PostgreSQL when TEST_DATABASE_URL is set.
test: translations
	$(PY) -m pytest $(PYTEST_ARGS)

# Re-extract UI strings and merge them into the catalogs (then translate the new ones).
messages: install
	$(FLASK) translations update

clean:
	rm -rf $(VENV) .pytest_cache
