#!/usr/bin/env bash
# Test machines only: let a streaming replica on this machine connect to the local PostgreSQL for replication
# (the tests start one with pg_basebackup). Idempotent. Production pg_hba rules are in deploy/README.md.
set -euo pipefail
hba=$(ls /etc/postgresql/*/main/pg_hba.conf 2>/dev/null | head -n1)
[ -n "$hba" ] || { echo "no local PostgreSQL cluster config found" >&2; exit 1; }
if ! grep -qE '^host\s+replication\s+all\s+127\.0\.0\.1/32' "$hba"; then
  echo "host replication all 127.0.0.1/32 trust" >> "$hba"
  pg_ctlcluster --skip-systemctl-redirect "$(basename "$(dirname "$(dirname "$hba")")")" main reload
fi
