# danvan — the two commands are `make run` and `make test`; everything else is for developers and CI.
SHELL := /bin/bash
.DEFAULT_GOAL := run

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) src/manage.py
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/danvan
# gunicorn's workers: two a processor and one (a worker waiting on the database leaves its
# processor to another).
WORKERS ?= $(shell echo $$(( 2 * $$(nproc) + 1 )))

.PHONY: run setup serve test test-postgres e2e lint bench clean install assets messages chromium postgres redis

# ---- set-up: every step is a file target, so a second run does (almost) nothing ----------------
$(VENV)/.installed: pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Cần Python 3.11 ($(PYTHON)) — Python 3.11 is required"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Third-party browser files are copied from node_modules into build/ (never committed).
build/vendor/.copied: node_modules/.installed
	mkdir -p build/vendor/htmx
	cp node_modules/htmx.org/dist/htmx.min.js build/vendor/htmx/htmx.min.js
	# axe-core: the accessibility checks the browser tests inject (tests/e2e/test_portal_a11y.py).
	mkdir -p build/vendor/axe
	cp node_modules/axe-core/axe.min.js build/vendor/axe/axe.min.js
	touch $@

# Noto Serif (whole fonts, every Vietnamese glyph) for PDFs rendered by WeasyPrint
# (danvan/core/pdf.py): the project brings its own font, whatever the machine has installed.
build/fonts/.copied: node_modules/.installed
	mkdir -p build/fonts
	cp node_modules/@expo-google-fonts/noto-serif/{400Regular,400Regular_Italic,700Bold,700Bold_Italic}/*.ttf build/fonts/
	touch $@

install: $(VENV)/.installed
assets: build/vendor/.copied build/fonts/.copied
messages: $(VENV)/.installed
	@$(MANAGE) buildmessages

var/static/.collected: $(VENV)/.installed build/vendor/.copied $(shell find src -path '*/static/*' -type f 2>/dev/null)
	$(MANAGE) collectstatic --noinput --verbosity 0
	touch $@

setup: install assets messages var/static/.collected
	$(MANAGE) setup

# `make run`: set up what is missing, then serve with gunicorn and the task worker.
# Ctrl-C reaches gunicorn (it stops its workers), the shell waits for it, then stops the task
# worker (started in the background, it ignores Ctrl-C) with SIGTERM and waits for it too: one
# signal to each process, nothing killed twice ("kill 0" also signalled make and the shell itself).
run: setup
	@echo "danvan: http://127.0.0.1:$(PORT)/ — đăng nhập bằng tài khoản quản trị ở dòng trên; dừng: Ctrl-C"
	@$(MANAGE) db_worker --queue-name '*' --no-reload >> var/worker.log 2>&1 & worker=$$!; \
	  trap ':' INT TERM; \
	  ( cd src && exec ../$(VENV)/bin/gunicorn config.wsgi:application \
	    --bind 127.0.0.1:$(PORT) --workers $(WORKERS) --access-logfile - --log-level warning ); \
	  kill -TERM $$worker 2>/dev/null; wait $$worker 2>/dev/null; \
	  echo "danvan đã dừng."

# ---- tests -----------------------------------------------------------------------------------
test: install assets messages redis
	$(VENV)/bin/pytest -q

# The Redis cache tests (tests/core/test_redis_cache.py) use a server on 127.0.0.1:6379: start
# Debian's redis-server when it is installed and not answering (they are skipped without one).
redis:
	@redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 || ! command -v redis-server >/dev/null || { \
	  echo "Khởi động Redis / starting Redis"; \
	  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null; }

postgres:
	@pg_isready -q -h 127.0.0.1 -p 5432 || { \
	  echo "Khởi động PostgreSQL / starting PostgreSQL"; \
	  pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql | tail -n 1) main start; \
	  for i in $$(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done; }

test-postgres: install assets messages postgres redis
	DANVAN_DATABASE_URL=$(PG_URL) $(VENV)/bin/pytest -q --create-db

chromium:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Cài Chromium / installing Debian chromium"; \
	    apt-get install -y --no-install-recommends chromium >/dev/null || \
	      { apt-get update >/dev/null && apt-get install -y --no-install-recommends chromium >/dev/null; }; \
	  else \
	    echo "Chromium is missing and cannot be installed here (needs root and apt-get):"; \
	    echo "  sudo apt-get install -y --no-install-recommends chromium"; exit 1; \
	  fi; }

e2e: install assets messages chromium
	$(VENV)/bin/pytest -q -m e2e tests/e2e

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(MANAGE) makemigrations --check --dry-run
	$(VENV)/bin/lint-imports

bench: setup postgres
	@status=0; for script in bench/bench_*.py; do echo "== $$script"; $(PY) $$script || status=1; done; exit $$status

clean:
	rm -rf $(VENV) node_modules build var/static
