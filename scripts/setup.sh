#!/usr/bin/env bash
# Installs dependencies, creates secrets, migrates and seeds the database, builds the app.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "==> Installing dependencies (npm ci)"
  npm ci --no-audit --no-fund
fi
echo "==> Generating the Prisma client"
npm run --silent db:generate
echo "==> Secrets"
npm run --silent env:ensure
echo "==> Migrating the database"
npm run --silent db:migrate
echo "==> Seeding demo data"
npm run --silent db:seed
echo "==> Building"
npm run --silent build
