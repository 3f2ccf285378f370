#!/usr/bin/env bash
# Starts tnt-forms with its own private MariaDB (data kept under var/) and the programme's forms, on
# http://127.0.0.1:8080 (TNT_FORMS_LISTEN to change it). Ctrl-C stops the service, then the database.
# Running it again keeps the data.
set -euo pipefail
if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then sed -n '2,4p' "$0" | sed 's/^# \{0,1\}//'; exit 0; fi

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
trap 'echo "== stopping MariaDB"; bash "$root/deploy/mariadb.sh" stop "$root/var/mariadb"' EXIT
bash deploy/mariadb.sh provision var/mariadb tnt_forms tnt_forms var/db-password

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

url="http://$TNT_FORMS_LISTEN"
cat <<TXT
== tnt-forms on $url  (Ctrl-C to stop)
   forms:      $url/
   API:        $url/api/v1/forms   description: $url/api/v1/openapi.json
   health:     $url/healthz   ready: $url/readyz   metrics: $url/metrics
   pilots:     $url/pilote/
   database:   unix socket $TNT_FORMS_DB_SOCKET (user tnt_forms, password in var/db-password)
TXT
status=0
build-release/service/tnt-forms serve || status=$?
exit "$status"
