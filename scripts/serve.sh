#!/usr/bin/env bash
# Serve the platform as in production: migrate, collect the static files, then gunicorn
# (gunicorn.conf.py, WhiteNoise for the static files) with the task worker beside it.
# Stops both when either stops, or on Ctrl-C / SIGTERM.
#   scripts/serve.sh         `make serve`: everything from the environment (DATABASE_URL…)
#   scripts/serve.sh --demo  `make demo`: also loads the demonstration (load_demo)
set -uo pipefail
cd "$(dirname "$0")/.."
python="${PYTHON:-.venv/bin/python}"
if [ "${1:-}" = "--demo" ] && [ -n "${PORT:-}" ] && [ -z "${GUNICORN_BIND:-}" ]; then
  # The emails' links (digests, alerts) lead to the port the demo is served on.
  export SITE_URL="${SITE_URL:-http://127.0.0.1:${PORT}}"
fi

"$python" manage.py migrate --noinput || exit 1
"$python" manage.py collectstatic --noinput --verbosity 0 || exit 1
if [ "${1:-}" = "--demo" ]; then
  "$python" manage.py load_demo || exit 1
  echo ""
  echo "  Plateforme : http://${GUNICORN_BIND:-127.0.0.1:${PORT:-8000}}/"
  echo "  Courriels envoyés (mot de passe oublié, invitations…) : ${EMAIL_FILE_PATH:-var/mail}/"
  echo ""
fi

"$python" manage.py db_worker --no-startup-delay &
worker=$!
"$python" -m gunicorn --config gunicorn.conf.py &
server=$!
every() {  # every SECONDS COMMAND…: a manage.py command now, then every SECONDS, in the background
  local seconds=$1
  shift
  (
    trap 'kill "$pause" 2>/dev/null; exit 0' TERM
    while true; do
      "$python" manage.py "$@" >/dev/null
      sleep "$seconds" &
      pause=$!
      wait "$pause"
    done
  ) &
}
alerts=""
if [ "${1:-}" = "--demo" ]; then
  # The periodic jobs, stopped with the server. In production, cron runs them (--enqueue):
  # the catalogue's alerts (funding) every ALERTS_EVERY seconds (a day by default), the
  # notification digests (workspace) every DIGESTS_EVERY seconds (an hour by default).
  every "${ALERTS_EVERY:-86400}" send_scheme_alerts --enqueue
  alerts=$!
  every "${DIGESTS_EVERY:-3600}" send_digests --enqueue
  alerts="$alerts $!"
fi

stop() {
  kill -TERM "$worker" "$server" $alerts 2>/dev/null
  wait "$worker" "$server" 2>/dev/null
}
trap 'stop; exit 0' INT TERM
wait -n "$worker" "$server"
status=$?
stop
exit "$status"
