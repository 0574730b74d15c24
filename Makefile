# Open Patent Marketplace — developer commands. `make help` lists them.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
STAMP := $(VENV)/.installed-dev
HOST ?= 127.0.0.1
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/marketplace
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15
PYTEST_ARGS ?=

.DEFAULT_GOAL := help

.PHONY: help
help: ## Show this help
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-16s\033[0m %s\n", $$1, $$2}'

$(PY):
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(PY) requirements/base.txt requirements/dev.txt
	$(BIN)/pip install --quiet -r requirements/dev.txt
	@touch $(STAMP)

.PHONY: install
install: $(STAMP) ## Create .venv and install everything (idempotent)

.PHONY: messages
messages: $(STAMP) ## Compile translations (.po -> .mo)
	@if command -v msgfmt >/dev/null 2>&1; then $(MANAGE) compilemessages --ignore=.venv -v 0; else echo "msgfmt not found: using the committed .mo files"; fi

.PHONY: migrate
migrate: $(STAMP) ## Apply database migrations
	$(MANAGE) migrate --noinput

.PHONY: seed
seed: migrate ## Load the demo data (idempotent)
	$(MANAGE) marketplace_seed_demo

.PHONY: run
run: install messages seed ## Set up everything and serve the site at http://127.0.0.1:8000/
	@echo "Starting the site at http://$(HOST):$(PORT)/ (tasks run in-process unless CELERY_BROKER_URL is set)"
	$(MANAGE) marketplace_serve --host $(HOST) --port $(PORT)

.PHONY: worker
worker: $(STAMP) ## Run a Celery worker (needs CELERY_BROKER_URL, e.g. redis://127.0.0.1:6379/0)
	$(BIN)/celery -A config worker --loglevel=info --concurrency=2

.PHONY: beat
beat: $(STAMP) ## Run Celery beat, the periodic scheduler (needs CELERY_BROKER_URL)
	$(BIN)/celery -A config beat --loglevel=info

.PHONY: lint
lint: $(STAMP) ## Lint and check formatting
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

.PHONY: fmt
fmt: $(STAMP) ## Format the code and fix what ruff can
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

.PHONY: services
services: ## Start PostgreSQL and Redis on loopback if they are down
	@bash .ci/services.sh

.PHONY: browser
browser: ## Install Debian's Chromium and Japanese fonts for the browser tests (if missing)
	@if [ ! -x /usr/bin/chromium ] || ! dpkg -s fonts-noto-cjk >/dev/null 2>&1; then \
	  echo "Installing chromium and fonts-noto-cjk with apt-get..."; \
	  SUDO=""; [ "$$(id -u)" -eq 0 ] || SUDO="sudo"; \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q && \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium fonts-noto-cjk; \
	fi

.PHONY: test
test: $(STAMP) browser ## Lint, check migrations, run the suite on SQLite, then on PostgreSQL with Redis
	$(BIN)/ruff check .
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run
	@bash .ci/services.sh
	@echo "== pytest on SQLite =="
	$(BIN)/pytest $(PYTEST_ARGS)
	@echo "== pytest on PostgreSQL with the real Redis broker =="
	DATABASE_URL=$(PG_URL) TEST_CELERY_BROKER_URL=$(TEST_REDIS_URL) $(BIN)/pytest $(PYTEST_ARGS)

.PHONY: test-sqlite
test-sqlite: $(STAMP) browser ## Run the suite on SQLite only
	$(BIN)/pytest $(PYTEST_ARGS)

.PHONY: eval-matching
eval-matching: $(STAMP) ## Recall@10 / MRR@10 of the matching job vs BM25 on ../shared/data (about 2 min)
	$(PY) bench/eval_matching.py

.PHONY: bench
bench: $(STAMP) ## All benchmarks: import, search, matching, IP landscape, load test (long: 100,000 listings each)
	$(PY) bench/import.py
	$(PY) bench/search.py --n 100000
	$(PY) bench/matching.py
	$(PY) bench/landscape.py
	@bash .ci/services.sh
	$(PY) bench/load.py

.PHONY: bench-landscape
bench-landscape: $(STAMP) ## IP landscape: cold rebuild at 100,000 listings and reads from cache (DATABASE_URL for PostgreSQL)
	$(PY) bench/landscape.py

.PHONY: bench-load
bench-load: $(STAMP) ## Load test: gunicorn + PostgreSQL (database bench_load) at 100,000 listings, bounded
	@bash .ci/services.sh
	$(PY) bench/load.py

.PHONY: clean
clean: ## Remove the local database, collected static files and test media
	rm -rf db.sqlite3* staticfiles .test-media .test-private-media
