#!/usr/bin/env bash
# The benchmarks of tnt-forms against this machine's own limits (not part of the test command):
#   1. submissions through the JSON API (wrk, the three forms, 16 and 64 connections, persistent
#      connections then one per request) against the limit measured in the same run: (a) a bare Pistache
#      handler, (b) a plain client writing the same rows, limit = 1/(1/a + 1/b); every 201 must be stored
#      ("lost: 0");
#   2. export of N responses over HTTP as CSV, XLSX and ODS against `mariadb --batch` selecting the same rows,
#      with the service's peak resident memory during each;
#   3. statistics latency at N responses and N registrations, idle and while submissions go on: the whole
#      form, a group pilot's view, 30 days (whole Paris days, then from noon to noon);
#   4. a page's latency: a form as it first shows, and shown again after a refused post (tests/bench/pages.sh
#      compares builds);
#   5. the import of a framaforms export (tests/bench/import.sh: 10,000 rows, 2,000 with --quick).
# Release build, a private MariaDB at default durability (innodb_flush_log_at_trx_commit=1).
#   tests/bench/run.sh [--quick] [--responses N] [--duration SECONDS] [--submissions-only]
# Prints a table and writes tests/bench/results/latest.json (not with --submissions-only).
set -euo pipefail
usage() { sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; }

responses=1000000
duration=20
import_rows=10000
submissions_only=false
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) responses=100000; duration=5; import_rows=2000 ;;
    --responses) responses=$2; shift ;;
    --duration) duration=$2; shift ;;
    --submissions-only) submissions_only=true ;;
    -h|--help) usage; exit 0 ;;
    *) usage; exit 2 ;;
  esac
  shift
done

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
bash deploy/install-deps.sh
echo "== build (Release)"
cmake --preset release >/dev/null
cmake --build build-release --target tnt-forms tnt-bare-handler tnt-insert-reference -j"$(nproc)" >/dev/null

work=$(mktemp -d /tmp/tnt-bench.XXXXXX)
service_pid=""; bare_pid=""
cleanup() {
  local status=$?
  if [ "$status" -ne 0 ]; then
    echo "benchmark stopped (exit $status) at line ${failed_line:-?}; the service's last log lines:" >&2
    tail -n 20 "$work/service.log" >&2 || true
  fi
  [ -n "$service_pid" ] && kill "$service_pid" 2>/dev/null && wait "$service_pid" 2>/dev/null || true
  [ -n "$bare_pid" ] && kill "$bare_pid" 2>/dev/null && wait "$bare_pid" 2>/dev/null || true
  bash "$root/deploy/mariadb.sh" stop "$work/mariadb" || true
  rm -rf "$work"
}
trap 'failed_line=$LINENO' ERR
trap cleanup EXIT INT TERM

echo "== private MariaDB in $work/mariadb"
source tests/bench/lib.sh
bench_mariadb "$work"
sql() { bash deploy/mariadb.sh sql "$work/mariadb" --database=tnt_bench "$@"; }

port=$(bench_free_port); bare_port=$(bench_free_port)
writers=2  # the service's --db-writers: the reference (b) writes over as many connections
max_batch=32  # the service's --batch (its default)
build-release/service/tnt-forms serve --listen "127.0.0.1:$port" --rate-limit 0 --workers 32 --db-pool 32 \
  --db-writers "$writers" --batch "$max_batch" \
  --forms forms --schema schema > "$work/service.log" 2>&1 &
service_pid=$!
build-release/tests/bench/tnt-bare-handler "$bare_port" 2 > /dev/null 2>&1 &
bare_pid=$!
bench_wait_ready "$service_pid" "127.0.0.1:$port/readyz" "$work/service.log"
# The bare handler answers any path; it must be ours too.
bench_wait_ready "$bare_pid" "127.0.0.1:$bare_port/" /dev/null

result() { grep '^RESULT ' | tail -1 | sed 's/^RESULT //'; }
jget() { python3 -c "import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])" "$1" "$2"; }

echo "== 1. submissions (${duration}s per run)"
declare -A runs
# Persistent connections (HTTP/1.1's default, what browsers and nginx's upstream keepalive do), then a TCP
# connection per request ("Connection: close"), the mode DESIGN.md's reference of about 14,000 req/s was
# measured in. Both programs get the same wrk settings in each mode.
# The writers' transactions and the submissions they held, from the service's metrics.
batch_counters() {
  curl -sf "127.0.0.1:$port/metrics" | awk '/^tnt_submission_batches_total / {b=$2} /^tnt_submission_batched_total / {n=$2} END {print b+0, n+0}'
}
for mode in keepalive close; do
  for c in 16 64; do
    args=(); [ "$mode" = close ] && args=(-- close)
    runs[bare_${mode}_$c]=$(wrk -t2 -c"$c" -d"${duration}s" --latency -s tests/bench/bare.lua "http://127.0.0.1:$bare_port" "${args[@]}" | result)
    read -r batches_before batched_before < <(batch_counters)
    runs[submit_${mode}_$c]=$(wrk -t2 -c"$c" -d"${duration}s" --latency -s tests/bench/submit.lua "http://127.0.0.1:$port" "${args[@]}" | result)
    read -r batches_after batched_after < <(batch_counters)
    echo "   $mode c=$c bare (a): ${runs[bare_${mode}_$c]}"
    echo "   $mode c=$c submissions: ${runs[submit_${mode}_$c]}"
    if [ "$mode" = keepalive ]; then
      # (b): the rows these submissions wrote, written again by a plain client over the writers' connections
      # in transactions of the writers' mean batch in this run.
      batch=$(python3 -c "print(max(1, round(($batched_after - $batched_before) / max(1, $batches_after - $batches_before))))")
      runs[insert_$c]=$(build-release/tests/bench/tnt-insert-reference "$TNT_FORMS_DB_SOCKET" tnt_bench tnt_bench \
        "$TNT_FORMS_DB_PASSWORD_FILE" "$writers" "$batch" "$duration" | result)
      runs[insert_$c]=$(python3 -c "import json,sys; r=json.loads(sys.argv[1]); r['batch']=$batch; print(json.dumps(r))" "${runs[insert_$c]}")
      echo "   $mode c=$c plain client (b), $writers connections, batches of $batch: ${runs[insert_$c]}"
    fi
    if [ "$mode" = keepalive ] && [ "$c" = 64 ]; then
      # The stricter bound: full batches (--batch) every time, whatever the service managed to gather.
      runs[insert_full]=$(build-release/tests/bench/tnt-insert-reference "$TNT_FORMS_DB_SOCKET" tnt_bench tnt_bench \
        "$TNT_FORMS_DB_PASSWORD_FILE" "$writers" "$max_batch" "$duration" | result)
      runs[insert_full]=$(python3 -c "import json,sys; r=json.loads(sys.argv[1]); r['batch']=$max_batch; print(json.dumps(r))" "${runs[insert_full]}")
      echo "   $mode c=$c plain client (b'), $writers connections, full batches of $max_batch: ${runs[insert_full]}"
    fi
  done
done
created=0
for key in "${!runs[@]}"; do
  [[ $key == submit_* ]] && created=$(( created + $(jget "${runs[$key]}" created) ))
done
stored=$(sql -N -e "SELECT COUNT(*) FROM responses WHERE COALESCE(source, '') <> 'bench-reference'")
lost=$(( created > stored ? created - stored : 0 ))
echo "   acknowledged (201): $created, stored: $stored, lost: $lost"
# The limit and the service's share of it, per connection count (persistent connections).
python3 - "${runs[bare_keepalive_16]}" "${runs[submit_keepalive_16]}" "${runs[insert_16]}" \
  "${runs[bare_keepalive_64]}" "${runs[submit_keepalive_64]}" "${runs[insert_64]}" "${runs[insert_full]}" <<'PY'
import json, sys
v = [json.loads(x) for x in sys.argv[1:]]
for c, (bare, submit, insert) in ((16, v[0:3]), (64, v[3:6]), ("64, full batches", (v[3], v[4], v[6]))):
    a = bare["created"] / bare["seconds"]; b = insert["per_second"]; s = submit["created"] / submit["seconds"]
    limit = 1 / (1 / a + 1 / b)
    print(f"   c={c}: (a) bare handler {a:,.0f} req/s, (b) plain client {b:,.0f} submissions/s (batches of "
          f"{insert['batch']}), limit {limit:,.0f}/s; service {s:,.0f}/s = {s / limit:.0%} of the limit "
          f"(target ≥ 50 %), p99 {submit['p99_ms']:.1f} ms")
PY
if $submissions_only; then
  [ "$lost" -eq 0 ] || { echo "lost: $lost" >&2; exit 1; }
  exit 0
fi

echo "== 2. export of $responses responses"
token=$(build-release/service/tnt-forms token create --name bench --scope 'form:*' | tail -1)
start=$(date +%s.%N)
sql -e "SET @n = $responses; SOURCE tests/bench/load_responses.sql;"
sql -e "SET @n = $responses; SOURCE tests/bench/load_registrations.sql;"
echo "   loaded $responses satisfaction responses and $responses registrations in $(python3 -c "import time;print(round(time.time()-$start,1))") s"
# The service's folder counts the loaded responses into the statistics counters, as after schema/0015, which
# lists every stored response again: all listed at once, timed until none is pending; the exports are
# measured once it is done.
start=$(date +%s.%N)
sql -e "INSERT INTO count_pending (response_id) SELECT id FROM responses WHERE submitted_at < '2026-01-01'"
while [ "$(sql -N -e "SELECT COUNT(*) FROM count_pending")" -gt 0 ]; do sleep 1; done
fold_seconds=$(python3 -c "import time;print(round(time.time()-$start,1))")
fold_rate=$(python3 -c "print(round(2 * $responses / max($fold_seconds, 0.1)))")
echo "   counted by the service's folder in ${fold_seconds} s (${fold_rate} responses/s)"
form_id=$(sql -N -e "SELECT id FROM forms WHERE slug = 'satisfaction-agenda'")
# The loaded rows only (dated 2025, tests/bench/load_responses.sql), not part 1's submissions: a workbook holds
# 1,048,575 responses at most, and every format reads the same rows.
loaded="to=2025-12-31"
export_rows=$(sql -N -e "SELECT COUNT(*) FROM responses WHERE form_id = $form_id AND submitted_at < '2026-01-01'")

# One download in a format: its time and the service's peak resident memory while it runs.
measure_export() {
  local format=$1 query=$2
  rm -f "$work/stop-sampling" "$work/peak"
  ( peak=0; while kill -0 "$service_pid" 2>/dev/null && [ ! -f "$work/stop-sampling" ]; do
      rss=$(awk '/VmRSS/ {print $2}' "/proc/$service_pid/status"); [ "$rss" -gt "$peak" ] && peak=$rss
      echo "$peak" > "$work/peak"; sleep 0.02; done ) &
  local sampler=$!
  local status time
  read -r status time < <(curl -s -o "$work/export.$format" -w '%{http_code} %{time_total}\n' \
    -H "Authorization: Bearer $token" "127.0.0.1:$port/api/v1/forms/satisfaction-agenda/responses.$format?$query")
  touch "$work/stop-sampling"; wait "$sampler" 2>/dev/null || true
  # No figure from a download that was refused: its time would measure the refusal.
  if [ "$status" != 200 ]; then
    echo "the $format export answered $status: $(head -c 300 "$work/export.$format")" >&2
    return 1
  fi
  local size; size=$(stat -c %s "$work/export.$format"); rm -f "$work/export.$format"
  echo "$time $(cat "$work/peak") $size"
}
rss_before=$(awk '/VmRSS/ {print $2}' "/proc/$service_pid/status")
declare -A export_time export_peak export_size export_rate
for format in csv xlsx ods; do
  query="$loaded"; [ "$format" = csv ] && query="$loaded&dialect=excel"
  measured=$(measure_export "$format" "$query")
  read -r export_time[$format] export_peak[$format] export_size[$format] <<<"$measured"
  export_rate[$format]=$(python3 -c "print(round($export_rows/${export_time[$format]}))")
done
batch_start=$(date +%s.%N)
sql --batch -e "SELECT public_id, submitted_at, answers FROM responses WHERE form_id = $form_id AND submitted_at < '2026-01-01' ORDER BY id" > /dev/null
batch_time=$(python3 -c "import time; print(round(time.time() - $batch_start, 3))")
batch_rate=$(python3 -c "print(round($export_rows/max($batch_time,0.001)))")
peak_kib=${export_peak[csv]}
export_rate_csv=${export_rate[csv]}
echo "   mariadb --batch: ${batch_time}s ($batch_rate rows/s); service RSS before: $((rss_before/1024)) MiB"
for format in csv xlsx ods; do
  echo "   HTTP $format: ${export_time[$format]}s (${export_rate[$format]} rows/s, $(python3 -c "print(round(${export_rate[$format]}/$batch_rate*100))") % of mariadb --batch), $((${export_size[$format]}/1048576)) MiB, peak RSS $((${export_peak[$format]}/1024)) MiB"
done

stats_rows=$(sql -N -e "SELECT COUNT(*) FROM responses WHERE form_id = $form_id")
registration_rows=$(sql -N -e "SELECT COUNT(*) FROM responses r JOIN forms f ON f.id = r.form_id WHERE f.slug = 'inscription-groupes-projets'")
echo "== 3. statistics at $stats_rows responses (satisfaction-agenda) and $registration_rows registrations"
# "median p99" in ms of N requests to a form's statistics with a query string.
stats_times() {
  for _ in $(seq 1 "$1"); do
    curl -s -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $token" "127.0.0.1:$port/api/v1/forms/$2/stats${3:-}"
  done | python3 -c "
import sys, statistics
t = sorted(float(x) * 1000 for x in sys.stdin)
print(round(statistics.median(t), 1), round(t[min(len(t) - 1, int(len(t) * 0.99))], 1))"
}
# The views measured: the whole form (all-time counters), a group pilot's (GP3: the day counters of every
# group set holding GP3), 30 whole Paris days, the same 30 days starting and ending at noon (two partial days
# scanned) and a range covering every loaded response.
declare -A stats_query=(
  [all]="satisfaction-agenda|" [group]="inscription-groupes-projets|?group=GP3"
  [days30]="satisfaction-agenda|?from=2025-10-01&to=2025-10-30"
  [noon30]="satisfaction-agenda|?from=2025-10-01%2012:00&to=2025-10-31%2012:00"
  [year]="satisfaction-agenda|?from=2025-01-01")
stats_views=(all group days30 noon30 year)
declare -A stats_idle stats_busy
for view in "${stats_views[@]}"; do
  IFS='|' read -r slug query <<<"${stats_query[$view]}"
  stats_idle[$view]=$(stats_times 30 "$slug" "$query")
done
wrk -t1 -c16 -d"$((duration * 3))s" -s tests/bench/submit.lua "http://127.0.0.1:$port" > "$work/background.txt" &
wrk_pid=$!
sleep 1
for view in "${stats_views[@]}"; do
  IFS='|' read -r slug query <<<"${stats_query[$view]}"
  stats_busy[$view]=$(stats_times 30 "$slug" "$query")
done
wait "$wrk_pid" || true
for view in "${stats_views[@]}"; do
  echo "   $view (${stats_query[$view]}): idle median/p99 ${stats_idle[$view]// / / } ms; while submitting ${stats_busy[$view]// / / } ms"
done
read -r idle_median idle_p99 <<<"${stats_idle[all]}"
read -r busy_median busy_p99 <<<"${stats_busy[all]}"
stats_json=$(for view in "${stats_views[@]}"; do
  read -r a b <<<"${stats_idle[$view]}"; read -r c d <<<"${stats_busy[$view]}"
  printf '"%s": {"query": "%s", "idle_median_ms": %s, "idle_p99_ms": %s, "busy_median_ms": %s, "busy_p99_ms": %s}, ' \
    "$view" "${stats_query[$view]}" "$a" "$b" "$c" "$d"
done)

echo "== 4. page latency, one connection"
# "p50_ms p99_ms" of wrk --latency at one connection.
page_latency() {
  wrk -t1 -c1 -d"${duration}s" --latency "$@" | python3 -c "
import re, sys
out = sys.stdin.read()
def ms(label):
    m = re.search(r'^\s+' + label + r'\s+([\d.]+)(us|ms|s)\s*$', out, re.M)
    v = float(m.group(1)); return v / 1000 if m.group(2) == 'us' else v * 1000 if m.group(2) == 's' else v
print(round(ms('50%'), 3), round(ms('99%'), 3))"
}
read -r page_p50 page_p99 < <(page_latency "http://127.0.0.1:$port/f/sensibilisation-elus")
printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\nwrk.body = "_csrf=perime&nom=Dupont"\n' \
  > "$work/refused.lua"
read -r refused_p50 refused_p99 < <(page_latency -s "$work/refused.lua" "http://127.0.0.1:$port/f/sensibilisation-elus")
echo "   GET /f/sensibilisation-elus: p50 ${page_p50} ms, p99 ${page_p99} ms; shown again after a refused post: p50 ${refused_p50} ms, p99 ${refused_p99} ms"

echo "== 5. import of $import_rows framaforms rows"
import_line=$(bash tests/bench/import.sh build-release/service/tnt-forms "$import_rows" | grep '^RESULT ')
echo "   $import_line"
import_seconds=$(sed -E 's/.* seconds=([0-9.]+).*/\1/' <<<"$import_line")
import_rate=$(sed -E 's/.* rows_per_second=([0-9]+).*/\1/' <<<"$import_line")

mkdir -p tests/bench/results
python3 - "$work" <<PY
import json, os, platform, subprocess, datetime
runs = {k: json.loads(v) for k, v in {
  "bare_keepalive_16": '''${runs[bare_keepalive_16]}''', "submit_keepalive_16": '''${runs[submit_keepalive_16]}''',
  "bare_keepalive_64": '''${runs[bare_keepalive_64]}''', "submit_keepalive_64": '''${runs[submit_keepalive_64]}''',
  "bare_close_16": '''${runs[bare_close_16]}''', "submit_close_16": '''${runs[submit_close_16]}''',
  "bare_close_64": '''${runs[bare_close_64]}''', "submit_close_64": '''${runs[submit_close_64]}''',
  "insert_16": '''${runs[insert_16]}''', "insert_64": '''${runs[insert_64]}''',
  "insert_full": '''${runs[insert_full]}'''}.items()}
def rate(r): return r["created"] / r["seconds"]
res = {
  "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
  "machine": f"{os.cpu_count()} cores, {platform.machine()}, {subprocess.getoutput('mariadbd --version').split(' Ver ')[-1].split(' for')[0]}",
  "duration_s": $duration,
  "submissions": {m: {c: {"bare_rps": round(rate(runs[f'bare_{m}_{c}'])),
                          "submissions_per_s": round(rate(runs[f'submit_{m}_{c}'])),
                          "ratio": round(rate(runs[f'submit_{m}_{c}']) / rate(runs[f'bare_{m}_{c}']), 3),
                          "p50_ms": runs[f'submit_{m}_{c}']["p50_ms"], "p99_ms": runs[f'submit_{m}_{c}']["p99_ms"],
                          "non_201": runs[f'submit_{m}_{c}']["refused"] + runs[f'submit_{m}_{c}']["failed"]}
                      for c in ("16", "64")} for m in ("keepalive", "close")},
  "limit": {c: {"bare_rps": round(rate(runs[f'bare_keepalive_{c}'])),
                "plain_client_per_s": runs[f'insert_{c}']["per_second"], "batch": runs[f'insert_{c}']["batch"],
                "limit_per_s": round(1 / (1 / rate(runs[f'bare_keepalive_{c}']) + 1 / runs[f'insert_{c}']["per_second"])),
                "submissions_per_s": round(rate(runs[f'submit_keepalive_{c}']))}
            for c in ("16", "64")},
  "limit_full_batches": {"plain_client_per_s": runs["insert_full"]["per_second"], "batch": runs["insert_full"]["batch"],
                         "limit_per_s": round(1 / (1 / rate(runs["bare_keepalive_64"]) + 1 / runs["insert_full"]["per_second"]))},
  "acknowledged": $created, "stored": $stored, "lost": $lost,
  "export": {"rows": $export_rows, "http_rows_per_s": $export_rate_csv, "mariadb_batch_rows_per_s": $batch_rate,
             "ratio": round($export_rate_csv / $batch_rate, 3), "peak_rss_mib": round($peak_kib / 1024, 1),
             "xlsx_rows_per_s": ${export_rate[xlsx]}, "xlsx_peak_rss_mib": round(${export_peak[xlsx]} / 1024, 1),
             "xlsx_bytes": ${export_size[xlsx]},
             "ods_rows_per_s": ${export_rate[ods]}, "ods_peak_rss_mib": round(${export_peak[ods]} / 1024, 1),
             "ods_bytes": ${export_size[ods]}, "csv_bytes": ${export_size[csv]}},
  "stats": {"responses": $stats_rows, "registrations": $registration_rows, "idle_median_ms": $idle_median,
            "idle_p99_ms": $idle_p99, "busy_median_ms": $busy_median, "busy_p99_ms": $busy_p99,
            "views": {${stats_json%, }}, "fold_seconds": $fold_seconds, "fold_responses_per_s": $fold_rate},
  "page": {"form_p50_ms": $page_p50, "form_p99_ms": $page_p99,
           "refused_post_p50_ms": $refused_p50, "refused_post_p99_ms": $refused_p99},
  "import": {"rows": $import_rows, "seconds": $import_seconds, "rows_per_s": $import_rate},
}
json.dump(res, open("tests/bench/results/latest.json", "w"), indent=2)
s = res["submissions"]
print()
print("| measure | value | target |")
print("|---|---|---|")
for m in ("keepalive", "close"):
    for c in ("16", "64"):
        r = s[m][c]
        print(f"| submissions/s, {m}, c={c} | {r['submissions_per_s']} ({r['ratio']:.0%} of bare {r['bare_rps']}) | (information) |")
        print(f"| p50 / p99, {m}, c={c} | {r['p50_ms']} / {r['p99_ms']} ms | p99 ≤ 50 ms at c=64 |")
for c, l in res["limit"].items():
    print(f"| submissions/s, keep-alive, c={c}, of the limit 1/(1/a+1/b): a {l['bare_rps']}, b {l['plain_client_per_s']} (batches of {l['batch']}) | {l['submissions_per_s']} ({l['submissions_per_s'] / l['limit_per_s']:.0%} of {l['limit_per_s']}) | ≥ 50% |")
lf = res["limit_full_batches"]
print(f"| the same, c=64, b with full batches of {lf['batch']}: b {lf['plain_client_per_s']} | {res['limit']['64']['submissions_per_s'] / lf['limit_per_s']:.0%} of {lf['limit_per_s']} | (stricter) |")
print(f"| lost | {res['lost']} (of {res['acknowledged']} acknowledged) | 0 |")
e = res["export"]
print(f"| export rows/s | {e['http_rows_per_s']} ({e['ratio']:.0%} of mariadb --batch {e['mariadb_batch_rows_per_s']}) | ≥ 50% |")
print(f"| export peak RSS | {e['peak_rss_mib']} MiB | ≤ 64 MiB |")
for f in ("xlsx", "ods"):
    print(f"| {f.upper()} export rows/s | {e[f + '_rows_per_s']} ({e[f + '_rows_per_s'] / e['mariadb_batch_rows_per_s']:.0%} of mariadb --batch) | — |")
    print(f"| {f.upper()} export peak RSS | {e[f + '_peak_rss_mib']} MiB | ≤ 64 MiB |")
st = res["stats"]
print(f"| stats median / p99 idle | {st['idle_median_ms']} / {st['idle_p99_ms']} ms | median ≤ 100 ms |")
print(f"| stats median / p99 while submitting | {st['busy_median_ms']} / {st['busy_p99_ms']} ms | |")
for name, v in st["views"].items():
    if name == "all": continue
    print(f"| stats {name} ({v['query'].split('|')[1]}), median / p99 idle; while submitting | {v['idle_median_ms']} / {v['idle_p99_ms']} ms; {v['busy_median_ms']} / {v['busy_p99_ms']} ms | median ≤ 100 ms |")
print(f"| statistics counters' fold of {2 * $responses} loaded responses | {st['fold_seconds']} s ({st['fold_responses_per_s']} responses/s) | |")
pg = res["page"]
print(f"| form page p50 / p99 (as it first shows) | {pg['form_p50_ms']} / {pg['form_p99_ms']} ms | |")
print(f"| form page after a refused post, p50 / p99 | {pg['refused_post_p50_ms']} / {pg['refused_post_p99_ms']} ms | |")
im = res["import"]
print(f"| import, {im['rows']} framaforms rows (Release) | {im['seconds']} s ({im['rows_per_s']} rows/s) | |")
print("\nresults: tests/bench/results/latest.json")
PY
