#!/usr/bin/env bash
# README command 1: set everything up on the embedded SQLite database and start the app, with
# MailDev (a development SMTP server with a web inbox) receiving every email it sends.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
port="${PORT:-3000}"
export APP_URL="${APP_URL:-http://localhost:${port}}"

smtp_configured() {
  [ -n "${SMTP_URL:-}" ] && return 0
  grep -qs '^SMTP_URL=.' .env .env.local .env.production .env.production.local
}

maildev_pid=""
inbox=""
if smtp_configured; then
  inbox="the mailboxes of your SMTP server (SMTP_URL is set)"
else
  smtp_port="${MAILDEV_SMTP_PORT:-1025}"
  web_port="${MAILDEV_WEB_PORT:-1080}"
  inbox="http://localhost:${web_port}"
  if (exec 3<>"/dev/tcp/127.0.0.1/${smtp_port}") 2>/dev/null; then
    echo "==> Something already listens on 127.0.0.1:${smtp_port}; sending email there (a MailDev from an earlier demo?)"
  else
    echo "==> Starting MailDev (SMTP 127.0.0.1:${smtp_port}, inbox ${inbox})"
    node_modules/.bin/maildev --smtp "$smtp_port" --web "$web_port" --ip 127.0.0.1 --silent &
    maildev_pid=$!
  fi
  export SMTP_URL="smtp://127.0.0.1:${smtp_port}"
fi

app_pid=""
stop() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null || true
  [ -n "$maildev_pid" ] && kill "$maildev_pid" 2>/dev/null || true
}
# Stopping the demo (Ctrl-C, or the app exiting) stops MailDev too.
trap stop EXIT
trap 'exit 130' INT TERM

cat <<MSG

  Twofold is starting at http://localhost:${port}
  Log in as an admin:  admin@acme.test / correct-horse-battery-staple
  or as a member:      alice@acme.test / correct-horse-battery-staple
  (Globex, another organisation: admin@globex.test, same password)
  Emails (invitations, password resets, security notices): ${inbox}

MSG
# The log in readable lines rather than JSON (README "Logs"); LOG_FORMAT=json keeps JSON.
export LOG_FORMAT="${LOG_FORMAT:-pretty}"
# The server itself, not through npm (what `npm start` runs): stopping the demo then reaches it,
# and it shuts down gracefully (README "Stopping and restarting").
NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 node --import tsx server.ts --port "$port" &
app_pid=$!
wait "$app_pid"
