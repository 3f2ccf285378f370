#!/usr/bin/env bash
# What the e-mail outbox costs a submission: registrations (each queues a confirmation with its calendar
# file, composed in the request and written in the response's transaction) through the JSON API with wrk,
# 16 connections, first without a relay (no outbox row), then with one (deploy/smtp-sink.py, a local SMTP
# mailbox), against the same private MariaDB in one run. Prints both rates, their ratio, and how fast the
# queued messages then reached the mailbox. Release build; not part of the test command.
#   tests/bench/mail.sh [SECONDS]      each run lasts SECONDS (10 by default)
set -euo pipefail
if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0; fi
duration=${1:-10}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
bash deploy/install-deps.sh >/dev/null
cmake --preset release >/dev/null
cmake --build build-release --target tnt-forms -j"$(nproc)" >/dev/null

work=$(mktemp -d /tmp/tnt-bench-mail.XXXXXX)
service_pid=""; sink_pid=""
stop_service() { [ -n "$service_pid" ] && kill "$service_pid" 2>/dev/null && wait "$service_pid" 2>/dev/null || true; service_pid=""; }
cleanup() {
  stop_service
  [ -n "$sink_pid" ] && kill "$sink_pid" 2>/dev/null && wait "$sink_pid" 2>/dev/null || true
  bash deploy/mariadb.sh stop "$work/mariadb" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
bash deploy/mariadb.sh init "$work/mariadb" >/dev/null
bash deploy/mariadb.sh start "$work/mariadb" >/dev/null
bash deploy/mariadb.sh provision "$work/mariadb" tnt_bench tnt_bench "$work/password" >/dev/null
export TNT_FORMS_DB_SOCKET="$work/mariadb/mysqld.sock" TNT_FORMS_DB_NAME=tnt_bench TNT_FORMS_DB_USER=tnt_bench
export TNT_FORMS_DB_PASSWORD_FILE="$work/password"
port=18085; sink_port=18025
python3 deploy/smtp-sink.py --listen "127.0.0.1:$sink_port" --maildir "$work/mail" >"$work/sink.log" 2>&1 &
sink_pid=$!

run() {  # run NAME [serve arguments…]: prints wrk's RESULT line
  local name=$1; shift
  build-release/service/tnt-forms serve --listen "127.0.0.1:$port" --rate-limit 0 --workers 32 --db-pool 32 \
    --forms forms --schema schema "$@" >"$work/$name.log" 2>&1 &
  service_pid=$!
  for _ in $(seq 1 100); do curl -sf "127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done
  wrk -t2 -c16 -d"${duration}s" -s tests/bench/submit.lua "http://127.0.0.1:$port" -- inscription | grep '^RESULT ' | sed 's/^RESULT //'
}
rate() { python3 -c "import json,sys; r=json.loads(sys.argv[1]); print(round(r['created']/r['seconds']))" "$1"; }

echo "== registrations, 16 connections, ${duration}s per run"
off=$(run off)
stop_service
echo "   outbox off: $(rate "$off") submissions/s   $off"
on=$(run on --smtp-host 127.0.0.1 --smtp-port "$sink_port" --mail-from formulaires@bench.test --mail-senders 2)
queued=$(bash deploy/mariadb.sh sql "$work/mariadb" -N -e "SELECT COUNT(*) FROM tnt_bench.outbox")
echo "   outbox on:  $(rate "$on") submissions/s   $on"
start=$(date +%s.%N)
while [ "$(bash deploy/mariadb.sh sql "$work/mariadb" -N -e "SELECT COUNT(*) FROM tnt_bench.outbox WHERE state = 'pending'")" != 0 ]; do sleep 0.5; done
end=$(date +%s.%N)
stop_service
delivered=$(find "$work/mail/new" -type f | wc -l)
python3 - "$off" "$on" "$queued" "$delivered" "$start" "$end" <<'PY'
import json, sys
off, on = json.loads(sys.argv[1]), json.loads(sys.argv[2])
r_off, r_on = off["created"] / off["seconds"], on["created"] / on["seconds"]
queued, delivered, drain = int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[6]) - float(sys.argv[5])
print(f"RESULT submissions_per_s_outbox_off={r_off:.0f} submissions_per_s_outbox_on={r_on:.0f} "
      f"ratio={r_on / r_off:.3f} (target >= 0.90) messages_queued={queued} delivered={delivered} "
      f"drain_after_run_s={drain:.1f}")
PY
