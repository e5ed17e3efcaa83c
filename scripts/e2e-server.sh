#!/usr/bin/env bash
# The server the Playwright suite runs against: a production build on a fresh database.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
: "${DATABASE_URL:?DATABASE_URL must name the test database}"
: "${PORT:?PORT must be set}"

if [[ "$DATABASE_URL" == file:* ]]; then
  file="${DATABASE_URL#file:}"
  rm -f "$file" "$file-wal" "$file-shm" "$file-journal"
fi
# Throwaway secrets: the suite must not depend on (or touch) a developer's .env.local.
AUTH_SECRET="$(node -e 'console.log(require("crypto").randomBytes(32).toString("base64"))')"
TWOFOLD_ENCRYPTION_KEY="e2e:$(node -e 'console.log(require("crypto").randomBytes(32).toString("base64"))')"
export AUTH_SECRET TWOFOLD_ENCRYPTION_KEY

[ -f .next/BUILD_ID ] || npm run --silent build
npm run --silent db:migrate
npm run --silent db:seed
exec npm run --silent start -- --port "$PORT" --hostname 127.0.0.1
