#!/usr/bin/env bash
# What the e-mail outbox costs a submission: registrations (each queues a confirmation with its calendar
# file, composed in the request and written in the response's transaction) through the JSON API with wrk,
# 16 connections, first without a relay (no outbox row), then with one (deploy/smtp-sink.py, a local SMTP
# mailbox), twice each in turn, against the same private MariaDB in one run. Prints the mean rates, their
# ratio, and how long the queued messages then took to reach the mailbox. Release build; not part of the
# test command.
#   tests/bench/mail.sh [SECONDS]      each run lasts SECONDS (10 by default)
set -euo pipefail
if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0; fi
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

start_service() {  # start_service NAME [serve arguments…]
  local name=$1; shift
  build-release/service/tnt-forms serve --listen "127.0.0.1:$port" --rate-limit 0 --workers 32 --db-pool 32 \
    --forms forms --schema schema "$@" >"$work/$name.log" 2>&1 &
  service_pid=$!
  for _ in $(seq 1 100); do curl -sf "127.0.0.1:$port/readyz" >/dev/null && return 0; sleep 0.1; done
  echo "the service did not start:"; cat "$work/$name.log"; exit 1
}
load() { wrk -t2 -c16 -d"${duration}s" -s tests/bench/submit.lua "http://127.0.0.1:$port" -- inscription | grep '^RESULT ' | sed 's/^RESULT //'; }
rate() { python3 -c "import json,sys; r=json.loads(sys.argv[1]); print(round(r['created']/r['seconds']))" "$1"; }
sql() { bash deploy/mariadb.sh sql "$work/mariadb" -N -e "$1"; }

echo "== registrations, 16 connections, ${duration}s per run (off, on, off, on: the mean of each)"
results=()
for round in 1 2; do
  start_service "off$round"
  off=$(load)
  stop_service
  echo "   outbox off: $(rate "$off") submissions/s   $off"
  start_service "on$round" --smtp-host 127.0.0.1 --smtp-port "$sink_port" --mail-from formulaires@bench.test --mail-senders 2
  before=$(sql "SELECT COUNT(*) FROM tnt_bench.outbox")
  on=$(load)
  queued=$(( $(sql "SELECT COUNT(*) FROM tnt_bench.outbox") - before ))
  echo "   outbox on:  $(rate "$on") submissions/s   $on   ($queued messages queued)"
  start=$(date +%s.%N)
  while [ "$(sql "SELECT COUNT(*) FROM tnt_bench.outbox WHERE state = 'pending'")" != 0 ]; do sleep 0.5; done
  end=$(date +%s.%N)
  stop_service
  results+=("$off" "$on" "$queued" "$start" "$end")
done
delivered=$(find "$work/mail/new" -type f | wc -l)
python3 - "$delivered" "${results[@]}" <<'PY'
import json, sys
delivered, rest = int(sys.argv[1]), sys.argv[2:]
rounds = [rest[i:i + 5] for i in range(0, len(rest), 5)]
rate = lambda r: r["created"] / r["seconds"]
r_off = sum(rate(json.loads(r[0])) for r in rounds) / len(rounds)
r_on = sum(rate(json.loads(r[1])) for r in rounds) / len(rounds)
queued = sum(int(r[2]) for r in rounds)
drain = max(float(r[4]) - float(r[3]) for r in rounds)
print(f"RESULT submissions_per_s_outbox_off={r_off:.0f} submissions_per_s_outbox_on={r_on:.0f} "
      f"ratio={r_on / r_off:.3f} (target >= 0.90) messages_queued={queued} delivered={delivered} "
      f"longest_drain_after_a_run_s={drain:.1f}")
PY
