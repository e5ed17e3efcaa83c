#!/usr/bin/env bash
# README command 2: every test.
#   1. ESLint and Prettier's check
#   2. unit tests (Vitest) on temporary SQLite databases, then on throwaway PostgreSQL ones
#   3. a production build (includes the type check)
#   4. the Playwright suite against that build: two servers on a fresh SQLite database,
#      then two app instances sharing a throwaway PostgreSQL database
#   5. every benchmark once, in a small smoke size (no timing is asserted)
# PostgreSQL parts need the server of POSTGRES_SERVER_URL (default 127.0.0.1:5432); without
# it they are skipped with a warning, except on CI, where that is a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

# The headless shell is preferred (e2e/kit/config-base.ts), the full browser works too.
chromium="${CHROMIUM_PATH:-}"
if [ -z "$chromium" ]; then
  for candidate in /usr/bin/chromium-headless-shell /usr/bin/chromium; do
    if [ -x "$candidate" ]; then chromium="$candidate"; break; fi
  done
fi
if [ ! -x "${chromium:-/nonexistent}" ]; then
  cat >&2 <<MSG
No Chromium found at ${chromium:-/usr/bin/chromium-headless-shell or /usr/bin/chromium}: the end-to-end tests need one.
  Debian/Ubuntu:  sudo apt-get update && sudo apt-get install -y chromium-headless-shell
  Elsewhere:      npx playwright install chromium   (needs internet access), then
                  export CHROMIUM_PATH=<path to the chromium it installed>
MSG
  exit 1
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "==> Installing dependencies (npm ci)"
  npm ci --no-audit --no-fund
fi
echo "==> Generating the Prisma clients"
npm run --silent db:generate

echo "==> Lint and format check"
npm run --silent lint
npm run --silent format:check

postgres=yes
if ! npx tsx scripts/postgres-available.ts; then
  if [ -n "${CI:-}" ]; then echo "PostgreSQL is required on CI." >&2; exit 1; fi
  postgres=no
  echo "WARNING: skipping the PostgreSQL unit tests, end-to-end flow and benchmarks." >&2
fi

echo "==> Unit tests on SQLite"
npx vitest run
if [ "$postgres" = yes ]; then
  echo "==> Unit tests on PostgreSQL"
  TEST_DATABASE=postgresql npx vitest run
fi

echo "==> Production build (includes the type check)"
npm run --silent build

echo "==> End-to-end tests (SQLite)"
npx playwright test -c e2e
if [ "$postgres" = yes ]; then
  echo "==> End-to-end tests (two instances on PostgreSQL)"
  npx playwright test -c e2e/playwright.postgresql.config.ts
fi

echo "==> Benchmarks, smoke size"
if [ "$postgres" = yes ]; then npm run --silent bench -- --smoke; else npm run --silent bench -- --smoke --sqlite-only; fi
