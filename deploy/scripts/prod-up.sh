#!/usr/bin/env bash
# Bring the production process model up on this machine for a smoke test: gunicorn (production settings),
# background workers on the Redis queue, the scheduler, PostgreSQL and Redis (already running here).
# State, logs and generated secrets live in var/prod/. `make prod-down` stops it.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${PY:-.venv/bin/python}
PORT=${SZH_PROD_PORT:-8300}
WORKERS=${SZH_PROD_TASK_WORKERS:-2}
STATE=var/prod
mkdir -p "$STATE"
chmod 700 "$STATE"

# Secrets generated once for this local stack (a real deployment reads them from /etc/suzhaohuo/env).
if [ ! -f "$STATE/env" ]; then
  umask 077
  {
    echo "DJANGO_SECRET_KEY=$(openssl rand -hex 40)"
    echo "SZH_FIELD_ENCRYPTION_KEY=$($PY -c 'import base64,os;print(base64.urlsafe_b64encode(os.urandom(32)).decode())')"
    echo "SZH_FIELD_HASH_KEY=$(openssl rand -hex 32)"
    echo "SZH_AGREEMENT_SIGNING_KEY=$($PY -c 'import base64,os;print(base64.b64encode(os.urandom(32)).decode())')"
    echo "SZH_METRICS_TOKEN=$(openssl rand -hex 20)"
  } > "$STATE/env"
fi
set -a
# shellcheck disable=SC1091
. "$STATE/env"
DJANGO_SETTINGS_MODULE=config.settings_production
DATABASE_URL=${SZH_PROD_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/szh_prod}
REDIS_URL=${SZH_PROD_REDIS_URL:-redis://127.0.0.1:6379/5}
DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost
SZH_SITE_URL=http://127.0.0.1:$PORT
SZH_LOG_FORMAT=json
SZH_LOG_LEVEL=INFO
PROMETHEUS_MULTIPROC_DIR=$PWD/$STATE/prometheus
SZH_BIND=127.0.0.1:$PORT
SZH_WEB_WORKERS=${SZH_WEB_WORKERS:-3}
set +a

db=${DATABASE_URL##*/}
psql "${DATABASE_URL%/*}/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname='$db'" | grep -q 1 \
  || psql "${DATABASE_URL%/*}/postgres" -qc "CREATE DATABASE \"$db\""
redis-cli -u "$REDIS_URL" ping >/dev/null

rm -rf "$PROMETHEUS_MULTIPROC_DIR" && mkdir -p "$PROMETHEUS_MULTIPROC_DIR"
$PY manage.py migrate --noinput -v0
$PY manage.py load_regions >/dev/null
$PY manage.py collectstatic --noinput -v0

start() {  # name, command...
  local name=$1; shift
  if [ -f "$STATE/$name.pid" ] && kill -0 "$(cat "$STATE/$name.pid")" 2>/dev/null; then
    echo "$name already running (pid $(cat "$STATE/$name.pid"))"; return
  fi
  nohup "$@" >>"$STATE/$name.log" 2>&1 &
  echo $! >"$STATE/$name.pid"
}
start web .venv/bin/gunicorn -c deploy/gunicorn.conf.py config.wsgi:application
for i in $(seq 1 "$WORKERS"); do start "worker$i" "$PY" manage.py run_worker; done
start scheduler "$PY" manage.py run_scheduler

for _ in $(seq 1 60); do
  if curl -fsS -H 'X-Forwarded-Proto: https' "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1; then
    echo "速找活 production stack up: http://127.0.0.1:$PORT (behind nginx it would be https); state in $STATE/"
    exit 0
  fi
  sleep 1
done
echo "the stack did not become ready; see $STATE/*.log" >&2
curl -sS -H 'X-Forwarded-Proto: https' "http://127.0.0.1:$PORT/readyz" >&2 || true
exit 1
