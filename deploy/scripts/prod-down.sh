#!/usr/bin/env bash
# Stop what prod-up.sh started: SIGTERM (workers finish their task), then SIGKILL after 20 s.
set -uo pipefail
cd "$(dirname "$0")/../.."
STATE=var/prod
for f in "$STATE"/*.pid; do
  [ -f "$f" ] || continue
  pid=$(cat "$f")
  kill -TERM "$pid" 2>/dev/null || true
done
for _ in $(seq 1 20); do
  alive=0
  for f in "$STATE"/*.pid; do [ -f "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null && alive=1; done
  [ $alive = 0 ] && break
  sleep 1
done
for f in "$STATE"/*.pid; do
  [ -f "$f" ] || continue
  kill -KILL "$(cat "$f")" 2>/dev/null || true
  rm -f "$f"
done
echo "速找活 production stack stopped"
