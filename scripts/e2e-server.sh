#!/usr/bin/env bash
# A server for the Playwright suite: a production build on a database this e2e run created.
# The config makes a temporary directory with a marker file naming the run's database
# (e2e/kit/run-database.ts); this script migrates and seeds only that database, and only
# while it is new: it never deletes, drops or resets anything. With E2E_PRIMARY_URL set it
# is a second instance: it waits for the primary (which migrates and seeds) and shares it.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
: "${DATABASE_URL:?DATABASE_URL must name the test database}"
: "${PORT:?PORT must be set}"
: "${AUTH_SECRET:?AUTH_SECRET must be set}"
: "${TWOFOLD_ENCRYPTION_KEY:?TWOFOLD_ENCRYPTION_KEY must be set}"

refuse() {
  echo "e2e-server: refusing to prepare $DATABASE_URL: $1" >&2
  echo "e2e-server: the suite only prepares a database its config created in this run (see e2e/README.md)." >&2
  exit 1
}

marker="${E2E_RUN_DIR:-}/twofold-e2e-run"
[ -n "${E2E_RUN_DIR:-}" ] && [ -f "$marker" ] || refuse "no run marker (E2E_RUN_DIR is unset or not a run directory)"
grep -qxF "token=${E2E_RUN_TOKEN:-}" "$marker" || refuse "the run marker belongs to another run"
grep -qxF "database=$DATABASE_URL" "$marker" || refuse "it is not the database this run created"

if [ -n "${E2E_PRIMARY_URL:-}" ]; then
  for _ in $(seq 1 900); do
    curl -fs -o /dev/null "$E2E_PRIMARY_URL" && break
    sleep 0.2
  done
else
  if [[ "$DATABASE_URL" == file:* ]]; then
    file="${DATABASE_URL#file:}"
    [ "$(dirname "$file")" = "$E2E_RUN_DIR" ] || refuse "the SQLite file is outside the run directory"
    [ ! -e "$file" ] || refuse "the SQLite file already exists"
  else
    # Created here under the random name the config registered; CREATE fails if it exists.
    name="${DATABASE_URL##*/}"
    [[ "$name" =~ ^twofold_e2e_[0-9a-f]{12}$ ]] || refuse "not a name the e2e config makes"
    psql "${DATABASE_URL%/*}/postgres" -v ON_ERROR_STOP=1 -qc "CREATE DATABASE \"$name\"" || refuse "CREATE DATABASE failed (does it exist already?)"
  fi
  [ -f .next/BUILD_ID ] || npm run --silent build
  npm run --silent db:migrate
  npm run --silent db:seed
fi
# The server's whole output is kept in the run directory (the last test of the run scans it
# for leaked secrets: e2e/log-scan); Playwright shows its warnings, errors and any line that
# is not JSON (on stderr), not the line of every request.
log_file="$E2E_RUN_DIR/server-$PORT.log"
exec > >(tee -a "$log_file" | grep --line-buffered -vE '^\{"level":"(trace|debug|info)"' >&2) 2> >(tee -a "$log_file" >&2)
exec npm run --silent start -- --port "$PORT" --hostname 127.0.0.1
