# 速找活 — two commands for a fresh machine: `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell for p in python3.12 /root/.pyenv/versions/3.12*/bin/python3.12 /usr/bin/python3.12; do \
             command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; assert sys.version_info[:2]==(3,12)' 2>/dev/null && { echo $$p; break; }; done)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Links printed on boards, QR codes and agreements point at the server this Makefile starts.
export SZH_SITE_URL ?= http://$(HOST):$(PORT)
PYTEST_ARGS ?=

.PHONY: demo test install browsers migrate seed serve lint typecheck bench check-deploy clean prod-up prod-down prod-smoke

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "需要 Python 3.12（Django 6 的最低版本）。"; exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

browsers:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk poppler-utils espeak-ng >/dev/null; }
	@command -v espeak-ng >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq espeak-ng >/dev/null; }
	@fc-list :lang=zh 2>/dev/null | grep -q . && command -v pdffonts >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk poppler-utils >/dev/null; }
	@test -d node_modules/axe-core || npm install --no-save --silent axe-core@4.11.0 >/dev/null

migrate: install
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py createcachetable

tts:  ## espeak-ng's Mandarin voice for the read-aloud audio (Debian package)
	@command -v espeak-ng >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq espeak-ng >/dev/null; } || echo "espeak-ng not installed: read-aloud audio falls back to the browser's voice"

seed: migrate tts
	$(PY) manage.py load_regions
	$(PY) manage.py seed_demo

demo: seed
	$(PY) manage.py collectstatic --noinput -v0
	@echo "速找活 demo: http://$(HOST):$(PORT)  (工作人员账号见 README)"
	$(PY) manage.py run_worker >var/worker.log 2>&1 & \
	  $(PY) manage.py run_scheduler >var/scheduler.log 2>&1 & \
	  trap 'kill 0' EXIT; DJANGO_DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

serve: install
	DJANGO_DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

test: install browsers
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/python manage.py app_graph --check

typecheck: install
	$(VENV)/bin/mypy suzhaohuo config

check-deploy: install
	DJANGO_SETTINGS_MODULE=config.settings_production DJANGO_SECRET_KEY=$$(openssl rand -hex 40) \
	  SZH_FIELD_ENCRYPTION_KEY=$$($(PY) -c 'import base64,os;print(base64.urlsafe_b64encode(os.urandom(32)).decode())') \
	  SZH_AGREEMENT_SIGNING_KEY=$$($(PY) -c 'import base64,os;print(base64.b64encode(os.urandom(32)).decode())') \
	  DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/suzhaohuo} \
	  DJANGO_ALLOWED_HOSTS=suzhaohuo.example.cn $(PY) manage.py check --deploy --fail-level WARNING

bench: install
	@command -v wrk >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
	$(PY) -m bench $(if $(FULL),--full,)

prod-up: install  ## the production process model on this machine (nginx, 2 gunicorn instances, Redis queue, PostgreSQL, scheduler)
	deploy/scripts/prod-up.sh

prod-smoke:
	deploy/scripts/smoke.sh

prod-down:
	deploy/scripts/prod-down.sh

clean:
	rm -rf var/db.sqlite3* var/staticfiles var/chain-checkpoints.jsonl
