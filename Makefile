# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export SAFEREPORT_DATA_DIR ?= $(CURDIR)/var

.PHONY: run test test-postgres fuzz browser-deps media-deps serve check clean lint format typecheck

$(VENV)/.installed: pyproject.toml setup.py safereport/redaction/_scorer.c
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

run: $(VENV)/.installed
	@# Without ffmpeg the demo runs and refuses audio recordings, saying so.
	@$(MAKE) --no-print-directory media-deps || echo "No ffmpeg: audio recordings will be refused (make media-deps installs it)."
	$(PY) -m safereport.cli migrate --noinput
	$(PY) -m safereport.cli seed_demo
	@# A signed checkpoint of the audit log at every start (docs/audit.md); the key stays in var/keys/, outside the database.
	$(PY) -m safereport.cli audit_checkpoint > /dev/null
	@# The learned redaction detector, trained once per version of its data and code (about 20 s), else loaded.
	$(PY) -m safereport.cli prepare_detector
	@echo "Serving SafeReport: reporters at http://127.0.0.1:$(PORT)/ , staff at http://127.0.0.1:$(PORT)/en/staff/sign-in/  (Ctrl-C to stop)"
	@# The scheduler beside gunicorn: the daily job (due erasures, retention, epoch rekey, expired sessions) at start
	@# and every UTC day after, rekey and checkpoint hourly (docs/operations.md). Ctrl-C stops gunicorn; the traps stop
	@# the scheduler with it (a background job of this shell ignores Ctrl-C), and it also stops itself if the shell goes.
	@$(PY) -m safereport.cli scheduler & scheduler=$$!; \
	trap 'kill $$scheduler 2>/dev/null; wait $$scheduler' EXIT; trap 'exit 130' INT TERM; \
	$(VENV)/bin/gunicorn safereport.wsgi -c python:safereport.gunicorn_conf --bind 127.0.0.1:$(PORT) --workers 2 --threads 4

# Debian's Chromium for the real-browser tests (Playwright's own browser download does not work here).
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null; fi; }

# Debian's ffmpeg (and prlimit, in util-linux) check and rebuild audio evidence without its tags (evidence.audio).
media-deps:
	@command -v ffmpeg >/dev/null 2>&1 && command -v ffprobe >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq ffmpeg >/dev/null; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq ffmpeg >/dev/null; fi; }

test: $(VENV)/.installed browser-deps media-deps
	$(PY) -m pytest -q

# The same suite against PostgreSQL (DATABASE_URL defaults to the local server).
test-postgres: $(VENV)/.installed browser-deps media-deps
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/safereport} $(PY) -m pytest -q

# The property tests with fresh random examples (the suite draws the same ones every run).
fuzz: $(VENV)/.installed
	HYPOTHESIS_PROFILE=fuzz $(PY) -m pytest -q -m "not browser" $$(grep -rl "@given" safereport tests)

# Ruff (lint with its security rules, and format) and the one-way layers contract (import-linter).
LINTED := safereport bench tests conftest.py
lint: $(VENV)/.installed
	$(VENV)/bin/ruff check $(LINTED)
	$(VENV)/bin/ruff format --check $(LINTED)
	$(VENV)/bin/lint-imports

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix $(LINTED)
	$(VENV)/bin/ruff format $(LINTED)

check: $(VENV)/.installed
	$(PY) -m safereport.cli check

# Static types, configured in pyproject.toml ([tool.mypy], strict where keys, audit and policy live).
typecheck: $(VENV)/.installed
	$(PY) -m mypy safereport

clean:
	rm -rf $(VENV) var
