# Newsroom's entry points: run, test, bench, bench-images, lint.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run serve test bench bench-scale bench-images bench-import lint format install install-test system-test-deps nginx

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# Reinstall only when pyproject.toml changes.
$(VENV)/.stamp-install: pyproject.toml | $(VENV)/bin/activate
	$(PIP) install --quiet -e .
	touch $@

$(VENV)/.stamp-test: pyproject.toml | $(VENV)/bin/activate
	$(PIP) install --quiet -e ".[test]"
	touch $(VENV)/.stamp-install $@

install: $(VENV)/.stamp-install
install-test: $(VENV)/.stamp-test

# Development secret, kept out of git, made once.
.dev-secret-key:
	$(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

# The background worker (renditions of bulk uploads) shares the console: its warnings and
# errors show there, among the server's requests.
run: install .dev-secret-key
	@export DEBUG=1 SECRET_KEY="$$(cat .dev-secret-key)"; \
	$(PY) manage.py ensure_database && \
	$(PY) manage.py migrate --noinput && \
	$(PY) manage.py load_demo && \
	echo "" && $(PY) manage.py demo_logins --base-url "http://$(HOST):$(PORT)" && echo "" && \
	{ LOG_LEVEL=WARNING $(PY) manage.py db_worker --queue-name '*' --no-reload & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(PY) manage.py runserver $(HOST):$(PORT); }

# nginx from Debian's packages, for `make serve` and the failover tests.
# With its cache-purge module: the app purges what changed (reader/purge.py).
NGINX_PURGE_MODULE := /usr/lib/nginx/modules/ngx_http_cache_purge_module.so
nginx:
	@{ { command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; } && [ -f $(NGINX_PURGE_MODULE) ]; } || { \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing nginx"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx libnginx-mod-http-cache-purge >/dev/null; \
	  else echo "nginx is missing: apt-get install nginx libnginx-mod-http-cache-purge"; exit 1; fi; }

# The production stack on this machine (plain HTTP): nginx with the front cache, two app
# servers with DEBUG off, the worker. `make serve PORT=8080`. See README, "Production".
serve: install .dev-secret-key nginx
	@HOST=$(HOST) PORT=$(PORT) $(PY) deploy/serve.py

# System packages the tests use: Chromium for browser tests, exiftool to write test metadata,
# nginx and its cache-purge module for the failover and purge tests.
system-test-deps:
	@missing=""; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	command -v exiftool >/dev/null 2>&1 || missing="$$missing libimage-exiftool-perl"; \
	command -v java >/dev/null 2>&1 || missing="$$missing default-jre-headless"; \
	{ command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; } || missing="$$missing nginx"; \
	[ -f $(NGINX_PURGE_MODULE) ] || missing="$$missing libnginx-mod-http-cache-purge"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing system packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null \
	      || echo "WARNING: could not install$$missing; tests that need them will be skipped loudly."; \
	  else \
	    echo "WARNING: missing$$missing and cannot apt-get install here; tests that need them will be skipped loudly."; \
	  fi; \
	fi

test: install-test system-test-deps
	$(VENV)/bin/pytest

# Times the full rendition set of a generated 6000x4000 JPEG: the pipeline vs the naive way.
bench-images: install
	DEBUG=1 $(PY) manage.py bench_images

lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-test
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Times a generated WordPress export of 10,000 posts and 5,000 attachments through
# import_wordpress into an empty database (bench/import_wordpress.py; README "WordPress import").
bench-import: install
	$(PY) bench/import_wordpress.py

# Benchmark (not part of the tests): the corpus of 20,000 articles on top of the demo,
# gunicorn with production settings on 127.0.0.1, wrk. See README "Benchmark".
bench: install
	@command -v wrk >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing wrk"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	  else echo "wrk is missing: apt-get install wrk"; exit 1; fi; }
	$(PY) bench/run.py

# Archive scale (not part of the tests): the corpus at 20,000 and at 200,000 stories, cold
# pages timed one request at a time at both sizes, with the growth. See README "Benchmark".
bench-scale: install
	$(PY) bench/scale.py
