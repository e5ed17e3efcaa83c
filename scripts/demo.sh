#!/usr/bin/env bash
# README command 1: set everything up on the embedded SQLite database and start the app.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
port="${PORT:-3000}"
cat <<MSG

  Twofold is starting at http://localhost:${port}
  Log in as an admin:  admin@acme.test / correct-horse-battery-staple
  or as a member:      alice@acme.test / correct-horse-battery-staple
  (Globex, another organisation: admin@globex.test, same password)

MSG
exec npm run --silent start -- --port "$port"
