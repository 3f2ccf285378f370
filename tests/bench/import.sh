#!/usr/bin/env bash
# The import's speed: N rows (10,000 by default) of a framaforms export — the sample's rows of
# tests/e2e/importing/data, repeated with other times and addresses so each is a new response — imported by
# `tnt-forms import` into a throwaway MariaDB. Prints the time, rows per second and the import's peak memory
# (RSS); compares builds only of the same type (a Debug + ASan build is several times slower than Release).
# FORMAT `webform`: the rows of Drupal Webform's delimited download instead (three header rows, multiple
# choices over option columns, tab, every field quoted), imported with the mapping --suggest-mapping proposes.
#   tests/bench/import.sh [BINARY] [ROWS] [framaforms|webform]      BINARY defaults to build-test/service/tnt-forms
set -euo pipefail
if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; exit 0; fi
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
binary=$(realpath "${1:-build-test/service/tnt-forms}")
rows=${2:-10000}
format=${3:-framaforms}
case "$format" in framaforms|webform) ;; *) echo "unknown format: $format (framaforms or webform)" >&2; exit 2 ;; esac
[ -x "$binary" ] || { echo "no binary at $binary: build first (bash deploy/test.sh -R none)" >&2; exit 2; }

work=$(mktemp -d /tmp/tnt-import-bench.XXXXXX)
cleanup() { bash deploy/mariadb.sh stop "$work/mariadb" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT INT TERM
source tests/bench/lib.sh
bench_mariadb "$work"
export ASAN_OPTIONS="detect_leaks=0"
"$binary" migrate --schema schema >/dev/null

if [ "$format" = framaforms ]; then
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
mapping=tests/e2e/importing/data/framaforms-sensibilisation-elus.mapping.yaml
else
python3 - "$rows" "$work/export.csv" <<'PY'
import csv, sys
rows, out = int(sys.argv[1]), sys.argv[2]
sample = "tests/e2e/importing/data/webform-sensibilisation-elus.tsv"
with open(sample, encoding="utf-8", newline="") as f:
    records = list(csv.reader(f, delimiter="\t"))
header, data = records[:3], records[3:]
names = header[2]
sid, when, draft = names.index("SID"), names.index("Heure de soumission"), names.index("Brouillon")
# The submitted rows the form accepts (not the draft, not the refused one), each a new response.
data = [r for r in data if r[draft] == "0" and r[names.index("Vous sentez-vous à l'aise pour prendre des décisions sur les sujets numériques ?")]]
def quoted(row):
    return "\t".join('"' + v.replace('"', '""') + '"' for v in row) + "\n"
with open(out, "w", encoding="utf-8", newline="") as f:
    for r in header:
        f.write(quoted(r))
    for i in range(rows):
        r = list(data[i % len(data)])
        day, minute = 1 + (i // 1440) % 28, i % 1440
        r[sid] = str(1000 + i)
        r[when] = "%02d/11/2021 - %02d:%02d" % (day, minute // 60, minute % 60)
        f.write(quoted(r))
PY
mapping=$work/export.mapping.yaml
"$binary" import sensibilisation-elus "$work/export.csv" --forms forms --suggest-mapping >"$mapping"
fi

echo "== import of $rows $format rows with $(basename "$binary") ($(file -b "$binary" | grep -q 'not stripped' && echo unstripped || echo stripped))"
# The import as a child of Python: its wall time and its peak resident memory (ru_maxrss of the children).
python3 - "$rows" "$binary" "$work/export.csv" "$mapping" "$work/mariadb" ${TNT_BENCH_IMPORT_ARGS:-} <<'PY'
import resource, subprocess, sys, time
rows, binary, export, mapping, mariadb, extra = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6:]
start = time.monotonic()
run = subprocess.run([binary, "import", "sensibilisation-elus", export, "--forms", "forms", "--mapping", mapping, *extra],
                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
seconds = time.monotonic() - start
print("\n".join(run.stdout.strip().split("\n")[-6:]))
peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
stored = subprocess.run(["bash", "deploy/mariadb.sh", "sql", mariadb, "-N", "-e", "SELECT COUNT(*) FROM tnt_bench.responses"],
                        capture_output=True, text=True).stdout.strip()
print(f"RESULT rows={rows} stored={stored} seconds={seconds:.2f} rows_per_second={rows / seconds:.0f} "
      f"peak_rss_mib={peak_mib:.0f}")
sys.exit(run.returncode)
PY
