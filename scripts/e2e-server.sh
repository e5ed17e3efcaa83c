#!/usr/bin/env bash
# A server for the Playwright suite: a production build on a fresh database. With
# E2E_PRIMARY_URL set it is a second instance: it waits for the primary (which resets,
# migrates and seeds the database) and then shares its database.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
: "${DATABASE_URL:?DATABASE_URL must name the test database}"
: "${PORT:?PORT must be set}"
: "${AUTH_SECRET:?AUTH_SECRET must be set}"
: "${TWOFOLD_ENCRYPTION_KEY:?TWOFOLD_ENCRYPTION_KEY must be set}"

if [ -n "${E2E_PRIMARY_URL:-}" ]; then
  for _ in $(seq 1 900); do
    curl -fs -o /dev/null "$E2E_PRIMARY_URL" && break
    sleep 0.2
  done
else
  if [[ "$DATABASE_URL" == file:* ]]; then
    file="${DATABASE_URL#file:}"
    rm -f "$file" "$file-wal" "$file-shm" "$file-journal"
  else
    # A throwaway PostgreSQL database: recreated here, dropped by the suite's teardown.
    name="${DATABASE_URL##*/}"
    psql "${DATABASE_URL%/*}/postgres" -qc "DROP DATABASE IF EXISTS \"$name\" WITH (FORCE)" -c "CREATE DATABASE \"$name\""
  fi
  [ -f .next/BUILD_ID ] || npm run --silent build
  npm run --silent db:migrate
  npm run --silent db:seed
fi
exec npm run --silent start -- --port "$PORT" --hostname 127.0.0.1
