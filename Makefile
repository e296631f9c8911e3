# Threshold: two commands on a fresh machine.
#   make run    install, migrate, load demo data, print every demo sign-in, serve http://127.0.0.1:8000
#   make test   install, start PostgreSQL and Redis if needed, run every test

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install assets lint format services clean

$(STAMP): pyproject.toml constraints.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $(STAMP)

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch node_modules/.installed

static/build/threshold.css: node_modules/.installed $(wildcard static/scss/*.scss)
	npm run --silent build:css

install: $(STAMP) node_modules/.installed

assets: static/build/threshold.css

run: install assets
	DJANGO_DEBUG=true $(PY) manage.py migrate --no-input
	DJANGO_DEBUG=true $(PY) manage.py seed_demo
	DJANGO_DEBUG=true $(PY) manage.py runserver $(HOST):$(PORT)

# Debian packages the tests need (browser, PDF tools, fonts, compose validator); installed only when missing.
TEST_DEBS := postgresql redis-server chromium poppler-utils fonts-liberation2 libharfbuzz-subset0 docker-compose

services:
	@bash scripts/test-services.sh $(TEST_DEBS)

test: install assets services
	$(PY) -m ruff check .
	DJANGO_SETTINGS_MODULE=config.settings_test DATABASE_URL=sqlite:///:memory: $(PY) manage.py makemigrations --check --dry-run
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(PY) -m ruff check .

format: install
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

clean:
	rm -rf $(VENV) node_modules static/build staticfiles db.sqlite3
