#!/usr/bin/env bash
# The browser test: starts the real tnt-forms binary on a free port against a database of its own, creates a
# pilot token, runs forms.test.mjs (Debian's Chromium through playwright-core, axe on every page), then
# stops the service and drops the database. Skips (exit 77) only when Chromium, Node or the npm packages are
# absent, or when no test database is configured (run through deploy/test.sh).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source_dir=${TNT_FORMS_TEST_SOURCE_DIR:-$(cd "$here/../.." && pwd)}
binary=${TNT_FORMS_TEST_BINARY:-}
chromium=${TNT_FORMS_CHROMIUM:-/usr/bin/chromium}

skip() { echo "browser test skipped: $*"; exit 77; }
[ -x "$chromium" ] || skip "$chromium is missing (deploy/install-deps.sh installs Debian's chromium)"
command -v node >/dev/null 2>&1 || skip "node is missing"
[ -d "$source_dir/node_modules/playwright-core" ] && [ -d "$source_dir/node_modules/@axe-core/playwright" ] \
  || skip "node_modules is missing (deploy/install-npm.sh)"
[ -n "${TNT_FORMS_TEST_DB_SOCKET:-}" ] && [ -n "${TNT_FORMS_TEST_DB_USER:-}" ] || skip "no TNT_FORMS_TEST_DB_* (run through deploy/test.sh)"
[ -n "$binary" ] && [ -x "$binary" ] || { echo "TNT_FORMS_TEST_BINARY is not an executable: '$binary'"; exit 1; }

db="tnt_test_browser_$$_$RANDOM"
work=$(mktemp -d)
mysql_args=(--socket="$TNT_FORMS_TEST_DB_SOCKET" -u "$TNT_FORMS_TEST_DB_USER")
[ -n "${TNT_FORMS_TEST_DB_PASSWORD:-}" ] && mysql_args+=("-p$TNT_FORMS_TEST_DB_PASSWORD")
service_pid=""
cleanup() {
  if [ -n "$service_pid" ] && kill -0 "$service_pid" 2>/dev/null; then
    kill -TERM "$service_pid" 2>/dev/null || true
    wait "$service_pid" 2>/dev/null || true
  fi
  mariadb "${mysql_args[@]}" -e "DROP DATABASE IF EXISTS \`$db\`" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
mariadb "${mysql_args[@]}" -e "CREATE DATABASE \`$db\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"

export TNT_FORMS_DB_SOCKET="$TNT_FORMS_TEST_DB_SOCKET" TNT_FORMS_DB_USER="$TNT_FORMS_TEST_DB_USER"
export TNT_FORMS_DB_PASSWORD="${TNT_FORMS_TEST_DB_PASSWORD:-}" TNT_FORMS_DB_NAME="$db"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
key="browser-test-secret-key-0123456789"
printf '%s\n' "$key" >"$work/secret.key"
"$binary" serve --listen "127.0.0.1:$port" --forms "$source_dir/forms" --schema "$source_dir/schema" \
  --static "$source_dir/node_modules/@gouvfr/dsfr/dist" --rate-limit 0 --secret-key-file "$work/secret.key" \
  >"$work/service.log" 2>&1 &
service_pid=$!
for _ in $(seq 1 200); do
  if curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then break; fi
  kill -0 "$service_pid" 2>/dev/null || { echo "the service exited:"; cat "$work/service.log"; exit 1; }
  sleep 0.1
done
curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null || { echo "the service is not healthy:"; cat "$work/service.log"; exit 1; }

# `token create` prints the secret once: "tnt_" and 40 letters or digits.
token_output=$("$binary" token create --name "pilote-navigateur" --scope "form:*" 2>&1)
secret=$(printf '%s\n' "$token_output" | grep -oE 'tnt_[A-Za-z0-9]{40}' | head -n 1)
[ -n "$secret" ] || { echo "no secret in the output of token create:"; echo "$token_output"; exit 1; }

# Two elected officials invited to the survey; the page test writes their links with the key.
printf 'email;code_insee;mandat\nmaire@commune-exemple.fr;2A004;Maire\nadjoint@commune-exemple.fr;97101;adjoint\n' \
  >"$work/elus.csv"
"$binary" invite sensibilisation-elus "$work/elus.csv" --forms "$source_dir/forms" >"$work/invite.log" 2>&1 \
  || { echo "invite failed:"; cat "$work/invite.log"; exit 1; }
invitations=$(mariadb "${mysql_args[@]}" -N -B -e "SELECT public_id FROM invitations ORDER BY id" "$db" | tr '\n' ' ')

status=0
TNT_SECRET_KEY="$key" TNT_INVITATIONS="$invitations" TNT_BASE_URL="http://127.0.0.1:$port" TNT_PILOT_TOKEN="$secret" TNT_CHROMIUM="$chromium" \
  TNT_SCREENSHOTS="$here/screenshots" NODE_PATH="$source_dir/node_modules" \
  node "$here/forms.test.mjs" || status=$?
if [ "$status" -ne 0 ]; then
  echo "== service log"; tail -n 50 "$work/service.log"
fi
exit "$status"
