#!/usr/bin/env bash
# Smoke test of the stack prod-up.sh started: probes, pages, API, metrics, and a task run by a Redis worker.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${PY:-.venv/bin/python}
PORT=${SZH_PROD_PORT:-8300}
STATE=var/prod
BASE="http://127.0.0.1:$PORT"
H=(-H 'X-Forwarded-Proto: https')   # what nginx adds; production settings redirect plain http
fail() { echo "SMOKE FAIL: $*" >&2; exit 1; }

curl -fsS "${H[@]}" "$BASE/healthz" | grep -q '"status": "ok"' || fail healthz
ready=$(curl -fsS "${H[@]}" "$BASE/readyz") || fail "readyz: $ready"
echo "$ready" | grep -q '"queue": "ok"' || fail "queue not ready: $ready"
code=$(curl -s -o /dev/null -w '%{http_code}' "$BASE/healthz")
[ "$code" = 301 ] || fail "plain http must redirect to https (got $code)"
for path in / /search/?q=%E4%BF%9D%E6%B4%81 /carriers/coverage/ /verify/ /accounts/login/ /api/v1/openapi.json /api/v1/regions; do
  code=$(curl -s -o /dev/null -w '%{http_code}' "${H[@]}" "$BASE$path")
  [ "$code" = 200 ] || fail "$path answered $code"
done
rid=$(curl -s -D - -o /dev/null "${H[@]}" -H 'X-Request-ID: smoke-12345678' "$BASE/healthz" | tr -d '\r' \
      | awk -F': ' 'tolower($1)=="x-request-id"{print $2}')
[ "$rid" = smoke-12345678 ] || fail "request id not echoed"
token=$(grep SZH_METRICS_TOKEN "$STATE/env" | cut -d= -f2)
metrics=$(curl -fsS "${H[@]}" -H "Authorization: Bearer $token" "$BASE/metrics") || fail metrics
echo "$metrics" | grep -q 'szh_request_seconds_bucket' || fail "no request histogram in /metrics"
echo "$metrics" | grep -q 'szh_task_queue_depth' || fail "no queue depth in /metrics"

# A task enqueued on the Redis queue is run by one of the workers.
set -a; . "$STATE/env"; set +a
export DJANGO_SETTINGS_MODULE=config.settings_production DATABASE_URL=${SZH_PROD_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/szh_prod}
export REDIS_URL=${SZH_PROD_REDIS_URL:-redis://127.0.0.1:6379/5} DJANGO_ALLOWED_HOSTS=127.0.0.1
$PY manage.py shell -c "
import time
from suzhaohuo.kernel.tasks import events_retry_task
r = events_retry_task.enqueue()
for _ in range(60):
    r.refresh()
    if r.status in ('SUCCESSFUL', 'FAILED'):
        break
    time.sleep(0.5)
assert r.status == 'SUCCESSFUL', r.status
print('task', r.id, r.status, 'on', r.backend)
" || fail "task not run by a worker"
echo "smoke test passed"
