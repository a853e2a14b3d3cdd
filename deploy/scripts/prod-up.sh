#!/usr/bin/env bash
# Bring the production process model up on this machine for a smoke test: nginx in front of two gunicorn
# instances (production settings; ports PORT+1 and PORT+2, nginx on PORT), background workers on the Redis
# queue, the scheduler, PostgreSQL and Redis (already running here). Without nginx installed (or with
# SZH_PROD_NGINX=0) one gunicorn listens on PORT itself.
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
set +a
NGINX=${SZH_PROD_NGINX:-auto}
if [ "$NGINX" = auto ]; then
  if command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; then NGINX=1; else NGINX=0; fi
fi

db=${DATABASE_URL##*/}
psql "${DATABASE_URL%/*}/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname='$db'" | grep -q 1 \
  || psql "${DATABASE_URL%/*}/postgres" -qc "CREATE DATABASE \"$db\""
redis-cli -u "$REDIS_URL" ping >/dev/null

# SZH_PROD_RESTART=1: only start what is not running (as systemd restarts a dead service), without the
# release steps and without clearing the metrics of the processes still running.
if [ "${SZH_PROD_RESTART:-0}" != 1 ]; then
  rm -rf "$PROMETHEUS_MULTIPROC_DIR" && mkdir -p "$PROMETHEUS_MULTIPROC_DIR"
  $PY manage.py migrate --noinput -v0
  $PY manage.py load_regions >/dev/null
  $PY manage.py collectstatic --noinput -v0
fi

start() {  # name, command...
  local name=$1; shift
  if [ -f "$STATE/$name.pid" ] && kill -0 "$(cat "$STATE/$name.pid")" 2>/dev/null; then
    echo "$name already running (pid $(cat "$STATE/$name.pid"))"; return
  fi
  nohup "$@" >>"$STATE/$name.log" 2>&1 &
  echo $! >"$STATE/$name.pid"
}
gunicorn() {  # name, port, workers
  start "$1" env SZH_BIND="127.0.0.1:$2" SZH_WEB_WORKERS="$3" .venv/bin/gunicorn -c deploy/gunicorn.conf.py \
    --control-socket "$PWD/$STATE/$1.ctl" config.wsgi:application
}
if [ "$NGINX" = 1 ]; then
  gunicorn web1 $((PORT + 1)) "${SZH_WEB_WORKERS:-2}"
  gunicorn web2 $((PORT + 2)) "${SZH_WEB_WORKERS:-2}"
  mkdir -p "$STATE/nginx"
  sed -e "s|@STATE@|$PWD/$STATE|g" -e "s|@ROOT@|$PWD|g" -e "s|@PORT@|$PORT|g" \
      -e "s|@APP1@|127.0.0.1:$((PORT + 1))|g" -e "s|@APP2@|127.0.0.1:$((PORT + 2))|g" \
      deploy/nginx/local-stack.conf >"$STATE/nginx/nginx.conf"
  start nginx "$(command -v nginx || echo /usr/sbin/nginx)" -e "$PWD/$STATE/nginx-error.log" -c "$PWD/$STATE/nginx/nginx.conf"
else
  gunicorn web "$PORT" "${SZH_WEB_WORKERS:-3}"
fi
for i in $(seq 1 "$WORKERS"); do start "worker$i" "$PY" manage.py run_worker; done
start scheduler "$PY" manage.py run_scheduler

ready() { curl -fsS -H 'X-Forwarded-Proto: https' "http://127.0.0.1:$1/readyz" >/dev/null 2>&1; }
ports=$PORT
[ "$NGINX" = 1 ] && ports="$((PORT + 1)) $((PORT + 2)) $PORT"
for _ in $(seq 1 90); do
  up=1
  for p in $ports; do ready "$p" || { up=0; break; }; done
  if [ $up = 1 ]; then
    if [ "$NGINX" = 1 ]; then
      echo "速找活 production stack up: http://127.0.0.1:$PORT (nginx → gunicorn :$((PORT + 1)) :$((PORT + 2)); https in a real deployment); state in $STATE/"
    else
      echo "速找活 production stack up: http://127.0.0.1:$PORT (gunicorn alone, no nginx; https in a real deployment); state in $STATE/"
    fi
    exit 0
  fi
  sleep 1
done
echo "the stack did not become ready; see $STATE/*.log" >&2
for p in $ports; do curl -sS -H 'X-Forwarded-Proto: https' "http://127.0.0.1:$p/readyz" >&2 || true; done
exit 1
