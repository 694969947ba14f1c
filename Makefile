# Territoires d'industrie — the two commands are `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
SHARED_DATA ?= ../shared/data
PG_URL ?= postgres://postgres@127.0.0.1:5432/territoires
DEMO_DATABASE_URL := sqlite:///var/db.sqlite3

.PHONY: install assets demo serve test test-sqlite test-postgres lint format bench fuzz referential lock clean worker

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python requirements.lock pyproject.toml
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

install: $(VENV)/.installed .env assets ## virtualenv, pinned dependencies, local .env, front-end assets

.env: | $(BIN)/python
	$(BIN)/python scripts/write_env.py

assets: $(VENV)/.installed ## fetch htmx, Swagger UI, axe-core… from pinned npm packages (assets.toml)
	$(BIN)/python scripts/fetch_assets.py

demo: install ## migrate an SQLite file under var/, load the demo (the 148 territories of 2019), serve it with gunicorn and the worker
	@$(BIN)/python scripts/fetch_assets.py --group referential \
		|| echo "Référentiel officiel non récupéré : la démonstration prend une géographie minimale."
	DATABASE_URL=$(DEMO_DATABASE_URL) PORT=$(PORT) SHARED_DATA=$(SHARED_DATA) scripts/serve.sh --demo

serve: install ## production: migrate DATABASE_URL, collect static files, gunicorn + worker (no .env)
	DJANGO_ENV_FILE="$${DJANGO_ENV_FILE:-}" scripts/serve.sh

worker: install ## run the background task worker alone (django-tasks database backend)
	$(BIN)/python manage.py db_worker

referential: install ## migrate, fetch @etalab/decoupage-administratif (assets.toml) and import it
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python scripts/fetch_assets.py --group referential
	$(BIN)/python manage.py import_cog var/assets/referential/cog
	$(BIN)/python manage.py import_territories $(SHARED_DATA)/territoires-industrie-2019-communes.csv

test: install ## the whole suite on SQLite, then on PostgreSQL when one is reachable
	$(MAKE) lint
	$(MAKE) test-sqlite
	@if $(BIN)/python scripts/pg_reachable.py "$${DATABASE_URL:-$(PG_URL)}"; then \
		$(MAKE) test-postgres; \
	else \
		echo "PostgreSQL injoignable : suite PostgreSQL non lancée."; \
		if [ -n "$$CI" ]; then exit 1; fi; \
	fi

test-sqlite: install
	DATABASE_URL=sqlite:///var/test.sqlite3 $(BIN)/python -m pytest -n 2 --dist loadgroup -q

test-postgres: install
	DATABASE_URL="$${DATABASE_URL:-$(PG_URL)}" $(BIN)/python -m pytest -n 2 --dist loadgroup -q

# Schemathesis over /api/v1/openapi.json (tests/api/test_fuzz.py): FUZZ_EXAMPLES cases per
# operation (170 × 11 operations ≈ 1,900), on SQLite, then on PostgreSQL when reachable.
FUZZ_EXAMPLES ?= 170
fuzz: install ## schemathesis: ≥ 1,000 generated API calls, no 5xx, answers as the OpenAPI says
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) DATABASE_URL=sqlite:///var/test.sqlite3 $(BIN)/python -m pytest -n 0 -q tests/api/test_fuzz.py
	@if $(BIN)/python scripts/pg_reachable.py "$${DATABASE_URL:-$(PG_URL)}"; then \
		FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) DATABASE_URL="$${DATABASE_URL:-$(PG_URL)}" $(BIN)/python -m pytest -n 0 -q tests/api/test_fuzz.py; \
	else \
		echo "PostgreSQL injoignable : fuzz PostgreSQL non lancé."; \
	fi

lint: install ## ruff, import layers (docs/decisions/0005-layers.md), migrations, templates
	$(BIN)/ruff check territoires tests scripts gunicorn.conf.py
	$(BIN)/ruff format --check territoires tests scripts gunicorn.conf.py
	$(BIN)/lint-imports --no-cache
	DJANGO_SETTINGS_MODULE=tests.settings $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/djlint territoires --lint

format: install
	$(BIN)/ruff check --fix territoires tests scripts gunicorn.conf.py
	$(BIN)/ruff format territoires tests scripts gunicorn.conf.py

bench: install ## pages and API at ×1 and ×10, then 50 users × 60 s on gunicorn (scripts/bench.py; PostgreSQL when DATABASE_URL names one)
	$(BIN)/python scripts/bench.py $(BENCH_ARGS)

lock: $(BIN)/python ## re-pin dependencies after editing pyproject.toml
	$(BIN)/pip install --quiet -e ".[dev]"
	$(BIN)/pip freeze --exclude-editable | grep -v "^-e" > requirements.lock

clean:
	rm -rf var/db.sqlite3 var/static var/media var/mail
