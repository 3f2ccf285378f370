#!/usr/bin/env bash
# Starts tnt-forms with its own private MariaDB (data kept under var/) and the programme's forms, on
# http://127.0.0.1:8080 (TNT_FORMS_LISTEN to change it). Ctrl-C stops the service, then the database.
# Running it again keeps the data. Without TNT_FORMS_SMTP_HOST, a local SMTP mailbox (deploy/smtp-sink.py)
# receives the e-mails the service sends: one file per message in var/mail/new/.
set -euo pipefail
if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; exit 0; fi

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
bash deploy/install-deps.sh
bash deploy/install-npm.sh

echo "== build (Release)"
cmake --preset release >/dev/null
cmake --build build-release --target tnt-forms -j"$(nproc)"

mkdir -p var
echo "== private MariaDB in var/mariadb"
bash deploy/mariadb.sh init var/mariadb
bash deploy/mariadb.sh start var/mariadb
sink_pid=""
stop_all() {
  if [ -n "$sink_pid" ]; then kill "$sink_pid" 2>/dev/null || true; wait "$sink_pid" 2>/dev/null || true; fi
  echo "== stopping MariaDB"
  bash "$root/deploy/mariadb.sh" stop "$root/var/mariadb"
}
trap stop_all EXIT
bash deploy/mariadb.sh provision var/mariadb tnt_forms tnt_forms var/db-password

# E-mail: the relay given by TNT_FORMS_SMTP_* (deploy/README.md, « Courriels »), else a local mailbox.
if [ -z "${TNT_FORMS_SMTP_HOST:-}" ]; then
  sink_port=${TNT_FORMS_SINK_PORT:-2525}
  echo "== local SMTP mailbox on 127.0.0.1:$sink_port (var/mail)"
  python3 deploy/smtp-sink.py --listen "127.0.0.1:$sink_port" --maildir var/mail >var/smtp-sink.log 2>&1 &
  sink_pid=$!
  for _ in $(seq 1 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$sink_port") 2>/dev/null && break
    kill -0 "$sink_pid" 2>/dev/null || { echo "the local SMTP mailbox did not start:"; cat var/smtp-sink.log; exit 1; }
    sleep 0.1
  done
  export TNT_FORMS_SMTP_HOST=127.0.0.1 TNT_FORMS_SMTP_PORT="$sink_port"
  export TNT_FORMS_SMTP_FROM="${TNT_FORMS_SMTP_FROM:-formulaires@localhost.localdomain}"
  mail_where="local mailbox: one file per message in $root/var/mail/new/ (nothing leaves this machine)"
else
  mail_where="relay $TNT_FORMS_SMTP_HOST:${TNT_FORMS_SMTP_PORT:-25}"
fi

export TNT_FORMS_DB_SOCKET="$root/var/mariadb/mysqld.sock"
export TNT_FORMS_DB_NAME=tnt_forms
export TNT_FORMS_DB_USER=tnt_forms
export TNT_FORMS_DB_PASSWORD_FILE="$root/var/db-password"
export TNT_FORMS_LISTEN="${TNT_FORMS_LISTEN:-127.0.0.1:8080}"
export TNT_FORMS_FORMS_DIR="$root/forms"
export TNT_FORMS_SCHEMA_DIR="$root/schema"
export TNT_FORMS_STATIC_DIR="$root/node_modules/@gouvfr/dsfr/dist"
export TNT_FORMS_DOCS="$root/docs"
if [ ! -s var/secret-key ]; then (umask 077; openssl rand -hex 32 > var/secret-key); fi
export TNT_FORMS_SECRET_KEY_FILE="$root/var/secret-key"
export TNT_FORMS_PUBLIC_URL="${TNT_FORMS_PUBLIC_URL:-http://$TNT_FORMS_LISTEN}"

url="http://$TNT_FORMS_LISTEN"
cat <<TXT
== tnt-forms on $url  (Ctrl-C to stop)
   forms:      $url/
   API:        $url/api/v1/forms   description: $url/api/v1/openapi.json
   health:     $url/healthz   ready: $url/readyz   metrics: $url/metrics
   pilots:     $url/pilote/
   database:   unix socket $TNT_FORMS_DB_SOCKET (user tnt_forms, password in var/db-password)
   e-mail:     $mail_where
TXT
status=0
build-release/service/tnt-forms serve || status=$?
exit "$status"
