#!/usr/bin/env bash
# README command 2: every test. Unit tests (Vitest) on temporary SQLite files, then the
# Playwright suite against a production build on a fresh database.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  cat >&2 <<MSG
No Chromium found at $chromium: the end-to-end tests need one.
  Debian/Ubuntu:  sudo apt-get update && sudo apt-get install -y chromium
  Elsewhere:      npx playwright install chromium   (needs internet access), then
                  export CHROMIUM_PATH=<path to the chromium it installed>
MSG
  exit 1
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "==> Installing dependencies (npm ci)"
  npm ci --no-audit --no-fund
fi
echo "==> Generating the Prisma client"
npm run --silent db:generate
echo "==> Unit tests"
npx vitest run
echo "==> Production build (includes the type check)"
npm run --silent build
echo "==> End-to-end tests"
npx playwright test -c e2e
