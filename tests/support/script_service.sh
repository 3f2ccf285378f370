# Sourced by script-driven e2e tests: the real tnt-forms binary on a free port against a database of its
# own (dropped at exit, with the service stopped), and pilot tokens. Needs the TNT_FORMS_TEST_* variables
# that deploy/test.sh sets; the caller checks them first and skips (exit 77) without them.
#   script_service_start FORMS_DIR [serve arguments…]   sets SERVICE_URL and SERVICE_WORK (a private directory)
#   script_service_token NAME SCOPE…                     prints the token's secret
script_service_pid=""
script_service_db=""

script_service_mysql() {
  local args=(--socket="$TNT_FORMS_TEST_DB_SOCKET" -u "$TNT_FORMS_TEST_DB_USER")
  [ -n "${TNT_FORMS_TEST_DB_PASSWORD:-}" ] && args+=("-p$TNT_FORMS_TEST_DB_PASSWORD")
  mariadb "${args[@]}" "$@"
}

script_service_cleanup() {
  if [ -n "$script_service_pid" ] && kill -0 "$script_service_pid" 2>/dev/null; then
    kill -TERM "$script_service_pid" 2>/dev/null || true
    wait "$script_service_pid" 2>/dev/null || true
  fi
  [ -n "$script_service_db" ] && script_service_mysql -e "DROP DATABASE IF EXISTS \`$script_service_db\`" 2>/dev/null || true
  [ -n "${SERVICE_WORK:-}" ] && rm -rf "$SERVICE_WORK"
}

script_service_start() {
  local forms=$1
  shift
  SERVICE_WORK=$(mktemp -d /tmp/tnt-forms-script.XXXXXX)
  trap script_service_cleanup EXIT
  script_service_db="tnt_test_script_$$_$RANDOM"
  script_service_mysql -e "CREATE DATABASE \`$script_service_db\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
  export TNT_FORMS_DB_SOCKET="$TNT_FORMS_TEST_DB_SOCKET" TNT_FORMS_DB_USER="$TNT_FORMS_TEST_DB_USER"
  export TNT_FORMS_DB_PASSWORD="${TNT_FORMS_TEST_DB_PASSWORD:-}" TNT_FORMS_DB_NAME="$script_service_db"
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "$TNT_FORMS_TEST_BINARY" serve --listen "127.0.0.1:$port" --forms "$forms" \
    --schema "$TNT_FORMS_TEST_SOURCE_DIR/schema" --rate-limit 0 "$@" >"$SERVICE_WORK/service.log" 2>&1 &
  script_service_pid=$!
  SERVICE_URL="http://127.0.0.1:$port"
  for _ in $(seq 1 200); do
    curl -fsS "$SERVICE_URL/healthz" >/dev/null 2>&1 && return 0
    kill -0 "$script_service_pid" 2>/dev/null || { echo "the service exited:"; cat "$SERVICE_WORK/service.log"; return 1; }
    sleep 0.1
  done
  echo "the service is not healthy:"; cat "$SERVICE_WORK/service.log"; return 1
}

script_service_token() {
  local name=$1
  shift
  local args=(token create --name "$name")
  for scope in "$@"; do args+=(--scope "$scope"); done
  local output secret
  output=$("$TNT_FORMS_TEST_BINARY" "${args[@]}" 2>&1)
  # `token create` prints the secret once: "tnt_" and 40 letters or digits.
  secret=$(printf '%s\n' "$output" | grep -oE 'tnt_[A-Za-z0-9]{40}' | head -n 1)
  [ -n "$secret" ] || { echo "no secret in the output of token create: $output" >&2; return 1; }
  printf '%s\n' "$secret"
}
