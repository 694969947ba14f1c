# Territoires d'industrie — the two commands are `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
SHARED_DATA ?= ../shared/data
COG_VERSION ?= 6.0.0
PG_URL ?= postgres://postgres@127.0.0.1:5432/territoires
DEMO_ENV := DJANGO_DEBUG=0 DJANGO_SECRET_KEY="$$(cat var/secret_key)" DJANGO_SECURE_COOKIES=0 \
	EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend \
	DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost

.PHONY: install demo serve test test-sqlite test-postgres lint format bench referential lock clean worker

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python requirements.lock pyproject.toml
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

install: $(VENV)/.installed ## create the virtualenv and install the pinned dependencies

var/secret_key:
	mkdir -p var
	$(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > $@

demo: install var/secret_key ## install, migrate an SQLite file under var/, load the demo and serve
	$(DEMO_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEMO_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(DEMO_ENV) $(BIN)/python manage.py load_demo
	@echo ""
	@echo "  Plateforme : http://127.0.0.1:$(PORT)/"
	@echo "  Courriels envoyés (réinitialisation de mot de passe…) : var/mail/"
	@echo ""
	@$(DEMO_ENV) $(BIN)/python manage.py db_worker --no-startup-delay >var/worker.log 2>&1 & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(DEMO_ENV) $(BIN)/python manage.py runserver --noreload 127.0.0.1:$(PORT)

serve: install var/secret_key
	$(DEMO_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

worker: install var/secret_key ## run the background task worker (django-tasks database backend)
	$(DEMO_ENV) $(BIN)/python manage.py db_worker

referential: install var/secret_key ## fetch @etalab/decoupage-administratif with npm pack and import it
	mkdir -p var/cog
	cd var/cog && npm pack --silent @etalab/decoupage-administratif@$(COG_VERSION) >/dev/null && \
		tar xzf etalab-decoupage-administratif-$(COG_VERSION).tgz
	$(DEMO_ENV) $(BIN)/python manage.py import_cog var/cog/package/data
	$(DEMO_ENV) $(BIN)/python manage.py import_territories $(SHARED_DATA)/territoires-industrie-2019-communes.csv

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
	DATABASE_URL=sqlite:///var/test.sqlite3 $(BIN)/python -m pytest -n 2 -q

test-postgres: install
	DATABASE_URL="$${DATABASE_URL:-$(PG_URL)}" $(BIN)/python -m pytest -n 2 -q

lint: install ## ruff, and the import layers (docs/decisions/0005-layers.md)
	$(BIN)/ruff check territoires tests scripts
	$(BIN)/ruff format --check territoires tests scripts
	$(BIN)/lint-imports --no-cache

format: install
	$(BIN)/ruff check --fix territoires tests scripts
	$(BIN)/ruff format territoires tests scripts

bench: install ## performance benchmarks (not part of the test suite)
	$(BIN)/python scripts/bench.py

lock: $(BIN)/python ## re-pin dependencies after editing pyproject.toml
	$(BIN)/pip install --quiet -e ".[dev]"
	$(BIN)/pip freeze --exclude-editable | grep -v "^-e" > requirements.lock

clean:
	rm -rf var/db.sqlite3 var/static var/media var/mail
