#!/usr/bin/env bash
# The pilots' downloads (CSV, XLSX, ODS) against `mariadb --batch` selecting the same rows, over HTTP against
# the Release binary and a private MariaDB loaded once with N satisfaction responses (load_responses.sql).
# With --compare BINARY, another build of tnt-forms (an earlier commit, say) is measured in turn on the same
# database, ROUNDS times each, so both are measured in one run. Prints each download's time, rows/s, share of
# `mariadb --batch` and the service's peak resident memory. Not part of the test command.
#   tests/bench/exports.sh [--responses N] [--rounds R] [--formats "csv xlsx ods"] [--compare BINARY]
set -euo pipefail
if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0; fi
responses=300000
rounds=3
formats="csv xlsx ods"
compare=""
while [ $# -gt 0 ]; do
  case $1 in
    --responses) responses=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --formats) formats=$2; shift 2 ;;
    --compare) compare=$(cd "$(dirname "$2")" && pwd)/$(basename "$2"); shift 2 ;;
    *) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
  esac
done
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
bash deploy/install-deps.sh >/dev/null
cmake --preset release >/dev/null
cmake --build build-release --target tnt-forms -j"$(nproc)" >/dev/null
current=$root/build-release/service/tnt-forms

work=$(mktemp -d /tmp/tnt-bench-exports.XXXXXX)
cleanup() {
  bench_stop_service
  bash deploy/mariadb.sh stop "$work/mariadb" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
source tests/bench/lib.sh
bench_mariadb "$work"
sql() { bash deploy/mariadb.sh sql "$work/mariadb" --database=tnt_bench "$@"; }
port=$(bench_free_port)


echo "== $responses responses"
bench_start_service "$current"
token=$("$current" token create --name bench --scope 'form:*' | tail -1)
sql -e "SET @n = $responses; SOURCE tests/bench/load_responses.sql;"
# Counted by the service's folder, as after an upgrade, before anything is measured.
sql -e "INSERT INTO count_pending (response_id) SELECT id FROM responses"
while [ "$(sql -N -e "SELECT COUNT(*) FROM count_pending")" -gt 0 ]; do sleep 1; done
bench_stop_service
form_id=$(sql -N -e "SELECT id FROM forms WHERE slug = 'satisfaction-agenda'")

# One download: its time and the service's peak resident memory (KiB) while it runs.
measure() {  # measure FORMAT
  local format=$1 query="to=2025-12-31"
  [ "$format" = csv ] && query="$query&dialect=excel"
  rm -f "$work/stop-sampling" "$work/peak"
  ( peak=0; while kill -0 "$service_pid" 2>/dev/null && [ ! -f "$work/stop-sampling" ]; do
      rss=$(awk '/VmRSS/ {print $2}' "/proc/$service_pid/status"); [ "$rss" -gt "$peak" ] && peak=$rss
      echo "$peak" > "$work/peak"; sleep 0.02; done ) &
  local sampler=$! status time
  read -r status time < <(curl -s -o "$work/export" -w '%{http_code} %{time_total}\n' \
    -H "Authorization: Bearer $token" "127.0.0.1:$port/api/v1/forms/satisfaction-agenda/responses.$format?$query")
  touch "$work/stop-sampling"; wait "$sampler" 2>/dev/null || true
  [ "$status" = 200 ] || { echo "the $format download answered $status: $(head -c 300 "$work/export")" >&2; exit 1; }
  rm -f "$work/export"
  echo "$time $(cat "$work/peak")"
}
batch() {
  local start; start=$(date +%s.%N)
  sql --batch -e "SELECT public_id, submitted_at, answers FROM responses WHERE form_id = $form_id ORDER BY id" >/dev/null
  python3 -c "import time; print(round(time.time() - $start, 3))"
}

binaries=("$current"); [ -n "$compare" ] && binaries+=("$compare")
declare -A times peaks
batch_times=()
for round in $(seq 1 "$rounds"); do
  batch_times+=("$(batch)")
  for b in "${!binaries[@]}"; do
    bench_start_service "${binaries[$b]}"
    for format in $formats; do
      read -r t p < <(measure "$format")
      times[$b.$format]+="$t "; peaks[$b.$format]+="$p "
      echo "   round $round, [$b] $format: ${t} s, peak RSS $((p / 1024)) MiB"
    done
    bench_stop_service
  done
done
python3 - "$responses" "${batch_times[*]}" "${#binaries[@]}" "$formats" "${binaries[@]}" <<PY
import statistics, sys
rows = int(sys.argv[1]); batch = statistics.median(float(x) for x in sys.argv[2].split())
n = int(sys.argv[3]); formats = sys.argv[4].split(); names = sys.argv[5:5 + n]
times = {$(for k in "${!times[@]}"; do printf '"%s": "%s", ' "$k" "${times[$k]}"; done)}
peaks = {$(for k in "${!peaks[@]}"; do printf '"%s": "%s", ' "$k" "${peaks[$k]}"; done)}
print(f"mariadb --batch: {batch:.2f} s ({rows / batch:,.0f} rows/s), median of {len(sys.argv[2].split())}")
for b in range(n):
    print(f"[{b}] {names[b]}")
    for f in formats:
        t = statistics.median(float(x) for x in times[f"{b}.{f}"].split())
        p = max(int(x) for x in peaks[f"{b}.{f}"].split())
        print(f"    {f:4}: {t:6.2f} s (median), {rows / t:8,.0f} rows/s, {batch / t:4.0%} of mariadb --batch, peak RSS {p / 1024:.0f} MiB")
PY
