# Shared by the benchmark scripts (sourced): a free port, a private MariaDB, and a wait for a program that
# must be the one the script started — a run against another program that held the port would measure it
# instead (every request answered 429, "lost: 47"), so a script stops as soon as its own process is gone.

# A TCP port nobody listens on now, on 127.0.0.1.
bench_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# bench_wait_ready PID URL LOG: until URL answers 2xx while PID runs; exits the script (status 1, with LOG)
# when PID ends first or nothing answers within 15 s.
bench_wait_ready() {
  local pid=$1 url=$2 log=$3
  for _ in $(seq 1 150); do
    kill -0 "$pid" 2>/dev/null || { echo "the program stopped before answering $url:" >&2; cat "$log" >&2; exit 1; }
    curl -sf "$url" >/dev/null && return 0
    sleep 0.1
  done
  echo "nothing answered $url within 15 s:" >&2
  cat "$log" >&2
  exit 1
}

# bench_mariadb DIR: a throwaway MariaDB in DIR/mariadb with the database and user tnt_bench (password in
# DIR/password), exported as the service's TNT_FORMS_DB_* settings.
bench_mariadb() {
  local dir=$1
  bash deploy/mariadb.sh init "$dir/mariadb" >/dev/null
  bash deploy/mariadb.sh start "$dir/mariadb" >/dev/null
  bash deploy/mariadb.sh provision "$dir/mariadb" tnt_bench tnt_bench "$dir/password" >/dev/null
  export TNT_FORMS_DB_SOCKET="$dir/mariadb/mysqld.sock" TNT_FORMS_DB_NAME=tnt_bench TNT_FORMS_DB_USER=tnt_bench
  export TNT_FORMS_DB_PASSWORD_FILE="$dir/password"
}

# The service as the page and export benchmarks run it, one binary after another on one database and port:
# bench_start_service BINARY (needs $port and $work; sets $service_pid, logs to $work/service.log) and
# bench_stop_service.
service_pid=""
bench_start_service() {
  "$1" serve --listen "127.0.0.1:$port" --rate-limit 0 --workers 32 --db-pool 32 --no-request-log \
    --forms forms --schema schema >"$work/service.log" 2>&1 &
  service_pid=$!
  bench_wait_ready "$service_pid" "127.0.0.1:$port/readyz" "$work/service.log"
}
bench_stop_service() {
  [ -n "$service_pid" ] && kill "$service_pid" 2>/dev/null && wait "$service_pid" 2>/dev/null || true
  service_pid=""
}
