#!/usr/bin/env bash
# What the e-mail outbox costs a submission: registrations (each queues a confirmation with its calendar
# file, composed in the request and written in the response's transaction) through the JSON API with wrk,
# 16 connections, against the same private MariaDB in one run, twice each in turn: without a relay (off),
# with one but no sender in this instance (--mail-senders 0: the outbox's own cost on the request path), and
# with 2 senders delivering meanwhile to deploy/smtp-sink.py (a Python SMTP mailbox on this same machine,
# whose CPU the service then shares). Prints the mean rates, their ratios, and how long the queue took to
# drain. Release build; not part of the test command.
#   tests/bench/mail.sh [SECONDS]      each run lasts SECONDS (10 by default)
set -euo pipefail
if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0; fi
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
source tests/bench/lib.sh
bench_mariadb "$work"
port=$(bench_free_port); sink_port=$(bench_free_port)
python3 deploy/smtp-sink.py --listen "127.0.0.1:$sink_port" --maildir "$work/mail" >"$work/sink.log" 2>&1 &
sink_pid=$!

start_service() {  # start_service NAME [serve arguments…]
  local name=$1; shift
  build-release/service/tnt-forms serve --listen "127.0.0.1:$port" --rate-limit 0 --workers 32 --db-pool 32 \
    --forms forms --schema schema "$@" >"$work/$name.log" 2>&1 &
  service_pid=$!
  bench_wait_ready "$service_pid" "127.0.0.1:$port/readyz" "$work/$name.log"
}
load() { wrk -t2 -c16 -d"${duration}s" -s tests/bench/submit.lua "http://127.0.0.1:$port" -- inscription | grep '^RESULT ' | sed 's/^RESULT //'; }
rate() { python3 -c "import json,sys; r=json.loads(sys.argv[1]); print(round(r['created']/r['seconds']))" "$1"; }
sql() { bash deploy/mariadb.sh sql "$work/mariadb" -N -e "$1"; }

echo "== registrations, 16 connections, ${duration}s per run; off, queued, sent, twice in turn"
relay=(--smtp-host 127.0.0.1 --smtp-port "$sink_port" --mail-from formulaires@bench.test)
declare -A total=([off]=0 [queued]=0 [sent]=0)
drain=0
for round in 1 2; do
  for mode in off queued sent; do
    case $mode in
      off) start_service "$mode$round" ;;  # no relay: nothing composed, nothing queued
      queued) start_service "$mode$round" "${relay[@]}" --mail-senders 0 ;;  # composed and queued, sent by nobody
      sent) start_service "$mode$round" "${relay[@]}" --mail-senders 2 ;;  # queued and sent meanwhile (sink on this machine)
    esac
    before=$(sql "SELECT COUNT(*) FROM tnt_bench.outbox")
    result=$(load)
    queued=$(( $(sql "SELECT COUNT(*) FROM tnt_bench.outbox") - before ))
    r=$(rate "$result")
    total[$mode]=$(( total[$mode] + r ))
    echo "   $mode: $r submissions/s, $queued messages queued   $result"
    if [ "$mode" = sent ]; then
      start=$(date +%s.%N)
      while [ "$(sql "SELECT COUNT(*) FROM tnt_bench.outbox WHERE state = 'pending'")" != 0 ]; do sleep 0.5; done
      drain=$(python3 -c "import sys; print(max(float(sys.argv[1]), float(sys.argv[3]) - float(sys.argv[2])))" "$drain" "$start" "$(date +%s.%N)")
    fi
    stop_service
  done
done
delivered=$(find "$work/mail/new" -type f | wc -l)
off=$(( total[off] / 2 )); queued=$(( total[queued] / 2 )); sent=$(( total[sent] / 2 ))
python3 - "$off" "$queued" "$sent" "$delivered" "$drain" <<'PY'
import sys
off, queued, sent, delivered, drain = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
print(f"RESULT submissions_per_s off={off} outbox_queued={queued} ({queued / off:.3f} of off, target >= 0.90) "
      f"outbox_sent_meanwhile={sent} ({sent / off:.3f}) delivered={delivered} longest_drain_after_a_run_s={drain:.1f}")
PY
