#!/usr/bin/env bash
# The import's speed: N rows (10,000 by default) of a framaforms export — the sample's rows of
# tests/e2e/importing/data, repeated with other times and addresses so each is a new response — imported by
# `tnt-forms import` into a throwaway MariaDB. Prints the time and rows per second; compares builds only
# of the same type (a Debug + ASan build is several times slower than Release).
#   tests/bench/import.sh [BINARY] [ROWS]      BINARY defaults to build-test/service/tnt-forms
set -euo pipefail
if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; exit 0; fi
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
binary=$(realpath "${1:-build-test/service/tnt-forms}")
rows=${2:-10000}
[ -x "$binary" ] || { echo "no binary at $binary: build first (bash deploy/test.sh -R none)" >&2; exit 2; }

work=$(mktemp -d /tmp/tnt-import-bench.XXXXXX)
cleanup() { bash deploy/mariadb.sh stop "$work/mariadb" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT INT TERM
source tests/bench/lib.sh
bench_mariadb "$work"
export ASAN_OPTIONS="detect_leaks=0"
"$binary" migrate --schema schema >/dev/null

python3 - "$rows" "$work/export.csv" <<'PY'
import csv, io, sys
rows, out = int(sys.argv[1]), sys.argv[2]
sample = "tests/e2e/importing/data/framaforms-sensibilisation-elus.csv"
with open(sample, encoding="cp1252", newline="") as f:
    records = list(csv.reader(f, delimiter=";"))
header, data = records[0], [r for r in records[1:] if len(r) == len(records[0])]
when, mail = header.index("Date de soumission"), header.index("Votre adresse électronique")
with open(out, "w", encoding="cp1252", newline="") as f:
    w = csv.writer(f, delimiter=";", lineterminator="\r\n")
    w.writerow(header)
    for i in range(rows):
        r = list(data[i % len(data)])
        day, minute = 1 + (i // 1440) % 7, i % 1440
        r[when] = "%02d/12/2021 %02d:%02d" % (day, minute // 60, minute % 60)
        if r[mail]:
            r[mail] = "elu%d@commune-exemple.fr" % i
        w.writerow(r)
PY

echo "== import of $rows framaforms rows with $(basename "$binary") ($(file -b "$binary" | grep -q 'not stripped' && echo unstripped || echo stripped))"
start=$(date +%s.%N)
"$binary" import sensibilisation-elus "$work/export.csv" --forms forms ${TNT_BENCH_IMPORT_ARGS:-} \
  --mapping tests/e2e/importing/data/framaforms-sensibilisation-elus.mapping.yaml 2>/dev/null | tail -5
end=$(date +%s.%N)
stored=$(bash deploy/mariadb.sh sql "$work/mariadb" -N -e "SELECT COUNT(*) FROM tnt_bench.responses")
python3 -c "
import sys
rows, seconds, stored = int(sys.argv[1]), float(sys.argv[3]) - float(sys.argv[2]), int(sys.argv[4])
print(f'RESULT rows={rows} stored={stored} seconds={seconds:.2f} rows_per_second={rows / seconds:.0f}')
" "$rows" "$start" "$end" "$stored"
