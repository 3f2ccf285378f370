#!/usr/bin/env bash
# What a respondent waits for a page, over HTTP against the Release binary and a private MariaDB: each
# programme form as it first shows (GET /f/SLUG), the index, and a form shown again after a refused post (a
# POST whose CSRF token does not verify: the page is rendered from its templates with the answers and a
# notice, the path of every post with an error). wrk, one connection for the latency (median and p99),
# 16 connections for the rate. With --compare BINARY, the same loads run in turn against another build of
# tnt-forms (an earlier commit, say), so both are measured in one run. Not part of the test command.
#   tests/bench/pages.sh [SECONDS] [--compare BINARY]     each load lasts SECONDS (5 by default)
set -euo pipefail
if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0; fi
duration=5
compare=""
while [ $# -gt 0 ]; do
  case $1 in
    --compare) compare=$(cd "$(dirname "$2")" && pwd)/$(basename "$2"); shift 2 ;;
    *) duration=$1; shift ;;
  esac
done
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
bash deploy/install-deps.sh >/dev/null
cmake --preset release >/dev/null
cmake --build build-release --target tnt-forms -j"$(nproc)" >/dev/null

work=$(mktemp -d /tmp/tnt-bench-pages.XXXXXX)
cleanup() {
  bench_stop_service
  bash deploy/mariadb.sh stop "$work/mariadb" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
source tests/bench/lib.sh
bench_mariadb "$work"
port=$(bench_free_port)

cat >"$work/post.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "_csrf=perime&_jeton=0123456789abcdef0123456789abcdef&nom=Dupont&prenom=Camille&commentaire=Bien"
LUA
# measure NAME PATH [wrk args…]: "p50_ms p99_ms rate"
measure() {
  local path=$1; shift
  local one many
  one=$(wrk -t1 -c1 -d"${duration}s" --latency "$@" "http://127.0.0.1:$port$path")
  many=$(wrk -t2 -c16 -d"${duration}s" "$@" "http://127.0.0.1:$port$path")
  python3 - "$one" "$many" <<'PY'
import re, sys
one, many = sys.argv[1], sys.argv[2]
def ms(label):
    m = re.search(r"^\s+" + label + r"\s+([\d.]+)(us|ms|s)\s*$", one, re.M)
    v = float(m.group(1)); return v / 1000 if m.group(2) == "us" else v * 1000 if m.group(2) == "s" else v
rate = float(re.search(r"Requests/sec:\s+([\d.]+)", many).group(1))
non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", many)
print(f"{ms('50%'):.3f} {ms('99%'):.3f} {rate:.0f} {non2xx.group(1) if non2xx else 0}")
PY
}

binaries=("build-release/service/tnt-forms")
[ -n "$compare" ] && binaries+=("$compare")
declare -A results
for round in 1 2; do
  for binary in "${binaries[@]}"; do
    bench_start_service "$binary"
    for page in /f/sensibilisation-elus /f/inscription-groupes-projets /f/satisfaction-agenda /; do
      results["$binary $page $round"]=$(measure "$page")
    done
    results["$binary refused-post $round"]=$(measure /f/sensibilisation-elus -s "$work/post.lua")
    bench_stop_service
  done
done
echo "== pages over HTTP, ${duration}s per load, two rounds (median of the p50s): p50 and p99 at 1 connection, rate at 16"
for page in /f/sensibilisation-elus /f/inscription-groupes-projets /f/satisfaction-agenda / refused-post; do
  for binary in "${binaries[@]}"; do
    python3 - "$page" "$binary" "${results["$binary $page 1"]}" "${results["$binary $page 2"]}" <<'PY'
import sys
page, binary, a, b = sys.argv[1], sys.argv[2], sys.argv[3].split(), sys.argv[4].split()
p50 = min(float(a[0]), float(b[0])); p99 = min(float(a[1]), float(b[1])); rate = max(float(a[2]), float(b[2]))
print(f"RESULT page={page:34} binary={binary} p50_ms={p50:.3f} p99_ms={p99:.3f} rate_per_s={rate:.0f} non_2xx={a[3]}+{b[3]}")
PY
  done
done
